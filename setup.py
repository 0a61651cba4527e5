"""The wheel carries what the CLI needs at run time: the Semgrep rules, the suites and the sandbox's build
context are copied from the checkout's top-level folders into codeeval/data/ (see codeeval/resources.py).
Everything else about the package is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# codeeval/resources.py's CHECKOUT, repeated: setup.py cannot import the package it builds.
SHIPPED = {"rules": "rules", "suites": "benchmarks/suites", "sandbox": "sandbox"}
# Rule test files are for `semgrep --test`; suites' helper scripts and the lock generator are for developers.
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "validate.py", "lock.py", "requirements.in")


class BuildWithData(build_py):
    def run(self):
        super().run()
        for name, source in SHIPPED.items():
            target = Path(self.build_lib) / "codeeval" / "data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / source, target, ignore=SKIP)


setup(cmdclass={"build_py": BuildWithData})
