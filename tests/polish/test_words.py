"""The department's own words and how texts render (issue 10, items 16–19)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from handlers import i18n
from handlers.campaign_render import milestone_name
from handlers.labels import button_label, toggle
from handlers.root import build_router
from models import CampaignKind, Directive, Language, Member
from services import campaigns
from services.campaign_files import CAMPAIGN_KINDS
from services.organisation import DEFAULT_ORGANISATION, Organisation
from tests.campaigns.campaign_harness import NOW, World, last_text, replies, spec_for_post

OLD_NAMES = ("Vụ Thi đua", "Vụ TĐKT", "Bộ Thông tin", "BTTTT", "Hội đồng Thi đua", "Bộ Khoa học",
             "Emulation and Reward Department", "Emulation Department")


def rendered(language: Language) -> dict[str, str]:
    build_router()
    out = {}
    for key in i18n.all_keys():
        names = {name: "·" for name in set().union(*i18n.placeholders(key))
                 if name not in i18n.ORGANISATION_PLACEHOLDERS}
        out[key] = str(i18n.render(key, language, **names))
    return out


@pytest.fixture
def other_ministry():
    i18n.use_organisation(Organisation(
        ministry="Bộ Mới", ministry_short="BM", minister="Bộ trưởng Bộ Mới", department="Vụ Mới",
        department_short="VM", council="Hội đồng Mới", ministry_en="New Ministry",
        department_en="New Department", council_en="New Council"))
    yield
    i18n.use_organisation(DEFAULT_ORGANISATION)


def test_no_text_spells_an_organisation_name(other_ministry) -> None:
    for language in (Language.VI, Language.EN):
        for key, text in rendered(language).items():
            assert not any(name in text for name in OLD_NAMES), (key, text)
    vi = rendered(Language.VI)
    assert "Vụ Mới" in vi["common.welcome"] and "VM" in vi["common.welcome"]
    assert vi["award.bk_bo"] == "Bằng khen của Bộ trưởng Bộ Mới"


async def test_the_welcome_names_the_configured_department(chat, world: World) -> None:
    stranger = chat(world.people["stranger"].telegram_id)
    stranger.config.organisation = Organisation(department="Vụ Thi đua – Khen thưởng (thử)")
    try:
        text = last_text(await stranger.send("/start"))
    finally:
        i18n.use_organisation(DEFAULT_ORGANISATION)
    assert "Vụ Thi đua – Khen thưởng (thử)" in text and text.startswith("Xin chào đồng chí")


def test_law_words() -> None:
    vi = rendered(Language.VI)
    assert vi["cp.kind.theo_dot"] == "Theo chuyên đề"
    assert vi["award.bk_ttg"] == "Bằng khen của Thủ tướng Chính phủ"
    assert "hình thức khen thưởng" in vi["rg.titles_line"]
    assert not [k for k, v in vi.items() if "theo đợt" in v.lower()]
    assert CAMPAIGN_KINDS["theo chuyên đề"] == CampaignKind.TIME_BOXED  # a campaign file's word


def test_one_style_for_quotes_greetings_and_acknowledging() -> None:
    vi, en = rendered(Language.VI), rendered(Language.EN)
    assert not [k for k, v in {**vi, **en}.items() if "«" in v or "»" in v]
    assert vi["common.welcome"].startswith("Xin chào đồng chí")
    assert vi["common.welcome_member"].startswith("Xin chào đồng chí")
    assert not [k for k, v in vi.items() if "Đã xác nhận" in v or "đã xác nhận" in v]
    assert "Đăng ký lĩnh vực" not in vi["menu.subscribe"]
    assert "thu hẹp lẫn nhau" not in vi["directives.audience_title"]
    assert "revisions)" not in en["st.reported"]
    # The terminal chat and the demo speak with the same quotes as the bot.
    bot_dir = Path(__file__).resolve().parents[2] / "bot"
    assert not [p.name for p in bot_dir.glob("*.py") if "«" in p.read_text(encoding="utf-8")]


def test_role_labels_fit_a_button_and_name_people() -> None:
    vi = rendered(Language.VI)
    for role in ("stranger", "officer", "council", "field_lead", "admin"):
        label = vi[f"role.{role}"]
        assert len(label) <= 24 and label[0].isupper(), label
        assert "đơn vị đầu mối" not in label.lower()


def test_button_labels_are_cut_at_a_word_with_an_ellipsis() -> None:
    title = "CDS2027 · Thi đua đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan nhà nước"
    label = button_label(title)
    assert len(label) <= 40 and label.endswith("…")
    assert title.startswith(label[:-1]) and title[len(label) - 1] == " "  # a whole word
    assert button_label("Ngắn gọn") == "Ngắn gọn"
    assert toggle(True, "Bưu chính") == "☑ Bưu chính" and toggle(False, "Bưu chính") == "☐ Bưu chính"


def test_milestone_names_are_not_doubled() -> None:
    t = i18n.Translator(Language.VI)
    assert milestone_name(t, "dang_ky", "Đăng ký thi đua") == "Đăng ký thi đua"
    assert milestone_name(t, "so_ket", "Sơ kết 6 tháng") == "Sơ kết 6 tháng"
    assert milestone_name(t, "hang_thang", "Báo cáo tháng 12") == "Báo cáo tháng 12"
    assert milestone_name(t, "so_ket", "6 tháng đầu năm") == "Sơ kết 6 tháng đầu năm"
    assert milestone_name(t, "tong_ket", "") == "Tổng kết"


async def test_rendering_in_chat(chat, world: World, session_factory) -> None:
    admin = chat(world.people["admin"].telegram_id)
    card = last_text(await admin.press(f"cp:v:{world.campaign_id}"))
    assert "Đăng ký Đăng ký" not in card and "Sơ kết Sơ kết" not in card
    await admin.send("/campaign_new")
    await admin.send("Thi đua thử")
    await admin.press("cn:skip")
    fields = replies(await admin.press("cn:f:buu_chinh"))[-1]
    assert any(b.startswith("☑ Bưu chính") for b, _ in fields.buttons)
    assert any(b.startswith("☐ Viễn thông") for b, _ in fields.buttons)
    await admin.press("cn:next")
    await admin.press("cn:k:thuong_xuyen")
    await admin.press("cn:skip")
    await admin.press("cn:skip")
    text = last_text(await admin.send("Tỷ lệ hồ sơ trực tuyến; %; 95"))
    assert "95%" in text and "95% %" not in text
    officer = chat(world.people["off_a"].telegram_id)
    await officer.send("/report CDS2027 SK T1=90 T2=20 T3=có")
    await officer.send("/report")
    await officer.press(replies(await officer.send("/report"))[-1].data_for("SK"))
    for _ in range(3):
        await officer.press("rp:keep")
    await officer.press("rp:nonarr")
    big = last_text(await officer.send_file("ho-so.pdf", 30_700_000))
    assert "29,3 MB" in big
    en = last_text(await chat(world.people["off_b"].telegram_id).send("/status"))
    assert "revisions)" not in en


async def test_zero_lines_are_hidden_in_the_register(chat, world: World, session_factory) -> None:
    async with session_factory() as s, s.begin():
        lead = await s.get(Member, world.people["lead_post"].id)
        cid = (await campaigns.save(s, spec_for_post(), actor=lead, now=NOW)).campaign.id
    lead_chat = chat(world.people["lead_post"].telegram_id)
    await lead_chat.press(f"cp:launch:{cid}")
    async with session_factory() as s:
        d = (await s.exec(select(Directive))).one()
    text = last_text(await lead_chat.press(f"dr:o:{d.id}"))
    assert "Đã nhận:" in text and "siêu nhóm" not in text


async def test_the_register_names_an_untitled_document_and_hides_zero_counts(
        chat, world: World, session_factory) -> None:
    """Item 19: a văn bản without số hiệu or trích yếu is not listed as "—", and "lỗi 0 · chặn
    bot 0" is not printed for every line."""
    from services import directives

    async with session_factory() as s, s.begin():
        admin = await s.get(Member, world.people["admin"].id)
        await directives.create_directive(
            s, actor=admin, title="", number=None, body_html=None, source_chat_id=1000,
            source_message_id=7, audience=directives.Audience(fields=["attt"]), send_at=None,
            now=NOW)
    listing = last_text(await chat(world.people["admin"].telegram_id).send("/directives"))
    assert "<b>#1</b> văn bản gửi 09:00 01/03" in listing, listing
    assert "—" not in listing and "lỗi" not in listing and "chặn bot" not in listing
    assert "đã nhận 0/0 (0%)" in listing  # of the people it has reached (none yet: not sent)
