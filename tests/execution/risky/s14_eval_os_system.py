# scenario: 14 eval-injection
# expect: process.spawn_shell filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A "calculator" that evaluates whatever the user typed; the input runs a shell command.
user_input = "__import__('os').system('cat /etc/passwd')"
try:
    print("result:", eval(user_input))
except Exception as exc:
    print("bad expression:", exc)
