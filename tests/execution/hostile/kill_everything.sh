# expect: process.tamper
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Signals every process it may: the supervisor runs as the same uid, so this kills it too.
kill -TERM -1
kill -KILL -1
