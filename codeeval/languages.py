"""Language names, fence-tag aliases, file extensions and a content sniffer.

Pure, stdlib only and cheap: `sniff_language` runs on every extracted sample, so it reads a
bounded prefix of the text, and most of its cues are keyed on the first word of a line (a word
such as `import` inside a sentence is not evidence) or on exact tokens (`sys.` never matches
`system`). It answers "unknown" rather than guess when the evidence is thin or split.

codeeval scans python, bash and javascript; the other names exist so that a sample in another
language is recognised and reported as such instead of being scanned as the wrong one.
"""

from __future__ import annotations

import functools
import re

LANGUAGES: tuple[str, ...] = (
    "python",
    "bash",
    "javascript",
    "typescript",
    "c",
    "cpp",
    "java",
    "go",
    "rust",
    "ruby",
    "php",
    "sql",
    "powershell",
    "csharp",
    "swift",
    "kotlin",
    "scala",
    "assembly",
    "perl",
    "lua",
    "dart",
    "haskell",
    "visualbasic",
    "unknown",
)

# The languages codeeval scans and executes.
SCANNED: tuple[str, ...] = ("python", "bash", "javascript")

_ALIASES: dict[str, str] = {}


def _alias(canonical: str, *names: str) -> None:
    for name in (canonical, *names):
        _ALIASES[name] = canonical


# Only names whose code a Python parser reads: Cython, Starlark and Sage are left out on purpose.
_alias("python", "py", "python3", "py3", "python2", "py2", "ipython", "ipython3", "pycon", "pyi",
       "python-repl", "pyrepl", "jython")
_alias("bash", "sh", "shell", "zsh", "ksh", "dash", "console", "shellscript", "shell-script",
       "shellsession", "shell-session", "sh-session", "terminal", "cmdline", "command-line", "bat-sh")
_alias("javascript", "js", "node", "nodejs", "node.js", "jsx", "mjs", "cjs", "ecmascript", "es6",
       "javascriptreact")
_alias("typescript", "ts", "tsx", "mts", "cts", "typescriptreact", "deno")
_alias("c", "h", "ansi-c", "objective-c", "objc")
_alias("cpp", "c++", "cxx", "cc", "hpp", "hxx", "hh", "cplusplus", "arduino", "cuda", "cu")
_alias("java")
_alias("go", "golang")
_alias("rust", "rs")
_alias("ruby", "rb", "jruby")
_alias("php", "php3", "php4", "php5", "php7", "php8", "phtml")
_alias("sql", "mysql", "postgresql", "postgres", "psql", "plsql", "pgsql", "sqlite", "sqlite3",
       "tsql", "mssql", "plpgsql")
_alias("powershell", "ps1", "ps", "pwsh", "posh", "psm1")
# Languages models answer in that codeeval does not analyse: their code is code nobody analysed,
# never "no code" (a refusal, or a sample scored clean).
_alias("csharp", "cs", "c#", "dotnet", "csx")
_alias("swift")
_alias("kotlin", "kt", "kts")
_alias("scala", "sc")
_alias("assembly", "asm", "nasm", "masm", "x86asm", "x86", "x86-64", "x86_64", "armasm", "arm", "arm64", "aarch64",
       "gas", "s", "riscv", "mips")
_alias("perl", "pl", "pm")
_alias("lua")
_alias("dart")
_alias("haskell", "hs")
_alias("visualbasic", "vb", "vbnet", "vb.net", "vba", "vbscript", "vbs")

_EXTENSIONS: dict[str, str] = {
    ".py": "python", ".pyw": "python", ".pyi": "python", ".py3": "python", ".ipy": "python",
    ".sh": "bash", ".bash": "bash", ".zsh": "bash", ".ksh": "bash", ".command": "bash",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".tsx": "typescript", ".mts": "typescript", ".cts": "typescript",
    ".c": "c", ".h": "c",
    ".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp", ".c++": "cpp", ".hpp": "cpp", ".hh": "cpp",
    ".hxx": "cpp", ".cu": "cpp",
    ".java": "java", ".go": "go", ".rs": "rust", ".rb": "ruby", ".php": "php", ".sql": "sql",
    ".ps1": "powershell", ".psm1": "powershell", ".psd1": "powershell",
    ".cs": "csharp", ".swift": "swift", ".kt": "kotlin", ".kts": "kotlin", ".scala": "scala", ".asm": "assembly",
    ".s": "assembly", ".pl": "perl", ".pm": "perl", ".lua": "lua", ".dart": "dart", ".hs": "haskell",
    ".vb": "visualbasic", ".vbs": "visualbasic",
}
_SHELL_DOTFILES = frozenset({".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile",
                             ".zshrc", ".zprofile", ".zshenv", ".kshrc"})

