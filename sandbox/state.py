"""The simulated world kept in a JSON file, so that a second run continues where the first stopped.

What a bot remembers about Telegram must still hold after a restart: update ids keep growing (a
bot drops an update id it has seen), a person keeps their id (the bot's roles are keyed by it),
a group keeps its id, members and the bot's place in it, and new message, callback and file ids do
not reuse old ones. Messages themselves are not kept: after a restart the chats start empty, as
they would on a new phone.

>>> state = load(path)                 # None when there is no file yet
>>> if state: restore(emu, state)
>>> save(emu, path, extra={"current": "Quản trị viên"})
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import world
from .errors import SandboxError
from .population import SUPERGROUP_BASE
from .world import Chat

if TYPE_CHECKING:
    from .emulator import Emulator

__all__ = ["VERSION", "load", "restore", "save", "snapshot", "stay_above"]

VERSION = 1


def _peek(counter: itertools.count[int]) -> tuple[int, itertools.count[int]]:
    """The value ``counter`` gives next, and a fresh counter that gives it again."""
    value = next(counter)
    return value, itertools.count(value)


def _chat_state(chat: Chat) -> dict[str, Any]:
    return {
        "id": chat.id,
        "type": chat.type,
        "title": chat.title,
        "username": chat.username,
        "members": {str(uid): status for uid, status in chat.member_status.items()},
        "bot_status": chat.bot_status,
        "started": chat.started,
        "next_message_id": chat.next_message_id,
        "migrated_to": chat.migrated_to,
        "migrated_from": chat.migrated_from,
    }


def snapshot(emu: Emulator, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The state worth keeping, as plain JSON data; ``extra`` is the caller's own (kept as is)."""
    next_user, emu.population.user_ids = _peek(emu.population.user_ids)
    next_group, emu.population.group_ids = _peek(emu.population.group_ids)
    next_super, emu.population.supergroup_ids = _peek(emu.population.supergroup_ids)
    next_query, emu._query_ids = _peek(emu._query_ids)
    next_file, world._file_seq = _peek(world._file_seq)
    users = []
    for user in emu.users.values():
        chat = user.chat
        users.append({
            "id": user.id,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "username": user.username,
            "language_code": user.language_code,
            "started": chat.started,
            "bot_status": chat.bot_status,
            "next_message_id": chat.next_message_id,
        })
    group_chats = sorted({c.id: c for c in emu.chats.values() if c.type != "private"}.values(),
                         key=lambda c: c.migrated_to is None)  # old ids before their successors
    files = [
        {"kind": f.kind, "size": f.size, "file_name": f.file_name, "mime_type": f.mime_type,
         "width": f.width, "height": f.height, "file_id": f.file_id,
         "file_unique_id": f.file_unique_id, "file_path": f.file_path}
        for f in emu.files.values() if f.data is None  # simulated files: their bytes are derived
    ]
    return {
        "version": VERSION,
        "bot": {"id": emu.bot_id, "username": emu.bot_username},
        "next_update_id": emu.updates.next_id,
        "next_user_id": next_user,
        "next_group_seq": next_group,
        "next_supergroup_seq": next_super,
        "next_query_id": next_query,
        "next_file_seq": next_file,
        "users": users,
        "chats": [_chat_state(c) for c in group_chats],
        "files": files,
        "extra": extra or {},
    }


def restore(emu: Emulator, state: dict[str, Any]) -> None:
    """Recreate the people, groups and counters of ``state`` in an emulator that has none yet."""
    if state.get("version") != VERSION:
        raise SandboxError(f"sandbox state version {state.get('version')!r} is not {VERSION}")
    if emu.users or emu.groups:
        raise SandboxError("restore into an emulator that has no people or groups yet")
    emu.updates.next_id = max(emu.updates.next_id, int(state["next_update_id"]))
    emu.population.user_ids = itertools.count(int(state["next_user_id"]))
    emu.population.group_ids = itertools.count(int(state["next_group_seq"]))
    emu.population.supergroup_ids = itertools.count(int(state["next_supergroup_seq"]))
    emu._query_ids = itertools.count(int(state["next_query_id"]))
    next_file, _ = _peek(world._file_seq)
    world._file_seq = itertools.count(max(next_file, int(state["next_file_seq"])))
    for u in state["users"]:
        user = emu.add_user(u["first_name"], u["username"], u["language_code"],
                            first_name=u["first_name"], last_name=u["last_name"],
                            user_id=int(u["id"]), started=bool(u["started"]))
        user.chat.bot_status = u["bot_status"]
        user.chat.next_message_id = int(u["next_message_id"])
    for c in state["chats"]:
        chat_id = int(c["id"])
        successor = c["migrated_to"]
        if successor is not None:  # an upgraded group's old id: sends there are told to move
            chat = Chat(chat_id, c["type"], title=c["title"], username=None)
            chat.migrated_to = int(successor)
            emu.chats[chat_id] = chat
            continue
        group = emu.add_group(c["title"] or "", supergroup=c["type"] == "supergroup",
                              bot_member=False, username=c["username"], chat_id=chat_id)
        chat = group.chat
        chat.member_status = {int(uid): status for uid, status in c["members"].items()}
        chat.bot_status = c["bot_status"]
        chat.next_message_id = int(c["next_message_id"])
        if c["migrated_from"] is not None:
            old_id = int(c["migrated_from"])
            chat.migrated_from = old_id
            group.old_ids.append(old_id)
            emu.groups[old_id] = group
    for f in state["files"]:
        emu.add_file(world.FileRecord(**f))


def stay_above(emu: Emulator, *, update_id: int = 0, user_id: int = 0,
               chat_ids: Iterable[int] = ()) -> None:
    """Hand out only ids beyond those a bot has already seen (the highest update and user ids,
    its groups' chat ids), e.g. when the state file was lost or is older than the bot's data."""
    emu.updates.next_id = max(emu.updates.next_id, update_id + 1)
    next_user, _ = _peek(emu.population.user_ids)
    emu.population.user_ids = itertools.count(max(next_user, user_id + 1))
    groups = [-c for c in chat_ids if -SUPERGROUP_BASE < c < 0]
    supergroups = [-c - SUPERGROUP_BASE for c in chat_ids if c <= -SUPERGROUP_BASE]
    next_group, _ = _peek(emu.population.group_ids)
    emu.population.group_ids = itertools.count(max([next_group, *(g + 1 for g in groups)]))
    next_super, _ = _peek(emu.population.supergroup_ids)
    emu.population.supergroup_ids = itertools.count(max([next_super, *(g + 1 for g in supergroups)]))


def load(path: Path) -> dict[str, Any] | None:
    """The state saved in ``path``, or None when there is none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(text)
    if not isinstance(data, dict):
        raise SandboxError(f"{path} does not hold a sandbox state")
    return data


def save(emu: Emulator, path: Path, extra: dict[str, Any] | None = None) -> None:
    """Write the state to ``path`` atomically (a crash leaves the old file or the new one)."""
    data = json.dumps(snapshot(emu, extra), ensure_ascii=False, indent=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
