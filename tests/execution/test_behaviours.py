"""Events -> behaviours, on real traces of the hostile and benign corpus and on small realistic sequences.

The fixtures are real supervisor results (strace 6.1, Debian python 3.11, as user sandboxtest in private
namespaces shaped like the container); each sample says what it must show with a `# expect:` line.
"""

import gzip
import json
import re
from pathlib import Path

import pytest

from codeeval.execution import behaviours, honeytokens
from codeeval.execution.behaviours import (
    TAXONOMY,
    RunInfo,
    classify,
    classify_result,
    verdict,
)
from codeeval.types import Behaviour, Event, Severity

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = sorted(p.name[: -len(".json.gz")] for p in FIXTURES.glob("*.json.gz"))
HOSTILE = [n for n in NAMES if not re.search(r"(^|_)benign_", n)]
BENIGN = [n for n in NAMES if re.search(r"(^|_)benign_", n)]


def load(name: str) -> dict:
    with gzip.open(FIXTURES / f"{name}.json.gz", "rt") as fh:
        return json.load(fh)


def run_fixture(name: str) -> tuple[dict, list[Behaviour]]:
    result = load(name)
    tokens = honeytokens.from_job(result["_job"]["honeytokens"])
    _, found = classify_result(result, tokens, sources=result["_sources"])
    return result, found


def expected(result: dict) -> list[str]:
    return re.findall(r"# expect: (\S+)", result["_sources"][0])


def by_id(found: list[Behaviour]) -> dict[str, Behaviour]:
    return {b.id: b for b in found}


def ev(kind: str, pid: int = 10, source: str = "strace", **detail) -> Event:
    return Event(kind, detail, pid, source)


# ------------------------------------------------------------------ real traces
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_sample_shows_its_behaviour(name):
    result, found = run_fixture(name)
    ids = by_id(found)
    for want in expected(result):
        assert want in ids, f"{name}: expected {want}, got {sorted(ids)}"
        assert ids[want].evidence, "a behaviour without evidence proves nothing"
        assert ids[want].severity >= Severity.MEDIUM
    assert verdict(found) in ("suspicious", "malicious")


@pytest.mark.parametrize("name", BENIGN)
def test_benign_sample_shows_nothing_above_low(name):
    result, found = run_fixture(name)
    assert expected(result) == ["clean"]
    loud = [(b.id, b.severity.label, b.evidence[:2]) for b in found if b.severity > Severity.LOW]
    assert not loud
    assert verdict(found) == "clean"


def test_real_traces_show_every_taxonomy_id():
    seen = set()
    for name in HOSTILE:
        seen |= set(by_id(run_fixture(name)[1]))
    assert seen == set(TAXONOMY)


def test_reverse_shell_evidence_names_the_socket_and_the_shell():
    _, found = run_fixture("hostile_reverse_shell")
    rs = by_id(found)["reverse_shell"]
    assert rs.severity == Severity.CRITICAL
    assert any(e.get("newfd") == 0 and e.get("peer") == "127.0.0.1:4444" for e in rs.evidence)
    assert any(e.get("path") == "/bin/sh" and e.get("stdio_sockets") == [0, 1, 2] for e in rs.evidence)
    assert by_id(found)["network.dns"].evidence[0]["qname"] == "attacker.example.com"


def test_bash_dev_tcp_reverse_shell_is_critical():
    _, found = run_fixture("extra_bash_reverse_shell")
    assert by_id(found)["reverse_shell"].severity == Severity.CRITICAL


def test_dns_exfiltration_finds_the_hex_encoded_canary_across_queries():
    _, found = run_fixture("hostile_dns_exfiltration")
    exf = by_id(found)["exfiltration"]
    assert exf.severity == Severity.CRITICAL
    assert "aws_secret_access_key" in exf.evidence[0]["canaries"]
    assert by_id(found)["secrets.access"].evidence[0]["honeytoken"] == "aws_credentials"


