"""The migrations build exactly the models' schema; every text exists in both languages."""

from __future__ import annotations

import unicodedata

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import handlers.root
from handlers import i18n
from models import make_engine
from models.migrate import head_revisions, is_up_to_date


async def test_migrations_match_the_models(db_url):
    handlers.root.build_router()  # imports every area, so every table is on the metadata
    engine = make_engine(db_url)
    try:
        assert await is_up_to_date(engine)

        def diff(conn):
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, SQLModel.metadata)

        async with engine.connect() as conn:
            changes = await conn.run_sync(diff)
    finally:
        await engine.dispose()
    assert changes == [], f"models and migrations differ: {changes}"
    assert len(head_revisions()) == 1, "the migrations should form one chain"


def test_every_text_has_both_languages_with_the_same_placeholders():
    handlers.root.build_router()
    keys = i18n.all_keys()
    assert len(keys) > 50
    for key in keys:
        vi_names, en_names = i18n.placeholders(key)
        assert vi_names == en_names, key
        vi = i18n.render(key, "vi", **{name: "x" for name in vi_names})
        en = i18n.render(key, "en", **{name: "x" for name in en_names})
        assert vi.strip() and en.strip(), key
        assert unicodedata.is_normalized("NFC", vi), key
        assert len(vi) <= 4096 and len(en) <= 4096, key
