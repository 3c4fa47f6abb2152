"""The numbers behind each chart, who may see them, and the pictures themselves."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from handlers.i18n import Translator
from handlers.stats import localise
from services import charts, stats
from services.errors import AccessDenied
from services.stats import Period, View

from .stats_world import A_SCORE, B_SCORE, NOW, seed_figures

GOLDEN = Path(__file__).parent / "golden"
YEAR = Period(year=2027)


@pytest.fixture
async def w(session):
    return await seed_figures(session)


async def test_completion_by_field_for_the_admin(session, w):
    data = await stats.view(session, w.people["admin"], View.COMPLETION, YEAR, now=NOW)
    assert data.categories == ["SK"]  # the due report milestones; registration is not a report
    assert [(s.label, s.values) for s in data.series] == [
        ("Ứng dụng công nghệ thông tin", [round((A_SCORE + B_SCORE) / 2, 1)]),
        ("An toàn, an ninh mạng", [0.0])]
    assert data.params["value"] == round((500 / 6 + 350 / 6 + 0) / 3, 1)


async def test_on_time_late_missing_per_milestone(session, w):
    data = await stats.view(session, w.people["admin"], View.TIMELINESS, YEAR, now=NOW)
    assert data.categories == ["DK", "SK"]
    third = round(100 / 3, 1)
    assert [s.values for s in data.series] == [[third, third], [third, third], [third, third]]
    assert [s.key for s in data.series] == ["on_time", "late", "missing"]
    # Before a milestone is due nobody is "missing" yet.
    early = await stats.view(session, w.people["admin"], View.TIMELINESS, YEAR,
                             now=NOW.replace(month=4))
    assert early.categories == ["DK"]


async def test_ranking_orders_units_by_weighted_completion(session, w):
    data = await stats.view(session, w.people["admin"], View.RANKING, YEAR, now=NOW)
    assert data.categories == ["A", "B", "C"]
    assert data.series[0].values == [A_SCORE, B_SCORE, 0.0]
    assert data.params["best"] == "A"


async def test_nominations_and_awards_by_field(session, w):
    data = await stats.view(session, w.people["admin"], View.AWARDS, YEAR, now=NOW)
    assert len(data.categories) == 6 and data.categories[0] == "Bưu chính"  # every field, in order
    by_field = dict(zip(data.categories, zip(data.series[0].values, data.series[1].values, strict=True),
                        strict=True))
    assert by_field["Ứng dụng công nghệ thông tin"] == (3.0, 2.0)  # drafts not counted
    assert by_field["An toàn, an ninh mạng"] == (0.0, 0.0)
    assert data.params == {"nominated": 3, "awarded": 2, "year": 2027}
    own = await stats.view(session, w.people["off_a"], View.AWARDS, YEAR, now=NOW)
    assert [s.values for s in own.series] == [[2.0, 1.5], [1.0, 1.0]]  # A vs the field's mean


async def test_directive_acknowledgement_rates(session, w):
    data = await stats.view(session, w.people["admin"], View.DIRECTIVES, YEAR, now=NOW)
    assert data.categories == ["05/CT-BTT"] and data.series[0].values == [round(200 / 3, 1)]
    own = await stats.view(session, w.people["off_b"], View.DIRECTIVES, YEAR, now=NOW)
    assert [s.values for s in own.series] == [[0.0], [round(200 / 3, 1)]]
    lead = await stats.view(session, w.people["lead_it"], View.DIRECTIVES, YEAR, now=NOW)
    assert lead.categories == []  # a field lead sees the directives they sent: none


async def test_a_field_lead_sees_only_their_field(session, w):
    data = await stats.view(session, w.people["lead_it"], View.RANKING, YEAR, now=NOW)
    assert data.categories == ["A", "B"]
    with pytest.raises(AccessDenied):
        await stats.view(session, w.people["lead_it"], View.RANKING, YEAR, field_code="attt", now=NOW)


async def test_an_officer_sees_their_unit_against_the_field_never_another_unit(session, w):
    off = w.people["off_a"]
    rank = await stats.view(session, off, View.RANKING, YEAR, now=NOW)
    assert rank.categories == ["A", ""] and rank.series[0].values == [A_SCORE,
                                                                     round((A_SCORE + B_SCORE) / 2, 1)]
    assert rank.params["rank"] == 1 and rank.params["of"] == 2
    comp = await stats.view(session, off, View.COMPLETION, YEAR, now=NOW)
    assert [s.key for s in comp.series] == ["own_unit", "field_average"]
    for view in [v for v in View if v != View.UNITS]:
        data = await stats.view(session, off, view, YEAR, now=NOW)
        shown = " ".join(data.categories + [s.label for s in data.series]
                         + [str(v) for v in data.params.values()])
        assert "B" not in shown.split() and str(B_SCORE) not in shown
    with pytest.raises(AccessDenied):
        await stats.view(session, w.people["stranger"], View.RANKING, YEAR, now=NOW)
    # The per-unit grid is other units' rows: refused, whichever field is asked for.
    for field_code in (None, "ung_dung_cntt"):
        with pytest.raises(AccessDenied):
            await stats.view(session, off, View.UNITS, YEAR, field_code=field_code, now=NOW)


async def test_each_unit_across_the_milestones_worst_first(session, w):
    data = await stats.view(session, w.people["admin"], View.UNITS, YEAR, field_code="ung_dung_cntt",
                            now=NOW)
    assert data.kind == "grid" and data.categories == ["DK", "SK"]  # the due milestones, in order
    assert data.scored == [False, True]  # registration has no completion figure
    # B (58.3 %, never registered) is behind A (83.3 %): the one behind comes first.
    assert [s.label for s in data.series] == ["B", "A"]
    assert [s.values for s in data.series] == [[0.0, B_SCORE], [0.0, A_SCORE]]
    assert data.cells == [["missing", "late"], ["on_time", "on_time"]]
    assert data.params == {"field": "Ứng dụng công nghệ thông tin", "units": 2, "worst": "B",
                           "value": B_SCORE, "missing": 1, "shown": 2, "rest": 0,
                           "rest_average": 0.0}
    assert data.headline == "stats.head.units"
    # An admin who has not chosen a field gets the first field the period's campaign covers.
    first = await stats.view(session, w.people["admin"], View.UNITS, YEAR, now=NOW)
    assert [s.label for s in first.series] == ["B", "A"]
    attt = await stats.view(session, w.people["admin"], View.UNITS, YEAR, field_code="attt", now=NOW)
    assert [s.label for s in attt.series] == ["C"] and attt.cells == [["late", "missing"]]
    # A field lead sees their field's grid, and no other field's.
    lead = await stats.view(session, w.people["lead_it"], View.UNITS, YEAR, now=NOW)
    assert [s.label for s in lead.series] == ["B", "A"]
    with pytest.raises(AccessDenied):
        await stats.view(session, w.people["lead_it"], View.UNITS, YEAR, field_code="attt", now=NOW)


async def test_the_unit_grid_shows_twenty_rows_and_summarises_the_rest(session, w):
    from tests.campaigns.campaign_harness import make_unit

    for i in range(30):
        await make_unit(session, f"U{i:02d}", "ung_dung_cntt")
    await session.commit()
    data = await stats.view(session, w.people["admin"], View.UNITS, YEAR, field_code="ung_dung_cntt",
                            now=NOW)
    # The thirty new units reported nothing: they are the ones behind, ties by code.
    assert [s.label for s in data.series] == [f"U{i:02d}" for i in range(stats.MAX_BARS)]
    assert data.cells[0] == ["missing", "missing"] and data.summarised == 32 - stats.MAX_BARS
    assert data.params["rest_average"] == round((A_SCORE + B_SCORE) / 12, 1)
    assert data.params["missing"] == 30 * 2 + 1 and data.headline == "stats.head.units_more"
    caption = Translator("vi")(data.headline, **data.params)
    assert caption.endswith("Ảnh có 20 đơn vị thấp nhất; 12 đơn vị còn lại bình quân "
                            f"{round((A_SCORE + B_SCORE) / 12, 1)}%.")


async def test_ranking_keeps_twenty_bars_and_summarises_the_rest(session, w):
    from tests.campaigns.campaign_harness import make_unit

    for i in range(30):
        await make_unit(session, f"U{i:02d}", "ung_dung_cntt")
    await session.commit()
    data = await stats.view(session, w.people["admin"], View.RANKING, YEAR, now=NOW)
    assert len(data.categories) == stats.MAX_BARS and data.summarised == 33 - 19
    assert data.categories[:2] == ["A", "B"] and data.series[0].values[-1] == 0.0
    localise(data, Translator("vi"))
    assert data.categories[-1] == "14 đơn vị khác (TB)"


def render(data: stats.ChartData) -> Image.Image:
    png = charts.render(data, "Biểu đồ — thử nghiệm tiếng Việt: Ưu tiên, Đạt, Hoàn thành")
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


@pytest.mark.parametrize("view", list(View))
async def test_each_view_draws_a_phone_sized_png_close_to_its_golden_image(session, w, view):
    field_code = "ung_dung_cntt" if view == View.UNITS else None  # the grid is one field's
    data = await stats.view(session, w.people["admin"], view, YEAR, field_code=field_code, now=NOW)
    localise(data, Translator("vi"))
    image = render(data)
    assert image.format == "PNG" and image.size == (charts.WIDTH_PX, charts.HEIGHT_PX)
    golden = GOLDEN / f"{view.value}.png"
    if os.environ.get("THIDUA_UPDATE_GOLDEN") or not golden.exists():
        GOLDEN.mkdir(exist_ok=True)
        image.save(golden)
        if not os.environ.get("THIDUA_UPDATE_GOLDEN"):
            pytest.fail(f"golden image {golden.name} was missing and has been written; run again")
    expected = Image.open(golden).convert("RGB")
    diff = ImageChops.difference(image.convert("RGB"), expected)
    # Font hinting and antialiasing may differ a little between machines; a broken layout
    # (a missing series, a moved legend, empty axes) moves far more than this.
    assert max(ImageStat.Stat(diff).mean) < 3.0, f"{view.value} differs from its golden image"