def test_base64_http_exfiltration_and_env_key_exfiltration():
    _, found = run_fixture("extra_http_exfiltration")
    assert {"aws_access_key_id", "aws_secret_access_key"} <= set(by_id(found)["exfiltration"].evidence[0]["canaries"])
    _, found = run_fixture("extra_env_key_exfiltration")
    assert by_id(found)["exfiltration"].evidence[0]["canaries"] == ["api_key"]
    assert any(e.get("env") == "OPENAI_API_KEY" for e in by_id(found)["secrets.access"].evidence)


def test_blocked_attempts_count_as_evidence():
    _, found = run_fixture("hostile_read_shadow")
    ev_ = [e for e in by_id(found)["filesystem.sensitive_read"].evidence if e["source"] == "strace"]
    assert {e["path"] for e in ev_} >= {"/etc/shadow", "/etc/gshadow"}
    assert all(e["errno"] == "EACCES" for e in ev_)
    _, found = run_fixture("hostile_connect_out")
    egress = by_id(found)["network.egress"].evidence[0]
    assert (egress["addr"], egress["port"]) == ("93.184.216.34", 80)
    assert egress["errno"] == "ENETUNREACH"


def test_decoy_kill_and_kill_minus_one_are_tamper():
    _, found = run_fixture("extra_kill_decoy")
    assert any(e.get("decoy") for e in by_id(found)["process.tamper"].evidence)
    _, found = run_fixture("hostile_kill_everything")
    tamper = by_id(found)["process.tamper"].evidence
    assert any(e.get("target") == -1 for e in tamper)
    assert any(e.get("event") == "tracer_killed" for e in tamper)


def test_fork_bomb_counts_clones_and_eagain():
    _, found = run_fixture("hostile_fork_bomb")
    fb = by_id(found)["resource.fork_bomb"]
    assert fb.severity == Severity.HIGH
    assert fb.evidence[0]["eagain"] >= 1 and fb.evidence[0]["processes"] >= 10


def test_daemon_is_reported_from_the_survivor_and_its_setsid():
    _result, found = run_fixture("hostile_daemon_outlives_parent")
    daemon = by_id(found)["process.daemon"]
    assert daemon.severity == Severity.MEDIUM
    assert any(e.get("event") == "survivor" and "sample.py" in e.get("cmdline", "") for e in daemon.evidence)
    assert any(e.get("syscall") == "setsid" for e in daemon.evidence)


def test_download_execute_both_ways():
    _, found = run_fixture("extra_download_execute_file")
    de = by_id(found)["download_execute"]
    assert any(e.get("path") == "/tmp/install.sh" for e in de.evidence)
    _, found = run_fixture("extra_download_exec_in_memory")
    assert any("codeeval-sink" in e.get("code", "") for e in by_id(found)["download_execute"].evidence)


def test_python_subprocess_is_not_a_shell_but_shell_true_is():
    _, found = run_fixture("benign_python_subprocess")
    assert "process.spawn_shell" not in by_id(found)
    _, found = run_fixture("extra_shell_spawn")
    spawn = by_id(found)["process.spawn_shell"]
    assert spawn.severity == Severity.MEDIUM
    assert spawn.evidence[0]["argv"][:2] == ["/bin/sh", "-c"]


# ----------------------------------------------------------- synthetic sequences
def test_dns_lookup_is_low_and_tunnel_shaped_names_are_medium():
    found = by_id(classify([ev("dns", source="resolver", qname="pypi.org", qtype=1)]))
    assert found["network.dns"].severity == Severity.LOW
    long = "a" * 50 + ".t.example.com"
    found = by_id(classify([ev("dns", source="resolver", qname=long, qtype=1)]))
    assert found["network.dns"].severity == Severity.MEDIUM
    assert classify([ev("dns", source="resolver", qname="localhost", qtype=1)]) == []


def test_loopback_connects_are_egress_only_on_sink_ports():
    own_server = ev("connect", family="AF_INET", addr="127.0.0.1", port=8765, result=0)
    assert classify([own_server]) == []
    sink = ev("connect", family="AF_INET", addr="127.0.0.1", port=4444, result=0)
    assert by_id(classify([sink]))["network.egress"].severity == Severity.HIGH
    https = ev("connect", family="AF_INET", addr="127.0.0.1", port=443, result=0)
    assert by_id(classify([https]))["network.egress"].severity == Severity.MEDIUM


