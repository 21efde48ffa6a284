"""``changes BASE HEAD``: what changed in the content between two git revisions, in Dutch.

Meant for a pull-request comment: reviewers read "002 'Brede welvaartstoets': standpunt
niet overgenomen → deels overgenomen" instead of a YAML diff. Reads the revisions with
``git diff --name-status`` and ``git show REV:path`` (no network, no checkout).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .diagnostics import ContentError
from .model import STANCE_LABELS_NL, Stance
from .store import load_yaml

ITEM_LISTS = {  # list field -> (Dutch noun, key)
    "questions": ("vraag", "number"),
    "recommendations": ("aanbeveling", "id"),
    "commitments": ("toezegging", "id"),
}
PLURALS = {"vraag": "vragen", "aanbeveling": "aanbevelingen", "toezegging": "toezeggingen"}
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"
SKIPPED_FIELDS = {"questions", "recommendations", "commitments", "topics", "editorial", "schema"}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ContentError(str(repo), f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def _show(repo: Path, rev: str, path: str) -> Any:
    try:
        return load_yaml(git(repo, "show", f"{rev}:{path}"), f"{rev}:{path}")
    except ContentError:
        return None


def summarise_changes(repo: Path, base: str, head: str, content: str = "content") -> str:
    """A Markdown summary of the content changes from ``base`` to ``head``."""
    status = git(repo, "diff", "--name-status", "-M", base, head, "--", content)
    lines: list[str] = []
    fulfilled = 0
    snapshots = 0
    for entry in status.splitlines():
        code, *paths = entry.split("\t")
        path = paths[-1]
        rel = path[len(content) + 1 :] if path.startswith(content + "/") else path
        if rel.startswith("machine/"):
            snapshots += 1
        elif rel.startswith("letters/") and rel.endswith((".yml", ".yaml")):
            old = _show(repo, base, paths[0]) if code[0] != "A" else None
            new = _show(repo, head, path) if code[0] != "D" else None
            lines.extend(describe_letter(old, new))
            fulfilled += count_fulfilled(old, new)
        elif rel in ("topics.yml", "entities.yml"):
            lines.extend(describe_vocabulary(rel, _show(repo, base, path), _show(repo, head, path)))
        else:
            lines.append(f"{rel}: {'toegevoegd' if code == 'A' else 'gewijzigd'}")
    if fulfilled:
        noun = "toezegging" if fulfilled == 1 else "toezeggingen"
        lines.append(f"{fulfilled} {noun} gemarkeerd als nagekomen")
    if snapshots:
        lines.append(f"{snapshots} machine-snapshot(s) bijgewerkt (opnieuw ingelezen)")
    header = f"### Wijzigingen in {content}/ ({base}..{head})\n\n"
    if not lines:
        return header + "Geen inhoudelijke wijzigingen.\n"
    return header + "".join(f"- {line}\n" for line in lines)


def cmd_changes(repo: Path, base: str, head: str, content: str = "content") -> int:
    try:
        print(summarise_changes(repo, base, head, content), end="")
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


# --------------------------------------------------------------------------- letters


def dutch_date(value: Any) -> str:
    """``2024-11-14`` -> ``14 november 2024`` (anything else unchanged)."""
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {MONTHS.split()[int(parts[1]) - 1]} {parts[0]}"
    return text


def _name(d: dict[str, Any]) -> str:
    title = d.get("title")
    return f"{d.get('id')} '{title}'" if title else str(d.get("id"))


def describe_letter(old: Any, new: Any) -> list[str]:
    """Sentences for one letter file: added, removed or what changed in it."""
    if not isinstance(new, dict):
        return [f"brief {_name(old)} verwijderd"] if isinstance(old, dict) else []
    if not isinstance(old, dict):
        return [_new_letter(new)]
    who = str(new.get("id"))
    out = [f"{who}: {line}" for line in _letter_fields(old, new)]
    for field in ITEM_LISTS:
        out.extend(_item_changes(who, field, _list(old, field), _list(new, field)))
    reviewed = _newly_reviewed(old, new)
    if reviewed:
        out.append(f"{who}: {len(reviewed)} item(s) gecontroleerd ({', '.join(reviewed)})")
    return out


def _new_letter(d: dict[str, Any]) -> str:
    counts = [
        f"{len(_list(d, field))} {noun if len(_list(d, field)) == 1 else PLURALS[noun]}"
        for field, (noun, _) in ITEM_LISTS.items()
        if _list(d, field)
    ]
    when = dutch_date(d["date"]) if d.get("date") else "zonder datum"
    extra = f"; {', '.join(counts)}" if counts else ""
    return f"nieuwe brief {_name(d)} ({d.get('kind')}, {when}{extra})"


def _list(d: dict[str, Any], field: str) -> list[Any]:
    value = d.get(field)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _editorial(d: dict[str, Any]) -> dict[str, Any]:
    value = d.get("editorial")
    return value if isinstance(value, dict) else {}


def _letter_fields(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    if old.get("title") != new.get("title"):
        yield f"titel '{old.get('title')}' → '{new.get('title')}'"
    yield from _date_change(old, new)
    yield from _topic_change(old, new)
    eo, en = _editorial(old), _editorial(new)
    if eo.get("summary") != en.get("summary"):
        yield "samenvatting " + (
            "verwijderd"
            if not en.get("summary")
            else "geschreven"
            if not eo.get("summary")
            else "aangepast"
        )
    rest = [
        k
        for k in {**old, **new}
        if k not in SKIPPED_FIELDS | {"title", "date"} and old.get(k) != new.get(k)
    ]
    if rest:
        yield f"ook gewijzigd: {', '.join(rest)}"


def _date_change(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    for label, a, b in (
        ("datum", old.get("date"), new.get("date")),
        ("datum (redactie)", _editorial(old).get("date"), _editorial(new).get("date")),
    ):
        if a == b:
            continue
        if not a:
            source = _editorial(new).get("date_source") if label != "datum" else None
            yield f"{label} ingevuld: {dutch_date(b)}" + (f" (bron: {source})" if source else "")
        else:
            yield f"{label} {dutch_date(a)} → {dutch_date(b) if b else 'leeg'}"


def _topic_change(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    def topics(d: dict[str, Any]) -> list[str]:
        return [*(d.get("topics") or []), *(_editorial(d).get("extra_topics") or [])]

    before, after = topics(old), topics(new)
    added = [t for t in after if t not in before]
    removed = [t for t in before if t not in after]
    if added or removed:
        parts = [f"+ {t}" for t in added] + [f"− {t}" for t in removed]
        yield f"onderwerpen {', '.join(parts)}"


# --------------------------------------------------------------------------- items


def _item_changes(who: str, field: str, old: list[Any], new: list[Any]) -> Iterator[str]:
    noun, key = ITEM_LISTS[field]
    before = {item.get(key): item for item in old}
    after = {item.get(key): item for item in new}
    for k, item in after.items():
        if k not in before:
            yield f"{who}: {noun} {k} toegevoegd{_title(item)}"
        elif field == "recommendations":
            yield from _stance_change(who, before[k], item)
        elif field == "commitments" and item.get("fulfilled_by") != before[k].get("fulfilled_by"):
            target = item.get("fulfilled_by")
            yield f"{who}: toezegging {k} " + (
                f"nagekomen door brief {target}"
                if target
                else "niet langer als nagekomen gemarkeerd"
            )
        elif before[k] != item and field == "questions":
            fields = [f for f in ("question", "answer") if before[k].get(f) != item.get(f)]
            if fields:
                yield f"{who}: vraag {k} aangepast ({', '.join(fields)})"
    for k, item in before.items():
        if k not in after:
            yield f"{who}: {noun} {k} verwijderd{_title(item)}"


def _title(item: dict[str, Any]) -> str:
    return f" '{item['title']}'" if item.get("title") else ""


def effective_stance(rec: dict[str, Any]) -> str | None:
    """An editor's stance_override wins over the machine's stance."""
    override = rec.get("stance_override")
    if isinstance(override, dict) and override.get("stance"):
        return str(override["stance"])
    stance = rec.get("stance")
    return str(stance) if stance else None


def stance_label(stance: str | None) -> str:
    if stance is None:
        return "onduidelijk"
    try:
        return STANCE_LABELS_NL[Stance(stance)]
    except ValueError:
        return stance


def _stance_change(who: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    a, b = effective_stance(old), effective_stance(new)
    if a == b:
        return
    override = new.get("stance_override")
    reason = override.get("reason") if isinstance(override, dict) else None
    why = f" (reden: {reason})" if reason and override != old.get("stance_override") else ""
    name = new.get("title") or new.get("id")
    yield f"{who} '{name}': standpunt {stance_label(a)} → {stance_label(b)}{why}"


def _newly_reviewed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for field, (_, key) in ITEM_LISTS.items():
        before = {i.get(key): _state(i) for i in _list(old, field)}
        for item in _list(new, field):
            if _state(item) == "reviewed" and before.get(item.get(key)) != "reviewed":
                names.append(f"{'vraag ' if field == 'questions' else ''}{item.get(key)}")
    return names


def _state(item: dict[str, Any]) -> str:
    review = item.get("review")
    return str(review.get("state")) if isinstance(review, dict) else "machine"


def count_fulfilled(old: Any, new: Any) -> int:
    """Commitments that got a ``fulfilled_by`` between the two versions."""
    if not isinstance(new, dict):
        return 0
    before = (
        {c.get("id"): c.get("fulfilled_by") for c in _list(old, "commitments")}
        if isinstance(old, dict)
        else {}
    )
    return sum(
        1
        for c in _list(new, "commitments")
        if c.get("fulfilled_by") and not before.get(c.get("id"))
    )


def describe_vocabulary(name: str, old: Any, new: Any) -> list[str]:
    def ids(data: Any) -> list[str]:
        entries = (
            next(iter(data.values()), []) if isinstance(data, dict) and len(data) == 1 else data
        )
        if isinstance(entries, dict):
            return [str(k) for k in entries]
        return [str(e.get("id")) for e in entries or [] if isinstance(e, dict)]

    before, after = ids(old), ids(new)
    added = [x for x in after if x not in before]
    removed = [x for x in before if x not in after]
    parts = [f"+ {x}" for x in added] + [f"− {x}" for x in removed]
    if len(parts) > 8:
        parts = [f"{len(added)} toegevoegd", f"{len(removed)} verwijderd"]
    return [f"{name}: {', '.join(parts) if parts else 'aangepast'}"] if old != new else []
