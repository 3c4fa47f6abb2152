"""/nominations for a unit's officer: build the unit's list (đề nghị khen thưởng), attach the
báo cáo thành tích, evidence and biên bản, answer the check's doubts, download the tờ trình and
danh sách (DOCX), send the list, upload the signed tờ trình. Reviewers: handlers/nomination_review."""

from __future__ import annotations

from handlers import menu
from handlers.award_files import received, refusal, send_kept
from handlers.campaign_render import fit
from handlers.campaigns import cb, int_at
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.nudges import register_opener
from handlers.person_input import read_person
from handlers.router import Router
from handlers.texts import awards as _texts  # noqa: F401  (registers the texts)
from models import (
    AwardKind,
    CampaignStatus,
    EntryStatus,
    FileOwner,
    FileRole,
    Member,
    Milestone,
    MilestoneKind,
    Nomination,
    NominationEntry,
    NominationKind,
    Priority,
    Role,
    Verdict,
)
from services import campaigns
from services.awards import access, dossier, files, nominations
from services.awards.catalogue import Catalogue
from services.awards.nominations import EntryInput
from services.awards.review import reviewers_of
from services.errors import DomainError

router = Router(name=__name__)
menu.add("nominations", "menu.nominations", frozenset({Role.OFFICER, Role.FIELD_LEAD, Role.ADMIN}), order=61)

NAME_FLOW = "nom_name"
FILE_FLOW = "nom_file"
EXPLAIN_FLOW = "nom_explain"
VERDICT_ICON = {Verdict.ELIGIBLE: "✅", Verdict.DOUBTFUL: "⚠️", Verdict.NOT_ELIGIBLE: "❌"}


def award_name(t: Translator, catalogue: Catalogue, code: str) -> str:
    award = catalogue.get(code)
    if award is None:
        return code
    return (award.name_en or award.name) if t.is_en else award.name


def reason_of(t: Translator, entry: NominationEntry) -> str:
    return (entry.reason_en or entry.reason) if t.is_en else entry.reason


def entry_line(t: Translator, catalogue: Catalogue, n: int, e: NominationEntry) -> Markup:
    icon = VERDICT_ICON.get(e.verdict, "•") if e.verdict else "•"
    line: str = t("nm.entry_line", n=n, name=e.name, award=award_name(t, catalogue, e.award_code),
             status=t(f"nm.status.{e.status.value}"), icon=icon, reason=reason_of(t, e))
    if e.explanation:
        line += "\n" + t("nm.explained", text=e.explanation[:300])
    if e.review_reason and e.status in (EntryStatus.RETURNED, EntryStatus.REJECTED):
        line += "\n" + t("nm.review_reason", text=e.review_reason[:300])
    return Markup(line)


# -- /nominations -----------------------------------------------------------------------------
@router.command("nominations")
async def nominations_command(ctx: Context, member: Member, args: str) -> None:
    if member.role in (Role.ADMIN, Role.FIELD_LEAD):
        from handlers.nomination_review import show_overview

        await show_overview(ctx, member)
        return
    access.own_unit(member, "nomination.view")
    await show_unit_lists(ctx, member)


async def show_unit_lists(ctx: Context, member: Member) -> None:
    from sqlmodel import col, select

    unit_id = access.own_unit(member, "nomination.view")
    lists = (await ctx.session.exec(select(Nomination).where(Nomination.unit_id == unit_id)
                                    .order_by(col(Nomination.id).desc()).limit(10))).all()
    kb: Keyboard = [[Button(f"#{n.id} · {n.year} · {ctx.t(f'nm.kind.{n.kind.value}')} · "
                            f"{ctx.t(f'nm.list_status.{n.status.value}')}"[:60],
                            callback_data=cb("nm", "l", n.id))] for n in lists]
    kb.append([Button(ctx.t("nm.btn_new"), callback_data="nm:new")])
    await ctx.reply(ctx.t("nm.unit_lists" if lists else "nm.no_lists"), kb)


async def choose_kind(ctx: Context, member: Member) -> None:
    kb: Keyboard = []
    for c in await campaigns.visible_campaigns(ctx.session, member):
        if c.status != CampaignStatus.ACTIVE:
            continue
        for m in await campaigns.milestones_of(ctx.session, c.id or 0):
            if m.kind == MilestoneKind.NOMINATION:
                kb.append([Button(f"{c.code} · {m.title or ctx.t('nm.kind.campaign')}"[:60],
                                  callback_data=cb("nm", "ms", m.id))])
    year = ctx.local(ctx.now()).year
    kb.append([Button(ctx.t("nm.btn_year_end", year=year), callback_data=cb("nm", "ye", year)),
               Button(ctx.t("nm.btn_ad_hoc"), callback_data=cb("nm", "ah", year))])
    await ctx.reply(ctx.t("nm.pick_kind"), kb)


