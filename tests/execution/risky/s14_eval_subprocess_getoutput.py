# scenario: 14 eval-injection
# expect: process.spawn_shell filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Evaluates a config value as Python; the value lists root's home.
settings = {"threshold": "__import__('subprocess').getoutput('id; ls -la /root')"}
for key, expr in settings.items():
    print(key, "=", eval(expr))
