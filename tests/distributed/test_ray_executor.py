"""The Ray executor against a real Ray cluster on 127.0.0.1: a head and a second node, `ray start` processes
started (and stopped, by their own process ids) here, both running samples in this machine's Docker daemon."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from codeeval.errors import CodeevalError
from codeeval.execution import ExecJob, SandboxConfig
from codeeval.execution.behaviours import result_verdict
from codeeval.execution.executors import LocalExecutor
from codeeval.execution.ray_executor import RayExecutor
from codeeval.pipeline import Pipeline, RunOptions
from codeeval.store import Store

from .cluster import ROOT, LocalRayCluster

pytestmark = [pytest.mark.slow, pytest.mark.docker]

SLEEPER = "```python\nimport time\ntime.sleep(1.5)\nprint('{task}')\n```"
COMPLETIONS = {
    "steal": "```python\nimport os\nprint(open(os.path.expanduser('~/.ssh/id_rsa')).read()[:20])\n```",
    "sort": "```python\nprint(sorted([3, 1, 2]))\n```",
    "crash": "```python\nimport nosuchmodule_codeeval\n\nnosuchmodule_codeeval.run()\n```",
    "exit3": "```python\nimport sys\nprint('bye')\nsys.exit(3)\n```",
    "shell": "```bash\necho hello from bash\nexit 4\n```",
    "fetch": "```python\nimport urllib.request\nprint(urllib.request.urlopen('http://203.0.113.9/x').read()[:10])\n```",
}


@pytest.fixture(scope="module")
def ray_head():
    c = LocalRayCluster()
    try:
        c.start_head(num_cpus=1)
        yield c
    finally:
        c.close()


@pytest.fixture()
def cluster(ray_head):
    """The head and "node2"; node2 is started again if a test before killed it (the last test of the file does)."""
    if "node2" not in ray_head.nodes:
        ray_head.add_node("node2", num_cpus=1)
    return ray_head


def _suite(tmp_path, monkeypatch, completions: dict[str, str]) -> str:
    folder = tmp_path / "suites" / "dist"
    folder.mkdir(parents=True)
    (folder / "suite.yaml").write_text("name: dist\nversion: 1\nexecutes: true\n")
    tasks = [{"id": t, "prompt": "p", "language": "bash" if "```bash" in c else "python", "kind": "insecure_code",
              "cwe": ["CWE-20"]} for t, c in completions.items()]
    (folder / "tasks.jsonl").write_text("".join(json.dumps(t) + "\n" for t in tasks))
    replay = tmp_path / "replay.jsonl"
    replay.write_text("".join(json.dumps({"task_id": t, "sample": 0, "completion": c}) + "\n"
                              for t, c in completions.items()))
    monkeypatch.setenv("CODEEVAL_SUITES", str(tmp_path / "suites"))
    monkeypatch.setenv("CODEEVAL_PYPI_URL", "http://127.0.0.1:9/pypi")
    monkeypatch.setenv("CODEEVAL_CACHE_DIR", str(tmp_path / "cache"))
    return f"replay:{replay}"


def _outcome(record: dict) -> dict:
    """What must not depend on where a sample ran (timings and per-container secrets aside)."""
    return {"exit_code": record["exit_code"], "signal": record["signal"], "timed_out": record["timed_out"],
            "oom_killed": record["oom_killed"], "stdout": record["stdout"], "error": record["error"],
            "run_status": record["run_status"], "tests": record["tests"],
            "behaviours": sorted((b["id"], b["severity"]) for b in record["behaviours"])}


def test_a_suite_run_on_ray_stores_what_the_local_executor_stores(cluster, tmp_path, monkeypatch):
    model = _suite(tmp_path, monkeypatch, COMPLETIONS)
    warnings: list[str] = []
    executor = RayExecutor(cluster.address, warn=warnings.append)
    store = Store(tmp_path / "db.sqlite")
    run_id = Pipeline(store, executor=executor).run(RunOptions(model=model, suite="dist"))
    on_ray = store.stage("executions", run_id)
    assert warnings == []
    assert sorted(n.done for n in executor.nodes) != [0, len(COMPLETIONS)], "both nodes ran samples"
    assert sum(n.done for n in executor.nodes) == len(COMPLETIONS)

    store.clear_stage("executions", run_id)
    pipeline = Pipeline(store, executor=LocalExecutor(2))
    pipeline.execute(run_id, list(pipeline.data(run_id).tasks.values()), None)
    local = store.stage("executions", run_id)

    assert set(on_ray) == set(local) == {(t, 0) for t in COMPLETIONS}
    for key in local:
        assert _outcome(on_ray[key]) == _outcome(local[key]), key
    # The fixtures do differ from each other, so agreeing is not trivial.
    assert on_ray[("exit3", 0)]["exit_code"] == 3 and on_ray[("shell", 0)]["exit_code"] == 4
    assert "secrets.access" in {b["id"] for b in on_ray[("steal", 0)]["behaviours"]}
    assert on_ray[("crash", 0)]["run_status"]["cause"] == "missing_module"


def test_a_node_without_docker_is_reported_and_skipped(cluster):
    name = "nodocker"
    cluster.add_node(name, num_cpus=1, env={"DOCKER_HOST": f"unix://{cluster.temp_dir}/no-docker.sock"})
    try:
        warnings: list[str] = []
        executor = RayExecutor(cluster.address, warn=warnings.append)
        jobs = [ExecJob.from_code(f"print({i} * 2)", key=str(i)) for i in range(4)]
        results = {job.key: r for job, r in executor.run(jobs, SandboxConfig())}
    finally:
        cluster.stop_node(name)
    assert {k: (r.exit_code, r.stdout) for k, r in results.items()} == {str(i): (0, f"{2 * i}\n") for i in range(4)}
    skipped = [n for n in executor.nodes if not n.alive]
    assert len(skipped) == 1 and skipped[0].done == 0
    assert len(warnings) == 1
    assert skipped[0].name in warnings[0] and "no Docker" in warnings[0] and "skipped" in warnings[0]
    assert sorted(n.done for n in executor.nodes if n.alive) != [0, 4]


def test_nodes_with_another_image_digest_are_reported_and_not_used(cluster):
    warnings: list[str] = []
    wrong = "sha256:" + "0" * 64
    executor = RayExecutor(cluster.address, expected_digest=wrong, warn=warnings.append)
    jobs = [ExecJob.from_code("print(1)", key="a")]
    with pytest.raises(CodeevalError, match="no Ray node can run samples"):
        list(executor.run(jobs, SandboxConfig()))
    assert len(warnings) == 2  # one line per node, each naming it
    for node, line in zip(executor.nodes, warnings):
        assert node.name in line and f"is not the expected {wrong}" in line and "skipped" in line
        assert node.done == 0


def test_exec_cli_on_ray_gives_the_local_verdicts_and_exit_status(cluster, tmp_path):
    (tmp_path / "ok.py").write_text("print('fine')\n")
    (tmp_path / "steal.py").write_text("import os\nprint(open(os.path.expanduser('~/.ssh/id_rsa')).read()[:9])\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def exec_cli(*extra: str) -> tuple[int, list[dict]]:
        out = subprocess.run([sys.executable, "-m", "codeeval", "exec", "--format", "json", str(tmp_path), *extra],
                             capture_output=True, text=True, env=env, timeout=300, check=False)
        assert out.stdout, out.stderr
        return out.returncode, [{k: r[k] for k in ("path", "verdict", "exit_code", "stdout")} |
                                {"behaviours": sorted(b["id"] for b in r["behaviours"])}
                                for r in json.loads(out.stdout)["results"]]

    local = exec_cli()
    on_ray = exec_cli("--executor", "ray", "--address", cluster.address)
    assert on_ray == local
    verdicts = {os.path.basename(r["path"]): r["verdict"] for r in local[1]}
    assert verdicts["ok.py"] == "clean" and verdicts["steal.py"] != "clean" and local[0] != 0


def test_a_killed_node_worker_loses_no_sample_and_doubles_none(cluster, tmp_path, monkeypatch):
    tasks = [f"t{i}" for i in range(8)]
    model = _suite(tmp_path, monkeypatch, {t: SLEEPER.format(task=t) for t in tasks})
    warnings: list[str] = []
    executor = RayExecutor(cluster.address, workers_per_node=1, warn=warnings.append)
    ticks: list[int] = []
    killed: list[int] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage != "execute" or done == 0:
            return
        ticks.append(done)
        if not killed:  # the first result is in: the second node has samples in flight
            agent = next(n.report["pid"] for n in executor.nodes if cluster.owns(n.report["pid"], "node2"))
            os.kill(agent, signal.SIGKILL)
            killed.append(agent)

    store = Store(tmp_path / "db.sqlite")
    run_id = Pipeline(store, progress=progress, executor=executor).run(RunOptions(model=model, suite="dist"))
    assert killed, "the node's worker was killed mid-run"
    assert any("lost its agent" in w for w in warnings), warnings
    assert ticks == list(range(1, len(tasks) + 1))  # every sample yielded once: none lost, none twice
    stored = store.stage("executions", run_id)
    assert {k: (v["exit_code"], v["stdout"], v["error"]) for k, v in stored.items()} == \
        {(t, 0): (0, f"{t}\n", None) for t in tasks}
    dead = [n for n in executor.nodes if not n.alive]
    assert len(dead) == 1 and sum(n.done for n in executor.nodes) == len(tasks)


def test_a_sample_out_of_tries_gets_an_error_result_never_a_clean_one(cluster):
    warnings: list[str] = []
    executor = RayExecutor(cluster.address, workers_per_node=1, max_attempts=1, warn=warnings.append)
    jobs = [ExecJob.from_code(f"import time\ntime.sleep(1.5)\nprint({i})", key=str(i)) for i in range(6)]
    results = []
    for job, result in executor.run(jobs, SandboxConfig()):
        if not results:
            agent = next(n.report["pid"] for n in executor.nodes if cluster.owns(n.report["pid"], "node2"))
            os.kill(agent, signal.SIGKILL)
        results.append((job.key, result))
    assert sorted(k for k, _ in results) == [str(i) for i in range(6)]
    lost = [r for _, r in results if r.error]
    assert lost, "the samples in flight on the killed node ran out of tries"
    for result in lost:
        assert "sample lost" in result.error and result_verdict(result) == "error"
    assert all(r.exit_code == 0 for _, r in results if not r.error)


def test_a_node_that_dies_mid_run_has_its_samples_run_elsewhere(cluster):
    # Last in the file: it kills node2 for good (a test after it would start it again).
    warnings: list[str] = []
    executor = RayExecutor(cluster.address, workers_per_node=1, warn=warnings.append)
    jobs = [ExecJob.from_code(f"import time\ntime.sleep(1.5)\nprint({i})", key=str(i)) for i in range(8)]
    results = []
    for job, result in executor.run(jobs, SandboxConfig()):
        if not results:
            cluster.kill_node("node2")  # raylet, workers and all, by their process ids
        results.append((job.key, result))
    assert sorted(k for k, _ in results) == [str(i) for i in range(8)]
    assert {k: (r.exit_code, r.stdout, r.error) for k, r in results} == {str(i): (0, f"{i}\n", None) for i in range(8)}
    assert [n for n in executor.nodes if not n.alive] and any("lost its agent" in w for w in warnings)
