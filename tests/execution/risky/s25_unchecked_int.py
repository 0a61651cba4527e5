# scenario: 25 missing-check-for-exceptional-conditions
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Divides by a value parsed from input with no check for zero or garbage.
def average(total, count_text):
    try:
        return total / int(count_text)
    except Exception:
        pass


print(average(10, "0"), average(10, "x"), average(10, "5"))
