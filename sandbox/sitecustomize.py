"""Audit hook for sample Python processes: semantic events the syscall trace cannot show.

The supervisor puts this directory on the sample's PYTHONPATH and passes a pipe as CODEEVAL_AUDIT_FD; every
Python process of the sample (subprocesses included, unless started with -I/-S or a scrubbed environment)
writes one JSON line per interesting audit event into it.

Enrichment only. The sample runs in the same process as this hook, so it can close the descriptor, write
forged records into it, start Python with -I, or sidestep the hook with ctypes. The strace trace, which the
sample cannot reach, is the evidence; these records add meaning (which string was exec'd, which URL).

Sleeps longer than LONG_SLEEP_S (time.sleep, asyncio.sleep, threading.Timer) are cut to SHORT_SLEEP_S, so that what a sample
means to do after waiting happens inside the deadline; each cut is recorded as a `codeeval.sleep` audit event
with the seconds asked for, which the classifier names as evasion when it is long.
"""

import os
import sys

LONG_SLEEP_S = 1.0
SHORT_SLEEP_S = 0.05


def _install() -> None:
    try:
        fd = int(os.environ.get("CODEEVAL_AUDIT_FD", ""))
        os.fstat(fd)
    except (ValueError, OSError):
        return
    import json

    quiet_prefixes = tuple(
        p for p in {sys.prefix, sys.base_prefix, "/usr/lib/python3", "/usr/local/lib/python3", "/usr/share/python3"} if p
    ) + ("/proc/self/", "/dev/null", "/dev/urandom", "/etc/localtime", "/etc/os-release")
    inside = ("/work", "/tmp", "/var/tmp")
    here = os.path.dirname(os.path.abspath(__file__))
    watched = {
        "exec", "compile", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
        "socket.bind", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
        "os.kill", "os.killpg", "os.remove", "os.rmdir", "shutil.rmtree", "os.rename", "os.chmod", "os.chown",
        "open", "ctypes.dlopen", "ctypes.dlsym", "urllib.Request", "pickle.find_class", "codeeval.sleep",
    }
    state = {"busy": False, "count": 0}
    limit = 2000  # per process

    def short(value, n=256):
        if isinstance(value, (bytes, bytearray)):
            value = bytes(value[:n]).decode("utf-8", "replace")
        elif isinstance(value, (list, tuple)):
            return [short(v, 64) for v in list(value)[:16]]
        elif isinstance(value, dict):
            return "<mapping>"
        elif value is not None and not isinstance(value, (int, float, bool, str)):
            name = getattr(value, "co_filename", None)  # code objects: say where they came from
            value = f"<code {name}>" if name is not None else f"<{type(value).__name__}>"
        if isinstance(value, str) and len(value) > n:
            value = value[:n] + "..."
        return value

    def keep(event, args):
        if event == "open":
            path = args[0] if args else None
            if isinstance(path, bytes):
                path = path.decode("utf-8", "replace")
            if not isinstance(path, str):
                return False  # an fd: nothing new
            path = os.path.abspath(path)
            if "/.ssh/" in path or "/.aws/" in path or path.endswith("/.env"):
                return True  # honeytokens, wherever HOME is
            if path.startswith((*quiet_prefixes, here)):
                return False
            return not any(path == p or path.startswith(p + "/") for p in inside)
        if event == "exec":  # every import runs exec on a file's code; only strings and decoded bytes matter
            name = getattr(args[0], "co_filename", "") if args else ""
            return name.startswith("<")
        if event == "compile":
            name = args[1] if len(args) > 1 else None
            name = name.decode("utf-8", "replace") if isinstance(name, bytes) else name
            return not isinstance(name, str) or name.startswith("<")
        return True

    def hook(event, args):
        if event not in watched or state["busy"] or state["count"] >= limit:
            return
        state["busy"] = True
        try:
            if keep(event, args):
                state["count"] += 1
                rec = {"event": event, "args": [short(a) for a in args], "pid": os.getpid()}
                os.write(fd, (json.dumps(rec, default=str) + "\n").encode("utf-8", "replace"))
        except Exception:  # noqa: BLE001, S110
            pass  # a broken channel must never change what the sample does
        finally:
            state["busy"] = False

    sys.addaudithook(hook)


def _shorten(seconds, call):
    """The delay to really wait: short for a long one (reported), the same otherwise (bad values raise as usual)."""
    try:
        asked = float(seconds)
    except (TypeError, ValueError):
        return seconds
    if asked <= LONG_SLEEP_S:
        return seconds
    sys.audit("codeeval.sleep", asked, call)
    return SHORT_SLEEP_S


def _shorten_sleeps() -> None:
    import time

    real_sleep = time.sleep

    def sleep(seconds):
        return real_sleep(_shorten(seconds, "time.sleep"))

    sleep.__doc__ = real_sleep.__doc__
    time.sleep = sleep

    def patch_asyncio(module):
        real = module.sleep

        async def sleep(delay, result=None):
            return await real(_shorten(delay, "asyncio.sleep"), result)

        sleep.__doc__ = real.__doc__
        module.sleep = sleep

    def patch_threading(module):
        timer_init = module.Timer.__init__

        def __init__(self, interval, function, args=None, kwargs=None):
            timer_init(self, _shorten(interval, "threading.Timer"), function, args, kwargs)

        module.Timer.__init__ = __init__

    patches = {"asyncio.tasks": patch_asyncio, "threading": patch_threading}

    class PatchOnImport:
        """Patches a module when it is first imported (importing asyncio here would slow every start)."""

        def find_spec(self, name, path=None, target=None):
            patch = patches.pop(name, None)
            if patch is None:
                return None
            if not patches:
                sys.meta_path.remove(self)
            spec = None
            for finder in sys.meta_path:
                find = getattr(finder, "find_spec", None) if finder is not self else None
                spec = find(name, path, target) if find else None
                if spec is not None:
                    break
            if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
                return spec
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                patch(module)

            spec.loader.exec_module = exec_module
            return spec

    for name in [n for n in patches if n in sys.modules]:  # already imported during start-up
        patches.pop(name)(sys.modules[name])
    if patches:
        sys.meta_path.insert(0, PatchOnImport())


_install()
_shorten_sleeps()
del _install, _shorten_sleeps
