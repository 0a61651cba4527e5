"""The sandbox image and the daemon: connect, build, status, clean.

Every failure a user can fix (daemon down, image missing or built for another architecture) raises
ToolError naming the fix, which the CLI turns into one line and exit status 2.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from codeeval.errors import ToolError
from codeeval.execution import profile
from codeeval.execution.config import DEFAULT_IMAGE
from codeeval.processes import alive
from codeeval.resources import shipped

LABEL_RUN = "org.codeeval.run"
LABEL_PID = "org.codeeval.owner-pid"
LABEL_HOST = "org.codeeval.owner-host"
LABEL_VERSION = "org.codeeval.sandbox.version"
LABEL_SOURCE = "org.codeeval.sandbox.source"
LABEL_PROFILE = "org.codeeval.sandbox.profile"
LABEL_EXTRA = "org.codeeval.sandbox.extra-requirements"
# The files every build needs; everything else under sandbox/ is copied and hashed too.
REQUIRED_FILES = ("Dockerfile", "packages.txt", "provision.sh", "supervisor.py", "sitecustomize.py", "netsink.py",
                  "machine.py", "machine_files.sh", "profile/requirements.txt")
# Not part of what the image is built from: bytecode, the lock's generator.
_NOT_SOURCE = ("__pycache__", ".pyc", "profile/lock.py", "profile/requirements.in")
BUILD_HINT = "run `codeeval sandbox build` (or `codeeval sandbox build --offline` without a registry)"

# Docker reports the daemon's machine as uname does and images in Go's names.
_GOARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "ppc64le": "ppc64le", "s390x": "s390x"}


def sandbox_dir() -> Path:
    """The sandbox's build context: $CODEEVAL_SANDBOX_CONTEXT, else the one shipped with codeeval."""
    here = Path(os.environ.get("CODEEVAL_SANDBOX_CONTEXT") or shipped("sandbox") or "sandbox")
    if not (here / "Dockerfile").is_file():
        raise ToolError(f"sandbox build files not found in {here}: reinstall codeeval, or set CODEEVAL_SANDBOX_CONTEXT")
    return here


def source_files(context: Path) -> list[Path]:
    """The files under sandbox/ the image is built from, in a stable order."""
    out = []
    for path in sorted(context.rglob("*")):
        rel = path.relative_to(context).as_posix()
        if path.is_file() and not any(part in rel or rel.endswith(part) for part in _NOT_SOURCE):
            out.append(path)
    return out