def test_persistence_via_write_to_bashrc_even_when_refused():
    e = ev("open", path="/home/sandbox/.bashrc", flags="O_WRONLY|O_CREAT|O_APPEND", write=True, errno="EROFS")
    assert by_id(classify([e]))["persistence"].severity == Severity.HIGH
    read = ev("open", path="/home/sandbox/.bashrc", flags="O_RDONLY", write=False)
    assert classify([read]) == []


def test_destructive_outside_work_but_not_inside():
    inside = [ev("unlink", path="/work/out.txt", dir=False), ev("unlink", path="/tmp/x/y", dir=False),
              ev("rename", path="/tmp/a", path2="/tmp/b")]
    assert classify(inside) == []
    outside = ev("unlink", path="/usr/bin/python3", dir=False, errno="EACCES")
    assert by_id(classify([outside]))["filesystem.destructive"].severity == Severity.HIGH
    wipe = ev("unlink", path="/work", dir=True, errno="EBUSY")
    assert "filesystem.destructive" in by_id(classify([wipe]))


def test_mass_deletion_inside_the_work_dir_is_destructive():
    events = [ev("unlink", path=f"/work/f{i}", dir=False) for i in range(behaviours.MASS_DELETE)]
    assert any(e.get("count") == behaviours.MASS_DELETE for e in by_id(classify(events))["filesystem.destructive"].evidence)


def test_setid_syscalls_and_sudo_are_privilege_escalation():
    assert "privilege.escalation" in by_id(classify([ev("setid", syscall="setresuid", errno="EPERM")]))
    sudo = ev("exec", path="/usr/bin/sudo", argv=["sudo", "id"], result=-1, errno="ENOENT")
    assert "privilege.escalation" in by_id(classify([sudo]))


def test_escape_probes():
    for event in (
        ev("stat", path="/var/run/docker.sock", errno="ENOENT"),
        ev("open", path="/proc/sysrq-trigger", flags="O_WRONLY", write=True, errno="EACCES"),
        ev("open", path="/sys/fs/cgroup/memory/release_agent", flags="O_WRONLY", write=True, errno="EROFS"),
        ev("keyctl", args="KEYCTL_JOIN_SESSION_KEYRING, NULL", errno="EPERM"),
        ev("exec", path="/usr/bin/nsenter", argv=["nsenter", "-t", "1", "-m"], result=-1, errno="ENOENT"),
    ):
        assert by_id(classify([event]))["container.escape_attempt"].severity == Severity.CRITICAL, event


def test_ptrace_of_another_process_is_tamper_but_own_child_signals_are_not():
    events = [ev("clone", child=11, flags="SIGCHLD", thread=False), ev("kill", target=11, sig="SIGTERM", result=0)]
    assert classify(events) == []
    attach = ev("ptrace", request="PTRACE_ATTACH", target=1, errno="EPERM")
    assert by_id(classify([attach]))["process.tamper"].severity == Severity.HIGH


def test_resource_outcomes_from_run_info():
    assert by_id(classify([], oom_killed=True))["resource.memory"].severity == Severity.HIGH
    spin = by_id(classify([], timed_out=True, duration_s=5.0, cpu_s=4.5))["resource.cpu"]
    assert spin.severity == Severity.MEDIUM
    sleep = by_id(classify([], timed_out=True, duration_s=5.0, cpu_s=0.05))["resource.cpu"]
    assert sleep.severity == Severity.LOW
    flood = by_id(classify([], stdout_truncated=True))["resource.output_flood"]
    assert flood.severity == Severity.MEDIUM and flood.evidence[0]["stdout_truncated"]
    disk = classify([], fs={"/work": {"bytes": 60 << 20, "files": 1, "largest": 60 << 20, "free": 0}})
    assert by_id(disk)["resource.disk"].evidence[0]["dir"] == "/work"
    efbig = ev("truncate", syscall="ftruncate", length=1 << 30, errno="EFBIG")
    assert "resource.disk" in by_id(classify([efbig]))