def list_keyboard(t: Translator, nomination: Nomination, entries: list[NominationEntry]) -> Keyboard:
    nid = nomination.id
    kb: Keyboard = []
    row: list[Button] = []
    for n, e in enumerate(entries[:12], start=1):
        row.append(Button(f"✎ {n}", callback_data=cb("nm", "e", e.id)))
        if len(row) == 6:
            kb.append(row)
            row = []
    if row:
        kb.append(row)
    if nomination.status in nominations.OPEN_LISTS:
        kb.append([Button(t("nm.btn_add"), callback_data=cb("nm", "add", nid)),
                   Button(t("nm.btn_minutes"), callback_data=cb("nm", "min", nid))])
    kb.append([Button(t("nm.btn_documents"), callback_data=cb("nm", "doc", nid)),
               Button(t("nm.btn_signed"), callback_data=cb("nm", "sig", nid))])
    if nomination.status in nominations.OPEN_LISTS:
        kb.append([Button(t("nm.btn_send"), callback_data=cb("nm", "send", nid))])
    return kb


async def show_list(ctx: Context, member: Member, nomination_id: int, note: str = "") -> None:
    """The list with its entries and buttons; ``note`` (what was just done) goes first."""
    nomination = await nominations.get(ctx.session, member, nomination_id)
    catalogue = await nominations.catalogue_of(ctx.session, nomination)
    entries = await nominations.entries_of(ctx.session, nomination_id)
    minutes = await files.files_of(ctx.session, FileOwner.NOMINATION, nomination_id, FileRole.MINUTES)
    lines = [ctx.t("nm.list_head", number=nomination.id, kind=ctx.t(f"nm.kind.{nomination.kind.value}"),
                   title=f": {nomination.title}" if nomination.title else "", year=nomination.year,
                   status=ctx.t(f"nm.list_status.{nomination.status.value}"),
                   late=ctx.t("nm.late") if nomination.late else "",
                   minutes=ctx.t("nm.has_minutes") if minutes else ctx.t("nm.no_minutes"))]
    lines += [entry_line(ctx.t, catalogue, n, e) for n, e in enumerate(entries, start=1)]
    if not entries:
        lines.append(ctx.t("nm.empty"))
    await ctx.reply(fit([note, *lines] if note else lines), list_keyboard(ctx.t, nomination, entries))


async def show_entry(ctx: Context, member: Member, entry_id: int, note: str = "") -> None:
    entry, nomination = await nominations.get_entry(ctx.session, member, entry_id)
    catalogue = await nominations.catalogue_of(ctx.session, nomination)
    kept = await files.files_of(ctx.session, FileOwner.ENTRY, entry_id)
    lines = [entry_line(ctx.t, catalogue, 1, entry).replace("1. ", "", 1),
             ctx.t("nm.files", names=", ".join(f"{f.file_name} ({ctx.t(f'nm.role.{f.role.value}')})"
                                               for f in kept) or "—")]
    kb: Keyboard = []
    if entry.status in nominations.EDITABLE and nomination.status in nominations.OPEN_LISTS:
        kb.append([Button(ctx.t("nm.btn_report"), callback_data=cb("nm", "rep", entry_id)),
                   Button(ctx.t("nm.btn_evidence"), callback_data=cb("nm", "ev", entry_id))])
        kb.append([Button(ctx.t("nm.btn_explain"), callback_data=cb("nm", "ex", entry_id))])
        if entry.status == EntryStatus.DRAFT:
            kb[-1].append(Button(ctx.t("nm.btn_remove"), callback_data=cb("nm", "del", entry_id)))
    kb.append([Button(ctx.t("nm.btn_back_list"), callback_data=cb("nm", "l", nomination.id))])
    await ctx.reply(fit([note, *lines] if note else lines), kb)


async def choose_award(ctx: Context, member: Member, nomination_id: int) -> None:
    nomination = await nominations.get(ctx.session, member, nomination_id)
    catalogue = await nominations.catalogue_of(ctx.session, nomination)
    kb: Keyboard = []
    for kind in (AwardKind.TITLE, AwardKind.FORM):
        for award in catalogue.of_kind(kind):
            kb.append([Button(award_name(ctx.t, catalogue, award.code)[:60],
                              callback_data=cb("nm", "aw", nomination_id, award.code))])
    await ctx.reply(ctx.t("nm.pick_award"), kb)


