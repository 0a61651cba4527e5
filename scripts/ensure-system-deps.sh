#!/usr/bin/env bash
# The system packages and the user that `make test` needs beyond the virtualenv, installed only where
# missing, so `make test` on a fresh Debian/Ubuntu machine ends with nothing skipped:
#   strace and Debian's pytest   the supervisor's host tests run it as an unprivileged user with the
#                                system python3 (as in the image), never as root
#   chromium                     the HTML report tests render pages headless
#   sandboxtest (a user)         that unprivileged user
# With --build-tools: cmake and a C++ compiler only, for make setup's llama-cpp-python build.
# Docker and debootstrap come from sandbox/ensure-docker.sh. Needs root for what is missing; says so otherwise.
set -euo pipefail
missing=()
if [ "${1:-}" = "--build-tools" ]; then
    # Only what building llama-cpp-python from source needs (make setup, once).
    command -v cmake >/dev/null 2>&1 || missing+=(cmake)
    command -v g++ >/dev/null 2>&1 || missing+=(build-essential)
    [ ${#missing[@]} -eq 0 ] && exit 0
    if [ "$(id -u)" != 0 ]; then
        echo "building llama-cpp-python needs ${missing[*]}: run 'sudo apt-get install ${missing[*]}' once." >&2
        exit 2
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
fi
command -v strace >/dev/null 2>&1 || missing+=(strace)
/usr/bin/python3 -c 'import pytest' >/dev/null 2>&1 || missing+=(python3-pytest)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
need_user=0
id sandboxtest >/dev/null 2>&1 || need_user=1
if [ ${#missing[@]} -eq 0 ] && [ $need_user = 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
    echo "make test needs ${missing[*]:-}${need_user:+ and a user named sandboxtest}: run 'sudo make system-deps' once." >&2
    exit 2
fi
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ $need_user = 1 ]; then useradd -m sandboxtest; fi
