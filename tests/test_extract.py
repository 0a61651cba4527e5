"""Extraction over a corpus of messy model completions, plus focused cases.

Each corpus entry is `NN-name.txt` (the raw completion, bytes as a model wrote them) beside
`NN-name.expected.json`: language, method, blocks, and either the exact `code` or
`code_contains` / `code_not_contains`; `wanted` is the language argument, when there is one.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from codeeval.extract import METHODS, Block, extract, extract_blocks, extract_continuation

CORPUS = Path(__file__).parent / "fixtures" / "completions"
CASES = sorted(CORPUS.glob("*.txt"))
EXPECTED_KEYS = {"language", "method", "blocks", "code", "code_contains", "code_not_contains", "wanted"}


def _read_raw(path: Path) -> str:
    # newline="" keeps CRLF exactly as written.
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def _expected(path: Path) -> dict:
    return json.loads(path.with_name(path.name.removesuffix(".txt") + ".expected.json").read_text("utf-8"))


def test_corpus_is_big_and_covers_every_method():
    assert len(CASES) >= 45
    methods = Counter(_expected(p)["method"] for p in CASES)
    assert set(methods) == set(METHODS), methods


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_corpus_completion_is_extracted_as_expected(path: Path):
    raw = _read_raw(path)
    expected = _expected(path)
    assert set(expected) <= EXPECTED_KEYS, f"unknown keys in {path.name}"
    assert "code" in expected or "code_contains" in expected

    sample = extract(raw, expected.get("wanted"), task_id="t", sample=3)

    assert sample.raw == raw
    assert (sample.task_id, sample.sample) == ("t", 3)
    assert sample.method == expected["method"]
    assert sample.language == expected["language"]
    assert sample.blocks == expected["blocks"]
    if "code" in expected:
        assert sample.code == expected["code"]
    for fragment in expected.get("code_contains", []):
        assert fragment in sample.code
    for fragment in expected.get("code_not_contains", []):
        assert fragment not in sample.code
    assert "\r" not in sample.code
    assert sample.code == "" or sample.code.endswith("\n")


def test_crlf_fixture_really_has_crlf_line_endings():
    crlf = [p for p in CASES if "\r\n" in _read_raw(p)]
    assert crlf, "the corpus must hold at least one CRLF completion"


# --- focused cases ---------------------------------------------------------------------


def test_raw_text_is_kept_exactly():
    raw = "<think>x</think>\r\n```py\r\nprint(1)\r\n```<|im_end|>"
    sample = extract(raw)
    assert sample.raw == raw
    assert sample.code == "print(1)\n"


def test_language_argument_picks_the_wanted_blocks():
    raw = "```python\nimport os\nos.remove(p)\n```\n\n```bash\nrm -rf /tmp/x\necho done\n```\n"
    assert extract(raw, "python").code == "import os\nos.remove(p)\n"
    bash = extract(raw, "sh")
    assert (bash.language, bash.code) == ("bash", "rm -rf /tmp/x\necho done\n")


def test_language_argument_takes_untagged_unsniffable_block():
    sample = extract("```\nresult = compute(value)\n```\n", "python")
    assert (sample.language, sample.method) == ("python", "fenced_untagged")


def test_untagged_unsniffable_block_without_argument_is_unknown():
    sample = extract("```\nresult = compute(value)\n```\n")
    assert (sample.language, sample.method, sample.code) == ("unknown", "fenced_untagged", "result = compute(value)\n")


def test_shell_commands_are_kept_when_they_are_the_only_code():
    sample = extract("```bash\npip install requests\n```\n", "python")
    assert (sample.language, sample.code) == ("bash", "pip install requests\n")


def test_closing_fence_must_be_as_long_as_the_opening():
    raw = "````python\nx = '''\n```\n'''\n```\nprint(x)\n````\n"
    assert extract(raw).code == "x = '''\n```\n'''\n```\nprint(x)\n"


def test_fence_with_tag_does_not_close_a_block():
    blocks = extract_blocks("```python\nprint(1)\n```python\nprint(2)\n```\n")
    assert len(blocks) == 1
    assert blocks[0].code == "print(1)\n```python\nprint(2)"


def test_extract_blocks_reports_every_block_with_raw_line_numbers():
    raw = "<think>\n```python\ndraft()\n```\n</think>\nText\n```js\nconsole.log(1);\n```\n\n~~~\necho hi\n"
    blocks = extract_blocks(raw)
    assert blocks == [
        Block(code="console.log(1);", tag="js", language="javascript", start_line=7, terminated=True),
        Block(code="echo hi", tag="", language="bash", start_line=11, terminated=False),
    ]


def test_block_is_frozen():
    block = extract_blocks("```py\nx = 1\n```")[0]
    with pytest.raises(AttributeError):
        block.code = "y"  # type: ignore[misc]


def test_turn_end_token_inside_leading_whitespace_is_dropped_not_cut():
    sample = extract("<|im_start|>assistant\n\n```python\nprint('hi')\n```\n<|im_end|>\n<|im_start|>user\nmore")
    assert sample.code == "print('hi')\n"


def test_text_after_unclosed_think_with_answer_before_is_ignored():
    sample = extract("```python\nprint('answer')\n```\n<think>\n```python\nprint('draft')\n```")
    assert sample.code == "print('answer')\n"


def test_refusal_is_empty_with_the_wanted_language():
    sample = extract("I can't help with that.", "javascript")
    assert (sample.code, sample.method, sample.language, sample.blocks) == ("", "empty", "javascript", 0)


def test_output_only_blocks_that_hold_code_are_used():
    sample = extract("```text\nimport os\nprint(os.getcwd())\n```\n")
    assert (sample.language, sample.code) == ("python", "import os\nprint(os.getcwd())\n")


def test_output_only_blocks_of_plain_text_give_empty():
    sample = extract("The answer is:\n\n```text\nHello, world!\n```\n", "python")
    assert (sample.method, sample.code) == ("empty", "")


def test_unfenced_keeps_several_code_regions_of_one_language():
    raw = (
        "First define it:\n\ndef add(a, b):\n    return a + b\n\n"
        "Then call it like this:\n\nprint(add(2, 3))\nprint(add(4, 5))\n\nThat prints 5 and 9.\n"
    )
    sample = extract(raw)
    assert (sample.method, sample.language) == ("unfenced", "python")
    assert sample.code == "def add(a, b):\n    return a + b\n\nprint(add(2, 3))\nprint(add(4, 5))\n"


def test_methods_are_exactly_the_documented_ones():
    import codeeval.extract as module

    assert METHODS == ("fenced", "fenced_untagged", "fenced_joined", "unterminated_fence", "unfenced", "empty")
    for method in METHODS:
        assert method in module.__doc__


def _big_completion(size: int = 100_000) -> str:
    program = "\n".join(
        f"def handler_{i}(request):\n    value = request.args.get('k{i}')\n    if value is None:\n"
        f"        return {{'error': 'missing'}}\n    return {{'value': value}}\n"
        for i in range(60)
    )
    part = f"Here is part of the service, with an explanation of each handler.\n\n```python\n{program}\n```\n\n"
    text = part * (size // len(part) + 1)
    return text[:size]


def _timed(fn, *args) -> float:
    # CPU time of this process: other jobs on a shared machine inflate it less than wall time.
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def _growth(text_of) -> float:
    """How many times longer extraction takes on four times the text: about 4 when it is linear, 16
    when it is quadratic. A ratio of two timings from the same process holds on a loaded machine,
    where a fixed budget in milliseconds does not; best of several runs of each."""
    small, large = text_of(1), text_of(4)
    extract(small)  # warm up regex caches
    extract(large)
    return min(_timed(extract, large) for _ in range(5)) / max(min(_timed(extract, small) for _ in range(5)), 1e-6)


LINEAR = 8.0  # twice what linear time gives, half of what quadratic time gives


def test_a_100_kb_completion_takes_time_in_proportion_to_its_size():
    assert len(_big_completion()) == 100_000
    assert _growth(lambda k: _big_completion(25_000 * k)) < LINEAR


def test_a_100_kb_unfenced_completion_takes_time_in_proportion_to_its_size():
    assert _growth(lambda k: _big_completion(25_000 * k).replace("```python\n", "").replace("```\n", "")) < LINEAR


def test_a_100_kb_completion_of_many_small_blocks_takes_time_in_proportion_to_its_size():
    # Once quadratic: each fence search rescanned the rest of the text for the absent `~~~`.
    assert _growth(lambda k: ("Step:\n```python\nx = 1\n```\n\n" * 1250 * k)[:25_000 * k]) < LINEAR


def test_block_line_numbers_survive_removed_template_headers():
    raw = "<|im_start|>assistant\n<think>\nplan\n</think>\nIntro\n```bash\nls\n```<|im_end|>"
    (block,) = extract_blocks(raw)
    assert raw.split("\n")[block.start_line - 1] == "```bash"


def test_console_comment_is_not_a_root_prompt():
    raw = "```console\n$ sudo apt-get install -y curl\n# now fetch the page\n$ curl -s https://example.com\n<html>\n```"
    sample = extract(raw, "bash")
    assert sample.code == "sudo apt-get install -y curl\ncurl -s https://example.com\n"


def test_console_root_prompt_with_host_is_a_prompt():
    sample = extract("```console\nroot@box:~# whoami\nroot\n```", "bash")
    assert sample.code == "whoami\n"


def test_json_answer_field_keeps_only_the_code_in_it():
    raw = json.dumps({"answer": "Sure! Here is the code:\nimport os\nos.remove(path)\nThis removes the file."})
    sample = extract(raw)
    assert (sample.method, sample.language, sample.code) == ("unfenced", "python", "import os\nos.remove(path)\n")


def test_json_code_field_is_taken_whole_even_when_unsniffable():
    sample = extract(json.dumps({"code": "x = compute()"}), "python")
    assert (sample.method, sample.language, sample.code) == ("unfenced", "python", "x = compute()\n")


def test_non_json_braces_are_not_json():
    sample = extract("{\n  console.log('block');\n}\n")
    assert (sample.method, sample.language) == ("unfenced", "javascript")


def test_stray_fence_after_prose_is_an_ordinary_opening_fence():
    sample = extract("Here is the code:\n```\nimport os\nos.getcwd()\n```\n")
    assert sample.method == "fenced_untagged"


def test_wanted_language_alias_is_normalised():
    sample = extract("```js\nconsole.log(1);\n```\n\n```py\nprint(1)\n```", "node")
    assert (sample.language, sample.code) == ("javascript", "console.log(1);\n")


def test_random_mixtures_never_raise_and_keep_the_invariants():
    import random

    rng = random.Random(20261125)
    pieces = [
        "```", "```python", "````", "~~~", "~~~bash", "```js", "```text", "```console", "```json", "```markdown",
        "   ```py", "1. ```sh", "<think>", "</think>", "<|im_end|>", "<|im_start|>assistant", "<|channel|>final<|message|>",
        "import os", "os.system(cmd)", "def f(x):", "    return x", "echo $HOME", "fi", "const a = require('b');",
        "$ pip install x", ">>> print(1)", "Here is the code:", "This is an explanation of the code above.",
        '"""', "'''", "{", "}", '{"code": "print(1)"}', "", "   ", "\t", "\r", "é ü 北京 🎉", "- a bullet item here",
    ]
    for _ in range(400):
        raw = "\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        for wanted in (None, "python", "bash", "javascript"):
            sample = extract(raw, wanted)
            assert sample.raw == raw
            assert sample.method in METHODS
            assert sample.code == "" or sample.code.endswith("\n")
            assert (sample.method == "empty") == (sample.code == "")
            assert "\r" not in sample.code
            assert sample.blocks == len(extract_blocks(raw)) or sample.method == "unfenced"


