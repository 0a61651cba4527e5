# scenario: 14 eval-injection
# expect: secrets.access
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A plugin hook exec()s a code string taken from a request field.
request_field = "data = open(__import__('os').path.expanduser('~/.aws/credentials')).read(); print(data)"
namespace = {}
exec(request_field, namespace)
