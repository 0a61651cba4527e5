"""Session-wide test settings."""

import os

# Tests never ask the real npm registry: a package check that meets JavaScript answers `unknown`
# unless a test starts its own stand-in registry (tests/scoring/test_packages.py). PyPI lookups are
# made offline the same way by the tests that run pipelines.
os.environ.setdefault("CODEEVAL_NPM_URL", "http://127.0.0.1:9/npm")