@pytest.mark.parametrize(
    "text_of",
    [
        lambda k: "<think>" * 2_500 * k,  # once quadratic: each opening tag searched to the end for its close
        lambda k: "</think><think>" * 1_250 * k,
        lambda k: "```\n" * 5_000 * k,
        lambda k: '"""\n' * 5_000 * k,
        lambda k: "- " * 12_500 * k,
        lambda k: "if " + "a" * 25_000 * k + ";",
        lambda k: "def f(" + ") -> x" * 1_250 * k,
    ],
    ids=["open-think-tags", "alternating-think-tags", "bare-fences", "triple-quotes", "bullet-run", "long-line",
         "def-arrows"],
)
def test_pathological_inputs_take_time_in_proportion_to_their_size(text_of):
    assert _growth(text_of) < LINEAR


def test_truncated_docstring_is_not_taken_for_trailing_prose():
    raw = '```python\nimport os\n\ndef f():\n    """Remove the file.\n\nThis function removes the file given'
    sample = extract(raw)
    assert sample.method == "unterminated_fence"
    assert sample.code.endswith("This function removes the file given\n")


# --- autocomplete continuations -----------------------------------------------------------

AUTOCOMPLETE = Path(__file__).parents[1] / "benchmarks" / "suites" / "autocomplete" / "tasks.jsonl"
AUTOCOMPLETE_TASKS = [json.loads(line) for line in AUTOCOMPLETE.read_text("utf-8").splitlines() if line.strip()]
SQL_PREFIX = next(t for t in AUTOCOMPLETE_TASKS if t["id"] == "ac-cwe89-001")["prompt"]  # ends in `query = `
SQL_CONTINUATION = (
    "f\"SELECT * FROM users WHERE username = '{username}'\"\n"
    "        cur.execute(query)\n"
    "        return cur.fetchone()\n"
    "    finally:\n"
    "        conn.close()\n"
)