def test_memory_growth_and_a_kill_from_outside_point_at_memory():
    lines = [f'7 10:00:0{i}.0 mmap(NULL, 16781312, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f00'
             for i in range(10)] * 2 + ["7 10:00:09.9 +++ killed by SIGKILL +++"]
    from codeeval.execution import monitor

    events = monitor.parse_strace(lines)
    assert [e.kind for e in events] == ["exit", "mapped"]
    memory = by_id(classify(events))["resource.memory"]
    assert memory.severity == Severity.MEDIUM
    assert {e.get("event") for e in memory.evidence} == {"mapped", "exit"}
    # the same death at the deadline is the supervisor's doing, not the OOM killer's
    assert "resource.memory" not in by_id(classify(events[:1], timed_out=True))


def test_obfuscation_needs_code_that_was_not_written_in_the_sample():
    literal = ev("audit:compile", source="audit", args=["1 + 2", "<string>"])
    assert classify([literal], info=RunInfo(sources=('print(eval("1 + 2"))',))) == []
    decoded = ev("audit:compile", source="audit", args=["import os; os.system('id')", "<string>"])
    found = by_id(classify([decoded], info=RunInfo(sources=("exec(base64.b64decode(b'aW1w...'))",))))
    assert found["obfuscation"].severity == Severity.HIGH
    namedtuple = ev("audit:compile", source="audit", args=["lambda _cls, x, y: _tuple_new(_cls, (x, y))", "<string>"])
    assert classify([namedtuple], info=RunInfo(sources=("",))) == []


def test_secret_reads_with_and_without_planted_tokens():
    tokens = honeytokens.generate()
    key = ev("open", path="/home/sandbox/.ssh/id_rsa", flags="O_RDONLY", write=False, result=3)
    assert by_id(classify([key], tokens))["secrets.access"].evidence[0]["honeytoken"] == "ssh_key"
    dotenv = ev("open", path="/work/.env", flags="O_RDONLY", write=False, result=3)
    assert by_id(classify([dotenv], tokens))["secrets.access"].severity == Severity.MEDIUM
    netrc = ev("open", path="/home/sandbox/.netrc", flags="O_RDONLY", write=False, errno="ENOENT")
    assert by_id(classify([netrc]))["secrets.access"].severity == Severity.HIGH
    printed = classify([], tokens, stdout=f"key is {tokens.api_key}\n")
    assert by_id(printed)["secrets.access"].severity == Severity.MEDIUM


def test_every_behaviour_uses_a_taxonomy_id_and_json_shape():
    _result, found = run_fixture("hostile_reverse_shell")
    for b in found:
        assert b.id in TAXONOMY
        d = b.to_dict()
        assert set(d) >= {"id", "severity", "evidence"} and d["severity"] in ("info", "low", "medium", "high", "critical")
        json.dumps(d)


def test_evidence_is_capped():
    events = [ev("unlink", path=f"/usr/lib/f{i}", dir=False, errno="EACCES") for i in range(500)]
    evidence = by_id(classify(events))["filesystem.destructive"].evidence
    assert len(evidence) <= 22 and any("more" in e for e in evidence)


@pytest.mark.parametrize(
    ("severities", "want"),
    [([], "clean"), ([Severity.LOW], "clean"), ([Severity.LOW, Severity.MEDIUM], "suspicious"),
     ([Severity.HIGH], "malicious"), ([Severity.CRITICAL, Severity.LOW], "malicious")],
)
def test_verdict_thresholds(severities, want):
    assert verdict([Behaviour("network.dns", s) for s in severities]) == want


def test_home_caches_are_the_samples_own_but_its_keys_are_not():
    cache = [ev("open", path="/home/sandbox/.cache/app/x", flags="O_WRONLY|O_CREAT|O_TRUNC", write=True),
             ev("unlink", path="/home/sandbox/.cache/app/x", dir=False)]
    assert classify(cache) == []
    key = ev("unlink", path="/home/sandbox/.ssh/id_rsa", dir=False, result=0)
    assert by_id(classify([key]))["filesystem.destructive"].severity == Severity.HIGH


