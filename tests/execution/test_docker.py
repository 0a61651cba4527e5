"""Docker-specific behaviour of the executor and the CLI, against the real daemon: the hardening a
container is created with, cleanup after interrupts and dead runs, the host deadline as a backstop,
bounded and pipelined concurrency, and the errors a user sees when something is missing."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import docker.errors
import pytest

from codeeval.errors import ToolError
from codeeval.execution import (
    DockerSandbox,
    ExecJob,
    SandboxConfig,
    execute_many,
    image,
)
from codeeval.execution.docker import SETUP_CAPS

pytestmark = pytest.mark.docker

CLI = [sys.executable, "-m", "codeeval"]


@pytest.fixture(scope="module")
def client():
    try:
        c = image.connect()
        image.check_image(c, SandboxConfig().image)
    except ToolError as exc:
        if os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
            raise
        pytest.skip(f"sandbox not available: {exc}")
    return c


def _labelled(client, **labels: str) -> list[dict]:
    filters = [image.LABEL_RUN] + [f"{k}={v}" for k, v in labels.items()]
    return client.api.containers(all=True, filters={"label": filters})


def _cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], check=False, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def test_container_is_created_with_the_contract_hardening(client):
    with DockerSandbox(SandboxConfig(memory="200m", pids=64, cpus=0.5)) as sandbox:
        prepared = sandbox.create(ExecJob.from_code("print(1)"))
        try:
            attrs = client.api.inspect_container(prepared.container_id)
        finally:
            sandbox.remove(prepared.container_id)
    host, config = attrs["HostConfig"], attrs["Config"]
    assert host["NetworkMode"] == "none"
    assert host["ReadonlyRootfs"] is True
    assert host["CapDrop"] == ["ALL"]
    # The supervisor's setup capabilities only (it drops them all, bounding set included, before the job);
    # test_fake_internet proves the sample holds none.
    assert sorted(host["CapAdd"] or []) == sorted(SETUP_CAPS if sandbox.fake_internet else [])
    assert "no-new-privileges" in host["SecurityOpt"]
    assert host["PidsLimit"] == 64
    assert host["Memory"] == host["MemorySwap"] == 200 * 1024 * 1024
    assert host["NanoCpus"] == 500_000_000
    assert not host["Init"], "the supervisor is PID 1 (the init), not docker-init"
    assert host["Privileged"] is False
    assert set(host["Tmpfs"]) == {"/tmp", "/work", "/home/sandbox"}
    assert "uid=10001" in host["Tmpfs"]["/work"]
    ulimits = {u["Name"]: (u["Soft"], u["Hard"]) for u in host["Ulimits"]}
    assert ulimits["core"] == (0, 0)
    assert ulimits["nofile"] == (256, 256)
    assert ulimits["fsize"][0] == 64 * 1024 * 1024
    assert host["LogConfig"]["Config"]["max-size"] == "1m"
    assert config["User"] == ("0:0" if sandbox.fake_internet else "10001:10001")
    assert config["OpenStdin"] and config["StdinOnce"]
    labels = config["Labels"]
    assert labels[image.LABEL_RUN] == sandbox.run_id
    assert labels[image.LABEL_PID] == str(os.getpid())


def test_interrupting_the_runner_leaves_no_container(client, tmp_path):
    for i in range(3):
        (tmp_path / f"slow{i}.py").write_text("import threading\nthreading.Event().wait(60)\n")
    runner = subprocess.Popen(
        [*CLI, "exec", str(tmp_path), "--timeout", "60", "--workers", "2", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            running = client.api.containers(filters={"label": f"{image.LABEL_PID}={runner.pid}", "status": "running"})
            if running:
                break
            time.sleep(0.2)
        assert running, "the runner never started a container"
        runner.send_signal(signal.SIGINT)
        _, stderr = runner.communicate(timeout=30)
    finally:
        if runner.poll() is None:
            runner.kill()
    assert runner.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert _labelled(client, **{image.LABEL_PID: str(runner.pid)}) == []


def test_a_started_container_ends_by_itself_when_its_runner_is_killed(client):
    # execute_many starts containers ahead of their turn; a runner killed by SIGKILL cannot remove them, and
    # they must not idle forever waiting for a job (the next start or `sandbox clean` removes the husk).
    code = (
        "import time\n"
        "from codeeval.execution import DockerSandbox, ExecJob, SandboxConfig\n"
        "p = DockerSandbox(SandboxConfig()).create(ExecJob.from_code('print(1)'), start=True)\n"
        "print(p.container_id, flush=True)\n"
        "time.sleep(60)\n"
    )
    runner = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    cid = runner.stdout.readline().strip()
    try:
        assert client.api.inspect_container(cid)["State"]["Running"]
        runner.kill()
        runner.wait()
        deadline = time.monotonic() + 15
        while client.api.inspect_container(cid)["State"]["Running"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not client.api.inspect_container(cid)["State"]["Running"]
    finally:
        runner.kill()
        with contextlib.suppress(docker.errors.NotFound):
            client.api.remove_container(cid, force=True)


def test_leftovers_of_dead_runs_are_removed_at_start_and_live_ones_kept(client):
    dead = subprocess.Popen(["true"])
    dead.wait()
    cfg = SandboxConfig()
    host = {image.LABEL_HOST: os.uname().nodename}
    orphan = client.api.create_container(
        cfg.image, command=["true"], labels={image.LABEL_RUN: "dead-run", image.LABEL_PID: str(dead.pid), **host}
    )["Id"]
    alive = client.api.create_container(
        cfg.image, command=["true"], labels={image.LABEL_RUN: "live-run", image.LABEL_PID: str(os.getpid()), **host}
    )["Id"]
    try:
        DockerSandbox(cfg).close()
        remaining = {c["Id"] for c in client.api.containers(all=True, filters={"label": image.LABEL_RUN})}
        assert orphan not in remaining
        assert alive in remaining
    finally:
        for cid in (orphan, alive):
            with contextlib.suppress(docker.errors.NotFound):  # the orphan is already gone: the point of the test
                client.api.remove_container(cid, force=True)


def test_sandbox_clean_removes_leftovers_and_with_all_also_live_runs(client):
    dead = subprocess.Popen(["true"])
    dead.wait()
    host = {image.LABEL_HOST: os.uname().nodename}
    cfg = SandboxConfig()
    orphan = client.api.create_container(
        cfg.image, command=["true"], labels={image.LABEL_RUN: "to-clean", image.LABEL_PID: str(dead.pid), **host}
    )["Id"]
    unknown = client.api.create_container(cfg.image, command=["true"], labels={image.LABEL_RUN: "no-owner"})["Id"]
    live = client.api.create_container(
        cfg.image, command=["true"], labels={image.LABEL_RUN: "in-progress", image.LABEL_PID: str(os.getpid()), **host}
    )["Id"]
    try:
        out = _cli("sandbox", "clean")
        assert out.returncode == 0, out.stderr
        assert "removed" in out.stdout and "kept" in out.stdout
        remaining = {c["Id"] for c in client.api.containers(all=True)}
        assert orphan not in remaining and unknown not in remaining
        assert live in remaining, "a run in progress keeps its containers"
        out = _cli("sandbox", "clean", "--all", "--run", "in-progress")  # only ours: others may share the daemon
        assert out.returncode == 0, out.stderr
        assert live not in {c["Id"] for c in client.api.containers(all=True)}
    finally:
        for cid in (orphan, unknown, live):
            with contextlib.suppress(docker.errors.NotFound):
                client.api.remove_container(cid, force=True)


def test_the_sample_can_neither_stop_nor_kill_the_supervisor(client):
    # The supervisor is the container's PID 1: signals from inside the container do not reach it, so its
    # own deadline still ends a sample that tried to stop or kill every other process.
    code = """
