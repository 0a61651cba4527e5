"""How a sample is sandboxed: one frozen record passed to the executor, never global state."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

DEFAULT_IMAGE = "codeeval-sandbox:latest"
MIB = 1024 * 1024


@dataclass(frozen=True)
class SandboxConfig:
    # tag built by `codeeval sandbox build`; $CODEEVAL_SANDBOX_IMAGE names another for every default config
    image: str = field(default_factory=lambda: os.environ.get("CODEEVAL_SANDBOX_IMAGE") or DEFAULT_IMAGE)
    timeout_s: float = 10.0  # deadline for the sample, enforced inside the container
    grace_s: float = 5.0  # extra time the host allows before it kills the container itself
    memory: str = "256m"  # memory limit; swap is set equal so there is no swap on top
    pids: int = 128  # pids limit: a fork bomb stops here
    cpus: float = 1.0  # CPU quota in cores
    stdout_cap: int = MIB  # bytes of the sample's stdout kept; the rest is dropped and `truncated` set
    stderr_cap: int = MIB
    trace: bool = True  # run the sample under strace; False for functional-only runs
    trace_cap: int = 200_000  # strace lines kept
    runtime: str | None = None  # OCI runtime such as "runsc"; None: the daemon's default (runc)
    network: str = "none"  # always "none": samples never reach a network; kept as a field to make that visible
    tmpfs_size: str = "64m"  # size of each tmpfs (/tmp, /work, home)
    fsize: int = 64 * MIB  # largest file a sample may write (RLIMIT_FSIZE)
    nofile: int = 256  # open file descriptors (RLIMIT_NOFILE)
    artifact_cap: int = 8 * MIB  # total bytes copied out of a container when artifacts are collected
    honeytokens: bool = True  # plant per-sample canaries and decoys
    startup_s: float = 30.0  # host allowance for create/start on a loaded daemon, on top of the deadline

    def __post_init__(self) -> None:
        if self.network != "none":
            raise ValueError("SandboxConfig.network must be 'none': samples never get a network")
        if self.timeout_s <= 0:
            raise ValueError("SandboxConfig.timeout_s must be positive")

    @classmethod
    def from_env(cls, **overrides: object) -> SandboxConfig:
        """Defaults, then CODEEVAL_SANDBOX_IMAGE / CODEEVAL_SANDBOX_RUNTIME, then explicit overrides."""
        base = cls()
        env: dict[str, object] = {}
        if os.environ.get("CODEEVAL_SANDBOX_IMAGE"):
            env["image"] = os.environ["CODEEVAL_SANDBOX_IMAGE"]
        if os.environ.get("CODEEVAL_SANDBOX_RUNTIME"):
            env["runtime"] = os.environ["CODEEVAL_SANDBOX_RUNTIME"]
        env.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **env)
