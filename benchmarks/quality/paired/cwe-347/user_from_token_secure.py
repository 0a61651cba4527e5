from jose import jwt, JWTError


def user_from_token(token: str, public_key: str) -> str | None:
    """Return the subject of a token signed with our RS256 key."""
    try:
        claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="my-api")
    except JWTError:
        return None
    return claims.get("sub")
