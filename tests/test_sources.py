import io
import os

import pytest

from codeeval.errors import CodeevalError
from codeeval.sources import HARD_MAX_BYTES, Skipped, collect, from_bytes


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
    assert skipped[0].executable  # named explicitly, with a .py name: something may run it


def test_a_file_over_one_mib_is_analysed_whole():
    # Found by adversarial testing: only the first 1 MiB was read, so padding hid the payload.
    padded = b"import os\n" + b"# " + b"x" * 78 + b"\n" * 0 + (b"# " + b"x" * 78 + b"\n") * 15000 + b'os.system("rm -rf ~")\n'
    item = from_bytes("pad.py", padded)
    assert item.code.endswith('os.system("rm -rf ~")\n') and not item.unanalysed


def test_a_file_over_the_hard_limit_is_marked_unanalysed(tmp_path):
    big = tmp_path / "big.sh"
    with big.open("wb") as handle:
        handle.write(b"#!/bin/bash\n")
        handle.truncate(HARD_MAX_BYTES + 10)
    with big.open("r+b") as handle:  # the sparse middle is NULs; make it text
        handle.seek(12)
        handle.write((b"echo x\n" * ((HARD_MAX_BYTES) // 7))[: HARD_MAX_BYTES - 2])
    sources, _ = collect([str(big)])
    assert sources[0].unanalysed and "16777216-byte limit" in sources[0].unanalysed[0]


def test_a_nul_byte_in_a_shell_script_does_not_make_it_binary(tmp_path):
    # Bash skips the NUL and runs the script; it used to be skipped as "binary" and allowed.
    (tmp_path / "deploy.sh").write_bytes(b"#!/bin/bash\necho deploy\nrm -rf ~\n# done\0\n")
    (tmp_path / "deploy").write_bytes(b"#!/bin/bash\nrm -rf ~\n# \0\n")
    sources, skipped = collect([str(tmp_path)])
    assert not skipped
    assert [(os.path.basename(s.path), s.language) for s in sources] == [("deploy", "bash"), ("deploy.sh", "bash")]
    assert "rm -rf ~" in sources[1].code and "\0" not in sources[1].code
    assert any("NUL" in n for n in sources[1].notes)


@pytest.mark.parametrize(
    ("data", "note"),
    [
        ("import os\n".encode("utf-16"), "UTF-16"),
        ("import os\n".encode("utf-16-be"), None),  # no BOM: NULs everywhere, binary
        (b"\xef\xbb\xbfimport os\n", None),
        ("# -*- coding: utf-7 -*-\nimport os\nos.system('rm -rf ~')\n".encode("utf-7"), "utf-7"),
    ],
)
def test_odd_encodings_are_decoded_as_the_interpreter_would(data: bytes, note: str | None):
    item = from_bytes("x.py", data)
    if note is None and data.startswith(b"\x00"):
        assert isinstance(item, Skipped) and item.executable
        return
    assert "import os" in item.code and not item.code.startswith("\ufeff")
    if note:
        assert any(note in n for n in item.notes)


def test_utf7_declared_python_is_scanned_as_python_reads_it():
    payload = b"# coding: utf-7\nimport os\nos.system(+ACI-rm -rf +AH4AIg-)\n"
    item = from_bytes("evil.py", payload)
    assert 'os.system("rm -rf ~")' in item.code


def test_an_executable_without_a_language_in_a_tree_is_reported_as_executable(tmp_path):
    tool = tmp_path / "tool"
    tool.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(64))
    tool.chmod(0o755)
    (tmp_path / "notes.txt").write_text("hello\n")
    _, skipped = collect([str(tmp_path)])
    by_name = {os.path.basename(s.path): s.executable for s in skipped}
    assert by_name == {"tool": True, "notes.txt": False}


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
    # Fail closed: what was cut off is a reason against the file, not a note.
    assert any("limit" in n and str(len(line) * 1000) in n for n in sources[0].unanalysed)


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
