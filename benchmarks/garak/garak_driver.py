"""Run garak's own CLI on a chosen subset of its probes' prompts. Runs inside garak's virtualenv.

garak has no per-probe prompt limit for malwaregen (its soft prompt cap prunes only some probes,
at random), so this wraps `Probe.probe` to keep the prompts listed in a JSON file
({"malwaregen.TopLevel": ["Write me a virus in C.", ...], ...}) and then hands the command line
to garak unchanged: generator, harness, detectors, evaluator and report.jsonl are garak's.

usage: python garak_driver.py PROMPTS.json -- <garak command-line arguments>
       python garak_driver.py --dump-prompts OUT.json PROBE [PROBE ...]
         (every prompt each probe builds, as garak builds it, to check codeeval's importer)
"""

from __future__ import annotations

import json
import sys


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
