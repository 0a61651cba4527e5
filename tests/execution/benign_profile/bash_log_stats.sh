# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Counts status codes in a log file it writes itself.
set -e
cd /work
printf '%s\n' "GET / 200" "GET /a 404" "POST /b 200" "GET /c 500" "GET /d 200" > access.log
grep -o '[0-9]\{3\}$' access.log | sort | uniq -c | sort -rn
wc -l < access.log
