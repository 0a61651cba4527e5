"""strace lines, audit, resolver and sink records -> Events.

Real traces come from tests/execution/fixtures (captured on this host by supervisor_harness.py capture: the
corpus run by the real supervisor under strace 6.1); synthetic lines cover the edge cases one at a time.
"""

import gzip
import json
import time
from pathlib import Path

import pytest

from codeeval.execution import monitor
from codeeval.types import Event

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> dict:
    with gzip.open(FIXTURES / f"{name}.json.gz", "rt") as fh:
        return json.load(fh)


def kinds(events, kind):
    return [e for e in events if e.kind == kind]


def one(line: str, **kw) -> Event:
    events = monitor.parse_strace([line], **kw)
    assert len(events) == 1, events
    return events[0]


# ------------------------------------------------------------------ real traces
def test_reverse_shell_trace_shows_socket_dup2_and_shell_with_socket_stdio():
    events = monitor.parse_result(fixture("hostile_reverse_shell"))
    connect = [e for e in kinds(events, "connect") if e.detail.get("port") == 4444]
    assert connect and connect[0].detail["addr"] == "127.0.0.1" and connect[0].detail["family"] == "AF_INET"
    dups = [e for e in kinds(events, "dup") if e.detail["socket"]]
    assert sorted(e.detail["newfd"] for e in dups) == [0, 1, 2]
    assert all(e.detail["peer"] == "127.0.0.1:4444" for e in dups)
    shell = [e for e in kinds(events, "exec") if e.detail["path"] == "/bin/sh"]
    assert shell and shell[0].detail["argv"] == ["/bin/sh", "-i"]
    assert shell[0].detail["stdio_sockets"] == [0, 1, 2]  # inherited across vfork, printed before vfork returned
    assert [e.detail["qname"] for e in kinds(events, "dns")] == ["attacker.example.com"]
    assert kinds(events, "sink")[0].detail["port"] == 4444


def test_denied_opens_keep_their_errno():
    events = monitor.parse_result(fixture("hostile_read_shadow"))
    opens = {e.detail["path"]: e.detail for e in kinds(events, "open")}
    assert opens["/etc/shadow"]["errno"] == "EACCES"
    assert opens["/etc/shadow"]["result"] == -1
    assert opens["/etc/shadow"]["write"] is False
    assert opens["/root/.ssh/id_rsa"]["errno"] == "EACCES"


def test_benign_python_start_up_is_not_reported_as_file_events():
    events = monitor.parse_result(fixture("benign_json_roundtrip"))
    paths = [e.detail.get("path", "") for e in events if e.kind in ("open", "stat")]
    assert not [p for p in paths if p.startswith("/usr/lib/python3")]
    assert "/work/sample.py" in paths
    noisy = monitor.parse_result(fixture("benign_json_roundtrip"), keep_noise=True)
    assert len(noisy) > 5 * len(events)


def test_python_subprocess_is_a_clone_and_an_exec_of_python():
    events = monitor.parse_result(fixture("benign_python_subprocess"))
    execs = kinds(events, "exec")
    assert [e.detail["argv"][:2] for e in execs] == [["/usr/bin/python3", "/work/sample.py"], ["/usr/bin/python3", "-c"]]
    clone = kinds(events, "clone")
    assert clone and clone[0].detail["child"] == execs[1].pid


def test_fork_bomb_trace_has_eagain_clones():
    events = monitor.parse_result(fixture("hostile_fork_bomb"))
    failed = [e for e in kinds(events, "clone") if e.detail.get("errno") == "EAGAIN"]
    assert failed


def test_rmtree_through_directory_fds_resolves_to_absolute_paths():
    events = monitor.parse_result(fixture("hostile_delete_outside_workdir"))
    paths = {e.detail["path"] for e in kinds(events, "unlink")}
    assert "/etc/passwd" in paths
    assert any(p.startswith("/usr/lib/python3/") for p in paths)  # unlinkat(<dir fd>, "name") made absolute


