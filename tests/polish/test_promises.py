"""Every promise a text makes must be true of this build (issue 10, item 20).

Two checks: every ``/command`` a text names is a registered command, and a table of promise
phrases says which command (or feature) each phrase needs. When the nudges, nominations,
council and stats areas register their commands, a text may name them again and this test
passes without a change; a phrase whose feature is missing fails it.
"""

from __future__ import annotations

import re

from handlers import i18n
from handlers.root import build_router
from models import Language
from scheduler import texts as scheduler_texts

COMMAND = re.compile(r"(?<![\w/])/([a-z_]{2,32})\b")

# Phrase a text may contain (folded to lower case) → the command (or, as ``sweep:NAME``, the
# scheduler sweep) that must exist for it to be true.
PROMISES: dict[str, str] = {
    "đề nghị khen thưởng": "nominations",
    "nominate": "nominations",
    "điển hình tiên tiến": "exemplars",
    "nhắc trước mỗi hạn": "sweep:nudges.sweep",
    "nhắc hạn": "sweep:nudges.sweep",
    "remind you before": "sweep:nudges.sweep",
    "nhắc lại sau": "sweep:nudges.snoozes",
    "bỏ phiếu": "council",
    "phiên họp hội đồng": "council",
    "sổ theo dõi khen thưởng": "awards",
    "thống kê": "stats",
    "biểu đồ": "stats",
    "xuất excel": "export",
    "xuất tệp": "export",
}


def all_texts() -> dict[str, str]:
    build_router()  # every handler module registers its texts on import
    out: dict[str, str] = {}
    for key in i18n.all_keys():
        for lang in (Language.VI, Language.EN):
            names = {name: "x" for name in set().union(*i18n.placeholders(key))}
            out[f"{key}/{lang.value}"] = str(i18n.render(key, lang, **names))
    for key, (vi, en) in scheduler_texts.TEXTS.items():
        out[f"scheduler.{key}/vi"], out[f"scheduler.{key}/en"] = vi, en
    return out


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("&lt;", "<").replace("&gt;", ">")


def unknown_commands(texts: dict[str, str], commands: set[str]) -> set[str]:
    return {f"/{name} in {key}" for key, text in texts.items()
            for name in COMMAND.findall(plain(text)) if name not in commands}


def broken_promises(texts: dict[str, str], commands: set[str]) -> set[str]:
    return {f"“{phrase}” in {key} needs /{command}"
            for key, text in texts.items() for phrase, command in PROMISES.items()
            if phrase in plain(text).lower() and command not in commands}


def test_every_command_a_text_names_exists() -> None:
    missing = unknown_commands(all_texts(), set(build_router().command_names))
    assert not missing, sorted(missing)


def features() -> set[str]:
    """What the build can do: its commands and its scheduler's sweeps."""
    import scheduler  # noqa: F401  (registers every sweep)
    from scheduler.jobs import sweeps

    return set(build_router().command_names) | {f"sweep:{name}" for name, _ in sweeps()}


def test_every_promise_phrase_has_its_command() -> None:
    broken = broken_promises(all_texts(), features())
    assert not broken, sorted(broken)


def test_the_checks_catch_what_the_old_greeting_promised() -> None:
    old = {"common.welcome/vi": "… báo cáo tiến độ, đăng ký thi đua, <b>đề nghị khen thưởng</b> "
                                "…; tôi cũng nhắc trước mỗi hạn. Gõ /nominations hoặc /help."}
    commands = {"help", "report", "register"}
    assert broken_promises(old, commands) == {
        "“đề nghị khen thưởng” in common.welcome/vi needs /nominations",
        "“nhắc trước mỗi hạn” in common.welcome/vi needs /sweep:nudges.sweep"}
    assert unknown_commands(old, commands) == {"/nominations in common.welcome/vi"}
    assert not broken_promises(old, commands | {"nominations", "sweep:nudges.sweep"})
