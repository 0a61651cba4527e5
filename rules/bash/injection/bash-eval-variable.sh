#!/bin/bash
read -r -p "Command to run: " user_cmd
# ruleid: bash-eval-variable
eval "$user_cmd"

run() {
  local cmd="$1"
  # ruleid: bash-eval-variable
  eval $cmd
}

# ruleid: bash-eval-variable
eval "echo Processing $1"
# ruleid: bash-eval-variable
eval "$@"
for key in "${!settings[@]}"; do
  # ruleid: bash-eval-variable
  eval "export ${key}=${settings[$key]}"
done
# ruleid: bash-eval-variable
[ -n "$HOOK" ] && eval "$HOOK"
# ruleid: bash-eval-variable
eval `cat "$CONFIG_FILE"`

# ok: bash-eval-variable
eval "$(ssh-agent -s)"
# ok: bash-eval-variable
eval "$(pyenv init -)"
# ok: bash-eval-variable
eval "set -o pipefail"
args=$(getopt -o hv -l help,verbose -- "$@")
# ok: bash-eval-variable
eval set -- "$args"
# ok: bash-eval-variable
"${cmd[@]}"
# ok: bash-eval-variable
printf -v "$name" '%s' "$value"
# ok: bash-eval-variable
echo "evaluating $input"
# ok: bash-eval-variable
evaluate_results "$input"
