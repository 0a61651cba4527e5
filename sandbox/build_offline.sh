#!/usr/bin/env bash
# Offline build of the sandbox image, for machines that reach a Debian mirror but no container registry:
#   debootstrap a minimal bookworm (cached as a tarball) -> docker import -> docker build of sandbox/Dockerfile
# on top, so both builds run the same provision.sh. Needs root (debootstrap) and a running Docker daemon.
#
# Run by `codeeval sandbox build --offline`, which assembles the context (sandbox/ plus the runtime profile's
# wheels) and the labels. Environment: CODEEVAL_IMAGE (tag, default codeeval-sandbox:latest), CODEEVAL_CACHE
# (default ~/.cache/codeeval), CODEEVAL_SANDBOX_CONTEXT (the assembled context, default this script's
# directory), CODEEVAL_IMAGE_LABELS (key=value lines), CODEEVAL_MIRROR (default debootstrap's own).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
context=${CODEEVAL_SANDBOX_CONTEXT:-$here}
image=${CODEEVAL_IMAGE:-codeeval-sandbox:latest}
cache=${CODEEVAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/codeeval}
suite=bookworm
packages=$(grep -v '^#' "$context/packages.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
# The base tag and cache file change whenever the package set does, so a stale base is never reused.
key=$(printf '%s %s' "$suite" "$packages" | sha256sum | cut -c1-12)
base=codeeval-sandbox-base:$suite
tarball=$cache/rootfs-$suite-$key.tar

for tool in docker debootstrap tar; do
    command -v "$tool" >/dev/null || { echo "build_offline.sh: $tool not found (apt-get install -y docker.io debootstrap)" >&2; exit 2; }
done
docker info >/dev/null 2>&1 || { echo "build_offline.sh: Docker daemon not reachable (start dockerd)" >&2; exit 2; }
for f in Dockerfile packages.txt provision.sh supervisor.py sitecustomize.py netsink.py machine.py machine_files.sh profile/requirements.txt; do
    [ -f "$context/$f" ] || { echo "build_offline.sh: $context/$f missing" >&2; exit 2; }
done
# The runtime profile's wheels are fetched by `codeeval sandbox build` on the host, beside these files.
[ -d "$context/wheels" ] || { echo "build_offline.sh: $context/wheels missing (run it through codeeval sandbox build --offline)" >&2; exit 2; }

if [ "$(docker image inspect -f '{{index .Config.Labels "org.codeeval.base-key"}}' "$base" 2>/dev/null)" != "$key" ]; then
    if [ ! -s "$tarball" ]; then
        [ "$(id -u)" = 0 ] || { echo "build_offline.sh: debootstrap needs root (run with sudo, once: the result is cached)" >&2; exit 2; }
        mkdir -p "$cache"
        # One debootstrap at a time: the cleanup below would otherwise pull a concurrent build's tree away.
        exec 9>"$cache/.debootstrap.lock"
        flock 9
        # A debootstrap killed mid-run leaves /proc (and possibly /sys, /dev binds) mounted in its target:
        # unmount those of earlier runs and of this one before deleting, and never cross into a mount.
        cleanup() {
            for d in "$@"; do
                [ -d "$d" ] || continue
                awk -v d="$d/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do
                    umount -l "$m" 2>/dev/null || true
                done
                rm -rf --one-file-system "$d"
            done
        }
        if [ ! -s "$tarball" ]; then   # a concurrent build may have made it while this one waited
            cleanup "$cache"/debootstrap.*
            work=$(mktemp -d "$cache/debootstrap.XXXXXX")
            trap 'cleanup "$work"' EXIT
            echo "== debootstrap $suite ($packages) -> $tarball"
            debootstrap --variant=minbase --include="$packages" "$suite" "$work/rootfs" ${CODEEVAL_MIRROR:-} >"$work/log" 2>&1 \
                || { tail -20 "$work/log" >&2; echo "build_offline.sh: debootstrap failed (log above)" >&2; exit 1; }
            # Package lists and downloaded .debs are a third of the tree and nothing in the sandbox reads them.
            rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/archives/"*.deb
            tar -C "$work/rootfs" --numeric-owner -cf "$work/rootfs.tar" .
            mv "$work/rootfs.tar" "$tarball"   # atomic: an interrupted build never leaves a half tarball behind
        fi
    fi
    echo "== docker import $tarball -> $base"
    docker import --change "LABEL org.codeeval.base-key=$key" "$tarball" "$base" >/dev/null
fi

echo "== docker build $image (FROM $base)"
# Labels (source hash, profile) come from codeeval, which hashes the sources once for build and status alike.
label_args=()
while IFS= read -r label; do [ -n "$label" ] && label_args+=(--label "$label"); done <<<"${CODEEVAL_IMAGE_LABELS:-}"
docker build -q --force-rm --build-arg "BASE=$base" "${label_args[@]}" -t "$image" "$context" >/dev/null
echo "== built $image ($(docker image inspect -f '{{.Id}}' "$image"))"
