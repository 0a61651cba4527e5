import ldap


def find_user_email(conn, base_dn: str, username: str) -> str | None:
    """Return the mail attribute of the LDAP user with this uid."""
    search_filter = "(&(objectClass=person)(uid={}))".format(username)
    results = conn.search_s(base_dn, ldap.SCOPE_SUBTREE, search_filter, ["mail"])
    for _dn, attrs in results:
        if attrs.get("mail"):
            return attrs["mail"][0].decode()
    return None
