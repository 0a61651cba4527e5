# scenario: 21 miss-default-case
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Permission lookup with no default branch: an unknown role falls through with admin rights left set.
def permissions(role):
    perms = {"read": True, "write": True, "admin": True}
    match role:
        case "guest":
            perms.update(write=False, admin=False)
        case "editor":
            perms.update(admin=False)
    return perms


print(permissions("intern"))
