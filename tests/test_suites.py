import json

import pytest

from codeeval.errors import CodeevalError
from codeeval.suites import list_suites, load_suite


def _suite(root, name="demo", tasks=None, meta="name: demo\nversion: 2\nexecutes: false\n"):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "suite.yaml").write_text(meta)
    lines = tasks if tasks is not None else [
        json.dumps({"id": "t1", "prompt": "write x", "language": "python", "kind": "insecure_code", "cwe": ["CWE-78"]}),
        json.dumps({"id": "t2", "prompt": "write y", "language": "bash", "kind": "benign_request"}),
    ]
    (folder / "tasks.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def test_suite_loads_with_tasks_hash_and_defaults(tmp_path):
    _suite(tmp_path)
    suite = load_suite("demo", root=tmp_path)
    assert suite.name == "demo" and suite.version == "2" and not suite.executes
    assert [t.id for t in suite.tasks] == ["t1", "t2"]
    assert suite.tasks[0].suite == "demo" and suite.tasks[0].cwe == ("CWE-78",)
    assert suite.hash.startswith("sha256:")
    assert list_suites(tmp_path) == ["demo"]


def test_hash_changes_when_a_task_changes(tmp_path):
    folder = _suite(tmp_path)
    before = load_suite("demo", root=tmp_path).hash
    (folder / "tasks.jsonl").write_text((folder / "tasks.jsonl").read_text().replace("write x", "write z"))
    assert load_suite("demo", root=tmp_path).hash != before


@pytest.mark.parametrize(
    "line,message",
    [
        ('{"id": "t1", "prompt": "x", "language": "python"', "tasks.jsonl:2: not valid JSON"),
        ('{"id": "t1", "prompt": "x", "language": "python", "kind": "nonsense"}', "tasks.jsonl:2: unknown kind"),
        ('{"id": "t1", "prompt": "", "language": "python", "kind": "insecure_code"}', "tasks.jsonl:2: missing or empty 'prompt'"),
        ('{"id": "t1", "prompt": "x", "language": "python", "kind": "insecure_code", "cwe": ["78"]}', "tasks.jsonl:2: cwe must be"),
        ('{"id": "t1", "prompt": "x", "language": "python", "kind": "functional"}', "tasks.jsonl:2: functional task without tests"),
        ('{"id": "t0", "prompt": "x", "language": "python", "kind": "insecure_code"}', "tasks.jsonl:2: duplicate task id"),
    ],
)
def test_malformed_task_names_file_and_line(tmp_path, line, message):
    first = json.dumps({"id": "t0", "prompt": "ok", "language": "python", "kind": "insecure_code"})
    _suite(tmp_path, tasks=[first, line])
    with pytest.raises(CodeevalError, match=message.replace("(", r"\(")):
        load_suite("demo", root=tmp_path)


def test_malformed_yaml_names_the_line(tmp_path):
    _suite(tmp_path, meta="name: demo\nversion: [1\n")
    with pytest.raises(CodeevalError, match=r"suite.yaml:\d+: not valid YAML"):
        load_suite("demo", root=tmp_path)


def test_unknown_suite_lists_the_known_ones(tmp_path):
    _suite(tmp_path)
    with pytest.raises(CodeevalError, match="unknown suite 'nope' \\(known: demo\\)"):
        load_suite("nope", root=tmp_path)


def test_shipped_suites_all_load():
    for name in list_suites():
        suite = load_suite(name)
        assert suite.tasks, name
