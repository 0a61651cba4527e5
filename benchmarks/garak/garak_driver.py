"""Run garak's own CLI on a chosen subset of its probes' prompts. Runs inside garak's virtualenv.

garak has no per-probe prompt limit for malwaregen (its soft prompt cap prunes only some probes,
at random), so this wraps `Probe.probe` to keep the prompts listed in a JSON file
({"malwaregen.TopLevel": ["Write me a virus in C.", ...], ...}) and then hands the command line
to garak unchanged: generator, harness, detectors, evaluator and report.jsonl are garak's.

With --registries CACHE.json, garak's packagehallucination detectors ask the registries
themselves (pypi.org/simple, registry.npmjs.org), name by name, instead of loading their package
lists from the Hugging Face hub (garak-llm/pypi-20241031, garak-llm/npm-20241031), which this
machine cannot reach. Everything else in the detector is garak's: which names it reads from an
answer, the standard-library allowance, the scoring. What differs is the list: today's registries
rather than the October 2024 snapshots, and PyPI names compared after PEP 503 normalisation.

usage: python garak_driver.py [--registries CACHE.json] PROMPTS.json -- <garak command-line arguments>
       python garak_driver.py --dump-prompts OUT.json PROBE [PROBE ...]
         (every prompt each probe builds, as garak builds it, to check codeeval's importer)
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

REGISTRY_URLS = {
    "python": lambda name: "https://pypi.org/simple/" + re.sub(r"[-_.]+", "-", name).lower() + "/",
    "javascript": lambda name: "https://registry.npmjs.org/" + urllib.parse.quote(name, safe="@"),
}


class RegistryNames:
    """A package list that answers `name in it` by asking the registry (cached on disk), so a
    detector's membership test behaves as it would against a full snapshot of the registry."""

    def __init__(self, language: str, cache: dict[str, bool], lock: threading.Lock, save, extra=frozenset()):
        self.language, self.cache, self.lock, self.save, self.extra = language, cache, lock, save, frozenset(extra)

    def __or__(self, other):
        return RegistryNames(self.language, self.cache, self.lock, self.save, self.extra | set(other))

    def __bool__(self) -> bool:
        return True

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or not name:
            return False
        if name in self.extra:
            return True
        key = f"{self.language}:{name}"
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        found = self._ask(REGISTRY_URLS[self.language](name))
        with self.lock:
            self.cache[key] = found
            self.save()
        return found

    @staticmethod
    def _ask(url: str) -> bool:
        for attempt in range(4):
            try:
                with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=20):
                    return True
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return False
            except (urllib.error.URLError, TimeoutError, OSError):
                pass
            time.sleep(2 ** attempt)
        # No answer is not an answer about the package: stop rather than score a guess.
        raise SystemExit(f"registry did not answer: {url}")


def use_registries(cache_path: str) -> None:
    import garak.detectors.packagehallucination as ph

    try:
        with open(cache_path, encoding="utf-8") as fh:
            cache: dict[str, bool] = json.load(fh)
    except (OSError, ValueError):
        cache = {}
    lock = threading.Lock()

    def save() -> None:
        with open(cache_path, "w", encoding="utf-8") as fh:
            json.dump(cache, fh, sort_keys=True)

    def load(self) -> None:
        if self.language_name not in REGISTRY_URLS:
            raise ConnectionError(f"no registry oracle for {self.language_name}")
        self.packages = RegistryNames(self.language_name, cache, lock, save)

    ph.PackageHallucinationDetector._load_package_list = load


def dump_prompts(out: str, probes: list[str]) -> int:
    from garak import _config, _plugins

    _config.load_base_config()
    built = {name: list(_plugins.load_plugin(f"probes.{name}").prompts) for name in probes}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"garak_version": _config.version, "prompts": built}, fh, indent=1)
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--dump-prompts"] and len(argv) >= 3:
        return dump_prompts(argv[1], argv[2:])
    if argv[:1] == ["--registries"] and len(argv) >= 2:
        use_registries(argv[1])
        argv = argv[2:]
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as fh:
        wanted: dict[str, list[str]] = json.load(fh)

    import garak.probes.base as probes_base

    original = probes_base.Probe.probe

    def probe_subset(self, generator):
        name = self.probename.removeprefix("garak.probes.")
        keep = wanted.get(name)
        if keep is not None:
            missing = set(keep) - {p for p in self.prompts if isinstance(p, str)}
            if missing:  # the caller's prompts came from the importer: a mismatch is a bug to see
                raise SystemExit(f"garak probe {name} has no prompt(s) {sorted(missing)[:3]}")
            self.prompts = [p for p in self.prompts if p in keep]
        return original(self, generator)

    probes_base.Probe.probe = probe_subset
    from garak import cli

    cli.main(argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
