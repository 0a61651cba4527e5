# expect: resource.cpu
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# contained: timed_out
# Spins until the deadline.
n = 0
while True:
    n += 1
