"""/audit in words: who (by name), did what (in the reader's language), to what (by its name)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.i18n import Markup, Translator, has
from handlers.texts import audit as _texts  # noqa: F401  (registers the texts)
from models import AuditEntry, Campaign, Member, Unit

# Target kinds whose rows have a readable name: "unit:12" → "đơn vị BĐHN" (members by Telegram id).
_NAMED = {"unit": (Unit, "id", "code"), "member": (Member, "telegram_id", "full_name"),
          "campaign": (Campaign, "id", "code")}


def action_label(t: Translator, action: str) -> str:
    """The action in words; an action without a label yet shows its code rather than nothing."""
    key = f"audit.action.{action}"
    return str(t(key)) if has(key) else action


async def names(session: AsyncSession, entries: Sequence[AuditEntry]
                ) -> tuple[dict[int, str], dict[str, str]]:
    """Actor names by Telegram id, and target names by ``kind:id``, for one page of entries."""
    actor_ids = {e.actor_telegram_id for e in entries if e.actor_telegram_id is not None}
    actors: dict[int, str] = {}
    if actor_ids:
        rows = await session.exec(select(Member.telegram_id, Member.full_name)
                                  .where(col(Member.telegram_id).in_(actor_ids)))
        actors = {tid: name for tid, name in rows.all() if name}
    wanted: dict[str, set[int]] = {}
    for e in entries:
        kind, _, ref = (e.target or "").partition(":")
        if kind in _NAMED and ref.isdigit():
            wanted.setdefault(kind, set()).add(int(ref))
    targets: dict[str, str] = {}
    for kind, ids in wanted.items():
        model, key, attr = _NAMED[kind]
        column = getattr(model, key)
        rows = await session.exec(select(column, getattr(model, attr)).where(col(column).in_(ids)))
        targets.update({f"{kind}:{i}": str(name) for i, name in rows.all() if name})
    return actors, targets


def actor_label(t: Translator, entry: AuditEntry, actors: dict[int, str]) -> str:
    if entry.actor_telegram_id is None:
        return str(t("audit.bot"))
    return actors.get(entry.actor_telegram_id) or str(t("audit.someone", id=entry.actor_telegram_id))


def target_label(t: Translator, target: str | None, targets: dict[str, str]) -> str:
    if not target:
        return ""
    kind, _, ref = target.partition(":")
    key = f"audit.target.{kind}"
    if not has(key):
        return target
    return str(t(key, name=targets.get(target) or f"#{ref}"))


def line(t: Translator, entry: AuditEntry, when: str, actors: dict[int, str],
         targets: dict[str, str]) -> Markup:
    return t("audit.line", time=when, actor=actor_label(t, entry, actors),
             action=action_label(t, entry.action), target=target_label(t, entry.target, targets),
             outcome="⛔" if entry.outcome == "denied" else "")
