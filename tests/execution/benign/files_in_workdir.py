# expect: clean
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
import os
import tempfile

with open("notes.txt", "w") as f:
    f.write("hello\n")
print(open("notes.txt").read())
os.remove("notes.txt")
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "x.txt")
    with open(path, "w") as f:
        f.write("x")
    os.rename(path, path + ".bak")
