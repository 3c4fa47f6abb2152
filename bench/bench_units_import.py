"""How long importing the sector's units from an XLSX takes (target: ~700 units in under 5 s).

    .venv/bin/python bench/bench_units_import.py [--units 700] [--db sqlite:///…|postgresql://…]

Seeds an XLSX of ``--units`` units (a tree three levels deep, each with one or two fields), then
times a first import (all created), a re-import (all unchanged) and an export, on a fresh
database migrated to head. Prints the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook

from models import make_engine, make_session_factory
from models.migrate import upgrade
from services import unit_files

FIELDS = ["buu_chinh", "vien_thong", "ung_dung_cntt", "attt", "cong_nghiep_ict",
          "bao_chi_truyen_thong"]
KINDS = ["co_quan", "don_vi_su_nghiep", "doanh_nghiep"]
PLACES = ["Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Nghệ An", "Thanh Hóa",
          "Quảng Ninh", "Bình Dương", "Đồng Nai", "Khánh Hòa", "Lâm Đồng"]
NAMES = ["Sở Thông tin và Truyền thông", "Bưu điện", "Viễn thông", "Trung tâm CNTT",
         "Công ty Bưu chính", "Báo", "Đài Phát thanh – Truyền hình", "Trung tâm An toàn thông tin"]


def seed_xlsx(path: Path, count: int, rng: random.Random) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("units")
    sheet.append(list(unit_files.HEADER))
    codes: list[str] = []
    for i in range(count):
        code = f"DV{i:04d}"
        parent = "" if i < 20 else codes[rng.randrange(0, min(len(codes), 20 + i // 3))]
        fields = ", ".join(rng.sample(FIELDS, rng.choice((1, 2))))
        name = f"{rng.choice(NAMES)} {rng.choice(PLACES)} số {i}"
        sheet.append([code, name, rng.choice(KINDS), parent, fields])
        codes.append(code)
    book.save(path)


async def run(count: int, db_url: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = db_url or f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        engine = make_engine(url)
        await upgrade(engine)
        factory = make_session_factory(engine)
        xlsx = folder / "units.xlsx"
        seed_xlsx(xlsx, count, random.Random(5))
        figures: dict[str, float] = {}
        for label in ("first import", "re-import"):
            start = time.perf_counter()
            async with factory() as session, session.begin():
                report = await unit_files.import_units(session, xlsx)
            figures[label] = time.perf_counter() - start
            assert report.ok, report.errors[:5]
            print(f"{label:>13}: {figures[label]:.2f} s  (created {len(report.created)}, "
                  f"updated {len(report.updated)}, unchanged {len(report.unchanged)})")
        start = time.perf_counter()
        async with factory() as session:
            n = await unit_files.export_units(session, folder / "out.xlsx")
        figures["export"] = time.perf_counter() - start
        print(f"{'export':>13}: {figures['export']:.2f} s  ({n} units)")
        await engine.dispose()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=700)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite)")
    args = parser.parse_args()
    print(f"importing {args.units} units from XLSX")
    figures = asyncio.run(run(args.units, args.db))
    verdict = "OK" if figures["first import"] < 5.0 else "TOO SLOW"
    print(f"target < 5 s for the first import: {verdict}")


if __name__ == "__main__":
    main()
