# expect: clean
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
import subprocess
import sys

out = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True, check=True)
print(out.stdout.strip())