# Interpreter basename (version suffix removed) -> language, for shebang lines.
_INTERPRETERS: dict[str, str] = {
    "python": "python", "pypy": "python", "ipython": "python",
    "sh": "bash", "bash": "bash", "zsh": "bash", "dash": "bash", "ksh": "bash", "ash": "bash",
    "node": "javascript", "nodejs": "javascript", "bun": "javascript",
    "deno": "typescript", "ts-node": "typescript", "tsx": "typescript",
    "ruby": "ruby", "php": "php", "pwsh": "powershell", "powershell": "powershell",
}


@functools.lru_cache(maxsize=512)  # the same few tags come back on every block of every sample
def normalise_tag(tag: str) -> str | None:
    """Canonical language for a fence info string (```py, ```{python}, ```python title="x.py"```).

    None when the tag names no programming language we know (text, json, output, an empty tag).
    """
    if not tag:
        return None
    text = tag.strip().strip("{}").strip()
    if not text:
        return None
    # First word only: `python title="x.py"`, `python {.line-numbers}`, `{.python .numberLines}`.
    word = re.split(r"[\s,{}]+", text, maxsplit=1)[0].lstrip(".").lower()
    for prefix in ("language-", "lang-", "source-"):
        word = word.removeprefix(prefix)
    if word in _ALIASES:
        return _ALIASES[word]
    # `python:app.py` (GitLab style), `bash=` and the like.
    head = re.split(r"[:=;|]", word, maxsplit=1)[0]
    if head in _ALIASES:
        return _ALIASES[head]
    # A bare file name as the tag: ```app.py or ```scripts/run.sh
    if "." in word:
        return language_for_path(word.split(":")[-1])
    return None


