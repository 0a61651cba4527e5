"""Idioms of secure and benign code that used to be reported as high-severity weaknesses, each
beside the unsafe look-alike that must still be reported."""

from __future__ import annotations

import pytest

from codeeval.scanners import ScanInput, analyse
from codeeval.types import Confidence, Severity

CASES = {
    "pycryptodome": ("from Crypto.Cipher import AES\nfrom Crypto.Random import get_random_bytes\n", None),
    "xmlrpc_import": ("import xmlrpc.client\nimport pickle\nimport subprocess\n", None),
    "sha1_etag": ("import hashlib\n\ndef etag(data):\n    return hashlib.sha1(data).hexdigest()\n", None),
    "md5_password": ("import hashlib\n\ndef store(password):\n    return hashlib.md5(password.encode()).hexdigest()\n", 4),
    "compile_only": ("def check(source):\n    return compile(source, '<s>', 'exec')\n", None),
    "eval_allow_list": (
        "def calc(expr):\n    if not set(expr) <= set('0123456789+-*/(). '):\n        raise ValueError(expr)\n"
        "    return eval(expr)\n", None),
    "shell_passthrough": (
        "import subprocess\n\ndef run(cmd, shell=False):\n    return subprocess.run(cmd, shell=shell)\n", None),
    "shell_true_parameter": ("import subprocess\n\ndef run(cmd):\n    return subprocess.run(cmd, shell=True)\n", 4),
    "tar_checked": (
        "import os, tarfile\n\ndef extract(path, dest):\n    dest = os.path.realpath(dest)\n"
        "    with tarfile.open(path) as tar:\n        for m in tar.getmembers():\n"
        "            target = os.path.realpath(os.path.join(dest, m.name))\n"
        "            if os.path.commonpath([dest, target]) != dest:\n                raise ValueError(m.name)\n"
        "        tar.extractall(dest)\n", None),
    "tar_unchecked": ("import tarfile\n\ndef extract(path, dest):\n    with tarfile.open(path) as tar:\n"
                      "        tar.extractall(dest)\n", 5),
}


@pytest.fixture(scope="module")
def results():
    names = sorted(CASES)
    return dict(zip(names, analyse([ScanInput(n, CASES[n][0], "python") for n in names])))


def _counted(result):
    """Findings that make a sample insecure by default: medium or above, high confidence."""
    return [f for f in result.findings if f.severity >= Severity.MEDIUM and f.confidence >= Confidence.HIGH]


@pytest.mark.parametrize("name", [n for n, (_, line) in CASES.items() if line is None])
def test_secure_or_benign_idiom_is_not_a_high_finding_nor_counted(results, name):
    result = results[name]
    assert not [f for f in result.findings if f.severity >= Severity.HIGH], result.findings
    if name != "sha1_etag":  # a weak hash of unknown purpose stays a medium finding
        assert not _counted(result), result.findings


@pytest.mark.parametrize("name", [n for n, (_, line) in CASES.items() if line is not None])
def test_unsafe_look_alike_is_still_counted(results, name):
    line = CASES[name][1]
    assert any(f.line == line for f in _counted(results[name])), results[name].findings


def test_unguarded_eval_of_a_parameter_is_counted_at_medium():
    (result,) = analyse([ScanInput("e", "def calc(expr):\n    return eval(expr)\n", "python")])
    assert [(f.rule_id, f.severity, f.confidence) for f in result.findings] == [
        ("python-eval-exec-nonliteral", Severity.MEDIUM, Confidence.HIGH)]


def test_a_passed_through_shell_flag_is_kept_as_a_low_guess(results):
    (finding,) = results["shell_passthrough"].findings[-1:]
    assert (finding.rule_id, finding.severity, finding.confidence) == ("B602", Severity.LOW, Confidence.LOW)
