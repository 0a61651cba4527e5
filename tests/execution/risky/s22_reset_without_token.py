# scenario: 22 flawed-behavioural-workflow
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A password reset that skips the token verification step when the token field is empty.
def reset(user, token, new_password, db):
    if token and token != db[user]["token"]:
        return "bad token"
    db[user]["password"] = new_password
    return "reset"


db = {"alice": {"token": "t-991", "password": "old"}}
print(reset("alice", "", "owned", db), db)
