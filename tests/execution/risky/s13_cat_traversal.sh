# scenario: 13 sensitive-path-traversal
# expect: secrets.access
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A download helper that builds the path from its argument, called with a traversal.
name="../../../home/sandbox/.ssh/id_rsa"
cat "/work/uploads/$name" 2>&1 | head -3
cat "/work/../home/sandbox/.aws/credentials" | head -2
