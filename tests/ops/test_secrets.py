"""Secrets stay out of logs and out of `thidua config`: the webhook secret at DEBUG with either
gateway, and a database URL's password however it is written."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.gateways import GATEWAY_KINDS, make_gateway
from bot.logs import RedactingFilter
from bot.settings import _mask_password

SECRET = "wh-Secret_7f3a9c0d2e4b6a8c"


@pytest.mark.parametrize("kind", GATEWAY_KINDS)
async def test_webhook_secret_is_not_logged_at_debug(kind: str, stub: Any,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    gw = make_gateway(kind, stub.token, stub.base_url)
    try:
        await gw.set_webhook("https://bot.example.vn/hook", SECRET)
    finally:
        await gw.close()
    assert stub.last("setWebhook").params["secret_token"] == SECRET  # it was sent
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "setWebhook" in logged or kind == "aiogram"  # ptb logs the call with its parameters
    assert SECRET not in logged


def test_root_filter_scrubs_a_secret_token_parameter_it_was_never_told_about() -> None:
    record = logging.LogRecord("any", logging.DEBUG, __file__, 1,
                               "Calling `setWebhook` with parameters `%s`",
                               ({"url": "https://x", "secret_token": "Unregistered_Value-42"},),
                               None)
    RedactingFilter().filter(record)
    assert "Unregistered_Value-42" not in record.getMessage()
    assert "https://x" in record.getMessage()


# -- `thidua config`: the database URL ---------------------------------------------------------
_user = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_host = st.sampled_from(["db.example.gov.vn", "127.0.0.1", "localhost:5433", "[::1]:5432"])
_db = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
# Passwords as people type them: '@', ':', '/', '?', '#', '%', spaces and Vietnamese letters.
_password = st.text(alphabet=st.sampled_from(list("aZ9@:/?#%&=! ._-ưđÊ")), min_size=6, max_size=24)


@settings(max_examples=300, deadline=None)
@given(user=_user, password=_password, host=_host, db=_db)
def test_password_in_the_url_is_masked(user: str, password: str, host: str, db: str) -> None:
    url = f"postgresql+asyncpg://{user}:{password}@{host}/{db}"
    masked = _mask_password(url)
    assert password not in masked
    assert masked == f"postgresql+asyncpg://{user}:***@{host}/{db}"


_param = st.sampled_from(["password", "PASSWORD", "passwd", "sslpassword", "pwd"])
_value = st.text(alphabet=st.sampled_from(list("aZ9@:/!._-")), min_size=6, max_size=20)


@settings(max_examples=300, deadline=None)
@given(user=_user, host=_host, db=_db, param=_param, value=_value,
       before=st.booleans(), after=st.booleans())
def test_password_query_parameters_are_masked(user: str, host: str, db: str, param: str,
                                              value: str, before: bool, after: bool) -> None:
    query = ("sslmode=require&" if before else "") + f"{param}={value}" + (
        "&connect_timeout=10" if after else "")
    url = f"postgresql://{user}@{host}/{db}?{query}"
    masked = _mask_password(url)
    assert value not in masked
    assert f"{param}=***" in masked
    assert host in masked and db in masked
    if before:
        assert "sslmode=require" in masked
    if after:
        assert "connect_timeout=10" in masked


@pytest.mark.parametrize("url", [
    "sqlite+aiosqlite:///./data/thidua.db",
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://127.0.0.1/thidua",
])
def test_urls_without_a_password_are_unchanged(url: str) -> None:
    assert _mask_password(url) == url


def test_config_command_masks_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    monkeypatch.setenv("THIDUA_DATABASE_URL", "postgresql://thidua:p@ss:w/rd@db.local/thidua"
                                              "?sslpassword=k3y@x")
    out = CliRunner().invoke(app, ["config"]).output
    assert "p@ss" not in out and "w/rd" not in out and "k3y" not in out
    assert "postgresql://thidua:***@db.local/thidua?sslpassword=***" in out
