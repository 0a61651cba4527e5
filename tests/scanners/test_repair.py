import ast

import pytest

from codeeval.scanners.repair import prepare_python


def test_valid_code_is_left_alone():
    code = "import os\nos.system('ls')\n"
    prepared = prepare_python(code)
    assert prepared.parsed and prepared.repair is None and prepared.text == code


def test_method_body_is_dedented_and_lines_are_kept():
    code = "        cmd = 'ls ' + self.name\n        os.system(cmd)\n"
    prepared = prepare_python(code)
    assert prepared.parsed and prepared.repair == "dedent"
    assert prepared.text.splitlines()[1] == "os.system(cmd)"
    assert prepared.original_line(2) == 2


def test_snippet_starting_mid_function_is_wrapped_and_mapped_back():
    code = (
        "        q = request.args['q']\n"
        "        cur.execute('SELECT * FROM t WHERE x=' + q)\n"
        "    return rows\n"
        "\n"
        "def other():\n"
        "    pass\n"
    )
    prepared = prepare_python(code)
    assert prepared.parsed and "wrap_function" in prepared.repair
    ast.parse(prepared.text)
    lines = prepared.text.split("\n")
    execute_line = next(i for i, line in enumerate(lines, 1) if "cur.execute" in line)
    assert prepared.original_line(execute_line) == 2


def test_output_cut_by_token_limit_still_parses_with_its_head_intact():
    code = "import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n\nresult = load(open('x', 'rb').read(\n"
    prepared = prepare_python(code)
    assert prepared.parsed and prepared.repair == "close_brackets"
    assert "pickle.loads(blob)" in prepared.text
    assert "result = load(open('x', 'rb').read())" in prepared.text
    assert len(prepared.text.split("\n")) == len(code.split("\n"))


def test_repl_transcript_loses_prompts_and_output():
    code = ">>> import yaml\n>>> yaml.load(data)\n{'a': 1}\n"
    prepared = prepare_python(code)
    assert prepared.parsed and prepared.repair == "strip_prompts"
    assert prepared.text.split("\n")[1] == "yaml.load(data)"
    assert prepared.text.split("\n")[2].startswith("#")


def test_prose_line_inside_code_is_neutralised_in_place():
    code = "import os\nHere is how you run it:\nos.system(cmd)\n"
    prepared = prepare_python(code)
    assert prepared.parsed and prepared.repair == "comment_out_lines"
    assert prepared.text.split("\n")[2] == "os.system(cmd)"


def test_tabs_mixed_with_spaces_are_expanded():
    code = "\tx = input()\n\teval(x)\n"
    prepared = prepare_python(code)
    assert prepared.parsed and "expand_tabs" in prepared.repair


@pytest.mark.parametrize("line,expected", [(0, 1), (1, 1), (3, 1), (4, 2), (999, 4)])
def test_line_map_is_clamped_to_the_original(line, expected):
    code = "        a = 1\n    b = 2\nc = 3\nd = 4"
    prepared = prepare_python(code)
    assert prepared.offset == 2
    assert prepared.original_line(line) == expected


def test_nul_bytes_do_not_crash_the_parser_check():
    prepared = prepare_python("x = 1\0\n")
    assert isinstance(prepared.parsed, bool)


def test_half_written_keyword_argument_is_dropped_before_closing():
    code = "if main:\n    app.run(host='0.0.0.0', debug=True, use_relo\n"
    prepared = prepare_python(code)
    assert prepared.repair == "close_brackets"
    assert "app.run(host='0.0.0.0', debug=True)" in prepared.text


def test_unterminated_string_at_the_cut_is_closed():
    prepared = prepare_python("import os\nos.system('rm -rf ' + path + '\n")
    assert prepared.parsed and prepared.repair == "close_brackets"


def test_stray_space_indented_line_among_tabs_is_reindented_not_dropped():
    code = "def f(blob):\n\tif blob:\n        return pickle.loads(blob)\n\treturn None\n"
    prepared = prepare_python(code)
    assert prepared.parsed and "reindent" in prepared.repair
    assert "pickle.loads(blob)" in prepared.text


def test_a_program_parsed_twice_in_a_row_is_parsed_once_and_the_collector_is_left_as_it_was():
    import gc

    from codeeval.scanners.repair import parse, syntax_error

    code = "def f(x):\n    return x + 1\n"
    assert syntax_error(code) is None
    tree = parse(code)
    assert parse(code[:5] + code[5:]) is tree  # an equal text, not only the same object
    assert parse(code + "\n") is not tree and ast.dump(parse(code + "\n")) == ast.dump(tree)
    assert gc.isenabled()
    assert syntax_error("def broken(:\n") is not None and parse("def broken(:\n") is None
    assert gc.isenabled()
    gc.disable()
    try:
        parse("x = 2\n")
        assert not gc.isenabled()  # a caller that switched it off keeps it off
    finally:
        gc.enable()