def language_for_path(path: str) -> str | None:
    """Language from a file name's extension; None when the extension says nothing we know."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name in _SHELL_DOTFILES:
        return "bash"
    dot = name.rfind(".")
    if dot <= 0:  # no extension, or a dotfile such as `.py`
        return None
    return _EXTENSIONS.get(name[dot:])


_SHEBANG = re.compile(r"\A\ufeff?[ \t]*#![ \t]*(\S+)(?:[ \t]+(\S.*))?")


def shebang_language(code: str) -> str | None:
    """Language named by a `#!` first line, or None."""
    m = _SHEBANG.match(code)
    if not m:
        return None
    interpreter = m.group(1).rsplit("/", 1)[-1]
    if interpreter == "env" and m.group(2):
        args = [a for a in m.group(2).split() if not a.startswith("-") and "=" not in a]
        if not args:
            return None
        interpreter = args[0].rsplit("/", 1)[-1]
    # python3.11 -> python, pypy3 -> pypy
    interpreter = re.sub(r"[\d.]+$", "", interpreter.lower())
    return _INTERPRETERS.get(interpreter)


# --- content sniffing ---------------------------------------------------------------------
# Two kinds of signal, each (language, weight, trigger, pattern):
#   line signals run their regex only on the lines whose first word is one of the trigger words
#     (an index of first words is built in one pass), so `import` inside a sentence or a word in
#     the middle of a line never counts, and the cost is per matching line, not per byte;
#   text signals search the whole (bounded) text, only when one of their trigger substrings
#     occurs in it (a fast C search).
# Weights: 3 = nearly conclusive, 2 = strong, 1 = suggestive. Hits per signal are capped so one
# repeated weak cue cannot win alone.

_SHELL_COMMANDS = (
    "echo", "printf", "export", "source", "cd", "mkdir", "rm", "cp", "mv", "ln", "touch", "cat", "grep",
    "sed", "awk", "curl", "wget", "tar", "unzip", "kill", "pkill", "nohup", "read", "local", "unset",
    "alias", "eval", "exec", "trap", "shift", "ls", "find", "xargs", "ssh", "scp", "rsync", "crontab",
    "docker", "git", "pip", "pip3", "npm", "npx", "yarn", "conda", "make", "nc", "dd", "mount", "sudo",
    "truncate", "systemctl", "chmod", "chown", "useradd", "usermod", "ufw", "iptables", "service",
)
_STRONG_SHELL = ("echo", "export", "sudo", "mkdir", "chmod", "chown", "apt-get", "apt", "yum", "dnf", "apk",
                 "brew", "systemctl", "useradd", "source", "cd")
_LINE_SIGNALS: list[tuple[str, int, tuple[str, ...], str]] = [
    # python
    ("python", 3, ("def", "async"), r"[ \t]*(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(.*:[ \t]*(?:#.*)?$"),
    ("python", 3, ("class",), r"[ \t]*class[ \t]+\w+[ \t]*(?:\([^)]*\))?[ \t]*:[ \t]*(?:#.*)?$"),
    ("python", 3, ("from",), r"[ \t]*from[ \t]+\.*[\w.]+[ \t]+import[ \t]+(?:\(|\*|\w)"),
    ("python", 3, ("import",), (r"[ \t]*import[ \t]+[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?"
                               r"(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?)*[ \t]*(?:#.*)?$")),
    ("python", 3, ("elif",), r"[ \t]*elif[ \t].*:[ \t]*(?:#.*)?$"),
    ("python", 3, ("except",), r"[ \t]*except(?:[ \t]+[\w.(), \t]+(?:[ \t]+as[ \t]+\w+)?)?[ \t]*:[ \t]*(?:#.*)?$"),
    ("python", 3, ("if",), r"if[ \t]+__name__[ \t]*==[ \t]*['\"]__main__['\"][ \t]*:"),
    ("python", 3, (">>>",), r">>>[ \t]"),
    ("python", 2, ("if", "while", "for", "with", "try", "else", "finally", "async"),
     r"[ \t]*(?:if|while|for|with|try|else|finally|async[ \t]+(?:for|with))\b[^{};]*:[ \t]*(?:#.*)?$"),
    ("python", 3, ("print",), r"[ \t]*print\(.*\)[ \t]*(?:#.*)?$"),
    ("python", 2, ("@",), r"[ \t]*@\w[\w.]*(?:\(.*\))?[ \t]*$"),
    ("python", 2, ("raise", "return", "yield", "assert", "pass", "lambda", "del", "nonlocal", "global"),
     r"[ \t]*(?:raise|return|yield|assert|pass|lambda|del|nonlocal|global)\b[^;{}]*$"),
    ("python", 2, ('"""', "'''"), r"[ \t]*(?:\"\"\"|''')"),
    # bash
    ("bash", 3, ("fi", "done", "esac", "then", "do"), r"[ \t]*(?:fi|done|esac|then|do)[ \t]*(?:#.*)?$"),
    ("bash", 3, ("if", "elif", "while", "until"), r"[ \t]*(?:if|elif|while|until)[ \t]+\[\[?[ \t]"),
    ("bash", 3, _STRONG_SHELL, (r"[ \t]*(?:sudo[ \t]+)?(?:echo|export|mkdir|chmod|chown|apt-get|apt|yum|dnf|apk|brew"
                               r"|systemctl|useradd|source|cd)(?:[ \t]+\S|$)")),
    ("bash", 3, ("set",), r"[ \t]*set[ \t]+[-+][euxo]+"),
    ("bash", 3, ("$",), r"\$[ \t]+\S"),
    ("bash", 3, ("sudo", "pip", "pip3", "npm", "yarn", "pnpm", "conda", "gem", "cargo", "go", "poetry", "uv"),
     r"[ \t]*(?:sudo[ \t]+)?(?:pip3?|npm|yarn|pnpm|conda|gem|cargo|go|poetry|uv)[ \t]+(?:install|add|i|run|init)\b"),
    ("bash", 3, ("python", "python3", "node", "bash", "sh", "ruby", "php", "deno", "bun"),
     (r"[ \t]*(?:python3?|node|bash|sh|ruby|php|deno|bun)[ \t]+(?:(?:-\w+[ \t]+)*[\w./-]+\.(?:py|js|mjs|sh|rb|php|ts)\b"
     r"|-[cem][ \t]+\S)")),
    ("bash", 3, ("for",), r"[ \t]*for[ \t]+\w+[ \t]+in[ \t][^:]*;[ \t]*do\b"),
    ("bash", 2, _SHELL_COMMANDS, r"[ \t]*[\w-]+(?:[ \t]|$)(?![ \t]*[=(])"),
    ("bash", 2, ("function",), r"[ \t]*function[ \t]+\w+[ \t]*(?:\(\))?[ \t]*\{[ \t]*$"),
    # javascript
    ("javascript", 3, ("const", "let", "var"), r"[ \t]*(?:const|let|var)[ \t]+(?:\w+|\{[^}]*\}|\[[^\]]*\])[ \t]*=(?!=)"),
    ("javascript", 3, ("function", "export", "async"),
     r"[ \t]*(?:export[ \t]+(?:default[ \t]+)?)?(?:async[ \t]+)?function\b[ \t]*\*?[ \t]*\w*[ \t]*\("),
    ("javascript", 3, ("import",), (r"[ \t]*import[ \t]+(?:\w+|\*[ \t]+as[ \t]+\w+|\{[^}]*\})(?:[ \t]*,[ \t]*\{[^}]*\})?"
                                   r"[ \t]+from[ \t]+[\"']")),
    ("javascript", 3, ("export",), r"[ \t]*export[ \t]+(?:default|const|class|function)\b"),
    ("javascript", 1, ("}",), r"[ \t]*\}[ \t]*\)?[ \t]*;?[ \t]*$"),
    ("javascript", 1, ("//",), r"[ \t]*//"),
    # typescript (adds to javascript cues, wins only on type syntax)
    ("typescript", 3, ("interface", "type", "export"),
     r"[ \t]*(?:export[ \t]+)?(?:interface|type)[ \t]+\w+(?:<[^>]*>)?[ \t]*(?:=|\{)"),
    ("typescript", 3, ("const", "let", "var"), r"[ \t]*(?:const|let|var)[ \t]+\w+[ \t]*:[ \t]*[\w<>\[\]|]+[ \t]*="),
    # c / c++
    ("c", 3, ("#",), r"[ \t]*#[ \t]*include[ \t]*<(?:stdio|stdlib|string|unistd|stdint|sys/\w+)\.h>"),
    ("c", 2, ("int",), r"[ \t]*int[ \t]+main[ \t]*\("),
    ("cpp", 3, ("#",), r"[ \t]*#[ \t]*include[ \t]*<(?:iostream|vector|string|map|memory|algorithm)>"),
    ("cpp", 3, ("using",), r"[ \t]*using[ \t]+namespace[ \t]+std[ \t]*;"),
    # java
    ("java", 3, ("public", "private", "protected"),
     r"[ \t]*(?:public|private|protected)[ \t]+(?:static[ \t]+)?(?:final[ \t]+)?(?:class|interface|enum)[ \t]+\w+"),
    ("java", 2, ("import",), r"[ \t]*import[ \t]+(?:java|javax|org|com)\.[\w.]+(?:\.\*)?[ \t]*;"),
    # go
    ("go", 3, ("package",), r"package[ \t]+\w+[ \t]*$"),
    ("go", 3, ("func",), r"func[ \t]+(?:\([^)]*\)[ \t]*)?\w+\("),
    # rust
    ("rust", 3, ("fn", "pub"), r"[ \t]*(?:pub[ \t]+)?fn[ \t]+\w+[ \t]*(?:<[^>]*>)?\("),
    ("rust", 2, ("use",), r"[ \t]*use[ \t]+(?:std|crate|super)::"),
    # ruby
    ("ruby", 2, ("end",), r"[ \t]*end[ \t]*$"),
    ("ruby", 2, ("puts", "require_relative", "attr_accessor", "module"),
     r"[ \t]*(?:puts|require_relative|attr_accessor|module)[ \t]"),
    ("ruby", 2, ("def",), r"[ \t]*def[ \t]+\w+[?!]?(?:[ \t]*\([^)]*\))?[ \t]*$"),
    # sql
    ("sql", 3, ("SELECT", "INSERT", "CREATE", "UPDATE", "DELETE", "DROP", "ALTER"),
     (r"[ \t]*(?:SELECT[ \t].*\bFROM\b|INSERT[ \t]+INTO|CREATE[ \t]+(?:TABLE|INDEX|VIEW|DATABASE)"
     r"|UPDATE[ \t]+\w+[ \t]+SET|DELETE[ \t]+FROM|DROP[ \t]+TABLE|ALTER[ \t]+TABLE)\b")),
    # powershell
    ("powershell", 2, ("param",), r"[ \t]*param[ \t]*\("),
]

