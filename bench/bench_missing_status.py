"""Benchmark: /missing and /status (service + render) on a sector-sized database.

Seeds 700 units × 12 milestones × 10 targets of reports (8,400 reports and revisions, 84,000
values; every 9th unit has not reported at each milestone), then times the service call plus the
rendering of the reply, on SQLite and — when reachable — on PostgreSQL (THIDUA_BENCH_PG_URL, else
postgresql://postgres@127.0.0.1:5432/test; a temporary database is created next to it and dropped).
Target: p99 ≤ 200 ms each. Prints the figures.

    .venv/bin/python -m bench.bench_missing_status [--units 700] [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.campaign_render import fit, missing_lines, status_text
from handlers.chat import paginate
from handlers.i18n import Translator
from handlers.texts import campaigns as _texts  # noqa: F401
from models import (
    Campaign,
    CampaignField,
    CampaignStatus,
    Member,
    Milestone,
    MilestoneKind,
    Report,
    ReportRevision,
    ReportValue,
    Role,
    Target,
    TargetKind,
    Unit,
    UnitField,
    make_engine,
    make_session_factory,
)
from models.migrate import upgrade
from services import progress

NOW = datetime(2027, 12, 20, 3, 0, tzinfo=UTC)
FIELDS = ("ung_dung_cntt", "attt", "buu_chinh", "vien_thong")
TARGET_P99_MS = 200.0


async def seed(url: str, n_units: int, n_milestones: int, n_targets: int) -> dict[str, int]:
    engine = make_engine(url)
    await upgrade(engine)
    factory = make_session_factory(engine)
    async with factory() as s, s.begin():
        conn = await s.connection()
        await conn.execute(insert(Unit), [
            {"id": i + 1, "code": f"U{i + 1:04d}", "name": f"Đơn vị số {i + 1}", "kind": "co_quan",
             "search_key": f"don vi so {i + 1}", "is_active": True, "created_at": NOW}
            for i in range(n_units)])
        await conn.execute(insert(UnitField), [
            {"unit_id": i + 1, "field_code": FIELDS[i % len(FIELDS)]} for i in range(n_units)])
        await conn.execute(insert(Campaign), [{
            "id": 1, "code": "BENCH", "title": "Phong trào đo hiệu năng", "slogan": "", "kind": "theo_dot",
            "status": CampaignStatus.ACTIVE.value, "created_at": NOW, "updated_at": NOW,
            "launched_at": NOW}])
        await conn.execute(insert(CampaignField), [{"campaign_id": 1, "field_code": f} for f in FIELDS])
        await conn.execute(insert(Target), [{
            "id": t + 1, "campaign_id": 1, "code": f"T{t + 1}", "name": f"Chỉ tiêu {t + 1}",
            "unit_of_measure": "", "target_value": 100.0, "weight": 1.0 + t % 3,
            "kind": TargetKind.NUMBER.value, "position": t} for t in range(n_targets)])
        start = datetime(2027, 1, 31, 10, 0, tzinfo=UTC)
        await conn.execute(insert(Milestone), [{
            "id": m + 1, "campaign_id": 1, "code": f"TH{m + 1}", "kind": MilestoneKind.MONTHLY.value,
            "title": f"Tháng {m + 1}", "due_at": start + timedelta(days=30 * m), "position": m}
            for m in range(n_milestones)])
        reports, revisions, values = [], [], []
        rid = 0
        for m in range(n_milestones):
            for u in range(n_units):
                if (u + m) % 9 == 0:
                    continue
                rid += 1
                at = start + timedelta(days=30 * m - 1)
                reports.append({"id": rid, "campaign_id": 1, "milestone_id": m + 1, "unit_id": u + 1,
                                "revisions": 1, "late": False, "first_submitted_at": at,
                                "last_submitted_at": at})
                revisions.append({"id": rid, "report_id": rid, "number": 1, "narrative": "",
                                  "late": False, "submitted_by": 1, "submitted_at": at})
                values += [{"revision_id": rid, "target_id": t + 1, "value": float((u * t) % 130),
                            "raw": "", "skipped": False, "note": ""} for t in range(n_targets)]
        for model, rows in ((Report, reports), (ReportRevision, revisions), (ReportValue, values)):
            for i in range(0, len(rows), 5000):
                await conn.execute(insert(model), rows[i:i + 5000])
        s.add(Member(telegram_id=1, full_name="Quản trị", role=Role.ADMIN))
        s.add(Member(telegram_id=2, full_name="Cán bộ", role=Role.OFFICER, unit_id=2))
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            for table in ("unit", "unit_field", "campaign", "target", "milestone", "report",
                          "report_revision", "report_value"):
                await conn.exec_driver_sql(f"ANALYZE {table}")
            for table in ("unit", "campaign", "target", "milestone", "report", "report_revision"):
                await conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))")
    await engine.dispose()
    return {"reports": len(reports), "values": len(values)}


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(url: str, runs: int, n_milestones: int) -> dict[str, list[float]]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    t = Translator("vi")
    out: dict[str, list[float]] = {"missing": [], "status": []}
    async with factory() as s:
        from sqlmodel import select

        admin = (await s.exec(select(Member).where(Member.telegram_id == 1))).one()
        officer = (await s.exec(select(Member).where(Member.telegram_id == 2))).one()
    for i in range(runs + 10):  # the first 10 warm caches up and are not counted
        async with factory() as s:
            began = time.perf_counter()
            view = await progress.missing(s, admin, 1 + i % n_milestones)
            page = paginate(missing_lines(t, view), 1, 40)
            text = fit([str(x) for x in page.items])
            assert text
            elapsed = (time.perf_counter() - began) * 1000
        if i >= 10:
            out["missing"].append(elapsed)
        async with factory() as s:
            began = time.perf_counter()
            status = await progress.unit_status(s, officer, now=NOW)
            text = status_text(t, status, NOW)
            assert "Đơn vị số 2" in text
            elapsed = (time.perf_counter() - began) * 1000
        if i >= 10:
            out["status"].append(elapsed)
    await engine.dispose()
    return out


def report(label: str, figures: dict[str, list[float]]) -> bool:
    ok = True
    for name, samples in figures.items():
        p50, p99 = statistics.median(samples), pct(samples, 0.99)
        good = p99 <= TARGET_P99_MS
        ok &= good
        print(f"{label:<10} /{name:<8} runs={len(samples):<4} p50={p50:7.1f} ms  p99={p99:7.1f} ms  "
              f"max={max(samples):7.1f} ms  {'OK' if good else 'OVER'} (target p99 ≤ {TARGET_P99_MS:.0f} ms)")
    return ok


async def pg_database(base: str) -> tuple[str, str] | None:
    try:
        import asyncpg

        u = make_url(base)
        conn = await asyncio.wait_for(asyncpg.connect(
            user=u.username or "postgres", password=u.password, host=u.host or "127.0.0.1",
            port=u.port or 5432, database=u.database or "postgres"), timeout=3)
    except Exception as exc:  # unreachable: skip PostgreSQL, say why
        print(f"PostgreSQL not reachable at {make_url(base).render_as_string()}: {exc!r}; skipped")
        return None
    name = f"thidua_bench_{uuid.uuid4().hex[:8]}"
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name, make_url(base).set(drivername="postgresql+asyncpg", database=name).render_as_string(
        hide_password=False)


async def drop_pg(base: str, name: str) -> None:
    import asyncpg

    u = make_url(base)
    conn = await asyncpg.connect(user=u.username or "postgres", password=u.password,
                                 host=u.host or "127.0.0.1", port=u.port or 5432,
                                 database=u.database or "postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=700)
    parser.add_argument("--milestones", type=int, default=12)
    parser.add_argument("--targets", type=int, default=10)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        began = time.perf_counter()
        counts = await seed(url, args.units, args.milestones, args.targets)
        print(f"SQLite: seeded {args.units} units, {counts['reports']} reports, {counts['values']} values "
              f"in {time.perf_counter() - began:.1f} s")
        ok &= report("SQLite", await measure(url, args.runs, args.milestones))
    base = os.environ.get("THIDUA_BENCH_PG_URL") or "postgresql://postgres@127.0.0.1:5432/test"
    found = await pg_database(base)
    if found is not None:
        name, url = found
        try:
            began = time.perf_counter()
            counts = await seed(url, args.units, args.milestones, args.targets)
            print(f"PostgreSQL: seeded {counts['reports']} reports, {counts['values']} values "
                  f"in {time.perf_counter() - began:.1f} s")
            ok &= report("PostgreSQL", await measure(url, args.runs, args.milestones))
        finally:
            await drop_pg(base, name)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
