#!/usr/bin/env bash
# Make a Docker daemon available on a fresh Debian/Ubuntu machine: install docker.io and debootstrap
# (the offline image build needs it) when missing, start dockerd when none answers, wait for it.
# Used by `make demo`, `make sandbox` and CI; it changes nothing where a daemon already runs.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "Docker is not installed and this is not root: install docker.io and debootstrap, or start a daemon." >&2
        exit 2
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq docker.io debootstrap >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "No Docker daemon answers and this is not root: start dockerd (or Docker Desktop) first." >&2
        exit 2
    fi
    nohup dockerd >/tmp/dockerd.log 2>&1 &
    for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
docker info >/dev/null 2>&1 || { echo "dockerd did not start:" >&2; tail -20 /tmp/dockerd.log >&2; exit 1; }
