# expect: obfuscation
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Hides the payload behind base64 and rot13, then exec()s it.
import base64
import codecs

payload = base64.b64decode("aW1wb3J0IG9zOyBvcy5zeXN0ZW0oImlkIik=")
exec(compile(codecs.decode(codecs.encode(payload.decode(), "rot13"), "rot13"), "<x>", "exec"))
