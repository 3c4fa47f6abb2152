"""``thidua council``: the sessions and a closed session's minutes, from the server."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from models import SessionFactory
from services.awards import council
from tests.council.helpers import NOW, RULES, seed
from tests.platform.test_cli_and_demo import thidua


async def test_minutes_written_as_docx(db_url: str, session_factory: SessionFactory,
                                       tmp_path: Path) -> None:
    async with session_factory() as s:
        c = await seed(s, members=3, majority=1, ninety=0, nominee_member=False)
        cs = await council.open_session(s, c.admin, title="Phiên tháng 12", member_ids=[
            m.id for m in c.members if m.id], chair_id=c.members[0].id or 0, rules=RULES, now=NOW)
        await s.commit()
        session_id = cs.id or 0
    early = thidua(tmp_path, "council", "minutes", str(session_id), db_url=db_url)
    assert early.returncode == 1 and "chưa có biên bản" in early.stderr
    async with session_factory() as s:
        await council.close_session(s, None, session_id, rules=RULES, now=NOW)
        await s.commit()
    listed = thidua(tmp_path, "council", "list", db_url=db_url)
    assert listed.returncode == 0 and f"#{session_id}  đã kết thúc" in listed.stdout
    english = thidua(tmp_path, "--lang", "en", "council", "list", db_url=db_url)
    assert f"#{session_id}  closed" in english.stdout
    done = thidua(tmp_path, "council", "minutes", str(session_id), "-o", "bb.docx", db_url=db_url)
    assert done.returncode == 0, done.stderr
    assert f"Đã ghi biên bản phiên họp {session_id} vào bb.docx" in done.stdout
    document = docx.Document(io.BytesIO((tmp_path / "bb.docx").read_bytes()))
    assert any("BIÊN BẢN HỌP VÀ KIỂM PHIẾU" in p.text for p in document.paragraphs)
    assert any("Phiên tháng 12" in p.text for p in document.paragraphs)
