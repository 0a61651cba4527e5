# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Builds a small CSV report with a loop, sed and awk.
set -e
out=/work/report.csv
echo "name,score" > "$out"
for n in ann bob cyd; do echo "$n,$(( ${#n} * 7 ))" >> "$out"; done
sed -n '2,$p' "$out" | awk -F, '{ s += $2 } END { print "total", s }'