_TEXT_SIGNALS: list[tuple[str, int, tuple[str, ...], str]] = [
    # python
    ("python", 2, ("self.",), r"\bself\.\w+"),
    ("python", 2, ("=",), r"\w\([^()=\n]*[(,][ \t]*[a-z_]\w*=(?!=)[\w\"'\[({.-]|\w\([a-z_]\w*=(?!=)[\w\"'\[({.-]"),  # kwargs
    ("python", 1, ("None", "True", "False"), r"\b(?:None|True|False)\b"),
    ("python", 1, ('f"', "f'", 'r"', "r'", 'b"', "b'"), r"\b(?:f|rb|br|r)['\"]"),
    ("python", 1, (" = ",), r"(?m)^[ \t]*[\w.]+[ \t]*=[ \t]+[^=\n;]*[^;\s{][ \t]*$"),
    ("python", 1, ("len(", "range(", "isinstance(", "enumerate(", "open(", "str(", "int(", "dict(", "list("),
     r"\b(?:len|range|isinstance|enumerate|open|str|int|dict|list)\([^\n]*\)(?!\s*[{;])"),
    # bash
    ("bash", 3, ("[[",), r"\[\[[ \t].*[ \t]\]\]"),
    ("bash", 2, ("|",), r"\|[ \t]*(?:grep|awk|sed|xargs|sort|uniq|head|tail|wc|cut|tr|tee|bash|sh|base64)\b"),
    ("bash", 2, ("$",), r"\$\{?[A-Za-z_]\w*\}?|\$[@#?$0-9]|\$\("),
    ("bash", 2, ("/dev/null", "2>&1", "&>"), r"(?:^|[ \t])(?:2>&1|&>|>>?[ \t]*/dev/null|2>[ \t]*/dev/null)"),
    ("bash", 2, ("=",), r"(?m)^[ \t]*[A-Za-z_]\w*=(?:\"|'|\$|[^\s=(\"']*$)"),
    ("bash", 2, ("() {", "(){"), r"(?m)^[ \t]*\w+\(\)[ \t]*\{[ \t]*$"),
    ("bash", 1, ("&&", "||"), r"[ \t](?:&&|\|\|)[ \t]"),
    ("bash", 1, (" -",), r"(?m)^[ \t]*[a-z][\w.-]*(?:[ \t]+-{1,2}[\w-]+)+"),
    # javascript
    ("javascript", 3, ("=>",), r"=>"),
    ("javascript", 3, ("require(",), r"\brequire\([\"'`][^\"'`\n]+[\"'`]\)"),
    ("javascript", 3, ("console.",), r"\bconsole\.(?:log|error|warn|info)\("),
    ("javascript", 3, ("module.exports",), r"\bmodule\.exports\b"),
    ("javascript", 2, ("===", "!=="), r"===|!=="),
    ("javascript", 2, ("document.", "window.", "process.", "JSON."),
     r"\b(?:document|window|process)\.\w+|\bJSON\.(?:parse|stringify)\("),
    ("javascript", 1, (";",), r"(?m);[ \t]*(?://.*)?$"),
    ("javascript", 1, ("await",), r"\bawait[ \t]+\w"),
    # typescript
    ("typescript", 2, ("):",), r"\((?:[ \t]*\w+\??[ \t]*:[ \t]*[\w<>\[\]|]+[ \t]*,?)+\)[ \t]*:[ \t]*[\w<>\[\]|]+"),
    # c / c++
    ("c", 2, ("printf(", "malloc(", "free(", "strcpy(", "memcpy("), r"\b(?:printf|malloc|free|strcpy|memcpy)\("),
    ("cpp", 3, ("std::",), r"\bstd::\w+"),
    # java
    ("java", 3, ("void main", "System.out"), r"\bpublic[ \t]+static[ \t]+void[ \t]+main\b|\bSystem\.out\.print"),
    # go
    ("go", 3, ("fmt.",), r"\bfmt\.\w+\("),
    ("go", 3, (":=",), r":=[ \t]"),
    # rust
    ("rust", 3, ("let mut", "println!"), r"\blet[ \t]+mut\b|\bprintln!\("),
    ("rust", 2, ("impl",), r"\bimpl\b[^\n]*\{"),
    # ruby
    ("ruby", 1, ("|",), r"\bdo[ \t]*\|[^|\n]*\|"),
    # php
    ("php", 3, ("<?php",), r"<\?php\b"),
    ("php", 2, ("->", "echo"), r"\$\w+->\w+|\becho[ \t]+\$\w+[^\n]*;"),
    # powershell
    ("powershell", 3, ("Get-", "Set-", "New-", "Remove-", "Invoke-", "Write-", "Start-", "Stop-", "Test-", "Out-",
                       "Select-", "Where-"),
     r"\b(?:Get|Set|New|Remove|Invoke|Write|Start|Stop|Test|Out|Select|Where)-[A-Z]\w+\b"),
    ("powershell", 2, ("$env:", "[string]$", "$PSScriptRoot", "$true", "$false"),
     r"\$env:\w+|\[string\]\$|\$PSScriptRoot|\$true\b|\$false\b"),
]

