#!/bin/bash

hidden() {
  # ruleid: bash-obfuscated-command-execution
  echo cm0gLXJmIH4= | base64 -d | sh
  # ruleid: bash-obfuscated-command-execution
  printf '%s' "$PAYLOAD" | base64 --decode | bash
  # ruleid: bash-obfuscated-command-execution
  xxd -r -p payload.hex | sudo sh
  # ruleid: bash-obfuscated-command-execution
  eval "$(echo cm0gLXJmIH4= | base64 -d)"
  # ruleid: bash-obfuscated-command-execution
  bash -c "$(echo '~ fr- mr' | rev)"
  # ruleid: bash-obfuscated-command-execution
  "$c" -rf ~
  # ruleid: bash-obfuscated-command-execution
  $(printf '\x72\x6d') -rf ~
  # ruleid: bash-obfuscated-command-execution
  ${CMD} -r -f /
}

honest() {
  # ok: bash-obfuscated-command-execution
  base64 -d key.b64 > key.bin
  # ok: bash-obfuscated-command-execution
  echo "$CERT" | base64 -d | openssl x509 -noout -text
  # ok: bash-obfuscated-command-execution
  eval "$(ssh-agent -s)"
  # ok: bash-obfuscated-command-execution
  "$PYTHON" -m pip install -r requirements.txt
  # ok: bash-obfuscated-command-execution
  "$RM" -rf "$BUILD_DIR"
  # ok: bash-obfuscated-command-execution
  curl -fsSL https://example.com/file.tar.gz | tar -xz
}
