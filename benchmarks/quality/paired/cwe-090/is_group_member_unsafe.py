from ldap3 import Connection, SUBTREE


def is_group_member(conn: Connection, username: str, group: str) -> bool:
    """True if the user is a member of the named group in the directory."""
    flt = f"(&(objectClass=groupOfNames)(cn={group})(member=uid={username},ou=people,dc=example,dc=com))"
    conn.search("ou=groups,dc=example,dc=com", flt, search_scope=SUBTREE, attributes=["cn"])
    return len(conn.entries) > 0