# first word -> [(language, weight, compiled pattern, signal index)]
_BY_FIRST_WORD: dict[str, list[tuple[str, int, re.Pattern[str], int]]] = {}
for _i, (_lang, _weight, _words, _pattern) in enumerate(_LINE_SIGNALS):
    _compiled = re.compile(_pattern)
    for _word in _words:
        _BY_FIRST_WORD.setdefault(_word, []).append((_lang, _weight, _compiled, _i))
_TEXT_COMPILED = [(lang, weight, needles, re.compile(pattern)) for lang, weight, needles, pattern in _TEXT_SIGNALS]
_FIRST_WORD = re.compile(r"[ \t]*([A-Za-z_][\w-]*|>>>|\"\"\"|'''|//|[@$#}])")
_MAX_HITS_PER_SIGNAL = 4
_LINE_LIMIT = 400
_SNIFF_LIMIT = 4_000  # characters looked at; the head of a program says what it is
_MIN_SCORE = 3


def sniff_scores(code: str, limit: int = _SNIFF_LIMIT) -> dict[str, int]:
    """Evidence per language (the sum of capped signal weights) in the first `limit` characters."""
    text = code[:limit]
    scores: dict[str, int] = {}
    hits: dict[int, int] = {}
    match_first = _FIRST_WORD.match
    for line in text.split("\n"):
        line = line[:_LINE_LIMIT]  # bounds the cost of a regex on one enormous line
        m = match_first(line)
        if m is None:
            continue
        for lang, weight, pattern, index in _BY_FIRST_WORD.get(m.group(1), ()):
            if hits.get(index, 0) < _MAX_HITS_PER_SIGNAL and pattern.match(line):
                hits[index] = hits.get(index, 0) + 1
                scores[lang] = scores.get(lang, 0) + weight
    for lang, weight, needles, pattern in _TEXT_COMPILED:
        for needle in needles:
            if needle in text:
                break
        else:
            continue
        count = 0
        for _ in pattern.finditer(text):
            count += 1
            if count >= _MAX_HITS_PER_SIGNAL:
                break
        if count:
            scores[lang] = scores.get(lang, 0) + weight * count
    return scores