def test_sandbox_detection_is_evasion_and_a_bind_shell_port_is_medium():
    probe = ev("stat", path="/.dockerenv", result=0)
    assert classify([probe]) == []  # `ls -la /` stats it too
    assert by_id(classify([probe], sources=("os.path.exists('/.dockerenv')",)))["evasion"].severity == Severity.MEDIUM
    assert "container.escape_attempt" not in by_id(classify([probe]))
    server = ev("bind", family="AF_INET", addr="0.0.0.0", port=8000, result=0)
    assert by_id(classify([server]))["network.egress"].severity == Severity.LOW
    backdoor = ev("bind", family="AF_INET", addr="0.0.0.0", port=4444, result=0)
    assert by_id(classify([backdoor]))["network.egress"].severity == Severity.MEDIUM


def test_in_a_real_container_the_oom_killer_and_the_pids_limit_show_up():
    # docker_* fixtures: the corpus in the real image (256m memory = memory+swap, pids 128, supervisor PID 1).
    result, found = run_fixture("docker_hostile_memory_bomb")
    assert result["signal"] == 9 and not result["timed_out"]
    assert any(e.get("note") == "SIGKILL from outside" for e in by_id(found)["resource.memory"].evidence)
    _, found = run_fixture("docker_hostile_fork_bomb")
    assert by_id(found)["resource.fork_bomb"].evidence[0]["eagain"] >= 1
    result, found = run_fixture("docker_hostile_kill_everything")
    assert result["tracer_killed"] and result["supervisor_error"] is None  # PID 1 outlived kill -1
    result, _ = run_fixture("docker_hostile_reverse_shell")
    assert result["dns"][0]["qname"] == "attacker.example.com" and result["sink"][0]["port"] == 4444


def test_audit_only_runs_still_see_honeytoken_reads():
    tokens = honeytokens.generate()
    audit = ev("audit:open", source="audit", args=["/home/sandbox/.aws/credentials", "r", 524288])
    found = by_id(classify([audit], tokens))
    assert found["secrets.access"].evidence[0] == {"event": "audit:open", "source": "audit",
                                                   "path": "/home/sandbox/.aws/credentials", "honeytoken": "aws_credentials"}


def test_untraced_runs_fall_back_on_audit_records():
    events = [
        ev("audit:os.system", source="audit", args=["id"]),
        ev("audit:subprocess.Popen", source="audit", args=["/usr/bin/python3", ["/usr/bin/python3", "-c", "1"], None, None]),
        ev("audit:open", source="audit", args=["/etc/shadow", "r", 524288]),
    ]
    found = by_id(classify(events))
    assert [e["argv"] for e in found["process.spawn_shell"].evidence] == [["id"]]  # python is not a shell
    assert found["filesystem.sensitive_read"].evidence[0]["path"] == "/etc/shadow"


def test_the_most_severe_evidence_comes_first_even_past_the_cap():
    probes = [ev("stat", path=f"/root/x{i}", errno="EACCES") for i in range(40)]
    read = ev("open", path="/etc/shadow", flags="O_RDONLY", write=False, errno="EACCES")
    found = by_id(classify([*probes, read]))["filesystem.sensitive_read"]
    assert found.severity == Severity.HIGH
    assert found.evidence[0]["path"] == "/etc/shadow"
    assert found.evidence[-1] == {"more": 41 - 20}


def test_host_events_are_classified_too():
    host = [Event("oom_killed", {"memory": "256m"}, None, "host"), Event("supervisor_lost", {"exit_code": 137}, None, "host"),
            Event("host_timeout", {"deadline_s": 15.0}, None, "host")]
    found = by_id(classify(host))
    assert found["resource.memory"].severity == Severity.HIGH
    assert found["process.tamper"].evidence[0]["exit_code"] == 137
    assert found["resource.cpu"].severity == Severity.MEDIUM
