import jwt


def decode_token(token: str, key: str) -> dict:
    """Decode a JWT signed with HS256; returns {} when it is invalid."""
    try:
        return jwt.decode(token, key, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return {}