import os, signal, threading
for sig in (signal.SIGSTOP, signal.SIGKILL):
    for pid in os.listdir('/proc'):
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                os.kill(int(pid), sig)
            except OSError:
                pass
threading.Event().wait(60)
"""
    with DockerSandbox(SandboxConfig(timeout_s=1.0, grace_s=5.0, trace=False)) as sandbox:
        out = sandbox.run(ExecJob.from_code(code))
    assert out.raw is not None, "the supervisor reported"
    assert out.result.timed_out
    assert out.result.error is None
    assert not [e for e in out.result.events if e.source == "host"], "no host deadline needed"


class _HungSandbox(DockerSandbox):
    command = ("sleep", "60")  # a supervisor that never answers: only the host deadline is left


@pytest.mark.slow
def test_host_deadline_kills_a_container_whose_supervisor_never_answers(client):
    config = SandboxConfig(timeout_s=1.0, grace_s=2.0)
    started = time.monotonic()
    with _HungSandbox(config) as sandbox:
        out = sandbox.run(ExecJob.from_code("print(1)"))
        assert sandbox.leftovers() == []
    wall = time.monotonic() - started
    assert out.result.timed_out
    assert "host deadline" in (out.result.error or "")
    assert any(e.kind == "host_timeout" and e.source == "host" for e in out.result.events)
    assert wall < config.timeout_s + config.grace_s + 5


@pytest.mark.slow
def test_execute_many_bounds_concurrency_and_starts_ahead(client):
    # Each sample reports when it ran (container clocks are the host's): at most `workers` overlap, while
    # more containers than that exist at once, the next ones created and started ahead of their turn.
    code = "import threading, time; t = time.time(); threading.Event().wait(1.5); print(t, time.time())"
    jobs = [ExecJob.from_code(code, key=str(i)) for i in range(6)]
    seen = {"alive": 0}
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            mine = client.api.containers(all=True, filters={"label": f"{image.LABEL_PID}={os.getpid()}"})
            seen["alive"] = max(seen["alive"], sum(c["State"] in ("created", "running") for c in mine))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        results = list(execute_many(jobs, SandboxConfig(trace=False), workers=2))
    finally:
        stop.set()
        watcher.join()
    assert sorted(job.key for job, _ in results) == [str(i) for i in range(6)]
    assert all(r.exit_code == 0 for _, r in results), [r.stderr for _, r in results]
    spans = [tuple(map(float, r.stdout.split())) for _, r in results]
    overlap = max(sum(start <= t < end for start, end in spans) for t, _ in spans)
    assert overlap == 2, spans
    assert seen["alive"] >= 3, "the next containers are created and started while others run"
    assert _labelled(client, **{image.LABEL_PID: str(os.getpid())}) == []


def test_missing_image_is_a_one_line_error_naming_the_build(client, tmp_path):
    sample = tmp_path / "a.py"
    sample.write_text("print(1)\n")
    out = _cli("exec", str(sample), "--image", "codeeval-no-such-image:0")
    assert out.returncode == 2
    assert "codeeval sandbox build" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_daemon_down_is_a_one_line_error_naming_the_fix(tmp_path):
    sample = tmp_path / "a.py"
    sample.write_text("print(1)\n")
    out = _cli("exec", str(sample), env={"DOCKER_HOST": f"unix://{tmp_path}/no-docker.sock"})
    assert out.returncode == 2
    assert "Docker daemon not reachable" in out.stderr
    assert "codeeval sandbox build" in out.stderr
    assert "Traceback" not in out.stderr
    status = _cli("sandbox", "status", "--format", "json", env={"DOCKER_HOST": f"unix://{tmp_path}/no.sock"})
    assert status.returncode == 2
    assert json.loads(status.stdout)["daemon"] is False


def _foreign_image_tar(tag: str, arch: str) -> bytes:
    """A minimal image archive (one empty layer) whose config says another architecture."""
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w"):
        pass
    layer_bytes = layer.getvalue()
    config = {
        "architecture": arch,
        "os": "linux",
        "config": {},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer_bytes).hexdigest()]},
    }
    config_bytes = json.dumps(config).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": [tag], "Layers": ["layer.tar"]}]).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in (("layer.tar", layer_bytes), ("config.json", config_bytes), ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_image_of_another_architecture_is_refused_with_the_fix(client):
    arch = "arm64" if image.daemon_arch(client) != "arm64" else "amd64"
    tag = f"codeeval-test-foreign:{arch}"
    client.api.load_image(_foreign_image_tar(tag, arch))
    try:
        with pytest.raises(ToolError, match=rf"built for {arch}.*codeeval sandbox build"):
            DockerSandbox(SandboxConfig(image=tag))
    finally:
        client.api.remove_image(tag, force=True)


def test_unknown_runtime_is_refused_with_the_fix(client):
    with pytest.raises(ToolError, match="runtime 'no-such-runsc' is not configured"):
        DockerSandbox(SandboxConfig(runtime="no-such-runsc"))


def test_status_json_reports_daemon_image_digest_and_runtimes(client):
    out = _cli("sandbox", "status", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["daemon"] is True
    assert doc["image"] == SandboxConfig().image
    assert doc["digest"].startswith("sha256:")
    assert "runc" in doc["runtimes"]
    assert doc["image_architecture"] == doc["architecture"]


def test_status_fails_naming_the_build_when_the_image_is_older_than_sandbox_dir(client, tmp_path):
    changed = tmp_path / "sandbox"
    shutil.copytree(image.sandbox_dir(), changed)
    with (changed / "supervisor.py").open("a") as f:
        f.write("\n# a change made after the image was built\n")
    out = _cli("sandbox", "status", env={"CODEEVAL_SANDBOX_CONTEXT": str(changed)})
    assert out.returncode == 2
    assert "older sandbox/" in out.stderr and "codeeval sandbox build" in out.stderr
    assert "Traceback" not in out.stderr


def test_exec_cli_gives_one_result_for_a_file_and_a_list_for_several(client, tmp_path):
    (tmp_path / "ok.py").write_text("print('ok')\n")
    (tmp_path / "fail.sh").write_text("echo oops >&2; exit 4\n")
    (tmp_path / "notes.txt").write_text("not code\n")
    one = _cli("exec", str(tmp_path / "ok.py"), "--format", "json")
    assert one.returncode == 0, one.stderr
    doc = json.loads(one.stdout)
    for key in ("path", "exit_code", "signal", "timed_out", "oom_killed", "duration_s", "stdout", "stderr",
                "truncated", "behaviours", "verdict"):
        assert key in doc
    assert doc["stdout"] == "ok\n" and doc["exit_code"] == 0 and doc["verdict"] in ("clean", "suspicious", "malicious")

    many = _cli("exec", str(tmp_path), "--format", "json", "--workers", "2", "--no-trace")
    assert many.returncode == 0, many.stderr
    results = json.loads(many.stdout)["results"]
    assert [Path(r["path"]).name for r in results] == ["fail.sh", "ok.py"]  # .txt skipped, sorted
    assert results[0]["exit_code"] == 4 and results[0]["stderr"] == "oops\n"

    bad = _cli("exec", str(tmp_path / "notes.txt"))
    assert bad.returncode == 2 and "expected a .py or .sh file" in bad.stderr
