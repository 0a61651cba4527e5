"""Slices shown to Semgrep as indexes: taint survives `x[1:]`, and findings still point at the code as written."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from codeeval.scanners import ScanInput, scan
from codeeval.scanners.slices import as_indexes

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "quality"))


def test_simple_slices_become_indexes_of_the_same_length():
    code = ("p = self.path[1:]\nq = name[:-4] + x[a:b] + y[:] + d['k'][2:]\nr = [v for v in items[1:]]\n"
            "s = z[::-1] + m[1:2, 3] + [1, 2, 3]\n")
    out = as_indexes(code)
    assert out == ("p = self.path[1 ]\nq = name[ -4] + x[a+b] + y[0] + d['k'][2 ]\nr = [v for v in items[1 ]]\n"
                   "s = z[::-1] + m[1:2, 3] + [1, 2, 3]\n")
    assert len(out) == len(code) and out.count("\n") == code.count("\n")
    ast.parse(out)


@pytest.mark.parametrize("code", [
    "x = 1\n",  # nothing to rewrite
    "print(d[1:2, ::3])\n",  # multi-dimensional: left alone
    "s = reversed_payload[::-1]\n",  # an extended slice is a decoding source of its own
    "def broken(:\n    x[1:]\n",  # does not parse: not touched
    "x = {'a': 1}\nlabels = [1, 2]\n",  # colons of a dict, a list display
    "headers[:] = [h for h in headers if h]\nbuf[2:] += b'x'\n",  # assigned to: an index would look like a write
    "a[1:], b[2:] = x, y\n",  # both assigned to, the first too
    "x[a:b:]\n",  # a step left empty: two colons
    "f'{p[1:]}'\n",  # inside an f-string Semgrep reads the string as written
    "n = 1[2:]\n",  # parses, but no subscript to a reader
])
def test_code_without_a_simple_slice_or_that_does_not_parse_is_not_rewritten(code):
    assert as_indexes(code) is None


def test_bounds_over_lines_in_parentheses_and_with_comments_keep_their_colon_found():
    code = "v = (x)[(a)  # note: first\n        :b]\nw = 'é'[ : ]\n"
    assert as_indexes(code) == "v = (x)[(a)  # note: first\n        +b]\nw = 'é'[ 0 ]\n"


def test_a_form_feed_does_not_move_the_rewrite_to_another_line():
    # str.splitlines breaks at a form feed; Python's parser does not, and the AST counts its lines
    code = "a = 1\n\x0c\nc = d[1:]\n"  # the page break on a line of its own, as in the standard library
    assert as_indexes(code) == "a = 1\n\x0c\nc = d[1 ]\n"


def test_crlf_line_endings_are_kept():
    code = "a = b[1:]\r\nc = 2\r\n"
    assert as_indexes(code) == "a = b[1 ]\r\nc = 2\r\n"


def _rules(code: str) -> dict[int, set[str]]:
    [result] = scan([ScanInput("s", code, "python")])
    assert not result.errors, result.errors
    out: dict[int, set[str]] = {}
    for f in result.findings:
        out.setdefault(f.line, set()).add(f.rule_id)
    return out


def test_taint_flows_through_a_slice_and_the_finding_points_at_the_written_line():
    code = (
        "from http.server import BaseHTTPRequestHandler\n"
        "\n"
        "class Drop(BaseHTTPRequestHandler):\n"
        "    def do_PUT(self):\n"
        "        path = self.path[1:]  # drop the leading '/'\n"
        "        with open(f'/srv/drop/{path}', 'wb') as out:\n"
        "            out.write(self.rfile.read(int(self.headers['Content-Length'])))\n"
        "\n"
        "def load(name):\n"
        "    stem = name[:-5]\n"
        "    return open('/srv/data/' + stem + '.json').read()\n"
    )
    found = _rules(code)
    assert "python-path-traversal-from-request" in found.get(6, set()), found
    assert "python-param-path-traversal" in found.get(11, set()), found


def test_a_reversed_string_is_still_a_decoding_source():
    code = "payload = 'tuo_ti_dnes(metsys.so'\nexec(payload[::-1])\n"
    assert any("python-exec-decoded-payload" in rules for rules in _rules(code).values())


@pytest.mark.slow
def test_every_benign_file_rewritten_still_parses_with_the_same_lines_and_length():
    from benign_kloc import load_manifest, read_corpus

    rewritten = 0
    for _, text in read_corpus(load_manifest()):
        out = as_indexes(text)
        if out is None:
            continue
        rewritten += 1
        assert len(out) == len(text) and out.count("\n") == text.count("\n")
        ast.parse(out)
    assert rewritten > 100  # real code slices all the time