@router.callback("nm")
async def nomination_button(ctx: Context, member: Member, data: list[str]) -> None:
    action = data[0] if data else ""
    ref = int_at(data, 1)
    await ctx.answer()
    if action == "new":
        access.own_unit(member, "nomination.edit")
        await choose_kind(ctx, member)
    elif action == "ms" and ref is not None:
        nomination = await nominations.open_for_milestone(ctx.session, member, ref)
        await show_list(ctx, member, nomination.id or 0)
    elif action in ("ye", "ah") and ref is not None:
        kind = NominationKind.YEAR_END if action == "ye" else NominationKind.AD_HOC
        nomination = await nominations.open_list(ctx.session, member, kind=kind, year=ref)
        await show_list(ctx, member, nomination.id or 0)
    elif action == "l" and ref is not None:
        await show_list(ctx, member, ref)
    elif action == "e" and ref is not None:
        await show_entry(ctx, member, ref)
    elif action == "add" and ref is not None:
        await choose_award(ctx, member, ref)
    elif action == "aw" and ref is not None and len(data) > 2:
        await award_chosen(ctx, member, ref, data[2])
    elif action in ("rep", "ev") and ref is not None:
        role = FileRole.ACHIEVEMENT_REPORT if action == "rep" else FileRole.EVIDENCE
        await ask_file(ctx, "entry", ref, role)
    elif action in ("min", "sig") and ref is not None:
        await nominations.get(ctx.session, member, ref)
        role = FileRole.MINUTES if action == "min" else FileRole.SIGNED_REQUEST
        await ask_file(ctx, "nomination", ref, role)
    elif action == "ex" and ref is not None:
        await nominations.get_entry(ctx.session, member, ref)
        await ctx.flow.start(EXPLAIN_FLOW, "text", {"entry_id": ref})
        await ctx.reply(ctx.t("nm.ask_explanation", limit=nominations.MAX_EXPLANATION))
    elif action == "del" and ref is not None:
        entry, nomination = await nominations.get_entry(ctx.session, member, ref)
        await nominations.remove_entry(ctx.session, member, ref)
        await show_list(ctx, member, nomination.id or 0, ctx.t("nm.removed", name=entry.name))
    elif action == "doc" and ref is not None:
        await send_documents(ctx, member, ref)
    elif action == "send" and ref is not None:
        await submit(ctx, member, ref)
    elif action == "fdone":
        await files_done(ctx, member)
    else:
        await ctx.reply(ctx.t("common.stale_button"))


async def award_chosen(ctx: Context, member: Member, nomination_id: int, code: str) -> None:
    nomination = await nominations.get(ctx.session, member, nomination_id)
    catalogue = await nominations.catalogue_of(ctx.session, nomination)
    award = catalogue.get(code)
    if award is None:
        await ctx.reply(ctx.t("common.stale_button"))
        return
    if award.beneficiary.value == "collective":
        entry = await nominations.add_entry(ctx.session, member, nomination_id, EntryInput(code))
        await after_add(ctx, member, entry)
        return
    await ctx.flow.start(NAME_FLOW, "name", {"nomination_id": nomination_id, "award": code})
    await ctx.reply(ctx.t("nm.ask_name", award=award_name(ctx.t, catalogue, code)))


@router.step(NAME_FLOW, "name")
async def name_given(ctx: Context, msg: Incoming, member: Member) -> None:
    person = await read_person(ctx, msg)
    if person is None:
        return
    name, born = person
    d = ctx.flow.data
    try:
        entry = await nominations.add_entry(ctx.session, member, int(d["nomination_id"]),
                                            EntryInput(str(d["award"]), name.strip(), born))
    except DomainError as error:
        # A duplicate or a bad name: say so and let the person type another.
        await ctx.reply(refusal(ctx, error) + "\n" + ctx.t("nm.try_again"))
        return
    await ctx.flow.clear()
    await after_add(ctx, member, entry)


async def after_add(ctx: Context, member: Member, entry: NominationEntry) -> None:
    await show_entry(ctx, member, entry.id or 0, ctx.t("nm.added", name=entry.name))


