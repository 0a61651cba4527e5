# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Processes data through temporary files and directories.
import os
import shutil
import tempfile

tmp = tempfile.mkdtemp()
with tempfile.NamedTemporaryFile("w", dir=tmp, suffix=".txt", delete=False) as f:
    f.write("\n".join(str(n) for n in range(100)))
    name = f.name
total = sum(int(line) for line in open(name))
shutil.rmtree(tmp)
print(total, os.path.exists(tmp))