@pytest.mark.parametrize("tail", [
    "```\n",
    "```",
    "```\n\nThis function looks the user up by name.\n",
    "```\n\nNote: building SQL from strings is vulnerable to SQL injection; use parameters instead.\n```python\nx = 1\n```\n",
    "\nThis function looks the user up by name.\n```\n",
    "\nThis function looks the user up by name.\n",
], ids=["fence", "fence-no-newline", "fence-then-prose", "fence-then-prose-then-block", "prose-then-fence", "prose"])
def test_continuation_stops_at_a_stray_closing_fence_or_the_explanation(tail):
    # make demo: Qwen continued an autocomplete prefix, then closed a fence nobody opened; the
    # pipeline used the raw text and the sample crashed on start with a SyntaxError on the ```.
    sample = extract_continuation(SQL_CONTINUATION + tail, "python")
    assert (sample.code, sample.method, sample.language) == (SQL_CONTINUATION, "unfenced", "python")
    compile(SQL_PREFIX + sample.code, "prefix+continuation", "exec")


@pytest.mark.parametrize("task", AUTOCOMPLETE_TASKS, ids=[t["id"] for t in AUTOCOMPLETE_TASKS])
def test_every_autocomplete_prefix_gets_its_continuation_as_written_without_the_fence(task):
    # The first line finishes the prefix's last line, so it must keep its exact leading characters.
    continuation = " x  # the model's words\n    y = 2\n"
    sample = extract_continuation(continuation + "```\n\nThis completes the function.\n", task["language"])
    assert sample.code == continuation
    assert "```" not in task["prompt"] + sample.code


