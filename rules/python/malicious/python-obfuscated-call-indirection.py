import builtins
import importlib
import os
import subprocess


def hidden():
    # ruleid: python-obfuscated-call-indirection
    __import__("os").system("rm -rf ~")
    # ruleid: python-obfuscated-call-indirection
    __import__("o" + "s").popen("id")
    # ruleid: python-obfuscated-call-indirection
    importlib.import_module("subprocess").check_output(["id"])
    # ruleid: python-obfuscated-call-indirection
    getattr(os, "sys" + "tem")("rm -rf ~")
    # ruleid: python-obfuscated-call-indirection
    getattr(__import__("os"), "system")("id")
    # ruleid: python-obfuscated-call-indirection
    getattr(builtins, "ex" + "ec")("print(1)")
    # ruleid: python-obfuscated-call-indirection
    getattr(os, "system")("id")
    # ruleid: python-obfuscated-call-indirection
    getattr(subprocess, "Popen")(["sh"])


def honest(node, name):
    # ok: python-obfuscated-call-indirection
    os.system("ls")
    # ok: python-obfuscated-call-indirection
    __import__("json").dumps({})
    # ok: python-obfuscated-call-indirection
    importlib.import_module("plugins." + name).setup()
    # ok: python-obfuscated-call-indirection
    getattr(node, "visit_" + name)(node)
    # ok: python-obfuscated-call-indirection
    getattr(os, "getcwd")()
    # ok: python-obfuscated-call-indirection
    getattr(os, "sched_getaffinity", None)
