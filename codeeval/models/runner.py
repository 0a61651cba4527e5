"""Run a generator against the store: reuse what is stored, write each new completion as it returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from codeeval.models.base import GenerationRequest, Generator
from codeeval.store import Store
from codeeval.types import Completion


def generate_stored(
    generator: Generator,
    requests: Sequence[GenerationRequest],
    store: Store | None = None,
    *,
    on_completion: Callable[[Completion, bool], None] | None = None,
) -> list[Completion]:
    """Completions for every (request, sample), ordered by request then sample index.

    A completion already stored under the same model, identity, config hash, task and sample is
    reused without touching the model; the rest are generated and each is committed to the store
    the moment the backend yields it, so an interrupted run resumes where it stopped.
    `on_completion(completion, reused)` lets a caller show progress.
    """
    results: dict[tuple[str, int], Completion] = {}
    pending: list[GenerationRequest] = []
    identity = generator.identity if store is not None else ""
    for request in requests:
        config_hash = request.config.hash()
        missing = []
        for sample in request.sample_indices:
            stored = (
                store.get_completion(generator.model, identity, config_hash, request.task_id, sample) if store else None
            )
            if stored is None:
                missing.append(sample)
            else:
                results[(request.task_id, sample)] = stored
                if on_completion:
                    on_completion(stored, True)
        if missing:
            pending.append(replace(request, samples=tuple(missing)))
        if store is not None:
            store.put_generation_config(config_hash, request.config.as_dict())

    if pending:
        for completion in generator.generate(pending):
            if store is not None:
                store.put_completion(completion)
            results[(completion.task_id, completion.sample)] = completion
            if on_completion:
                on_completion(completion, False)

    return [results[(r.task_id, s)] for r in requests for s in r.sample_indices if (r.task_id, s) in results]