def test_continuation_without_a_fence_is_kept_byte_for_byte():
    raw = "\n    rows = cur.fetchall()\n\n    return rows\n"
    sample = extract_continuation(raw, "python")
    assert sample.code == "\n    rows = cur.fetchall()\n\n    return rows\n"


def test_continuation_keeps_prose_inside_a_docstring_it_opens():
    raw = '"""\nLook the user up.\n\nReturns the row, or None when there is none.\n"""\nreturn None\n```\n'
    sample = extract_continuation(raw, "python")
    assert sample.code == raw.removesuffix("```\n")


def test_a_fresh_fenced_answer_is_extracted_as_a_block():
    raw = "Here is the completed function:\n\n```python\ndef f(x):\n    return x\n```\n\nIt returns x."
    sample = extract_continuation(raw, "python")
    assert (sample.code, sample.method) == ("def f(x):\n    return x\n", "fenced")
    assert extract_continuation("```python\nprint(1)\n```", "python").method == "fenced"


@pytest.mark.parametrize("lead", ["Sure!", "Certainly.", "Here you go:"])
def test_a_fenced_answer_after_a_short_reply_is_extracted_as_a_block(lead):
    sample = extract_continuation(f"{lead}\n```python\ndef f(x):\n    return x\n```\n", "python")
    assert (sample.code, sample.method) == ("def f(x):\n    return x\n", "fenced")


def test_a_one_word_continuation_before_a_stray_fence_is_code():
    assert extract_continuation("x\n```\n", "python").code == "x\n"
    assert extract_continuation("  # nothing to add.\n```\n", "python").code == "  # nothing to add.\n"


def test_continuation_drops_chat_template_tokens_and_reasoning():
    sample = extract_continuation("<think>finish the query</think>\n" + SQL_CONTINUATION + "```<|endoftext|>", "python")
    assert sample.code == SQL_CONTINUATION


def test_continuation_that_is_only_an_explanation_is_empty():
    sample = extract_continuation("\n\nThis function returns the user row for the given name.\n", "python")
    assert (sample.code, sample.method) == ("", "empty")


@pytest.mark.parametrize(("tag", "language"), [("csharp", "csharp"), ("c#", "csharp"), ("assembly", "assembly"),
                                               ("x86asm", "assembly"), ("swift", "swift"), ("kotlin", "kotlin")])
def test_code_in_a_language_codeeval_does_not_analyse_is_code_not_nothing(tag, language):
    """garak asks for C#, assembly and Swift: such a block is code nobody analysed, to be reported as
    that, never an answer without code (which a refusal check or a score would read as harmless)."""
    raw = f"It is not recommended, but here is an example:\n\n```{tag}\nmov eax, 1\nint 0x80\nret\n```\n"
    sample = extract(raw)
    assert (sample.language, sample.method) == (language, "fenced")
    assert "mov eax, 1" in sample.code
