"""Importing campaigns from YAML and XLSX: the documented example works, mistakes are all listed."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlmodel import select

from handlers import i18n
from handlers.texts import campaign_files as _campaign_file_texts  # noqa: F401
from models import Campaign, Language, Milestone, Target, TargetKind
from services import reports
from services.campaign_files import CampaignFileError, import_campaign, import_campaign_result
from services.reports import ValueEntry

from .campaign_harness import NOW, VI_SERIES, World, make_unit_cds

NOW_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def worded(error: CampaignFileError, language: Language) -> list[str]:
    """Each problem of a file as the CLI prints it, in ``language``."""
    return [i18n.render(f"error.{e.code}", language, **e.params) for e in error.errors]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "campaign.yaml"


async def test_the_documented_example_imports(session) -> None:
    await make_unit_cds(session)
    c = await import_campaign(session, EXAMPLE, now=NOW, series_name=VI_SERIES)
    assert c.code == "CDS2027" and c.lead_unit_id is not None
    targets = (await session.exec(select(Target).where(Target.campaign_id == c.id))).all()
    assert [t.kind for t in targets] == [TargetKind.PERCENT, TargetKind.NUMBER, TargetKind.YES_NO]
    ms = (await session.exec(select(Milestone).where(Milestone.campaign_id == c.id))).all()
    assert sorted(m.code for m in ms) == ["DK", "HS", "SK", "TK"]


async def test_import_updates_by_code_and_keeps_reported_targets(session, world: World,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "code: CDS2027\ntitle: Chuyển đổi số 2027 (sửa)\nfields: [ung_dung_cntt, attt]\n"
        "targets:\n  - {code: T1, name: Tỷ lệ, unit: '%', target: 95, weight: 3}\n"
        "  - {code: T2, name: Dịch vụ, target: 25}\n  - {code: T3, name: Diễn tập, kind: yes_no}\n"
        "milestones:\n  - {code: SK, kind: so_ket, due: '17:00 15/07/2027'}\n"
        "  - {code: TK, kind: tổng kết, due: '30/11/2027 17h'}\n"
        "  - {code: DK, kind: đăng ký, due: 15/03/2027}\n",
        encoding="utf-8")
    result = await import_campaign_result(session, path, now=NOW, series_name=VI_SERIES)
    assert not result.created and result.campaign.title.endswith("(sửa)")
    assert [m.code for m, _ in result.moved] == ["SK"]
    await reports.submit(session, actor=world.people["off_a"], milestone_id=world.milestones["SK"],
                         values=[ValueEntry(t, 1, "1") for t in world.targets], now=NOW)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - {code: T3, name: Diễn tập, kind: yes_no}\n", ""), encoding="utf-8")
    with pytest.raises(CampaignFileError) as err:
        await import_campaign(session, path, now=NOW, series_name=VI_SERIES)
    assert "target_in_use" in err.value.problems[0]
    assert len((await session.exec(select(Target).where(
        Target.campaign_id == world.campaign_id))).all()) == 3


async def test_every_problem_is_listed_and_nothing_written(session, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "title: ''\nfields: [nope]\nkind: sometimes\n"
        "targets:\n  - {name: '', target: -1}\n  - {name: X, target: abc, weight: 5000}\n"
        "milestones:\n  - {kind: later, due: 'hôm nào'}\n", encoding="utf-8")
    with pytest.raises(CampaignFileError) as err:
        await import_campaign(session, path, now=NOW, series_name=VI_SERIES)
    text = "\n".join(worded(err.value, Language.EN))
    for fragment in ("code: required", "title: required", "kind: 'sometimes'", "unknown field code 'nope'",
                     "targets[1]: name is required", "targets[1].target", "targets[2].target: not a number",
                     "targets[2].weight", "milestones[1]: kind 'later'", "milestones[1].due"):
        assert fragment in text, fragment
    assert (await session.exec(select(Campaign))).all() == []
    for content, fragment in (("[1, 2]", "must be a mapping"), ("a: [", "not valid YAML")):
        path.write_text(content, encoding="utf-8")
        with pytest.raises(CampaignFileError) as err:
            await import_campaign(session, path, now=NOW, series_name=VI_SERIES)
        assert fragment in worded(err.value, Language.EN)[0]
    assert worded(err.value, Language.VI)[0].startswith("Tệp không đúng cú pháp YAML: ")
    with pytest.raises(CampaignFileError):
        await import_campaign(session, tmp_path / "missing.yaml", now=NOW, series_name=VI_SERIES)
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(CampaignFileError):
        await import_campaign(session, tmp_path / "x.txt", now=NOW, series_name=VI_SERIES)


async def test_xlsx(session, world: World, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "campaign"
    for row in (("code", "VT2027"), ("title", "Thi đua Viễn thông 2027"), ("kind", "thường xuyên"),
                ("fields", "vien_thong"), ("period", "01/01/2027 - 31/12/2027")):
        sheet.append(row)
    targets = book.create_sheet("targets")
    targets.append(("code", "name", "unit", "target", "weight", "kind"))
    targets.append(("T1", "Phủ sóng 5G", "%", 80, 2, "percent"))
    targets.append(("T2", "Trạm BTS mới", "trạm", 150, None, None))
    ms = book.create_sheet("milestones")
    ms.append(("code", "kind", "due", "title"))
    ms.append(("Q1", "hàng quý", "17:00 31/03/2027", "Quý I"))
    path = tmp_path / "vt.xlsx"
    book.save(path)
    c = await import_campaign(session, path, now=NOW, series_name=VI_SERIES)
    assert c.code == "VT2027" and c.kind.value == "thuong_xuyen" and c.starts_on is not None
    t = (await session.exec(select(Target).where(Target.campaign_id == c.id))).all()
    assert [(x.code, x.kind, x.weight) for x in t] == [("T1", TargetKind.PERCENT, 2),
                                                       ("T2", TargetKind.NUMBER, 1)]


async def test_cli_launch_and_announcing_moved_deadlines(session, tmp_path: Path) -> None:
    """What `thidua campaign import` and `thidua demo` call: import, launch as the operator,
    re-import with a moved deadline and announce it."""
    from handlers.campaigns import announce_moved, launch_campaign
    from models import Directive, DirectiveKind, Member, Role

    from .campaign_harness import make_unit

    unit = await make_unit(session, "CDS", "ung_dung_cntt")
    session.add(Member(telegram_id=77, full_name="Cán bộ", role=Role.OFFICER, unit_id=unit.id))
    c = await import_campaign(session, EXAMPLE, now=NOW, series_name=VI_SERIES)
    directive = await launch_campaign(session, actor=None, campaign_id=c.id or 0, now=NOW)
    assert directive.kind == DirectiveKind.CAMPAIGN_LAUNCH and directive.recipient_count == 1
    assert "PHÁT ĐỘNG" in (directive.body_html or "")
    moved_file = tmp_path / "moved.yaml"
    moved_file.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        '"17:00 30/06/2027"', '"17:00 15/07/2027"'), encoding="utf-8")
    result = await import_campaign_result(session, moved_file, now=NOW, series_name=VI_SERIES)
    assert [m.code for m, _ in result.moved] == ["SK"]
    notice = await announce_moved(session, actor=None, campaign=result.campaign, moved=result.moved,
                                  now=NOW)
    assert notice is not None and "15/07/2027" in (notice.body_html or "")
    assert len((await session.exec(select(Directive))).all()) == 2


async def test_a_monthly_milestone_in_a_file_is_a_series_as_in_chat(session, tmp_path: Path) -> None:
    """Item 9: "hàng tháng" in a campaign file makes the same monthly series as /campaign_new."""
    await make_unit_cds(session)
    path = tmp_path / "monthly.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "period: 01/01/2027 - 31/12/2027", "period: 01/04/2027 - 30/09/2027").replace(
        "milestones:\n", "milestones:\n  - {code: BC, kind: hàng tháng, due: \"17:00 25/04/2027\"}\n"
        "  - {kind: hang_quy, due: \"17:00 30/06/2027\", title: Giao ban}\n").replace(
        '"17:00 31/01/2027"', '"17:00 15/04/2027"').replace(
        '"17:00 30/11/2027"', '"17:00 25/09/2027"').replace(
        '"17:00 15/12/2027"', '"17:00 30/09/2027"'), encoding="utf-8")
    c = await import_campaign(session, path, now=NOW, series_name=VI_SERIES)
    ms = (await session.exec(select(Milestone).where(Milestone.campaign_id == c.id))).all()
    monthly = sorted((m for m in ms if m.kind.value == "hang_thang"), key=lambda m: m.due_at)
    assert [(m.code, m.title, f"{m.due_at.astimezone(NOW_TZ):%H:%M %d/%m/%Y}") for m in monthly] == [
        (f"BC{n}", f"Báo cáo tháng {month}/2027", f"17:00 25/{month:02d}/2027")
        for n, month in enumerate(range(4, 10), 1)]
    quarterly = sorted((m for m in ms if m.kind.value == "hang_quy"), key=lambda m: m.due_at)
    assert [m.title for m in quarterly] == ["Giao ban Báo cáo quý 2/2027",
                                           "Giao ban Báo cáo quý 3/2027"]


async def test_importing_the_same_file_again_changes_nothing(session, tmp_path: Path) -> None:
    """The README's "run the same commands again": the second import says nothing changed."""
    from models import AuditEntry

    await make_unit_cds(session)
    first = await import_campaign_result(session, EXAMPLE, now=NOW, series_name=VI_SERIES)
    assert first.created and first.changed
    audits = len((await session.exec(select(AuditEntry))).all())
    again = await import_campaign_result(session, EXAMPLE, now=NOW, series_name=VI_SERIES)
    assert not again.created and not again.changed and again.moved == []
    assert len((await session.exec(select(AuditEntry))).all()) == audits
    changed_file = tmp_path / "changed.yaml"  # a changed slogan is a change
    changed_file.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "Đổi mới, sáng tạo", "Đổi mới"), encoding="utf-8")
    third = await import_campaign_result(session, changed_file, now=NOW, series_name=VI_SERIES)
    assert third.changed
