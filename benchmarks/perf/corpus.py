"""A varied, reproducible set of generated-code samples for the performance benchmarks:
insecure and benign Python (whole files and fragments), Bash and JavaScript."""

from __future__ import annotations

import random
import textwrap

from codeeval.scanners import ScanInput

_PY_BODIES = [
    "cmd = 'ping -c 1 ' + host\nos.system(cmd)",
    "cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")",
    "data = pickle.loads(blob)",
    "cfg = yaml.load(open(path))",
    "token = ''.join(random.choice(ALPHABET) for _ in range(32))",
    "digest = hashlib.md5(password.encode()).hexdigest()",
    "resp = requests.get(url, verify=False)",
    "result = eval(expression)",
    "subprocess.call(command, shell=True)",
    "path = os.path.join(UPLOAD_DIR, request.args['name'])\nreturn send_file(path)",
    "rows = sorted(rows, key=lambda r: r['score'])\nreturn rows[:10]",
    "with open(path) as fh:\n    return json.load(fh)",
    "total = sum(x * x for x in values)\nreturn total / max(len(values), 1)",
    "counts = collections.Counter(words)\nreturn counts.most_common(5)",
]

_BASH = [
    "#!/bin/bash\nset -euo pipefail\nfor f in \"$@\"; do\n  wc -l \"$f\"\ndone\n",
    "#!/bin/bash\ncurl -fsSL https://get.example.com/install.sh | bash\n",
    "#!/bin/sh\nrm -rf $BUILD_DIR/*\n",
    "#!/bin/bash\neval \"$USER_COMMAND\"\n",
]

_JS = [
    "const { exec } = require('child_process');\nexec(`convert ${req.query.file} out.png`);\n",
    "function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n",
    "const token = Math.random().toString(36).slice(2);\n",
    "app.get('/f', (req, res) => res.sendFile(path.join(__dirname, req.query.name)));\n",
]

_HEADER = "import os, json, pickle, random, hashlib, subprocess, collections\nimport requests, yaml\n"


def _python(rng: random.Random, i: int) -> str:
    body = rng.choice(_PY_BODIES)
    shape = i % 4
    func = f"def handler_{i}(host, name, blob, path, password, url, expression, command, values, words, rows):\n"
    if shape == 0:  # a whole module
        return _HEADER + "\n\n" + func + textwrap.indent(body, "    ") + "\n"
    if shape == 1:  # a method body, indented one level too deep
        return textwrap.indent(body, "        ") + "\n"
    if shape == 2:  # starts mid-function and dedents
        return textwrap.indent(body, "        ") + "\n    return None\n\n" + func + "    pass\n"
    return _HEADER + func + textwrap.indent(body, "    ") + "\n    more = compute(\n"  # cut by the token limit


def generate(n: int = 300, seed: int = 7) -> list[ScanInput]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = i % 10
        if kind < 7:
            out.append(ScanInput(f"py-{i}", _python(rng, i), "python"))
        elif kind < 9:
            out.append(ScanInput(f"sh-{i}", rng.choice(_BASH), "bash"))
        else:
            out.append(ScanInput(f"js-{i}", rng.choice(_JS), "javascript"))
    return out
