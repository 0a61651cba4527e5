# scenario: 25 missing-check-for-exceptional-conditions
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A lookup returning None on a miss, used without a check.
def find_user(users, name):
    for u in users:
        if u["name"] == name:
            return u


users = [{"name": "ann", "quota": 5}]
u = find_user(users, "bob")
print("quota:", (u or {}).get("quota"))
