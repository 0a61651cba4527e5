# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Reads and writes CSV with the csv module.
import csv
import io

src = io.StringIO("city,temp\nOslo,3\nRome,18\nCairo,31\n")
rows = list(csv.DictReader(src))
with open("/work/warm.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["city", "temp"])
    w.writeheader()
    w.writerows(r for r in rows if int(r["temp"]) > 10)
print(open("/work/warm.csv").read())
