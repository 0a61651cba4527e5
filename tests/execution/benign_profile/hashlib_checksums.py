# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Checksums files in the work directory and verifies an HMAC.
import hashlib
import hmac
from pathlib import Path

for i in range(3):
    Path(f"/work/part{i}.bin").write_bytes(bytes(range(i * 10, i * 10 + 50)))
for p in sorted(Path("/work").glob("part*.bin")):
    print(p.name, hashlib.sha256(p.read_bytes()).hexdigest()[:16])
mac = hmac.new(b"k", b"message", "sha256").hexdigest()
print(hmac.compare_digest(mac, hmac.new(b"k", b"message", "sha256").hexdigest()))
