#!/bin/bash

wipe() {
  # ruleid: bash-rm-rf-root-or-home
  rm -rf --no-preserve-root /
  # ruleid: bash-rm-rf-root-or-home
  rm -rf /*
  # ruleid: bash-rm-rf-root-or-home
  rm -rf ~
  # ruleid: bash-rm-rf-root-or-home
  rm -fr ~/* 2>/dev/null
  # ruleid: bash-rm-rf-root-or-home
  rm -rf "$HOME"/*
  # ruleid: bash-rm-rf-root-or-home
  sudo rm -r -f /etc &
  # ruleid: bash-rm-rf-root-or-home
  rm --recursive --force "${HOME}/"
  # ruleid: bash-rm-rf-root-or-home
  rm -rf /home/* /root
}

cleanup() {
  # ok: bash-rm-rf-root-or-home
  rm -rf /tmp/build-cache
  # ok: bash-rm-rf-root-or-home
  rm -rf ~/.cache/pip
  # ok: bash-rm-rf-root-or-home
  rm -rf "$HOME/.local/share/myapp"
  # ok: bash-rm-rf-root-or-home
  rm -rf ./dist ./build
  # ok: bash-rm-rf-root-or-home
  rm -rf /var/lib/apt/lists/*
  # ok: bash-rm-rf-root-or-home
  rm -f /etc/nginx/sites-enabled/default
  # ok: bash-rm-rf-root-or-home
  rm -rf "$WORKDIR"
  # ok: bash-rm-rf-root-or-home
  echo "never run rm -rf / on a server"
}
