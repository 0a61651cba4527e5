# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Runs the interpreter as a subprocess to report its version.
import subprocess
import sys

out = subprocess.run([sys.executable, "--version"], capture_output=True, text=True, check=True)
print(out.stdout.strip() or out.stderr.strip())