# -- files ------------------------------------------------------------------------------------
async def ask_file(ctx: Context, owner: str, owner_id: int, role: FileRole) -> None:
    await ctx.flow.start(FILE_FLOW, "file", {"owner": owner, "id": owner_id, "role": role.value})
    await ctx.reply(ctx.t("nm.ask_file", what=ctx.t(f"nm.role.{role.value}"),
                          size=f"{ctx.config.max_file_bytes / 1048576:.0f}"),
                    [[Button(ctx.t("nm.btn_files_done"), callback_data="nm:fdone")]])


@router.step(FILE_FLOW, "file")
async def file_given(ctx: Context, msg: Incoming, member: Member) -> None:
    got = await received(ctx, msg)
    if got is None:
        return
    content, name, file_id = got
    d = ctx.flow.data
    role = FileRole(d["role"])
    owner_id = int(d["id"])
    try:
        await nominations.attach(ctx.session, member, entry_id=owner_id if d["owner"] == "entry" else None,
                                 nomination_id=owner_id if d["owner"] == "nomination" else None, role=role,
                                 content=content, file_name=name, telegram_file_id=file_id,
                                 max_bytes=ctx.config.max_file_bytes)
    except DomainError as error:
        await ctx.reply(refusal(ctx, error))
        return
    if role is FileRole.EVIDENCE:
        await ctx.reply(ctx.t("nm.file_kept_more", name=name),
                        [[Button(ctx.t("nm.btn_files_done"), callback_data="nm:fdone")]])
        return
    await files_done(ctx, member, ctx.t("nm.file_kept", name=name))


async def files_done(ctx: Context, member: Member, note: str = "") -> None:
    d = ctx.flow.data if ctx.flow.active(FILE_FLOW) else {}
    await ctx.flow.clear()
    if d.get("owner") == "entry":
        await show_entry(ctx, member, int(d["id"]), note)
    elif d.get("owner") == "nomination":
        await show_list(ctx, member, int(d["id"]), note)


@router.step(EXPLAIN_FLOW, "text")
async def explanation_given(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=nominations.MAX_EXPLANATION)
    if text is None:
        return
    entry_id = int(ctx.flow.data["entry_id"])
    await nominations.explain(ctx.session, member, entry_id, text)
    await ctx.flow.clear()
    await show_entry(ctx, member, entry_id, ctx.t("nm.explanation_saved"))


# -- documents and sending --------------------------------------------------------------------
async def send_documents(ctx: Context, member: Member, nomination_id: int) -> None:
    docs = await dossier.generate(ctx.session, member, nomination_id, organisation=ctx.config.organisation,
                                  today=ctx.local(ctx.now()).date())
    await send_kept(ctx, ctx.msg.chat_id, docs.request_sha, docs.request_name,
                    str(ctx.t("nm.doc_request", number=docs.number)))
    await send_kept(ctx, ctx.msg.chat_id, docs.list_sha, docs.list_name,
                    str(ctx.t("nm.doc_list", count=docs.people)))


async def submit(ctx: Context, member: Member, nomination_id: int) -> None:
    try:
        done = await nominations.submit(ctx.session, member, nomination_id, now=ctx.now())
    except DomainError as error:
        await ctx.reply(refusal(ctx, error),
                        [[Button(ctx.t("nm.btn_back_list"), callback_data=cb("nm", "l", nomination_id))]])
        return
    n = done.nomination
    await ctx.reply(ctx.t("nm.submitted", number=n.id, count=len(done.entries),
                          late=ctx.t("nm.late") if n.late else ""))
    await tell_reviewers(ctx, n, len(done.entries))


async def tell_reviewers(ctx: Context, nomination: Nomination, count: int) -> None:
    from models import Unit

    unit = await ctx.session.get(Unit, nomination.unit_id)
    for person in await reviewers_of(ctx.session, nomination.unit_id):
        t = Translator(person.language)
        await ctx.send(person.telegram_id, t("nm.told_reviewer", unit=unit.name if unit else "—",
                                             number=nomination.id, count=count),
                       [[Button(t("nm.btn_review"), callback_data=cb("nr", "n", nomination.id))]],
                       priority=Priority.NOTICE,
                       dedupe_key=f"nom:{nomination.id}:{nomination.times_submitted}:{person.telegram_id}")


async def open_from_nudge(ctx: Context, member: Member, milestone: Milestone) -> None:
    """"Báo cáo ngay" on a nudge for a nộp hồ sơ milestone opens the unit's list for it."""
    nomination = await nominations.open_for_milestone(ctx.session, member, milestone.id or 0)
    await show_list(ctx, member, nomination.id or 0)


register_opener(MilestoneKind.NOMINATION, open_from_nudge)
