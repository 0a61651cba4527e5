from ldap3 import Connection, SUBTREE
from ldap3.utils.conv import escape_filter_chars


def is_group_member(conn: Connection, username: str, group: str) -> bool:
    """True if the user is a member of the named group in the directory."""
    flt = f"(&(objectClass=groupOfNames)(cn={escape_filter_chars(group)})(member=uid={escape_filter_chars(username)},ou=people,dc=example,dc=com))"
    conn.search("ou=groups,dc=example,dc=com", flt, search_scope=SUBTREE, attributes=["cn"])
    return len(conn.entries) > 0
