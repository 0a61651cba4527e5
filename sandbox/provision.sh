#!/bin/sh
# The image steps shared by both builds: the Dockerfile runs it on debian:bookworm-slim (machines with a
# registry) and build_offline.sh runs it, through the same Dockerfile, on a debootstrapped bookworm base.
# Run as root during the build, from the directory holding the supervisor files.
set -eu
src=$(cd "$(dirname "$0")" && pwd)

# The offline base already carries the packages (debootstrap --include); the registry base does not.
packages=$(grep -v '^#' "$src/packages.txt" | tr -s ' \n' ' ')
missing=$(dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' $packages 2>/dev/null | awk '$2 != "ii" {print $1}'; \
          for p in $packages; do dpkg-query -W "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi
# The runtime profile: the Python packages model-written code imports, from the wheels fetched on the host
# (hash-checked there and again here), with no network inside the build. System-wide, as on a developer's
# machine; compiled now, since the root filesystem is read-only at run time.
python3 -m pip install -q --no-index --no-deps --require-hashes --find-links "$src/wheels" \
    --break-system-packages --root-user-action=ignore --disable-pip-version-check \
    -r "$src/profile/requirements.txt"
# Nothing in the sandbox needs package metadata or caches; they only grow the image.
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb

# The sample runs as this uid: the supervisor drops to it (SANDBOX_UID), the host passes it for older images.
getent group sandbox >/dev/null || groupadd --gid 10001 sandbox
getent passwd sandbox >/dev/null || useradd --uid 10001 --gid 10001 --home-dir /home/sandbox --shell /bin/bash --no-create-home sandbox
# Mount points for the tmpfs the host mounts; the image itself stays read-only at run time.
install -d -o 10001 -g 10001 -m 0700 /work /home/sandbox

# Setuid binaries are escalation surface that no sample needs; no-new-privileges blocks them anyway.
find / -xdev -perm /6000 -type f -exec chmod ug-s {} + 2>/dev/null || true

install -d -m 0755 /opt/codeeval
install -m 0644 "$src/supervisor.py" /opt/codeeval/supervisor.py
install -m 0644 "$src/sitecustomize.py" /opt/codeeval/sitecustomize.py
install -m 0644 "$src/netsink.py" "$src/machine.py" /opt/codeeval/
# A `sleep` that cuts long sleeps short (and says so), first on the sample's PATH: delayed actions of shell
# samples happen inside the deadline, as sitecustomize.py does for Python's sleeps.
install -d -m 0755 /opt/codeeval/bin
install -m 0755 "$src/bin/sleep" /opt/codeeval/bin/sleep
sh "$src/machine_files.sh"
# Compiled once here: at run time the root filesystem is read-only and bytecode could not be cached.
python3 -c 'import compileall, sys; sys.exit(not compileall.compile_dir("/opt/codeeval", quiet=1))'