def source_hash(context: Path) -> str:
    """Hash of the files the image is built from (names and bytes), stored as an image label to tell a
    stale image. build_offline.sh is handed it rather than computing its own."""
    digest = hashlib.sha256()
    for path in source_files(context):
        digest.update(path.relative_to(context).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def connect(max_pool_size: int = 16) -> Any:
    """A docker SDK client for a daemon that answers, or ToolError naming the fix."""
    try:
        import docker
    except ImportError:
        raise ToolError("the docker Python package is missing: pip install 'codeeval[sandbox]'") from None
    try:
        client = docker.from_env(max_pool_size=max_pool_size, timeout=120)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - DockerException, requests' ConnectionError, a missing socket: all mean 'no daemon'
        raise ToolError(
            f"Docker daemon not reachable ({_short(exc)}): start it (`dockerd &` or `systemctl start docker`), "
            f"then {BUILD_HINT}"
        ) from None
    return client


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def daemon_arch(client: Any) -> str:
    machine = client.info().get("Architecture") or platform.machine()
    return _GOARCH.get(machine, machine)


def check_image(client: Any, image: str) -> dict[str, Any]:
    """The image's inspect data, after checking it exists and runs on this daemon's architecture."""
    import docker.errors

    try:
        attrs = client.api.inspect_image(image)
    except docker.errors.ImageNotFound:
        raise ToolError(f"sandbox image {image} not found: {BUILD_HINT}") from None
    except docker.errors.APIError as exc:
        raise ToolError(f"cannot inspect sandbox image {image} ({_short(exc)}): {BUILD_HINT}") from None
    want, have = daemon_arch(client), attrs.get("Architecture")
    if have and want and have != want:
        raise ToolError(
            f"sandbox image {image} is built for {have}, this Docker daemon runs {want}: "
            f"remove it (`docker rmi {image}`) and {BUILD_HINT}"
        )
    return attrs


def build(
    image: str = DEFAULT_IMAGE,
    *,
    offline: bool = False,
    requirements: Path | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> str:
    """Build the sandbox image; return its id. Offline: sandbox/build_offline.sh (debootstrap base,
    cached); otherwise the Dockerfile on debian:bookworm-slim from the registry. Same provision steps, and
    the same runtime profile: its wheels are fetched here, on the host, and the build installs them with no
    network. `requirements` (a user's own pip requirements file) adds their packages as a layer on top."""
    context = sandbox_dir()
    missing = [n for n in REQUIRED_FILES if not (context / n).is_file()]
    if missing:
        raise ToolError(f"sandbox build files missing in {context}: {', '.join(missing)}")
    if requirements is not None and not requirements.is_file():
        raise ToolError(f"requirements file not found: {requirements}")
    client = connect()
    arch = profile.DOCKER_ARCH.get(daemon_arch(client), daemon_arch(client))
    digest = source_hash(context)
    with tempfile.TemporaryDirectory(prefix="codeeval-build-") as tmp:
        ctx = Path(tmp) / "context"
        shutil.copytree(context, ctx, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        log(f"== fetching the runtime profile's wheels for {arch}")
        profile.fetch_wheels(profile.lock_file(ctx), ctx / "wheels", arch, cache=_wheel_cache())
        labels = {LABEL_SOURCE: digest, LABEL_PROFILE: profile.profile_id(profile.lock_file(ctx))}
        if offline:
            _build_offline(image, ctx, labels, log)
        else:
            _build_from_registry(client, image, ctx, labels, log)
    if requirements is not None:
        _add_requirements(client, image, requirements, arch, labels, log)
    return check_image(client, image)["Id"]


def _wheel_cache() -> Path:
    base = os.environ.get("CODEEVAL_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "codeeval"
    )
    return Path(base) / "wheels"


def _build_offline(image: str, ctx: Path, labels: dict[str, str], log: Callable[[str], None]) -> None:
    env = dict(os.environ, CODEEVAL_IMAGE=image, CODEEVAL_SANDBOX_CONTEXT=str(ctx),
               CODEEVAL_IMAGE_LABELS="\n".join(f"{k}={v}" for k, v in labels.items()))
    proc = subprocess.Popen(["bash", str(ctx / "build_offline.sh")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        line = line.rstrip("\n")
        if "legacy builder is deprecated" in line or "buildx" in line or not line.strip():
            continue
        tail = (tail + [line])[-5:]
        log(line)
    if proc.wait() != 0:
        raise ToolError(f"offline image build failed: {' / '.join(tail) or 'no output'}")


def _build_from_registry(client: Any, image: str, ctx: Path, labels: dict[str, str], log: Callable[[str], None]) -> None:
    import docker.errors

    try:
        _, stream = client.images.build(path=str(ctx), tag=image, rm=True, pull=True, labels=labels)
        for chunk in stream:
            if chunk.get("stream", "").strip():
                log(chunk["stream"].rstrip())
    except (docker.errors.BuildError, docker.errors.APIError) as exc:
        raise ToolError(
            f"image build failed ({_short(exc)}); without a registry use `codeeval sandbox build --offline`"
        ) from None


_EXTRA_DOCKERFILE = """\
ARG BASE
FROM ${BASE}
USER 0:0
COPY requirements.txt constraints.txt /tmp/codeeval-extra/
COPY wheels /tmp/codeeval-extra/wheels
RUN python3 -m pip install -q --no-index --find-links /tmp/codeeval-extra/wheels --break-system-packages \\
        --root-user-action=ignore -r /tmp/codeeval-extra/requirements.txt -c /tmp/codeeval-extra/constraints.txt \\
    && rm -rf /tmp/codeeval-extra
USER 10001:10001
"""


def _add_requirements(client: Any, image: str, requirements: Path, arch: str, labels: dict[str, str],
                      log: Callable[[str], None]) -> None:
    """A user's packages as one more layer, tagged as the image itself. Their dependencies are held to the
    profile's versions (constraints), so the profile's packages stay as locked."""
    import docker.errors

    with tempfile.TemporaryDirectory(prefix="codeeval-extra-") as tmp:
        ctx = Path(tmp)
        shutil.copy(requirements, ctx / "requirements.txt")
        lock = profile.lock_file(sandbox_dir())
        (ctx / "constraints.txt").write_text(
            "\n".join(line.rstrip(" \\") for line in lock.read_text().splitlines() if "==" in line) + "\n"
        )
        log(f"== fetching the wheels of {requirements} for {arch}")
        profile.fetch_wheels(ctx / "requirements.txt", ctx / "wheels", arch, deps=True, constraints=ctx / "constraints.txt")
        (ctx / "Dockerfile").write_text(_EXTRA_DOCKERFILE)
        extra = {**labels, LABEL_EXTRA: "sha256:" + hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]}
        try:
            _, stream = client.images.build(path=str(ctx), tag=image, rm=True, pull=False, labels=extra,
                                            buildargs={"BASE": image})
            for chunk in stream:
                if chunk.get("stream", "").strip():
                    log(chunk["stream"].rstrip())
        except (docker.errors.BuildError, docker.errors.APIError) as exc:
            raise ToolError(f"adding {requirements} to the image failed ({_short(exc)})") from None


def status(image: str | None = None) -> dict[str, Any]:
    """What `codeeval sandbox status` reports; never raises for a missing daemon or image. The image is the
    one a default sandbox configuration runs ($CODEEVAL_SANDBOX_IMAGE or the default tag) unless named."""
    from codeeval.execution.config import SandboxConfig

    image = image or SandboxConfig().image
    report: dict[str, Any] = {
        "daemon": False,
        "image": None,
        "digest": None,
        "runtimes": [],
        "default_runtime": None,
        "server_version": None,
        "architecture": None,
        "image_architecture": None,
        "image_version": None,
        "profile": None,
        "extra_requirements": None,
        "image_current": None,
        "leftover_containers": 0,
        "error": None,
    }
    try:
        client = connect()
    except ToolError as exc:
        report["error"] = str(exc)
        return report
    info = client.info()
    report.update(
        daemon=True,
        runtimes=sorted(info.get("Runtimes") or {}),
        default_runtime=info.get("DefaultRuntime"),
        server_version=info.get("ServerVersion"),
        architecture=daemon_arch(client),
        leftover_containers=len(client.api.containers(all=True, filters={"label": LABEL_RUN})),
    )
    try:
        attrs = check_image(client, image)
    except ToolError as exc:
        report["error"] = str(exc)
        attrs = _inspect_quietly(client, image)
    if attrs:
        labels = (attrs.get("Config") or {}).get("Labels") or {}
        report.update(
            image=image,
            digest=attrs.get("Id"),
            image_architecture=attrs.get("Architecture"),
            image_version=labels.get(LABEL_VERSION),
            profile=labels.get(LABEL_PROFILE),
            extra_requirements=labels.get(LABEL_EXTRA),
        )
        try:
            report["image_current"] = labels.get(LABEL_SOURCE) == source_hash(sandbox_dir())
        except ToolError:
            pass
        if report["image_current"] is False and report["error"] is None:
            # Runs would use an older supervisor than the source tree's: results would not match the code.
            report["error"] = f"sandbox image {image} was built from an older sandbox/ directory: {BUILD_HINT}"
    return report


def _inspect_quietly(client: Any, image: str) -> dict[str, Any] | None:
    import docker.errors

    try:
        return client.api.inspect_image(image)
    except docker.errors.APIError:
        return None


def clean(client: Any | None = None, *, everything: bool = False, run: str | None = None) -> tuple[int, int]:
    """Remove the containers codeeval left: those whose runner on this host is gone, and those whose owner
    cannot be told (no host or pid label). Containers of runners still alive here are kept unless
    `everything`, since removing them would break a run in progress. `run` limits it to one run id.
    Returns (removed, kept)."""
    client = client or connect()
    found = client.api.containers(all=True, filters={"label": f"{LABEL_RUN}={run}" if run else LABEL_RUN})
    doomed = found if everything else [c for c in found if not _owner_alive(c)]
    return _remove_all(client, doomed), len(found) - len(doomed)


def reap_dead_runs(client: Any) -> int:
    """Remove containers of runs whose owner process on this host is gone (a runner killed with SIGKILL,
    a crashed CI job). Containers of live runners, or of other hosts sharing the daemon, are left alone."""
    host = socket.gethostname()
    found = client.api.containers(all=True, filters={"label": [LABEL_RUN, f"{LABEL_HOST}={host}"]})
    return _remove_all(client, [c for c in found if not _owner_alive(c, unknown=True)])


def _owner_alive(container: dict[str, Any], *, unknown: bool = False) -> bool:
    """Whether the runner that created a container is alive on this host; `unknown` when it can't be told."""
    labels = container.get("Labels") or {}
    try:
        pid = int(labels.get(LABEL_PID, ""))
    except ValueError:
        return unknown
    if labels.get(LABEL_HOST) != socket.gethostname():
        return unknown
    return alive(pid)


def _remove_all(client: Any, containers: list[dict[str, Any]]) -> int:
    import docker.errors

    removed = 0
    for c in containers:
        try:
            client.api.remove_container(c["Id"], force=True)
            removed += 1
        except docker.errors.NotFound:
            pass
        except docker.errors.APIError as exc:
            if "already in progress" not in str(exc):
                raise
    return removed
