"""Who is in the simulated world: new people and groups with fresh ids, and a group's upgrade to
a supergroup (a new id, and the two migration service messages).

Ids come from counters that :mod:`sandbox.state` saves and restores, so that a second run of the
demo hands out no id the bot has seen.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import SandboxError
from .people import Group, User
from .world import Chat, Message

if TYPE_CHECKING:
    from .emulator import Emulator

__all__ = ["SUPERGROUP_BASE", "Population"]

SUPERGROUP_BASE = 1_001_800_000_000  # supergroup ids are -(SUPERGROUP_BASE + n)


class Population:
    """Adds people and groups to an emulator's world."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.user_ids = itertools.count(6_000_000_001)
        self.group_ids = itertools.count(4_100_000_001)
        self.supergroup_ids = itertools.count(1)

    def add_user(
        self,
        name: str,
        username: str | None,
        language_code: str | None,
        *,
        first_name: str | None,
        last_name: str | None,
        user_id: int | None,
        started: bool,
    ) -> User:
        """See :meth:`sandbox.emulator.Emulator.add_user`."""
        emu = self.emu
        if first_name is None:
            first_name, _, last = name.strip().rpartition(" ")
            if not first_name:
                first_name, last = last, ""
            last_name = last_name if last_name is not None else (last or None)
        uid = user_id if user_id is not None else next(self.user_ids)
        if uid in emu.users or uid <= 0:
            raise SandboxError(f"user id {uid} is taken or not positive")
        user = User(emu, uid, first_name, last_name, username, language_code)
        user.chat.started = started
        emu.users[uid] = user
        emu.chats[uid] = user.chat
        if username:
            emu.chats_by_username[username.lower()] = user.chat
        return user

    def add_group(
        self,
        title: str,
        members: Iterable[User],
        admins: Iterable[User],
        *,
        supergroup: bool,
        creator: User | None,
        bot_member: bool,
        bot_admin: bool,
        username: str | None,
        chat_id: int | None,
    ) -> Group:
        """See :meth:`sandbox.emulator.Emulator.add_group`."""
        emu = self.emu
        members, admins = list(members), list(admins)
        if chat_id is None:
            chat_id = self._new_supergroup_id() if supergroup else -next(self.group_ids)
        chat = Chat(chat_id, "supergroup" if supergroup else "group", title=title, username=username)
        everyone = [*admins, *members] + ([creator] if creator else [])
        for u in everyone:
            chat.member_status[u.id] = "member"
        for u in admins:
            chat.member_status[u.id] = "administrator"
        owner = creator or (admins[0] if admins else members[0] if members else None)
        if owner is not None:
            chat.member_status[owner.id] = "creator"
        chat.bot_status = ("administrator" if bot_admin else "member") if bot_member else "left"
        emu.chats[chat_id] = chat
        if username:
            emu.chats_by_username[username.lower()] = chat
        group = Group(emu, chat)
        emu.groups[chat_id] = group
        return group

    def _new_supergroup_id(self) -> int:
        return -(SUPERGROUP_BASE + next(self.supergroup_ids))

    def upgrade_chat(self, old: Chat, by: User) -> Chat:
        emu = self.emu
        new = Chat(self._new_supergroup_id(), "supergroup", title=old.title, username=old.username)
        new.member_status = dict(old.member_status)
        new.bot_status = old.bot_status
        new.migrated_from = old.id
        old.migrated_to = new.id
        emu.chats[new.id] = new
        emu.groups[new.id] = emu.groups[old.id]
        if old.username:
            emu.chats_by_username[old.username.lower()] = new
        now = emu.now()
        m_old = Message(old, old.new_message_id(), now, by.api, False, service={"migrate_to_chat_id": new.id})
        m_new = Message(
            new, new.new_message_id(), now, by.api, False, service={"migrate_from_chat_id": old.id}
        )
        old.add(m_old)
        new.add(m_new)
        if emu.bot_in(old):
            emu.updates.push("message", m_old.to_api(), old.id)
            emu.updates.push("message", m_new.to_api(), new.id)
        return new
