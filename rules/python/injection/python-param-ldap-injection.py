import ldap
from ldap.filter import escape_filter_chars


def find_email(conn, base_dn, username):
    search_filter = "(&(objectClass=person)(uid={}))".format(username)
    # ruleid: python-param-ldap-injection
    return conn.search_s(base_dn, ldap.SCOPE_SUBTREE, search_filter, ["mail"])


def is_member(conn, username, group):
    flt = f"(&(cn={group})(member=uid={username},ou=people,dc=example,dc=com))"
    # ruleid: python-param-ldap-injection
    conn.search("ou=groups,dc=example,dc=com", flt, attributes=["cn"])
    return bool(conn.entries)


def bind_as(conn, username, password):
    # ruleid: python-param-ldap-injection
    conn.simple_bind_s("uid=" + username + ",ou=people,dc=example,dc=com", password)


def find_email_safe(conn, base_dn, username):
    search_filter = "(&(objectClass=person)(uid={}))".format(escape_filter_chars(username))
    # ok: python-param-ldap-injection
    return conn.search_s(base_dn, ldap.SCOPE_SUBTREE, search_filter, ["mail"])


def search_base(conn, base_dn):
    # ok: python-param-ldap-injection
    return conn.search_s(base_dn, ldap.SCOPE_SUBTREE, "(objectClass=person)")
