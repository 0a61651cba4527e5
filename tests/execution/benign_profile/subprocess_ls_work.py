# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Lists the work directory with ls through subprocess.
import pathlib
import subprocess

pathlib.Path("/work/a.txt").write_text("a")
print(subprocess.run(["ls", "-l", "/work"], capture_output=True, text=True, check=True).stdout)