def test_kill_minus_one_is_seen_even_when_it_takes_strace_down():
    # `kill -KILL -1` reaches strace too (same uid): strace dies mid-line, the cut line is still an event,
    # and the supervisor (PID 1 here, so untouched) reports the tracer's death.
    result = fixture("hostile_kill_everything")
    events = monitor.parse_result(result)
    assert [(e.detail["target"], e.detail["sig"]) for e in kinds(events, "kill")] == [(-1, "SIGTERM"), (-1, "SIGKILL")]
    assert result["tracer_killed"] == 9
    assert kinds(events, "tracer_killed")[0].detail["sig"] == 9


def test_audit_dns_sink_and_survivor_records_become_events():
    result = {
        "trace": [],
        "audit": [{"event": "compile", "args": ["print(1)", "<string>"], "pid": 7}, "junk", {"no": "event"}],
        "dns": [{"qname": "a.example.com", "qtype": 1}],
        "sink": [{"port": 80, "peer": "127.0.0.1:5", "bytes": 3, "payload_b64": "YWJj"}],
        "survivors": [{"pid": 9, "cmdline": "python3 x.py"}],
    }
    events = monitor.parse_result(result)
    assert [(e.kind, e.source) for e in events] == [
        ("audit:compile", "audit"), ("dns", "resolver"), ("sink", "sink"), ("survivor", "supervisor")]
    assert events[0].detail["args"] == ["print(1)", "<string>"] and events[0].pid == 7


# -------------------------------------------------------------- synthetic lines
def test_unfinished_and_resumed_calls_are_joined():
    events = monitor.parse_strace([
        '101 10:00:00.000001 connect(3, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("10.1.2.3")}, 16 <unfinished ...>',
        '102 10:00:00.000002 exit_group(0)     = ?',
        '101 10:00:00.000003 <... connect resumed>) = -1 ENETUNREACH (Network is unreachable)',
    ])
    (c,) = kinds(events, "connect")
    assert c.pid == 101
    assert (c.detail["addr"], c.detail["port"], c.detail["errno"]) == ("10.1.2.3", 443, "ENETUNREACH")


def test_call_left_unfinished_when_the_process_died_is_still_reported():
    events = monitor.parse_strace([
        '5 10:00:00.1 connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("1.1.1.1")}, 16 <unfinished ...>',
        '5 10:00:00.2 +++ killed by SIGKILL +++',
    ])
    assert kinds(events, "exit")[0].detail == {"time": "10:00:00.2", "sig": "SIGKILL"}
    (c,) = kinds(events, "connect")
    assert c.detail["addr"] == "1.1.1.1" and c.detail["errno"] == "UNFINISHED"


def test_signals_and_exit_status():
    events = monitor.parse_strace([
        '7 10:00:00.1 --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---',
        '8 10:00:00.2 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=7, si_uid=1001} ---',
        '7 10:00:00.3 +++ exited with 3 +++',
    ])
    assert [e.detail.get("sig") for e in kinds(events, "signal")] == ["SIGSEGV", "SIGTERM"]
    assert kinds(events, "signal")[1].detail["sender"] == 7
    assert kinds(events, "exit")[0].detail["code"] == 3


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (('1 10:00:00.1 connect(3, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), '
         'inet_pton(AF_INET6, "2606:4700::1111", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH (Network is unreachable)'),
         {"family": "AF_INET6", "addr": "2606:4700::1111", "port": 443, "errno": "ENETUNREACH"}),
        ('1 10:00:00.1 connect(4, {sa_family=AF_UNIX, sun_path="/var/run/docker.sock"}, 23) = -1 ENOENT (No such file or directory)',
         {"family": "AF_UNIX", "path": "/var/run/docker.sock", "errno": "ENOENT"}),
        ('1 10:00:00.1 bind(3, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr("0.0.0.0")}, 16) = 0',
         {"family": "AF_INET", "addr": "0.0.0.0", "port": 4444, "result": 0}),
    ],
)
def test_socket_addresses(line, expected):
    e = one(line)
    assert {k: e.detail.get(k) for k in expected} == expected


def test_execve_argv_with_escapes():
    e = one('9 10:00:00.1 execve("/bin/sh", ["sh", "-c", "echo \\"hi\\" | base64 -d\\n"], 0x7ffd /* 9 vars */) = 0')
    assert e.detail["path"] == "/bin/sh"
    assert e.detail["argv"] == ["sh", "-c", 'echo "hi" | base64 -d\n']


