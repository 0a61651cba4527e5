"""The sandbox's seccomp profile: Docker's default semantics, plus the calls that bypass our tracer trapped.

Passing a profile replaces Docker's default, so ours keeps what the default blocks for a container with no
capabilities and adds what the tracer needs seen. The shape is an allow-list (a call the profile does not know,
a kernel's newer syscalls included, fails with ENOSYS, so libc falls back as it does on an older kernel):

- allowed: every syscall of the x86_64 table (linux-libc-dev 6.1, also valid names on arm64) except those below;
- EPERM, as Docker's default: accounting, clocks, keyrings, kernel and NUMA memory policy, reboot, swap, quotas,
  perf, userfaultfd, handle-based opens, host and domain names, syslog, vhangup, chroot, modify_ldt, ioperm/iopl;
- `clone` with namespace flags EPERM, `clone3` ENOSYS (glibc then uses clone, whose flags a filter can see),
  `personality` only with the values Docker allows;
- SIGSYS (SCMP_ACT_TRAP) for io_uring, whose submissions the kernel performs without a syscall strace could
  stop, and for the namespace, mount, module, kexec and BPF calls: a call the profile refuses with an errno
  never reaches the tracer (a seccomp errno wins over the tracer's own filter), a trapped one shows in the
  trace as `--- SIGSYS {... si_syscall=__NR_io_uring_setup ...}` and is named by the classifier.

`build()` derives the JSON in codeeval/data/seccomp.json from a list of syscall names; tests check that the
shipped file is what build() gives, and a real daemon accepts it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

EPERM, ENOSYS = 1, 38
TRAPPED = (
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "unshare", "setns", "mount", "umount2", "pivot_root", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
    "open_tree", "mount_setattr", "bpf", "init_module", "finit_module", "delete_module", "kexec_load",
    "kexec_file_load", "open_by_handle_at",
)
DENIED = (
    "acct", "add_key", "keyctl", "request_key", "clock_adjtime", "clock_settime", "settimeofday", "adjtimex",
    "create_module", "get_kernel_syms", "query_module", "nfsservctl", "ioperm", "iopl", "modify_ldt", "kcmp",
    "lookup_dcookie", "get_mempolicy", "set_mempolicy", "set_mempolicy_home_node", "mbind", "move_pages",
    "migrate_pages", "name_to_handle_at", "perf_event_open", "fanotify_init", "quotactl", "quotactl_fd", "reboot",
    "setdomainname", "sethostname", "swapon", "swapoff", "_sysctl", "sysfs", "syslog", "uselib", "userfaultfd",
    "ustat", "vhangup", "chroot", "afs_syscall", "tuxcall", "security", "vserver", "getpmsg", "putpmsg",
    "memfd_secret", "process_madvise", "process_mrelease", "pidfd_getfd",
)
SPECIAL = ("clone", "clone3", "personality")
NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)
PERSONALITIES = (0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF)  # Linux, and the two flags Docker lets through


def build(syscalls: Iterable[str]) -> dict[str, Any]:
    """The profile for a kernel whose syscalls are `syscalls` (names)."""
    blocked = set(TRAPPED) | set(DENIED) | set(SPECIAL)
    allowed = sorted(set(syscalls) - blocked)
    no_ns = sum(NAMESPACE_FLAGS)
    rules: list[dict[str, Any]] = [
        {"names": allowed, "action": "SCMP_ACT_ALLOW", "args": []},
        {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": no_ns, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
        *({"names": ["clone"], "action": "SCMP_ACT_ERRNO", "errnoRet": EPERM,
           "args": [{"index": 0, "value": flag, "valueTwo": flag, "op": "SCMP_CMP_MASKED_EQ"}]}
          for flag in NAMESPACE_FLAGS),
        {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": ENOSYS, "args": []},
        *({"names": ["personality"], "action": "SCMP_ACT_ALLOW",
           "args": [{"index": 0, "value": value, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]} for value in PERSONALITIES),
        {"names": sorted(DENIED), "action": "SCMP_ACT_ERRNO", "errnoRet": EPERM, "args": []},
        {"names": list(TRAPPED), "action": "SCMP_ACT_TRAP", "args": []},
    ]
    return {
        "defaultAction": "SCMP_ACT_ERRNO",
        "defaultErrnoRet": ENOSYS,
        "archMap": [
            {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
            {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]},
        ],
        "syscalls": rules,
    }


@cache
def profile_text() -> str:
    """The shipped profile, as the JSON text Docker's `security_opt` takes (`seccomp=<text>`)."""
    return resources.files("codeeval").joinpath("data/seccomp.json").read_text(encoding="utf-8")


def security_opt() -> str:
    return "seccomp=" + json.dumps(json.loads(profile_text()), separators=(",", ":"))


def write(path: str, header: str = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h") -> None:
    """Regenerate the shipped profile from a kernel header's syscall table (python -m codeeval.execution.seccomp)."""
    import re

    with open(header, encoding="utf-8") as fh:
        names = re.findall(r"#define __NR_(\w+) \d+", fh.read())
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(build(names), fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    write(str(resources.files("codeeval").joinpath("data/seccomp.json")))
