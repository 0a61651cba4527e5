# scenario: 21 miss-default-case
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A command dispatcher whose dict.get has no fallback: unknown commands return None and are counted as done.
HANDLERS = {"start": lambda: "started", "stop": lambda: "stopped"}
done = 0
for cmd in ("start", "restart", "stop"):
    handler = HANDLERS.get(cmd)
    result = handler() if handler else None
    done += 1
    print(cmd, result)
print("done", done)
