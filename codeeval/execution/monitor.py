"""Raw monitoring records -> codeeval.types.Event.

Inputs are what the in-container supervisor reports (see sandbox/supervisor.py): `strace -f -tt` lines, audit
hook records, DNS queries seen by the loopback resolver, payloads caught by the loopback TCP sink, and the
processes still alive after the sample's main process ended.

The strace parser is written for volume (a trace may hold 200k lines): one split per line, a dict dispatch on
the syscall name, and small anchored regexes only for the syscalls that carry evidence. It also keeps a little
state, because some evidence is only visible across lines: which descriptors are sockets (for reverse shells
that dup2 a socket onto stdin/stdout), what each process is running, and who forked whom.

Event kinds (detail keys in brackets; every strace event also has syscall, result, errno, time):
  exec [path, argv, stdio_sockets]      open [path, flags, write, create]     stat [path]
  unlink [path, dir]   rename [path, path2]   chmod [path|fd, mode]   chown [path]   mkdir [path]
  link [path, path2]   truncate [path|fd, length]   chdir [path]   chroot [path]
  socket [family, type]   connect/bind/sendto [family, addr, port, path (AF_UNIX), data]   listen/accept
  clone [child, flags, thread]   kill [target, sig, tgid]   signal [sig]   exit [code | sig]
  setid [args]   ptrace [request, target]   mount / umount / unshare / setns / keyctl / bpf / module [args]
  dup [fd, newfd, socket]   mmap [length]   mremap [length]   memfd_create [name]   prctl [option, args]
  setsid / setpgid / personality / capset / pidfd [args]   sleep [seconds] (timed sleeps, when traced)
  signal SIGSYS also carries [syscall]: the call the seccomp profile trapped (io_uring, unshare, mount...)
Paths are normalised (`..`, `//`, relative to the process's cwd or dir fd); a path reached through a symlink,
hard link or rename the trace saw is reported as its target, with the name used in [via].
Audit records become kind "audit:<event>" (source audit), DNS queries kind "dns" (source resolver),
sink connections kind "sink" (source sink), survivors kind "survivor" (source supervisor).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import Any

from codeeval.types import Event

# Read-only file accesses under these prefixes are the interpreter and libc loading themselves: not events.
NOISE_PREFIXES = (
    "/usr/lib/", "/lib/", "/lib64/", "/usr/lib64/", "/usr/local/lib/", "/usr/share/", "/etc/ld.so.",
    "/usr/pyvenv.cfg", "/usr/bin/pyvenv.cfg", "/usr/local/bin/pyvenv.cfg", "/proc/self/", "/dev/null",
    "/dev/urandom", "/etc/localtime", "/usr/lib", "/usr/bin/python", "/usr/local/bin/python", "/opt/codeeval/",
    "/etc/os-release", "/usr/lib/os-release", "/etc/nsswitch.conf", "/etc/host.conf", "/etc/gai.conf",
    "/usr/lib/locale", "/etc/mime.types", "/sys/devices/system/cpu", "/usr/bin/pybuilddir.txt",
    "/usr/bin/Modules/", "/usr/bin/lib/", "/usr/local/bin/pybuilddir.txt", "/usr/local/bin/Modules/",
    "/usr/local/bin/lib/",
)
# stat()/access()/readlink() and directory listings are reported only for paths like these (probing for a
# socket, a key or a cgroup file is evidence; Python stat-ing its own sys.path is not), or when denied.
INTERESTING = re.compile(
    r"docker\.sock|containerd|/proc/(?:1|\d+)/|/proc/sysrq|/proc/kcore|/sys/fs/cgroup|/sys/kernel|release_agent|"
    r"\.ssh|\.aws|\.env$|\.gnupg|\.kube|\.docker|\.git-credentials|\.netrc|/etc/shadow|/etc/gshadow|/etc/sudoers|"
    r"/etc/passwd|/root|^/home/|bashrc|profile|/cron|systemd|autostart|/etc/rc|/etc/init|^/\.dockerenv|"
    r"^/run/\.containerenv|/proc/self/cgroup|/proc/self/mountinfo|/proc/self/status$|/proc/self/comm$|"
    r"/dev/(?:mem|kmem|sd|nvme|tcp|udp)|/var/run|^/run/|/usr/bin/sudo|/bin/su$|/usr/bin/su$|nsenter"
)
QUIET_SYSCALLS = frozenset({
    "getsockopt", "setsockopt", "getsockname", "getpeername", "wait4", "waitid", "exit", "exit_group",
    "close", "close_range", "pipe", "pipe2", "recvfrom", "recvmsg", "recvmmsg", "shutdown", "socketpair",
    "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid", "getgroups", "capget", "arch_prctl",
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "rt_sigsuspend", "rt_sigtimedwait",
    "set_robust_list", "set_tid_address", "dup",
})
# Directory listings here are reconnaissance; listings anywhere else are importlib walking sys.path.
SENSITIVE_DIRS = re.compile(
    r"^/(?:etc|root|home|var/log|var/mail|var/spool|boot|var/lib/docker)(?:/|$)|/\.(?:ssh|aws|gnupg|kube|docker)(?:/|$)"
)
NAME_ONLY = frozenset({"unlink", "rename", "link"})  # calls on a name, not on what a symlink there points to
SLEEP_SYSCALLS = frozenset({"nanosleep", "clock_nanosleep", "select", "pselect6", "poll", "ppoll"})
BIG_MAP = 64 * 1024 * 1024
MAPPED_REPORT = 128 * 1024 * 1024  # a process that mapped this much in total gets a "mapped" summary event  # mappings at least this large are reported (memory bombs); smaller ones are noise

_STR = r'"((?:[^"\\]|\\.)*)"'
_FIRST_STR = re.compile(_STR)
_LINE_START = re.compile(r"\d+ +\d\d:\d\d:\d\d\.\d+ ")
_AT_STR = re.compile(r'(?:(AT_FDCWD|-?\d+), )?' + _STR)
_OPENAT = re.compile(r'^(?:AT_FDCWD|-?\d+)(?:<[^>]*>)?, ' + _STR + r'(?:\.\.\.)?, ([A-Z0-9_|]+)(?:, (0\d*))?')
_OPEN = re.compile(r'^' + _STR + r'(?:\.\.\.)?, ([A-Z0-9_|]+)(?:, (0\d*))?')
_OPENAT2 = re.compile(r'^(?:AT_FDCWD|-?\d+), ' + _STR + r'(?:\.\.\.)?, \{flags=([A-Z0-9_|]+)')
_ARGV = re.compile(r'\[((?:' + _STR + r'(?:\.\.\.)?(?:, )?)*)(?:\.\.\.)?\]')
_INET = re.compile(r'sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]*)"\)')
_INET6 = re.compile(r'sa_family=AF_INET6, sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([^"]*)"')
_UNIX = re.compile(r'sa_family=AF_UNIX, sun_path=(@?)' + _STR)
_FAMILY = re.compile(r'sa_family=(AF_\w+)')
_INTS = re.compile(r'-?\d+')
_SIG = re.compile(r'SIG\w+')
_MODE = re.compile(r'(?:^|, )(0\d*)(?:, |$)')
_CLONE_FLAGS = re.compile(r'flags=([A-Z0-9_|]+)')
_TIMESPEC = re.compile(r"\{tv_sec=(\d+), tv_(?:n|u)sec=(\d+)\}")
_SIGSYS_CALL = re.compile(r"si_syscall=(?:__NR_)?(\w+)")
_IOV_LEN = re.compile(r"iov_len=(\d+)")
_EXIT = re.compile(r'\+\+\+ (?:exited with (\d+)|killed by (SIG\w+))')
_ESCAPES = re.compile(r'\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)')
_SIMPLE_ESC = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "f": "\f", "a": "\a", "b": "\b", "0": "\0", '"': '"', "\\": "\\"}


def unescape(text: str) -> str:
    """strace's C-style string escapes to text (octal/hex bytes become latin-1 characters)."""
    if "\\" not in text:
        return text

    def one(m: re.Match) -> str:
        s = m.group(1)
        if s[0] == "x":
            return chr(int(s[1:], 16))
        if s[0].isdigit() and s[0] in "01234567" and (len(s) > 1 or s not in _SIMPLE_ESC):
            return chr(int(s, 8) & 0xFF)
        return _SIMPLE_ESC.get(s, s)

    return _ESCAPES.sub(one, text)