def test_openat_flags_and_write_intent():
    e = one('3 10:00:00.1 openat(AT_FDCWD, "/home/sandbox/.bashrc", O_WRONLY|O_CREAT|O_APPEND, 0666) = -1 EROFS (Read-only file system)')
    assert e.detail["flags"] == "O_WRONLY|O_CREAT|O_APPEND"
    assert e.detail["write"] and e.detail["create"]
    assert e.detail["errno"] == "EROFS"


def test_relative_paths_resolve_against_cwd_and_chdir():
    events = monitor.parse_strace([
        '3 10:00:00.1 unlink("notes.txt")     = 0',
        '3 10:00:00.2 chdir("/etc")           = 0',
        '3 10:00:00.3 unlinkat(AT_FDCWD, "passwd", 0) = -1 EACCES (Permission denied)',
        '3 10:00:00.4 renameat2(AT_FDCWD, "hosts", AT_FDCWD, "/tmp/h", RENAME_NOREPLACE) = -1 EXDEV (Invalid cross-device link)',
    ], cwd="/work")
    assert [e.detail["path"] for e in kinds(events, "unlink")] == ["/work/notes.txt", "/etc/passwd"]
    assert kinds(events, "rename")[0].detail["path2"] == "/tmp/h"
    assert kinds(events, "rename")[0].detail["path"] == "/etc/hosts"


@pytest.mark.parametrize(
    ("line", "kind", "expected"),
    [
        ('4 10:00:00.1 chmod("/work/x", 04755) = 0', "chmod", {"path": "/work/x", "mode": "04755"}),
        ('4 10:00:00.1 fchmodat(AT_FDCWD, "/tmp/y", 0755) = 0', "chmod", {"path": "/tmp/y", "mode": "0755"}),
        ('4 10:00:00.1 setuid(0)                = -1 EPERM (Operation not permitted)', "setid",
         {"syscall": "setuid", "errno": "EPERM"}),
        ('4 10:00:00.1 setresuid(-1, 0, -1)     = -1 EPERM (Operation not permitted)', "setid", {"syscall": "setresuid"}),
        ('4 10:00:00.1 kill(-1, SIGKILL)        = 0', "kill", {"target": -1, "sig": "SIGKILL"}),
        ('4 10:00:00.1 tgkill(12, 13, SIGTERM) = 0', "kill", {"target": 13, "tgid": 12, "sig": "SIGTERM"}),
        (('4 10:00:00.1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, '
         'child_tidptr=0x7f) = -1 EAGAIN (Resource temporarily unavailable)'), "clone", {"errno": "EAGAIN", "child": None}),
        (('4 10:00:00.1 mmap(NULL, 4294971392, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = '
         '-1 ENOMEM (Cannot allocate memory)'), "mmap", {"length": 4294971392, "errno": "ENOMEM"}),
        ('4 10:00:00.1 mount("none", "/mnt", "tmpfs", 0, NULL) = -1 EPERM (Operation not permitted)', "mount",
         {"errno": "EPERM"}),
        ('4 10:00:00.1 unshare(CLONE_NEWUSER|CLONE_NEWNS) = -1 EPERM (Operation not permitted)', "unshare",
         {"errno": "EPERM"}),
        ('4 10:00:00.1 ptrace(PTRACE_ATTACH, 1)  = -1 EPERM (Operation not permitted)', "ptrace",
         {"request": "PTRACE_ATTACH", "target": 1}),
        ('4 10:00:00.1 ftruncate(3, 1073741824)  = -1 EFBIG (File too large)', "truncate",
         {"length": 1073741824, "errno": "EFBIG"}),
        ('4 10:00:00.1 memfd_create("x", MFD_CLOEXEC) = 3', "memfd_create", {"path": "x"}),
    ],
)
def test_evidence_syscalls(line, kind, expected):
    e = one(line)
    assert e.kind == kind
    assert {k: e.detail.get(k) for k in expected} == expected


def test_small_mappings_and_plumbing_are_dropped():
    lines = [
        '4 10:00:00.1 mmap(NULL, 262144, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
        '4 10:00:00.1 close(3)                = 0',
        '4 10:00:00.1 getsockname(3, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("127.0.0.1")}, [16]) = 0',
        '4 10:00:00.1 openat(AT_FDCWD, "/usr/lib/python3.11/json/__init__.py", O_RDONLY|O_CLOEXEC) = 3',
        '4 10:00:00.1 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
    ]
    assert monitor.parse_strace(lines) == []
    assert len(monitor.parse_strace(lines, keep_noise=True)) == len(lines)


