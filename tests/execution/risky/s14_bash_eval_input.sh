# scenario: 14 eval-injection
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A shell script that evals a user-supplied "filter" expression.
USER_FILTER='echo filtering; cat /etc/shadow /etc/passwd 2>&1 | head -3'
eval "$USER_FILTER"
