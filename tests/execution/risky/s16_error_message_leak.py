# scenario: 16 side-channel-information-leakage
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A login that says whether the user exists: the error text leaks the account list.
USERS = {"alice": "pw1", "bob": "pw2"}


def login(user, password):
    if user not in USERS:
        return "no such user"
    return "ok" if USERS[user] == password else "wrong password"


for u in ("alice", "mallory"):
    print(u, login(u, "x"))