def test_dup_of_a_file_is_plumbing_but_dup_of_a_socket_is_evidence():
    events = monitor.parse_strace([
        '4 10:00:00.1 openat(AT_FDCWD, "/work/out.txt", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3',
        '4 10:00:00.2 dup2(3, 1)              = 1',
        '4 10:00:00.3 close(3)                = 0',
        '4 10:00:00.4 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3',
        '4 10:00:00.5 connect(3, {sa_family=AF_INET, sin_port=htons(9001), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        '4 10:00:00.6 dup2(3, 0)              = 0',
    ])
    dups = kinds(events, "dup")
    assert [(d.detail["newfd"], d.detail["socket"], d.detail["peer"]) for d in dups] == [(0, True, "127.0.0.1:9001")]


def test_pidless_and_malformed_lines_do_not_raise():
    parser = monitor.TraceParser()
    parser.feed([
        '10:00:00.1 unlink("/etc/passwd") = -1 EACCES (Permission denied)',
        "garbage without structure",
        "42 10:00:00.1 (",
        "",
    ])
    parser.finish()
    assert [e.kind for e in parser.events] == ["unlink", "trace_forged"]
    assert parser.unparsed >= 1


@pytest.mark.slow
def test_parser_speed_on_200k_real_lines():
    lines = []
    for path in sorted(FIXTURES.glob("*.json.gz")):
        with gzip.open(path, "rt") as fh:
            lines += json.load(fh)["trace"]
    big = (lines * (200_000 // len(lines) + 1))[:200_000]
    start = time.perf_counter()
    events = monitor.parse_strace(big, cwd="/work")
    elapsed = time.perf_counter() - start
    assert events
    # ~60k lines/s measured on this 2-core machine under load; the bound leaves room for slow CI runners.
    assert elapsed < 30, f"{len(big) / elapsed:.0f} lines/s"


def test_a_reused_descriptor_number_does_not_keep_its_old_directory():
    events = monitor.parse_strace([
        '4 10:00:00.1 openat(AT_FDCWD, "/usr/lib/python3.11/importlib", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3',
        '4 10:00:00.2 close(3)                = 0',
        '4 10:00:00.3 openat(AT_FDCWD, "/tmp/tmpab12", O_RDONLY|O_CLOEXEC) = 3',  # rmtree: no O_DIRECTORY
        '4 10:00:00.4 unlinkat(3, "a.zip", 0) = 0',
    ], cwd="/work")
    assert [e.detail["path"] for e in kinds(events, "unlink")] == ["/tmp/tmpab12/a.zip"]


def test_a_malformed_result_does_not_crash_the_host():
    from codeeval.execution import behaviours

    garbage = {"trace": [1, None, "x", "12 10:00:00.1 kill("], "audit": [{"event": "open", "args": "x", "pid": "y"}],
               "dns": [{"qname": 5}], "sink": [{"payload_b64": "!!!"}], "survivors": [{"pid": "a"}], "root": 5,
               "fs": {"x": 5}, "decoys": ["a", {"pid": "b"}], "sink_ports": None}
    events, found = behaviours.classify_result(garbage, None)
    assert all(isinstance(e, Event) for e in events)
    assert behaviours.verdict(found) in ("clean", "suspicious", "malicious")


def test_text_written_into_straces_output_is_reported_and_the_real_line_recovered():
    # The sample shares strace's uid and can write into its output: a line without the pid prefix is
    # forged, and a genuine line glued behind it is still parsed.
    events = monitor.parse_strace([
        '7 10:00:00.1 execve("/usr/bin/python3", ["python3", "s.py"], 0x7ff /* 3 vars */) = 0',
        'junk7 10:00:00.2 connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("1.2.3.4")}, 16) = -1 ENETUNREACH (Network is unreachable)',
    ])
    assert [e.kind for e in events] == ["exec", "trace_forged", "connect"]
    assert events[1].detail["text"] == "junk"
    assert events[2].detail["addr"] == "1.2.3.4"
