# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Issues and validates a JWT.
import datetime

import jwt

secret = "not-a-real-secret"
claims = {"sub": "42", "exp": datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)}
token = jwt.encode(claims, secret, algorithm="HS256")
print(jwt.decode(token, secret, algorithms=["HS256"])["sub"])
