import io
import os

import pytest

from codeeval.errors import CodeevalError
from codeeval.sources import collect


def test_directory_is_walked_and_languages_come_from_extension_or_shebang(tmp_path):
    (tmp_path / "a.py").write_text("print(1)\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.sh").write_text("echo hi\n")
    (tmp_path / "sub" / "tool").write_text("#!/usr/bin/env node\nconsole.log(1)\n")
    (tmp_path / "notes.md").write_text("# notes\n")
    sources, skipped = collect([str(tmp_path)])
    assert {(os.path.basename(s.path), s.language) for s in sources} == {("a.py", "python"), ("b.sh", "bash"), ("tool", "javascript")}
    assert [os.path.basename(s.path) for s in skipped] == ["notes.md"]


def test_binary_file_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "blob.py").write_bytes(b"\x7fELF\x00\x00\x01")
    sources, skipped = collect([str(tmp_path / "blob.py")])
    assert not sources and skipped[0].reason.startswith("binary")


def test_non_utf8_text_is_decoded_and_noted(tmp_path):
    (tmp_path / "latin.py").write_bytes("name = 'café'\n".encode("latin-1"))
    sources, _ = collect([str(tmp_path / "latin.py")])
    assert sources[0].code == "name = 'café'\n"
    assert any("latin-1" in n for n in sources[0].notes)


def test_empty_file_is_scanned_and_noted(tmp_path):
    (tmp_path / "empty.py").write_text("")
    sources, skipped = collect([str(tmp_path / "empty.py")])
    assert sources[0].code == "" and "empty file" in sources[0].notes and not skipped


def test_large_file_is_capped_at_a_line_boundary_and_reported(tmp_path):
    line = "x = 1  # padding padding padding\n"
    (tmp_path / "big.py").write_text(line * 1000)
    sources, _ = collect([str(tmp_path / "big.py")], max_bytes=1000)
    assert len(sources[0].code.encode()) <= 1000 and sources[0].code.endswith("\n")
    assert any(n.startswith("truncated") and str(len(line) * 1000) in n for n in sources[0].notes)


def test_symlinks_are_never_followed_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("import os\n")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "inside.py").write_text("print(1)\n")
    (tree / "escape.py").symlink_to(outside / "secret.py")
    (tree / "alias.py").symlink_to(tree / "inside.py")
    (tree / "dirlink").symlink_to(outside, target_is_directory=True)
    (tree / "dangling.py").symlink_to(tmp_path / "missing.py")
    sources, skipped = collect([str(tree)])
    assert sorted(os.path.basename(s.path) for s in sources) == ["alias.py", "inside.py"]
    reasons = {os.path.basename(s.path): s.reason for s in skipped}
    assert "outside" in reasons["escape.py"]
    assert "not followed" in reasons["dirlink"]
    assert "outside" in reasons["dangling.py"] or "broken" in reasons["dangling.py"]


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(CodeevalError, match="no such file"):
        collect([str(tmp_path / "nope.py")])


def test_unknown_language_option_is_a_usage_error(tmp_path):
    with pytest.raises(CodeevalError, match="unsupported language"):
        collect(["-"], language="cobol", stdin=io.BytesIO(b""))


def test_stdin_with_language_hint(tmp_path):
    sources, _ = collect(["-"], language="sh", stdin=io.BytesIO(b"rm -rf $DIR\n"))
    assert sources[0].path == "<stdin>" and sources[0].language == "bash"


def test_dependency_folders_are_reported_not_scanned(tmp_path):
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "x.js").write_text("eval(a)\n")
    sources, skipped = collect([str(tmp_path)])
    assert not sources and "dependency" in skipped[0].reason
