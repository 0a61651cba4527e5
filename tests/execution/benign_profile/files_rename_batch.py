# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Batch-renames files in a work subdirectory and removes the temporary ones.
from pathlib import Path

d = Path("/work/photos")
d.mkdir(exist_ok=True)
for i in range(5):
    (d / f"IMG_{i}.JPG").write_bytes(b"x" * i)
(d / "scratch.tmp").write_text("tmp")
for p in sorted(d.glob("*.JPG")):
    p.rename(p.with_name(f"holiday-{p.stem[4:]}.jpg"))
for p in d.glob("*.tmp"):
    p.unlink()
print(sorted(x.name for x in d.iterdir()))
