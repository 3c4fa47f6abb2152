"""Benchmark: eligibility for 5,000 proposed awards against a register of 20,000 people × 10 years,
and /nominations (the reviewer's overview, through its handler) at that size.

Seeds 400 units of 50 people, 10 years of ratings (200,000 rows), the awards they imply (Lao động
tiên tiến for every good year, Chiến sĩ thi đua cơ sở for a share of the excellent ones, some
Bằng khen: about 190,000 rows) and sáng kiến (about 20,000), plus one year-end list per unit with
5,000 entries in all. Then:
- eligibility: ``services.awards.eligibility.check`` on 5,000 candidates (individuals over seven
  awards, collectives over two), timed end to end (loading the facts and judging), best and
  median of ``--runs``; target ≤ 2 s;
- /nominations: ``handlers.nomination_review.show_overview`` for the department and a field lead
  (counts by status and award, units against caps, the oldest waiting), ``--samples`` times;
  target p99 ≤ 200 ms.
On SQLite and — when reachable — PostgreSQL (THIDUA_BENCH_PG_URL, else
postgresql://postgres@127.0.0.1:5432/test; a temporary database is created and dropped).
The machine is shared: figures are noisy; the CPU time of the process is printed beside the wall
time, so a run on a busy machine shows how much of it was waiting for a core.

    .venv/bin/python -m bench.bench_eligibility [--runs 5] [--samples 200] [--no-pg]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import machine, pct, pg_db, pg_unreachable_reason, quiet_logs, sqlite_db
from handlers.chat import Incoming, IncomingKind
from handlers.context import Context, HandlerConfig
from handlers.flow import Flow
from handlers.nomination_review import show_overview
from models import (
    AwardRecord,
    EntryStatus,
    Initiative,
    Member,
    Nomination,
    NominationEntry,
    Person,
    PersonYear,
    Role,
    Unit,
    UnitField,
    UnitYear,
    make_engine,
    make_session_factory,
)
from services.awards.catalogue import current_catalogue
from services.awards.eligibility import Candidate, check

NOW = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)
YEARS = list(range(2017, 2027))
YEAR = 2026
FIELDS = ("ung_dung_cntt", "attt", "buu_chinh", "vien_thong")
ELIGIBILITY_TARGET_S = 2.0
NOMINATIONS_P99_MS = 200.0
INDIVIDUAL = ("LDTT", "CSTDCS", "CSTD_BO", "BK_BT", "BK_TTG", "HCLD3", "KNC")
COLLECTIVE = ("TTLDTT", "TTLDXS")


async def _insert(conn: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), 10_000):
        await conn.execute(insert(model), rows[i : i + 10_000])


async def seed(url: str, n_units: int, per_unit: int, n_entries: int) -> dict[str, int]:
    rng = random.Random(2026)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    counts: dict[str, int] = {}
    async with factory() as s, s.begin():
        await current_catalogue(s)  # the default catalogue, version 1
        conn = await s.connection()
        await _insert(conn, Unit, [{"id": u, "code": f"U{u:04d}", "name": f"Đơn vị số {u}", "kind": "co_quan",
                                    "search_key": f"don vi so {u}", "is_active": True, "created_at": NOW}
                                   for u in range(1, n_units + 1)])
        await _insert(conn, UnitField, [{"unit_id": u, "field_code": FIELDS[u % len(FIELDS)]}
                                        for u in range(1, n_units + 1)])
        people, years, initiatives, unit_years = [], [], [], []
        awards: list[dict[str, object]] = []
        pid = 0
        for u in range(1, n_units + 1):
            for year in YEARS:
                unit_years.append({"unit_id": u, "year": year, "rating": rng.choice(("xuat_sac", "tot")),
                                   "updated_at": NOW})
                if rng.random() < 0.1:
                    awards.append({"person_id": None, "unit_id": u, "award_code": "TTLDTT", "year": year,
                                   "decision_number": "", "signer": "", "source": "import",
                                   "created_at": NOW})
            for _ in range(per_unit):
                pid += 1
                people.append({"id": pid, "unit_id": u, "full_name": f"Người {pid}",
                               "name_key": f"nguoi {pid}",
                               "birth_date": date(1970 + pid % 30, 1 + pid % 12, 1 + pid % 28),
                               "created_at": NOW})
                for year in YEARS:
                    roll = rng.random()
                    rating = "xuat_sac" if roll < 0.2 else "tot" if roll < 0.85 else "hoan_thanh"
                    years.append({"person_id": pid, "year": year, "rating": rating,
                                  "disciplined": rng.random() < 0.005, "updated_at": NOW})
                    base = {"person_id": pid, "unit_id": u, "year": year, "decision_number": f"{year}/QĐ",
                            "signer": "", "source": "import", "created_at": NOW}
                    if rating != "hoan_thanh":
                        awards.append({**base, "award_code": "LDTT"})
                    if rating == "xuat_sac" and rng.random() < 0.6:
                        awards.append({**base, "award_code": "CSTDCS"})
                    if rng.random() < 0.02:
                        awards.append({**base, "award_code": "BK_BT"})
                    if rng.random() < 0.1:
                        initiatives.append({"person_id": pid, "year": year, "created_at": NOW, "title": "",
                                            "decision_number": "",
                                            "level": "cap_bo" if rng.random() < 0.2 else "co_so"})
        await _insert(conn, Person, people)
        await _insert(conn, PersonYear, years)
        await _insert(conn, AwardRecord, awards)
        await _insert(conn, Initiative, initiatives)
        await _insert(conn, UnitYear, unit_years)
        await _insert(conn, Nomination, [{"id": u, "unit_id": u, "kind": "year_end", "year": YEAR,
                                          "title": "", "status": "submitted", "document_number": "",
                                          "catalogue_version": 1,
                                          "late": u % 7 == 0, "times_submitted": 1, "created_at": NOW,
                                          "updated_at": NOW, "submitted_at": NOW}
                                         for u in range(1, n_units + 1)])
        entries = []
        statuses = (EntryStatus.SUBMITTED, EntryStatus.SUBMITTED, EntryStatus.APPROVED, EntryStatus.RETURNED)
        for i in range(n_entries):
            u = 1 + i % n_units
            person = (u - 1) * per_unit + 1 + (i // n_units) % per_unit
            code = INDIVIDUAL[i % len(INDIVIDUAL)]
            entries.append({"nomination_id": u, "person_id": person, "unit_id": u, "name": f"Người {person}",
                            "award_code": code, "year": YEAR, "status": statuses[i % 4].value,
                            "verdict": "eligible", "reason": "", "reason_en": "", "explanation": "",
                            "review_reason": "", "version": 1, "catalogue_version": 1,
                            "created_at": NOW, "updated_at": NOW})
        await _insert(conn, NominationEntry, entries)
        s.add(Member(telegram_id=1, full_name="Quản trị", role=Role.ADMIN))
        s.add(Member(telegram_id=2, full_name="Đầu mối", role=Role.FIELD_LEAD, unit_id=1,
                     field_code=FIELDS[1]))
        counts = {"people": len(people), "years": len(years), "awards": len(awards),
                  "initiatives": len(initiatives), "entries": len(entries)}
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            for table in ("unit", "unit_field", "person", "person_year", "award_record", "initiative",
                          "unit_year", "nomination", "nomination_entry"):
                await conn.exec_driver_sql(f"ANALYZE {table}")
            for table in ("unit", "person", "nomination", "nomination_entry", "award_record", "initiative"):
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT MAX(id) FROM {table}))"))
    await engine.dispose()
    return counts


def candidates(n: int, n_units: int, per_unit: int) -> list[Candidate]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        u = 1 + rng.randrange(n_units)
        if i % 25 == 0:
            out.append(Candidate(COLLECTIVE[i % 2], YEAR, u, None, key=i))
        else:
            person = (u - 1) * per_unit + 1 + rng.randrange(per_unit)
            out.append(Candidate(INDIVIDUAL[i % len(INDIVIDUAL)], YEAR, u, person, key=i))
    return out


async def time_eligibility(url: str, runs: int, n: int, n_units: int, per_unit: int) -> list[float]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    batch = candidates(n, n_units, per_unit)
    samples, cpu = [], []
    for _ in range(runs):
        async with factory() as s:
            catalogue = await current_catalogue(s)
            began, began_cpu = time.perf_counter(), time.process_time()
            checked, caps = await check(s, catalogue, batch)
            samples.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
            assert len(checked) == n
    verdicts: dict[str, int] = {}
    for c in checked:
        verdicts[c.verdict.value] = verdicts.get(c.verdict.value, 0) + 1
    print(f"    verdicts: {verdicts}; units over a cap: {len(caps)}; CPU of this process (both "
          f"threads) per run: median {statistics.median(cpu):.2f} s")
    await engine.dispose()
    return samples


async def time_nominations(url: str, samples: int) -> dict[str, list[float]]:
    from sqlmodel import select

    engine = make_engine(url)
    factory = make_session_factory(engine)
    out: dict[str, list[float]] = {"admin": [], "field lead": [], "admin CPU": [], "field lead CPU": []}
    async with factory() as s:
        people = {m.telegram_id: m for m in (await s.exec(select(Member))).all()}
    for i in range(samples + 10):  # the first 10 warm up and are not counted
        for label, tg in (("admin", 1), ("field lead", 2)):
            member = people[tg]
            async with factory() as s, s.begin():
                msg = Incoming(update_id=i + 1, kind=IncomingKind.MESSAGE, chat_id=tg, chat_type="private",
                               user_id=tg, text="/nominations", command="nominations")
                flow = await Flow.load(s, tg, tg)
                ctx = Context(msg=msg, session=s, member=member, flow=flow, config=HandlerConfig())
                began, began_cpu = time.perf_counter(), time.process_time()
                await show_overview(ctx, member)
                await s.flush()
                elapsed = (time.perf_counter() - began) * 1000
                used = (time.process_time() - began_cpu) * 1000
                await s.rollback()
            if i >= 10:
                out[label].append(elapsed)
                out[f"{label} CPU"].append(used)
    await engine.dispose()
    return out


async def run(label: str, url: str, args: argparse.Namespace) -> bool:
    began = time.perf_counter()
    counts = await seed(url, args.units, args.people_per_unit, args.entries)
    print(f"{label}: seeded {counts['people']:,} people, {counts['years']:,} yearly ratings, "
          f"{counts['awards']:,} awards, {counts['initiatives']:,} sáng kiến, {counts['entries']:,} entries "
          f"in {time.perf_counter() - began:.1f} s")
    ok = True
    samples = await time_eligibility(url, args.runs, args.candidates, args.units, args.people_per_unit)
    best, mid = min(samples), statistics.median(samples)
    good = mid <= ELIGIBILITY_TARGET_S
    ok &= good
    print(f"{label:<10} eligibility ×{args.candidates:,}: best {best:.2f} s, median {mid:.2f} s over "
          f"{len(samples)} runs  {'OK' if good else 'OVER'} (target ≤ {ELIGIBILITY_TARGET_S:.0f} s)")
    figures = await time_nominations(url, args.samples)
    for who in ("admin", "field lead"):
        lat, cpu = figures[who], figures[f"{who} CPU"]
        print(f"    /nominations ({who}) CPU per answer: p50 {statistics.median(cpu):.1f} ms, "
              f"p99 {pct(cpu, 99):.1f} ms")
        p50, p99 = statistics.median(lat), pct(lat, 99)
        good = p99 <= NOMINATIONS_P99_MS
        ok &= good
        print(f"{label:<10} /nominations ({who}): p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(lat):.1f} ms "
              f"over {len(lat)}  {'OK' if good else 'OVER'} (target p99 ≤ {NOMINATIONS_P99_MS:.0f} ms)")
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=400)
    parser.add_argument("--people-per-unit", type=int, default=50)
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    quiet_logs()
    print(machine())
    ok = True
    async with sqlite_db() as url:
        ok &= await run("SQLite", url, args)
    if not args.no_pg:
        reason = await pg_unreachable_reason()
        if reason:
            print(f"{reason}; PostgreSQL skipped")
        else:
            async with pg_db() as url:
                ok &= await run("PostgreSQL", url, args)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
