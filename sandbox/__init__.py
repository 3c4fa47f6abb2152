"""A Telegram Bot API emulator with simulated people and groups, for the offline demo, the tests
and the benchmarks. See ``README.md`` in this folder.

    from sandbox import Emulator, Limits
    emu = Emulator(limits=Limits(enabled=False))
    await emu.start()
    alice = emu.add_user("Nguyễn Thị An", username="an_nt")
"""

from .calls import Call, CallbackQuery
from .emulator import DEFAULT_TOKEN, Emulator
from .errors import ApiError, SandboxError
from .faults import Fault, Faults
from .html import HtmlError, parse_html
from .limits import Limits
from .people import Group, User
from .spec import Spec, load_spec
from .world import Chat, FileRecord, Message

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Call",
    "CallbackQuery",
    "Chat",
    "Emulator",
    "Fault",
    "Faults",
    "FileRecord",
    "Group",
    "HtmlError",
    "Limits",
    "Message",
    "SandboxError",
    "Spec",
    "User",
    "load_spec",
    "parse_html",
]
