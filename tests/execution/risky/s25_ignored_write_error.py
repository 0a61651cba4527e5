# scenario: 25 missing-check-for-exceptional-conditions
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Saves a file and reports success whether or not the write worked.
def save(path, text):
    try:
        with open(path, "w") as f:
            f.write(text)
    except OSError:
        pass
    return "saved"


print(save("/work/out.txt", "data"), save("/work/missing/dir/out.txt", "data"))