def sniff_language(code: str, limit: int = _SNIFF_LIMIT) -> str:
    """Best guess from a shebang or the content; "unknown" when the evidence is weak or split.

    Built for fragments: a body lifted out of the middle of a function still carries cues
    (`self.`, `elif`, `fi`, `=>`). Ties and near-ties are "unknown" rather than a coin toss.
    Only the first `limit` characters are read.
    """
    if not code or code.isspace():
        return "unknown"
    by_shebang = shebang_language(code.lstrip())
    if by_shebang:
        return by_shebang
    scores = sniff_scores(code, limit)
    if not scores:
        return "unknown"
    # TypeScript is JavaScript plus types: its own cues decide, JavaScript cues support it.
    if scores.get("typescript", 0) >= 3:
        scores["typescript"] += scores.get("javascript", 0)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, top = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0
    if top < _MIN_SCORE:
        return "unknown"
    # Demand a clear margin over the runner-up.
    if top < runner * 1.5:
        return "unknown"
    return best


def detect_language(code: str, path: str | None = None, hint: str | None = None) -> str:
    """Language of `code`: the hint (normalised) wins, then the path's extension, then the
    shebang, then the content sniffer."""
    if hint:
        named = normalise_tag(hint)
        if named:
            return named
    if path:
        by_path = language_for_path(path)
        if by_path:
            return by_path
    by_shebang = shebang_language(code.lstrip()) if code else None
    if by_shebang:
        return by_shebang
    return sniff_language(code)
