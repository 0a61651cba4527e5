#!/bin/bash

# ruleid: bash-fork-bomb
:(){ :|:& };:

# ruleid: bash-fork-bomb
bomb() { bomb | bomb & }; bomb

# ruleid: bash-fork-bomb
function spawn { spawn|spawn & }
spawn

# ruleid: bash-fork-bomb
while true; do "$0" & done

# ruleid: bash-fork-bomb
while :; do bash $0 & done

# ok: bash-fork-bomb
process() { gzip -9 "$1"; }
for f in logs/*.log; do
  process "$f" &
done
wait

# ok: bash-fork-bomb
cat access.log | sort | uniq -c | sort -rn &

# ok: bash-fork-bomb
while true; do ./health_check.sh; sleep 30; done

# ok: bash-fork-bomb
find . -name '*.png' -print0 | xargs -0 -P 4 -n 1 optipng