class TraceParser:
    """Stateful strace line parser; feed lines in order, collect `events`."""

    def __init__(self, *, keep_noise: bool = False, cwd: str | None = None) -> None:
        self.keep_noise = keep_noise
        self.default_cwd = cwd  # the sample's starting directory, to make relative paths absolute
        self.cwd: dict[int, str] = {}
        self.dirfds: dict[int, dict[int, str]] = {}  # pid -> fd -> path it was opened on (for unlinkat(fd, ...))
        self.aliases: dict[str, str] = {}  # link name -> what it reaches (symlinks, hard links, renames seen)
        self.events: list[Event] = []
        self.pending: dict[int, tuple[str, str, str]] = {}  # pid -> (syscall, args so far, time): <unfinished ...>
        self.sockets: dict[int, dict[int, dict[str, Any]]] = {}  # pid -> fd -> socket info
        self.image: dict[int, str] = {}  # pid -> path of the last successful execve
        self.parent: dict[int, int] = {}
        self.pids: set[int] = set()
        self.root: int | None = None
        self.mapped: dict[int, int] = {}  # pid -> bytes of anonymous memory mapped (an upper bound)
        self.lines = 0
        self.unparsed = 0

    # --------------------------------------------------------------- lines
    def feed(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.lines += 1
            try:
                self.feed_line(line)
            except (ValueError, IndexError):
                self.unparsed += 1

    def feed_line(self, line: str) -> None:
        line = line.rstrip("\n")
        if line and not line[0].isdigit() and self.root is not None:
            # Every line strace writes starts with a pid (-f). Anything else was written into strace's
            # output by someone else (the sample can reach strace's descriptors): keep the genuine line
            # glued behind it, and report the writing.
            m = _LINE_START.search(line)
            self.events.append(Event("trace_forged", {"text": line[: m.start() if m else 120][:120]}, None))
            if not m:
                return
            line = line[m.start():]
        head, _, rest = line.partition(" ")
        if head.isdigit():
            pid = int(head)
            ts, _, rest = rest.lstrip(" ").partition(" ")  # strace pads the pid column
            if ":" not in ts:  # no timestamp column
                rest, ts = ts + " " + rest, ""
        else:  # single-process traces may lack the pid column
            pid, ts = 0, head
            if ":" not in ts:
                rest, ts = line, ""
        if self.root is None:
            self.root = pid
        if pid not in self.pids:
            self.adopt(pid)
            self.pids.add(pid)
        rest = rest.lstrip()
        if rest.startswith("+++"):
            if pid in self.pending:
                self.flush_pending(pid)
            m = _EXIT.search(rest)
            detail: dict[str, Any] = {"time": ts}
            if m and m.group(1) is not None:
                detail["code"] = int(m.group(1))
            elif m:
                detail["sig"] = m.group(2)
            else:
                detail["note"] = rest.strip("+ ")
            self.events.append(Event("exit", detail, pid))
            return
        if rest.startswith("---"):
            sig = _SIG.search(rest)
            detail = {"sig": sig.group(0) if sig else rest.strip("- "), "time": ts}
            m = re.search(r"si_pid=(\d+)", rest)
            if m:
                detail["sender"] = int(m.group(1))
            if detail["sig"] == "SIGSYS":  # a call the seccomp profile traps: the only trace of its attempt
                m = _SIGSYS_CALL.search(rest)
                if m:
                    detail["syscall"] = m.group(1)
            self.events.append(Event("signal", detail, pid))
            return
        if rest.startswith("<..."):
            name, _, tail = rest[5:].partition(" resumed>")
            prev = self.pending.pop(pid, None)
            name = name.strip()
            if tail.endswith("<unfinished ...>"):
                self.pending[pid] = (name, (prev[1] if prev else "") + tail[: -len("<unfinished ...>")].rstrip(), ts)
                return
            rest = name + "(" + (prev[1] if prev and prev[0] == name else "") + tail.lstrip()
        elif rest.endswith("<unfinished ...>"):
            name, _, args = rest.partition("(")
            self.pending[pid] = (name, args[: -len("<unfinished ...>")].rstrip(), ts)
            return
        name, _, tail = rest.partition("(")
        if not name or not tail:
            self.unparsed += 1
            return
        handler = HANDLERS.get(name)
        if handler is None and name in QUIET_SYSCALLS and not self.keep_noise:
            return
        eq = tail.rfind(" = ")  # strace pads short calls: "close(3)          = 0"
        if eq < 0:
            # A line cut short: strace was killed while printing it (kill -1 reaches strace too). Keep it as an
            # unfinished call; a pid's later lines or the end of the trace flush it.
            self.pending[pid] = (name, tail.rstrip(), ts)
            return
        args = tail[:eq].rstrip()
        args = args.removesuffix(")")
        # "= 3", "= 0x7f00", "= ?", "= -1 ENOENT (No such file or directory)", "= 0 (Timeout)"
        token, _, more = tail[eq + 3 :].partition(" ")
        result: int | None
        try:
            result = None if token == "?" else int(token, 16) if token.startswith("0x") else int(token)
        except ValueError:
            result = None
        errno = more.partition(" ")[0] if more[:1].isupper() else None
        if handler is None:
            self.emit(name, pid, ts, name, result, errno, {"args": args[:256]})
            return
        handler(self, pid, ts, name, args, result, errno)

    def finish(self) -> None:
        """Calls still <unfinished ...> at the end (the process was killed inside them) become events too."""
        for pid in list(self.pending):
            self.flush_pending(pid)
        if self.mapped:
            pid, total = max(self.mapped.items(), key=lambda kv: kv[1])
            if total >= MAPPED_REPORT:
                self.events.append(Event("mapped", {"bytes": total, "pid": pid}, pid))

    def flush_pending(self, pid: int) -> None:
        name, args, ts = self.pending.pop(pid)
        try:
            self.feed_line(f"{pid} {ts or '00:00:00.000000'} {name}({args}) = ? UNFINISHED (killed in the call)")
        except (ValueError, IndexError):
            self.unparsed += 1

    def emit(self, kind: str, pid: int, ts: str, syscall: str, result, errno, detail: dict[str, Any]) -> None:
        detail["syscall"] = syscall
        detail["result"] = result
        if errno:
            detail["errno"] = errno
        detail["time"] = ts
        self.events.append(Event(kind, detail, pid))

    # -------------------------------------------------------------- state
    def adopt(self, pid: int) -> None:
        """A pid seen for the first time. Children often print before their parent's fork call returns, so
        the parent is whoever has a fork-like call in flight; the child starts with its descriptors."""
        forkers = [p for p, (name, _, _) in self.pending.items() if name in ("clone", "clone3", "fork", "vfork")]
        if forkers and pid not in self.parent:
            self.inherit(forkers[-1], pid)

    def inherit(self, parent: int, child: int) -> None:
        self.parent[child] = parent
        if parent in self.image:
            self.image.setdefault(child, self.image[parent])
        if parent in self.cwd:
            self.cwd.setdefault(child, self.cwd[parent])
        if parent in self.sockets:
            table = self.fd_table(child)
            for fd, info in self.sockets[parent].items():
                table.setdefault(fd, dict(info))
        if parent in self.dirfds:
            dirs = self.dirfds.setdefault(child, {})
            for fd, path in self.dirfds[parent].items():
                dirs.setdefault(fd, path)

    def resolve(self, pid: int, dirfd: str | None, path: str) -> str:
        """Absolute, normalised form of a path argument (`/usr/../etc/shadow` is /etc/shadow), when the parser
        knows the directory it is relative to."""
        return self.locate(pid, dirfd, path)[0]

    def locate(self, pid: int, dirfd: str | None, path: str, follow: bool = True) -> tuple[str, str | None]:
        """(what the path reaches, the name used when that went through a link the trace saw, else None).
        follow=False for calls that act on the name itself (unlink, rename, link, lstat): only the directories
        on the way are followed."""
        if not path:
            return path, None
        if not path.startswith("/"):
            if dirfd and dirfd != "AT_FDCWD":
                try:
                    base = self.dirfds.get(pid, {}).get(int(dirfd))
                except ValueError:
                    base = None
            else:
                base = self.cwd.get(pid, self.default_cwd)
            if not base:
                return path, None
            path = base.rstrip("/") + "/" + path
        path = normalise(path)
        if self.aliases:
            if follow:
                real = self.dealias(path)
            else:
                head, _, tail = path.rpartition("/")
                real = (self.dealias(head) if head else "") + "/" + tail
            if real != path:
                return real, path
        return path, None

    def dealias(self, path: str) -> str:
        """The path a link name stands for; a link to a directory covers everything under it."""
        for _ in range(8):  # links to links, bounded like the kernel's own loop limit
            hit = self.aliases.get(path)
            if hit is None:
                cut = path.rfind("/")
                while cut > 0:
                    head = self.aliases.get(path[:cut])
                    if head is not None:
                        hit = head + path[cut:]
                        break
                    cut = path.rfind("/", 0, cut)
            if hit is None or hit == path:
                return path
            path = hit
        return path

    def fd_table(self, pid: int) -> dict[int, dict[str, Any]]:
        table = self.sockets.get(pid)
        if table is None:
            table = self.sockets[pid] = {}
        return table

    def forget_fd(self, pid: int, fd: int) -> None:
        table = self.sockets.get(pid)
        if table:
            table.pop(fd, None)


def normalise(path: str) -> str:
    """Lexical normal form of an absolute path: no `.`, `..`, or repeated slashes (normpath keeps a leading
    `//`, which names the same directory as `/` on Linux)."""
    if "/." not in path and "//" not in path and not path.endswith("/"):
        return path  # the common case, already normal
    out = posixpath.normpath(path)
    return "/" + out.lstrip("/") if out.startswith("//") else out


def _first_path(args: str) -> tuple[str | None, str, int] | None:
    """(dir fd, path, end offset) of the first string argument; str.find when there is nothing to unescape
    (the common case, and stat lines are most of a Python trace), the regex otherwise."""
    i = args.find('"')
    if i < 0:
        return None
    j = args.find('"', i + 1)
    if j < 0:
        return None
    if args.find("\\", i, j) >= 0:
        m = _AT_STR.search(args)
        return (m.group(1), unescape(m.group(2)), m.end()) if m else None
    dirfd = args[:i - 2] if i >= 2 and args[i - 2 : i] == ", " and "," not in args[: i - 2] else None
    return dirfd, args[i + 1 : j], j + 1


def _path_event(kind: str):
    def handle(p: TraceParser, pid, ts, name, args, result, errno) -> None:
        m = _first_path(args)
        raw = m[1] if m else ""
        if kind == "stat" and not p.keep_noise and errno not in ("EACCES", "EPERM") and raw.startswith("/") \
                and "/." not in raw and "//" not in raw and not p.aliases and not INTERESTING.search(raw):
            return  # the bulk of every trace: Python stat-ing its own path
        if kind == "link" and name.startswith("symlink") and m:
            path, via = raw, None  # a symlink's target is text, resolved against the link's directory below
        else:
            path, via = p.locate(pid, m[0], raw, follow=kind not in NAME_ONLY and name not in ("lstat", "readlink",
                                                                                           "readlinkat", "lgetxattr", "llistxattr")) if m else ("", None)
        if kind == "chdir" and errno is None and path:
            p.cwd[pid] = path
        if kind == "stat" and not p.keep_noise and errno not in ("EACCES", "EPERM") and not INTERESTING.search(path):
            return
        detail: dict[str, Any] = {"path": path}
        if via:
            detail["via"] = via
        if kind == "unlink":
            detail["dir"] = name == "rmdir" or "AT_REMOVEDIR" in args
            if result == 0 and p.aliases:
                p.aliases.pop(path, None)  # the name is free again: a new file there is not the old one
        elif kind in ("rename", "link"):
            pairs = _AT_STR.findall(args)
            detail["path2"] = p.locate(pid, pairs[1][0], unescape(pairs[1][1]), follow=False)[0] if len(pairs) > 1 else ""
            if name.startswith("symlink") and detail["path2"]:
                target = path if path.startswith("/") else posixpath.dirname(detail["path2"]) + "/" + path
                detail["path"] = path = p.dealias(normalise(target))
            if result == 0 and detail["path2"] and path:
                _alias(p, detail["path2"], path, moved=kind == "rename")
        elif kind == "chmod":
            mode = _MODE.search(args)
            detail["mode"] = mode.group(1) if mode else ""
            if not m:
                ints = _INTS.match(args)
                detail["fd"] = int(ints.group(0)) if ints else None
        elif kind == "truncate":
            ints = _INTS.findall(args[m[2]:] if m else args)
            detail["length"] = int(ints[-1]) if ints else None
            if not m and ints:
                detail["fd"] = int(ints[0])
        p.emit(kind, pid, ts, name, result, errno, detail)

    return handle


def _alias(p: TraceParser, name: str, target: str, *, moved: bool) -> None:
    """`name` now reaches `target` (a link), or holds what `target` held (a rename: the old name is free)."""
    if name == target:
        return
    p.aliases[name] = p.aliases.pop(target, target) if moved else target


def _fchdir(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    ints = _INTS.match(args)
    if ints and result == 0:
        path = p.dirfds.get(pid, {}).get(int(ints.group(0)))
        if path:
            p.cwd[pid] = path


def _sleep(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    """Timed sleeps, reported from a second up (a sample waiting out the sandbox's deadline): nanosleep and
    clock_nanosleep, and select/poll used as a sleep (no descriptors to wait on)."""
    if name in ("select", "pselect6", "poll", "ppoll") and not args.startswith(("0,", "NULL,", "[], 0")):
        return
    if name == "clock_nanosleep" and "TIMER_ABSTIME" in args:
        # An absolute deadline on a clock whose reading the trace lacks (Python's time.sleep does this): no
        # duration to read. Python's long sleeps are named from sitecustomize's codeeval.sleep record instead.
        return
    if name == "poll":
        ints = _INTS.findall(args)
        seconds = int(ints[-1]) / 1000 if ints else 0.0
    else:
        t = _TIMESPEC.search(args)
        if not t:
            return
        frac = t.group(2)
        seconds = int(t.group(1)) + int(frac) / (1e9 if "tv_nsec" in args[t.start():t.end()] else 1e6)
    if seconds < 1 and not p.keep_noise:
        return
    p.emit("sleep", pid, ts, name, result, errno, {"seconds": round(seconds, 3)})


def _open(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    m = (_OPENAT if name == "openat" else _OPENAT2 if name == "openat2" else _OPEN).match(args)
    dirfd = args.split(", ", 1)[0] if name in ("openat", "openat2") else None
    if name == "creat":
        s = _FIRST_STR.search(args)
        path, flags = (unescape(s.group(1)) if s else ""), "O_WRONLY|O_CREAT|O_TRUNC"
    elif m:
        path, flags = unescape(m.group(1)), m.group(2)
    else:
        s = _FIRST_STR.search(args)
        path, flags = (unescape(s.group(1)) if s else ""), ""
    path, via = p.locate(pid, dirfd, path)
    if isinstance(result, int) and result >= 0:
        p.forget_fd(pid, result)
        # Every open, not only O_DIRECTORY ones: rmtree opens directories without that flag, and a stale
        # entry for a reused descriptor number would put the sample's deletions in the wrong directory.
        p.dirfds.setdefault(pid, {})[result] = path
    write = "O_WRONLY" in flags or "O_RDWR" in flags or "O_CREAT" in flags or "O_TRUNC" in flags
    if not p.keep_noise and not write and errno not in ("EACCES", "EPERM"):
        if (path.startswith(NOISE_PREFIXES) and not INTERESTING.search(path)) or (
                errno == "ENOENT" and not path.startswith("/")):
            return
        if "O_DIRECTORY" in flags and not INTERESTING.search(path) and not SENSITIVE_DIRS.search(path):
            return  # importlib listing sys.path directories
    detail: dict[str, Any] = {"path": path, "flags": flags, "write": write, "create": "O_CREAT" in flags}
    if via:
        detail["via"] = via
    p.emit("open", pid, ts, name, result, errno, detail)


def _exec(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    m = _FIRST_STR.search(args)
    path = unescape(m.group(1)) if m else ""
    argv: list[str] = []
    a = _ARGV.search(args, m.end() if m else 0)
    if a:
        argv = [unescape(s) for s in _FIRST_STR.findall(a.group(1))]
    detail: dict[str, Any] = {"path": path, "argv": argv}
    if result == 0:
        p.image[pid] = path
        table = p.sockets.get(pid, {})
        on_stdio = [fd for fd in (0, 1, 2) if fd in table]
        if on_stdio:
            detail["stdio_sockets"] = on_stdio
            detail["socket_peer"] = table[on_stdio[0]].get("peer")
    p.emit("exec", pid, ts, name, result, errno, detail)


def _sockaddr(args: str) -> dict[str, Any]:
    m = _INET.search(args)
    if m:
        return {"family": "AF_INET", "addr": m.group(2), "port": int(m.group(1))}
    m = _INET6.search(args)
    if m:
        return {"family": "AF_INET6", "addr": m.group(2), "port": int(m.group(1))}
    m = _UNIX.search(args)
    if m:
        return {"family": "AF_UNIX", "path": m.group(1) + unescape(m.group(2))}
    m = _FAMILY.search(args)
    return {"family": m.group(1)} if m else {}


def _net(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    ints = _INTS.match(args)
    fd = int(ints.group(0)) if ints else None
    detail = {"fd": fd, **_sockaddr(args)}
    if not p.keep_noise and detail.get("path") in ("/var/run/nscd/socket", "/run/nscd/socket"):
        return  # glibc asks nscd before every name lookup
    if name in ("sendto", "sendmsg", "sendmmsg"):
        s = _FIRST_STR.search(args)
        if s:
            detail["data"] = unescape(s.group(1))[:256]
        info = p.sockets.get(pid, {}).get(fd)
        if "family" not in detail:
            if not info or not info.get("peer"):
                return  # plain send on a connected socket whose connect was already reported
            detail.update(info.get("peer_detail", {}))
        if info and "SOCK_DGRAM" in (info.get("type") or ""):
            detail["proto"] = "udp"  # counted for floods and amplification
        detail.update(_sent(name, args, result, s))
    if name == "connect" and fd is not None:
        info = p.fd_table(pid).setdefault(fd, {"family": detail.get("family")})
        peer = detail.get("addr") or detail.get("path")
        if peer is not None:
            info["peer"] = f"{peer}:{detail['port']}" if "port" in detail else peer
            info["peer_detail"] = {k: v for k, v in detail.items() if k in ("family", "addr", "port", "path")}
    if name in ("accept", "accept4") and isinstance(result, int) and result >= 0:
        p.fd_table(pid)[result] = {"family": detail.get("family"), "peer": "accepted"}
    kind = "sendto" if name.startswith("send") else "accept" if name.startswith("accept") else name
    p.emit(kind, pid, ts, name, result, errno, detail)


def _sent(name: str, args: str, result, s: re.Match | None) -> dict[str, int]:
    """Datagrams and bytes one send call put out (asked for, when the call failed)."""
    if name == "sendto":
        if isinstance(result, int) and result >= 0:
            return {"bytes": result, "messages": 1}
        ints = _INTS.findall(args[s.end():] if s else args)
        return {"bytes": int(ints[0]) if ints and s else 0, "messages": 1}
    lengths = [int(x) for x in _IOV_LEN.findall(args)]
    if name == "sendmmsg":
        count = result if isinstance(result, int) and result > 0 else max(len(lengths), 1)
        per = max(lengths) if lengths else 0
        return {"bytes": per * count, "messages": count}
    return {"bytes": result if isinstance(result, int) and result >= 0 else sum(lengths), "messages": 1}


def _socket(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    parts = args.split(", ")
    detail = {"family": parts[0] if parts else "", "type": parts[1] if len(parts) > 1 else ""}
    if isinstance(result, int) and result >= 0:
        p.fd_table(pid)[result] = {"family": detail["family"], "type": detail["type"]}
        p.dirfds.get(pid, {}).pop(result, None)
    if not p.keep_noise and detail["family"] in ("AF_UNIX", "AF_NETLINK"):
        return  # libc probes (nscd, netlink for getaddrinfo); AF_UNIX connects are still reported
    p.emit("socket", pid, ts, name, result, errno, detail)


def _dup(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    ints = [int(x) for x in _INTS.findall(args)[:2]]
    if not ints:
        return
    old = ints[0]
    new = ints[1] if len(ints) > 1 and name != "dup" else result
    table = p.sockets.get(pid, {})
    info = table.get(old)
    if isinstance(new, int) and new >= 0 and (result is None or (isinstance(result, int) and result >= 0)):
        source_path = p.dirfds.get(pid, {}).get(old)
        if source_path is not None:
            p.dirfds.setdefault(pid, {})[new] = source_path
        else:
            p.dirfds.get(pid, {}).pop(new, None)
        if info is not None:
            p.fd_table(pid)[new] = dict(info)
        else:
            p.forget_fd(pid, new)
    if info is None and not p.keep_noise:
        return  # dup of a file or pipe: subprocess plumbing
    p.emit("dup", pid, ts, name, result, errno,
           {"fd": old, "newfd": new, "socket": info is not None, "peer": (info or {}).get("peer"),
            "image": p.image.get(pid)})


def _close(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    ints = [int(x) for x in _INTS.findall(args)[:2]]
    if p.keep_noise:
        p.emit(name, pid, ts, name, result, errno, {"args": args[:64]})
    paths = p.dirfds.get(pid)
    if paths and ints:
        if name == "close_range":
            hi = ints[1] if len(ints) > 1 else ints[0]
            for fd in [fd for fd in paths if ints[0] <= fd <= hi]:
                del paths[fd]
        else:
            paths.pop(ints[0], None)
    table = p.sockets.get(pid)
    if table and ints:
        if name == "close_range":
            hi = ints[1] if len(ints) > 1 else ints[0]
            for fd in [fd for fd in table if ints[0] <= fd <= hi]:
                del table[fd]
        else:
            table.pop(ints[0], None)


def _clone(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    flags = _CLONE_FLAGS.search(args)
    flag_text = flags.group(1) if flags else ""
    thread = "CLONE_THREAD" in flag_text
    if isinstance(result, int) and result > 0:
        p.inherit(pid, result)
        p.pids.add(result)
    if thread and not p.keep_noise and errno is None:
        return
    p.emit("clone", pid, ts, name, result, errno,
           {"child": result if isinstance(result, int) and result > 0 else None, "flags": flag_text, "thread": thread})


def _kill(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    ints = _INTS.findall(args)
    sig = _SIG.search(args)
    detail: dict[str, Any] = {"sig": sig.group(0) if sig else (ints[-1] if len(ints) > 1 else "")}
    if name == "tgkill" and len(ints) >= 2:
        detail["tgid"], detail["target"] = int(ints[0]), int(ints[1])
    elif name == "pidfd_send_signal":
        detail["target"] = None
        detail["pidfd"] = int(ints[0]) if ints else None
    else:
        detail["target"] = int(ints[0]) if ints else None
    p.emit("kill", pid, ts, name, result, errno, detail)


def _setid(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    p.emit("setid", pid, ts, name, result, errno, {"args": args[:128]})


def _mmap(p: TraceParser, pid, ts, name, args, result, errno) -> None:
    parts = args.split(", ")
    try:
        length = int(parts[2] if name == "mremap" else parts[1])
    except (IndexError, ValueError):
        return
    if errno is None and (name == "mremap" or "MAP_ANONYMOUS" in args):
        p.mapped[pid] = p.mapped.get(pid, 0) + length  # growth only: munmap is not traced
    if length < BIG_MAP and errno is None and not p.keep_noise:
        return
    p.emit(name, pid, ts, name, result, errno, {"length": length})


def _raw(kind: str):
    def handle(p: TraceParser, pid, ts, name, args, result, errno) -> None:
        detail: dict[str, Any] = {"args": args[:256]}
        s = _FIRST_STR.search(args)
        if s:
            detail["path"] = unescape(s.group(1))
        if kind == "ptrace":
            parts = args.split(", ")
            detail["request"] = parts[0]
            detail["target"] = int(parts[1]) if len(parts) > 1 and parts[1].lstrip("-").isdigit() else None
        elif kind == "prctl":
            detail["option"] = args.split(", ", 1)[0]
            if detail["option"] in ("PR_GET_DUMPABLE", "PR_SET_VMA", "PR_GET_NAME", "PR_CAPBSET_READ") and not p.keep_noise:
                return
        p.emit(kind, pid, ts, name, result, errno, detail)

    return handle


HANDLERS: dict[str, Any] = {}
for _names, _handler in (
    (("open", "openat", "openat2", "creat"), _open),
    (("execve", "execveat"), _exec),
    (("stat", "lstat", "newfstatat", "fstatat64", "statx", "access", "faccessat", "faccessat2", "readlink",
      "readlinkat", "statfs", "getxattr", "lgetxattr", "listxattr", "llistxattr"), _path_event("stat")),
    (("unlink", "unlinkat", "rmdir"), _path_event("unlink")),
    (("rename", "renameat", "renameat2"), _path_event("rename")),
    (("link", "linkat", "symlink", "symlinkat"), _path_event("link")),
    (("chmod", "fchmodat", "fchmodat2", "fchmod"), _path_event("chmod")),
    (("chown", "lchown", "fchownat", "fchown"), _path_event("chown")),
    (("mkdir", "mkdirat", "mknod", "mknodat"), _path_event("mkdir")),
    (("truncate", "ftruncate", "fallocate"), _path_event("truncate")),
    (("chdir",), _path_event("chdir")),
    (("fchdir",), _fchdir),
    (tuple(SLEEP_SYSCALLS), _sleep),
    (("chroot", "pivot_root"), _path_event("chroot")),
    (("connect", "bind", "sendto", "sendmsg", "sendmmsg", "accept", "accept4", "listen"), _net),
    (("socket",), _socket),
    (("dup", "dup2", "dup3"), _dup),
    (("close", "close_range"), _close),
    (("clone", "clone3", "fork", "vfork"), _clone),
    (("kill", "tkill", "tgkill", "pidfd_send_signal"), _kill),
    (("setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid", "setgroups",
      "capset"), _setid),
    (("mmap", "mremap"), _mmap),
    (("ptrace",), _raw("ptrace")),
    (("mount", "umount2", "umount", "fsopen", "fsmount", "move_mount", "open_tree"), _raw("mount")),
    (("unshare",), _raw("unshare")),
    (("setns",), _raw("setns")),
    (("keyctl", "add_key", "request_key"), _raw("keyctl")),
    (("bpf",), _raw("bpf")),
    (("init_module", "finit_module", "delete_module"), _raw("module")),
    (("memfd_create",), _raw("memfd_create")),
    (("prctl",), _raw("prctl")),
    (("setsid",), _raw("setsid")),
    (("setpgid",), _raw("setpgid")),
    (("personality",), _raw("personality")),
    (("process_vm_readv", "process_vm_writev"), _raw("process_vm")),
    (("pidfd_open",), _raw("pidfd")),
):
    for _name in _names:
        HANDLERS[_name] = _handler


def parse_strace(lines: Iterable[str], *, keep_noise: bool = False, cwd: str | None = None) -> list[Event]:
    """Events from strace -f -tt output, in trace order. Noise (library loading, plumbing) is dropped
    unless keep_noise; relative paths are made absolute against cwd (the sample's start directory)."""
    parser = TraceParser(keep_noise=keep_noise, cwd=cwd)
    parser.feed(lines)
    parser.finish()
    return parser.events


def parse_audit(records: Iterable[dict[str, Any]]) -> list[Event]:
    out = []
    for rec in records:
        if not isinstance(rec, dict) or not isinstance(rec.get("event"), str):
            continue
        args = rec.get("args")
        pid = rec.get("pid")
        out.append(Event("audit:" + rec["event"], {"args": args if isinstance(args, list) else []},
                         pid if isinstance(pid, int) else None, "audit"))
    return out


def parse_dns(records: Iterable[dict[str, Any]]) -> list[Event]:
    return [
        Event("dns", {"qname": str(r.get("qname", "")), "qtype": r.get("qtype")}, None, "resolver")
        for r in records if isinstance(r, dict)
    ]


def parse_sink(records: Iterable[dict[str, Any]]) -> list[Event]:
    """What the fake internet caught: port, peer, bytes and payload, and whatever else a sink records about
    the exchange (host, path, proto...), as plain values."""
    out = []
    for r in records:
        if not isinstance(r, dict):
            continue
        detail = {k: v for k, v in r.items() if isinstance(k, str) and isinstance(v, (str, int, float, bool))}
        detail.setdefault("payload_b64", "")
        for key in ("port", "peer", "bytes"):
            detail.setdefault(key, None)
        out.append(Event("sink", detail, None, "sink"))
    return out


def parse_result(result: dict[str, Any], *, keep_noise: bool = False) -> list[Event]:
    """Every event in a supervisor result (the JSON after `CODEEVAL-RESULT `)."""
    trace = [line for line in result.get("trace") or [] if isinstance(line, str)]
    root = result.get("root") if isinstance(result.get("root"), str) else "/work"
    events = parse_strace(trace, keep_noise=keep_noise, cwd=root)
    events += parse_audit(result.get("audit") or [])
    events += parse_dns(result.get("dns") or [])
    events += parse_sink(result.get("sink") or [])
    # Datagrams the fake internet caught (any UDP but DNS): sink events too, so payloads are matched against
    # the honeytokens and counted toward floods like the TCP sink's.
    events += parse_sink({**r, "proto": "udp"} for r in result.get("udp") or [] if isinstance(r, dict))
    if result.get("tracer_killed"):
        events.append(Event("tracer_killed", {"sig": result["tracer_killed"]}, None, "supervisor"))
    for s in result.get("survivors") or []:
        if isinstance(s, dict) and isinstance(s.get("pid"), int):
            events.append(Event("survivor", {"pid": s.get("pid"), "cmdline": s.get("cmdline", "")},
                                s.get("pid"), "supervisor"))
    return events
