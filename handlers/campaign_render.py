"""How campaigns, reports and progress read in a chat: shared by the campaign and report handlers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.i18n import Markup, Translator, escape
from models import Campaign, EmulationField, Milestone, Target, TargetKind
from services.progress import MissingView, UnitStatus
from services.reports import RevisionView, format_value
from services.text import fold
from services.unit_fields import join_fields

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE_CHARS = 3300


def when(moment: datetime | None, tz: ZoneInfo = VN) -> str:
    return moment.astimezone(tz).strftime("%H:%M %d/%m/%Y") if moment else "—"


def num(t: Translator, value: float | None, kind: TargetKind) -> str:
    """A value written the way the reader writes numbers (Vietnamese: ``12,5``)."""
    return format_value(value, kind, decimal="." if t.is_en else ",")


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.0f}%"


def target_line(t: Translator, target: Target) -> Markup:
    if target.kind == TargetKind.YES_NO:
        goal = t("cp.goal_yes_no")
    else:
        goal = Markup(escape(num(t, target.target_value, target.kind))
                      + (" " + escape(target.unit_of_measure) if target.unit_of_measure
                         and target.kind != TargetKind.PERCENT else ""))
    return t("cp.target_line", code=target.code, name=target.name, goal=goal,
             weight=num(t, target.weight, TargetKind.NUMBER))


def milestone_name(t: Translator, kind: str, title: str | None) -> str:
    """A milestone as people name it: its title, led by its kind unless the title already says it
    ("Sơ kết 6 tháng", never "Sơ kết Sơ kết 6 tháng")."""
    label = str(t(f"ms.{kind}"))
    title = " ".join((title or "").split())
    if not title:
        return label
    first = fold(title).split()[0]
    if fold(title).startswith(fold(label)) or first in fold(label).split():
        return title
    return f"{label} {title}"


def milestone_line(t: Translator, m: Milestone, tz: ZoneInfo = VN) -> Markup:
    return t("cp.milestone_line", code=m.code, name=milestone_name(t, m.kind.value, m.title),
             due=when(m.due_at, tz))


def field_names(t: Translator, codes: list[str], fields: list[EmulationField]) -> str:
    names = {f.code: (f.name_en if t.is_en else f.name_vi) for f in fields}
    return join_fields(names.get(c, c) for c in codes) or "—"


def campaign_card(t: Translator, campaign: Campaign, *, codes: list[str],
                  fields: list[EmulationField], targets: list[Target],
                  milestones: list[Milestone], lead_unit: str | None,
                  tz: ZoneInfo = VN) -> Markup:
    period = (f"{campaign.starts_on:%d/%m/%Y} – {campaign.ends_on:%d/%m/%Y}"
              if campaign.starts_on and campaign.ends_on else "—")
    lines = [t("cp.card", title=campaign.title, code=campaign.code,
               status=t(f"cp.status.{campaign.status.value}"),
               slogan=campaign.slogan or "—", kind=t(f"cp.kind.{campaign.kind.value}"),
               period=period, fields=field_names(t, codes, fields), lead=lead_unit or "—")]
    lines.append(t("cp.targets_title", count=len(targets)))
    lines += [target_line(t, x) for x in targets]
    lines.append(t("cp.milestones_title", count=len(milestones)))
    lines += [milestone_line(t, m, tz) for m in milestones] or [t("cp.none")]
    return fit(lines)


def fit(lines: Sequence[str], limit: int = PAGE_CHARS) -> Markup:
    """Join lines, cutting the list (with "…") so a message stays within Telegram's limit."""
    out: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > limit:
            out.append("…")
            break
        out.append(line)
        size += len(line) + 1
    return Markup("\n".join(out))


def revision_text(t: Translator, view: RevisionView, campaign: Campaign,
                  tz: ZoneInfo = VN) -> Markup:
    from services.progress import TargetProgress, unit_score

    lines = [t("rp.revision_title", unit=view.unit.name, campaign=campaign.title,
               milestone=milestone_name(t, view.milestone.kind.value, view.milestone.title),
               number=view.revision.number, total=view.report.revisions,
               at=when(view.revision.submitted_at, tz),
               late=t("rp.late_mark") if view.revision.late else "",
               receipt=view.revision.id)]
    items = []
    for target, value in view.values:
        if value is None or value.skipped:
            lines.append(t("rp.value_skipped", code=target.code, name=target.name,
                           note=(value.note if value else "") or "—"))
            items.append(TargetProgress(target, None, True))
            continue
        progress = TargetProgress(target, value.value)
        items.append(progress)
        lines.append(t("rp.value_line", code=target.code, name=target.name,
                       value=num(t, value.value, target.kind),
                       completion=percent(progress.completion)))
    lines.append(t("rp.score", score=percent(unit_score(items))))
    if view.revision.narrative:
        lines.append(t("rp.narrative_shown", text=view.revision.narrative[:1500]
                       + ("…" if len(view.revision.narrative) > 1500 else "")))
    if view.files:
        lines.append(t("rp.files_shown", names=", ".join(f.file_name or f.kind for f in view.files)))
    return fit(lines)


def status_text(t: Translator, status: UnitStatus, now: datetime, tz: ZoneInfo = VN) -> Markup:
    lines: list[str] = [t("st.title", unit=status.unit.name)]
    if not status.campaigns:
        lines.append(t("st.no_campaigns"))
    for line in status.campaigns:
        reg = line.registration
        reg_text = (t(f"rg.status.{reg.status.value}") + (t("rp.late_mark") if reg.late else "")
                    if reg else t("st.not_registered"))
        lines.append("")
        lines.append(t("st.campaign", title=line.campaign.title, code=line.campaign.code,
                       registration=reg_text))
        for m in line.milestones:
            if m.milestone.kind.value == "dang_ky":
                continue
            if m.report is not None:
                state = t("st.reported", revisions=m.report.revisions, score=percent(m.score),
                          late=t("rp.late_mark") if m.report.late else "")
            elif m.milestone.due_at < now:
                state = t("st.overdue")
            else:
                state = t("st.pending")
            lines.append(t("st.milestone", code=m.milestone.code,
                           name=milestone_name(t, m.milestone.kind.value, m.milestone.title),
                           due=when(m.milestone.due_at, tz), state=state))
        if line.next_due is not None:
            nxt = line.next_due
            lines.append(t("st.next_due", name=milestone_name(t, nxt.kind.value, nxt.title),
                           due=when(nxt.due_at, tz)))
    return fit(lines)


def missing_lines(t: Translator, view: MissingView) -> list[str]:
    lines: list[str] = []
    for group in view.groups:
        lines.append(t("mi.group", field=group.name_en if t.is_en else group.name_vi,
                       count=len(group.units)))
        lines += [t("mi.unit", code=u.code, name=u.name) for u in group.units]
    return lines
