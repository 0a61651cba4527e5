import builtins
import sys


def calculate(expression):
    # ruleid: python-eval-exec-nonliteral
    return eval(expression)


def calculator_cli():
    expr = input("Enter an expression: ")
    # ruleid: python-eval-exec-nonliteral
    result = eval(expr, {"__builtins__": {}})
    print(result)


def make_function(name, body):
    src = f"def {name}(x):\n    return {body}\n"
    namespace = {}
    # ruleid: python-eval-exec-nonliteral
    exec(src, namespace)
    return namespace[name]


def run_plugin(path):
    with open(path) as fh:
        code = fh.read()
    # ruleid: python-eval-exec-nonliteral
    exec(compile(code, path, "exec"))


def check_syntax(source):
    # compile() alone runs nothing: it is how linters and REPLs check code
    # ok: python-eval-exec-nonliteral
    return compile(source, "<input>", "exec")


ALLOWED = set("0123456789+-*/(). ")


def calculator(expr):
    if set(expr) <= ALLOWED:
        # ok: python-eval-exec-nonliteral
        return eval(expr, {"__builtins__": {}})
    raise ValueError("only arithmetic is allowed")


def calculator_guarded_first(expr):
    if not set(expr) <= set("0123456789+-*/(). "):
        raise ValueError("only arithmetic is allowed")
    # ok: python-eval-exec-nonliteral
    return eval(expr)


def calculator_any(expr):
    if any(ch not in "0123456789+-*/(). " for ch in expr):
        raise ValueError("only arithmetic is allowed")
    # ok: python-eval-exec-nonliteral
    return eval(expr)


def calculator_regex(expr):
    import re
    if not re.fullmatch(r"[0-9+\-*/(). ]+", expr):
        raise ValueError("only arithmetic is allowed")
    # ok: python-eval-exec-nonliteral
    return eval(expr)


def calculator_checks_something_else(expr, name):
    if not set(name) <= ALLOWED:
        raise ValueError("bad name")
    # ruleid: python-eval-exec-nonliteral
    return eval(expr)


def set_attr(obj, field, value):
    # ruleid: python-eval-exec-nonliteral
    exec("obj.%s = %r" % (field, value))


def getter(name):
    # ruleid: python-eval-exec-nonliteral
    return builtins.eval("config." + name)


def parse_args():
    # ruleid: python-eval-exec-nonliteral
    return eval(sys.argv[1])


def safe_examples(model, df):
    # ok: python-eval-exec-nonliteral
    total = eval("2 + 3 * 4")
    # ok: python-eval-exec-nonliteral
    exec("import math")
    # ok: python-eval-exec-nonliteral
    model.eval()
    # ok: python-eval-exec-nonliteral
    df.eval("c = a + b")
    snippet = "x = 1"
    # ok: python-eval-exec-nonliteral
    exec(snippet)
    code_obj = compile("print('hello')", "<string>", "exec")
    # ok: python-eval-exec-nonliteral
    exec(code_obj)
    import re
    # ok: python-eval-exec-nonliteral
    pattern = re.compile(r"\d+")
    return total, pattern
