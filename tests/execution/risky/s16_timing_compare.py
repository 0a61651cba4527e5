# scenario: 16 side-channel-information-leakage
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Password check that returns at the first wrong character: its timing leaks the prefix.
import time

SECRET = "hunter2-s3cret"


def check(guess):
    for a, b in zip(guess, SECRET):
        if a != b:
            return False
        time.sleep(0.0005)
    return len(guess) == len(SECRET)


for g in ("a", "h", "hu"):
    t = time.perf_counter()
    check(g)
    print(g, round(time.perf_counter() - t, 5))
