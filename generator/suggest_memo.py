"""The editors' suggestions (:mod:`generator.suggest`) of the previous build, computed
again only where an edit can change them.

Two steps, each reused on its own:

1. per letter, its :class:`~generator.suggest.Facts` (everything the suggestions read of
   it), traced per letter (:func:`generator.memo.traced_each`): a letter whose fields
   read are the same is not looked at again;
2. per due commitment, its kept *fulfils* suggestions. They are a function of its own
   letter's facts, of the facts of the letters that are candidates for it
   (:func:`generator.suggest.could_fulfil`, a test on the two letters' facts alone) and
   of the dismissed keys. The previous result is reused when its letter's facts and the
   dismissed keys are the same and no letter whose facts changed (added, removed or
   different: its old and its new facts) is or was a candidate: then the candidates are
   the same letters with the same facts, ordered by score and id (ids are unique), so
   the result is the same.

The date ranges (from the facts, cheap) and the final order are made every time; the
result is exactly :func:`generator.suggest.best_suggestions` of the same letters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .memo import Memo, traced_each
from .suggest import (
    Facts,
    Shown,
    combine,
    could_fulfil,
    dismissed_of,
    fulfilment_groups,
    letter_facts,
)

LETTERS = "suggestions/letters"  # file name -> Trace of its Facts
GROUPS = "suggestions/groups"
MANY = 50  # more letters changed than this: every commitment again (same result, no checks)

Key = tuple[int, int]  # (letter position, position among its due commitments)


@dataclass
class Stats:
    """What was reused and what computed (letters' facts; commitments' suggestions)."""

    letters_reused: int = 0
    letters_computed: int = 0
    groups_reused: int = 0
    groups_computed: int = 0


@dataclass(frozen=True)
class _Groups:
    per_item: int | None
    dismissed: frozenset[Any]
    shown: dict[tuple[str, int], list[Shown]]  # (letter id, k) -> its kept suggestions
    result: list[Shown]  # all of them, best first


def memo_suggestions(
    memo: Memo,
    letters: Sequence[tuple[str, dict[str, Any]]],
    per_item: int | None,
    sources: Mapping[str, object] | None = None,
) -> tuple[list[Shown], Stats]:
    """``best_suggestions`` of the letters (``(file name, data)`` in file order), reusing
    what ``memo`` keeps of the previous build; ``memo`` then holds this build's.
    ``sources``: the digest of the text each letter's data was parsed from, by name."""
    before = memo.get(LETTERS)
    old_traces = before if isinstance(before, dict) else {}
    found, traces, reused = traced_each(letter_facts, letters, old_traces, sources)
    facts = [f for f in found if f is not None]
    old_facts = [t.value for t in old_traces.values() if t.value is not None]
    dismissed = dismissed_of(facts)
    before = memo.get(GROUPS)
    if isinstance(before, _Groups) and _same(before, old_facts, facts, per_item, dismissed):
        if reused != len(letters) or traces.keys() != old_traces.keys():
            memo.put(LETTERS, traces)  # other files, or other digests: the same facts
        return before.result, Stats(reused, len(letters) - reused, len(before.shown), 0)
    todo, kept = _reusable(before, old_facts, facts, per_item, dismissed)
    fresh = fulfilment_groups(facts, per_item, dismissed, todo)
    groups = {**kept, **fresh}
    shown = {(facts[n].id, k): value for (n, k), value in groups.items()}
    result = combine(facts, groups, per_item, dismissed)
    memo.put(LETTERS, traces)
    memo.put(GROUPS, _Groups(per_item, dismissed, shown, result))
    return result, Stats(reused, len(letters) - reused, len(kept), len(fresh))


def _same(
    before: _Groups,
    old_facts: list[Facts],
    facts: list[Facts],
    per_item: int | None,
    dismissed: frozenset[Any],
) -> bool:
    """The previous result holds as it is: the same facts of the same letters in the
    same order and the same dismissed keys (the suggestions are a function of these)."""
    return (before.per_item, before.dismissed) == (per_item, dismissed) and facts == old_facts


def _reusable(
    before: object,
    old_facts: list[Facts],
    facts: list[Facts],
    per_item: int | None,
    dismissed: frozenset[Any],
) -> tuple[list[Key] | None, dict[Key, list[Shown]]]:
    """The commitments to compute (None: all) and the kept results of the others."""
    if not isinstance(before, _Groups) or (before.per_item, before.dismissed) != (
        per_item,
        dismissed,
    ):
        return None, {}
    old_by_id = {f.id: f for f in old_facts}
    new_by_id = {f.id: f for f in facts}
    if len(old_by_id) != len(old_facts) or len(new_by_id) != len(facts):
        return None, {}  # an id used twice: the rule above needs unique ids
    changed = {
        i for i in old_by_id.keys() | new_by_id.keys() if old_by_id.get(i) != new_by_id.get(i)
    }
    if len(changed) > MANY:
        return None, {}
    versions = [f for i in changed for f in (old_by_id.get(i), new_by_id.get(i)) if f is not None]
    todo: list[Key] = []
    kept: dict[Key, list[Shown]] = {}
    for n, d in enumerate(facts):
        for k, due in enumerate(d.due):
            shown = before.shown.get((d.id, k))
            if (
                shown is None
                or d.id in changed
                or (versions and any(could_fulfil(d, due, x) for x in versions))
            ):
                todo.append((n, k))
            else:
                kept[n, k] = shown
    return todo, kept
