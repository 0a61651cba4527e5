"""Hallucinated packages: imports and install commands naming packages that do not exist.

Attackers register names that models invent ("slopsquatting"), so an install of one is a supply-chain
risk. Import names map to distributions through a table of the well-known mismatches and the
local environment's metadata; the standard library and the sandbox image's packages are known;
the rest are looked up on the PyPI JSON API when it is reachable (answers cached on disk), and
reported `unknown` when it is not, never guessed.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# Import name -> distribution, where they differ and the import name is not itself on PyPI as that project.
IMPORT_TO_DIST = {
    "cv2": "opencv-python", "PIL": "pillow", "yaml": "PyYAML", "sklearn": "scikit-learn", "skimage": "scikit-image",
    "bs4": "beautifulsoup4", "Crypto": "pycryptodome", "Cryptodome": "pycryptodomex", "dateutil": "python-dateutil",
    "jwt": "PyJWT", "serial": "pyserial", "usb": "pyusb", "magic": "python-magic", "dotenv": "python-dotenv",
    "docx": "python-docx", "pptx": "python-pptx", "telegram": "python-telegram-bot", "discord": "discord.py",
    "OpenSSL": "pyOpenSSL", "nacl": "PyNaCl", "MySQLdb": "mysqlclient", "attr": "attrs", "gi": "PyGObject",
    "win32api": "pywin32", "win32con": "pywin32", "win32crypt": "pywin32", "winreg": None, "Levenshtein": "python-Levenshtein",
    "zmq": "pyzmq", "kafka": "kafka-python", "jose": "python-jose", "ldap": "python-ldap", "Bio": "biopython",
    "github": "PyGithub", "git": "GitPython", "slack_sdk": "slack-sdk", "googleapiclient": "google-api-python-client",
    "google": "protobuf", "faiss": "faiss-cpu", "fitz": "PyMuPDF", "pynput": "pynput", "Xlib": "python-xlib",
    "sentencepiece": "sentencepiece", "pkg_resources": "setuptools", "_pytest": "pytest", "psycopg2": "psycopg2",
    "ruamel": "ruamel.yaml", "socks": "PySocks", "websocket": "websocket-client", "markdown": "Markdown",
    "jinja2": "Jinja2", "flask_sqlalchemy": "Flask-SQLAlchemy", "flask_login": "Flask-Login", "flask_wtf": "Flask-WTF",
    "flask_cors": "Flask-Cors", "dns": "dnspython", "OpenGL": "PyOpenGL", "pyaudio": "PyAudio", "speech_recognition":
    "SpeechRecognition", "tensorflow": "tensorflow", "keyring": "keyring", "paho": "paho-mqtt", "Xlib.display": "python-xlib",
}
# What the sandbox image ships besides the standard library.
SANDBOX_PACKAGES = frozenset({"pytest", "_pytest", "pluggy", "iniconfig", "packaging"})
_SANDBOX_CANONICAL = frozenset(re.sub(r"[-_.]+", "-", p).lower() for p in SANDBOX_PACKAGES)
_INSTALL = re.compile(
    r"^\s*(?:!|%)?\s*(?:sudo\s+)?(?:python3?\s+-m\s+)?pip3?\s+install\s+(?P<args>[^\n#;&|]+)", re.MULTILINE
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")
_IMPORT_LINE = re.compile(r"^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import\b|import\s+([A-Za-z_][\w.]*))", re.MULTILINE)


@dataclass(frozen=True)
class PackageRef:
    name: str  # distribution name checked
    source: str  # import | install
    module: str | None  # the import name, for imports
    status: str  # stdlib | known | exists | missing | unknown


def referenced_packages(code: str, language: str = "python") -> list[tuple[str, str, str | None]]:
    """(distribution, source, module) for every third-party import and pip install in the code."""
    refs: dict[str, tuple[str, str, str | None]] = {}
    if language == "python":
        for module in _imports(code):
            top = module.split(".")[0]
            if top in sys.stdlib_module_names or top.startswith("_") and top != "_pytest":
                continue
            dist = IMPORT_TO_DIST.get(top, top)
            if dist is None:
                continue
            refs.setdefault(dist.lower(), (dist, "import", top))
    for match in _INSTALL.finditer(code):
        for arg in match.group("args").split():
            if arg.startswith("-") or "/" in arg or arg.startswith(("git+", "http")):
                continue
            name = _NAME.match(arg)
            if name:
                refs[name.group(0).lower()] = (name.group(0), "install", None)
    return list(refs.values())


def _imports(code: str) -> list[str]:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        # Fragments: fall back to line patterns rather than miss the imports.
        return [a or b for a, b in _IMPORT_LINE.findall(code)]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
    return out


class PackageIndex:
    """Answers "does this distribution exist?" from the local environment, a disk cache and PyPI."""

    def __init__(self, *, base_url: str | None = None, cache_path: Path | None = None, timeout_s: float = 5.0,
                 online: bool = True):
        self.base_url = (base_url or os.environ.get("CODEEVAL_PYPI_URL") or "https://pypi.org/pypi").rstrip("/")
        self.cache_path = cache_path or _default_cache()
        self.timeout_s = timeout_s
        self.online = online
        self._lock = threading.Lock()
        self._cache: dict[str, bool] = self._load()
        self._unreachable = False
        self._installed = _installed_distributions()

    def status(self, dist: str) -> str:
        key = _canonical(dist)
        if key in _SANDBOX_CANONICAL or key in self._installed:
            return "known"
        with self._lock:
            if key in self._cache:
                return "exists" if self._cache[key] else "missing"
        if not self.online or self._unreachable:
            return "unknown"
        found = self._lookup(key)
        if found is None:
            return "unknown"
        with self._lock:
            self._cache[key] = found
            self._save()
        return "exists" if found else "missing"

    def check(self, code: str, language: str = "python") -> list[PackageRef]:
        return [PackageRef(dist, source, module, self.status(dist)) for dist, source, module in referenced_packages(code, language)]

    def _lookup(self, key: str) -> bool | None:
        url = f"{self.base_url}/{key}/json"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout_s) as resp:  # noqa: S310 - fixed scheme from config
                json.loads(resp.read(1 << 20) or b"{}")
                return True
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return False
            return None  # 429/5xx: not an answer about the package
        except (urllib.error.URLError, TimeoutError, OSError, ValueError):
            self._unreachable = True  # one failed connection: stop asking for this run
            return None

    def _load(self) -> dict[str, bool]:
        try:
            data = json.loads(self.cache_path.read_text())
            return {k: bool(v) for k, v in data.get("packages", {}).items()}
        except (OSError, ValueError):
            return {}

    def _save(self) -> None:
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"source": self.base_url, "packages": self._cache}, sort_keys=True))
            tmp.replace(self.cache_path)
        except OSError:
            pass  # a cache we cannot write only costs lookups


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.lru_cache(maxsize=1)
def _installed_distributions() -> frozenset[str]:
    """Distributions installed beside codeeval: they exist. Named by their metadata folders
    (`Name-1.0.dist-info`), which is fifty times faster than parsing every METADATA file."""
    names = set()
    for entry in sys.path:
        try:
            children = os.scandir(entry or ".")
        except OSError:
            continue
        with children:
            for child in children:
                if child.name.endswith((".dist-info", ".egg-info")):
                    names.add(_canonical(child.name.rsplit(".", 1)[0].split("-")[0]))
    return frozenset(names)


def _default_cache() -> Path:
    root = Path(os.environ.get("CODEEVAL_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "codeeval")
    return root / "pypi-packages.json"
