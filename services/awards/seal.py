"""Sealing a ballot: where a vote is kept (a slot) and the choice encrypted, with the stdlib only.

- ``slot(member, item) = HMAC-SHA256(server_secret, "slot" ‖ session_secret ‖ member ‖ item)``:
  the row's address; without both secrets nobody can tell whose vote on which entry a row holds.
- ``key(member) = HMAC-SHA256(server_secret, "key" ‖ session_secret ‖ member)``; the choice is
  one byte XOR the first byte of ``HMAC(key, nonce ‖ slot)`` with a fresh 12-byte nonce, followed by
  an 8-byte tag ``HMAC(key, nonce ‖ ct ‖ slot)``: equal choices never look equal, and a row copied
  to another slot or altered fails to open.
The server secret is a setting (``THIDUA_COUNCIL__BALLOT_SECRET``), never stored in the database; the
session secret lives in the database only while the session is open and is erased at close.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from services.awards.ballot import Choice

_CODES = {Choice.YES: 1, Choice.NO: 2, Choice.ABSTAIN: 3}
_CHOICES = {v: k for k, v in _CODES.items()}


def new_session_secret() -> str:
    return secrets.token_urlsafe(32)


class Sealer:
    """The sealing of one open session."""

    def __init__(self, server_secret: bytes, session_secret: str) -> None:
        self._server = server_secret
        self._session = session_secret.encode()
        self._keys: dict[int, bytes] = {}

    def _mac(self, *parts: bytes) -> bytes:
        return hmac.new(self._server, b"|".join(parts), hashlib.sha256).digest()

    def slot(self, member_id: int, item_id: int) -> str:
        return self._mac(b"slot", self._session, str(member_id).encode(),
                         str(item_id).encode()).hex()[:48]

    def _key(self, member_id: int) -> bytes:
        key = self._keys.get(member_id)
        if key is None:
            key = self._keys[member_id] = self._mac(b"key", self._session, str(member_id).encode())
        return key

    def button_token(self, member_id: int, item_id: int, choice: Choice) -> str:
        """An opaque 8-character token for a ballot button: the stored update says nothing."""
        raw = hmac.new(self._key(member_id), f"btn|{item_id}|{choice.value}".encode(),
                       hashlib.sha256).digest()
        return base64.urlsafe_b64encode(raw[:6]).decode()

    def choice_of_token(self, member_id: int, item_id: int, token: str) -> Choice | None:
        for choice in Choice:
            if hmac.compare_digest(self.button_token(member_id, item_id, choice), token):
                return choice
        return None

    def seal(self, member_id: int, item_id: int, choice: Choice) -> str:
        key, slot = self._key(member_id), self.slot(member_id, item_id).encode()
        nonce = secrets.token_bytes(12)
        pad = hmac.new(key, nonce + slot, hashlib.sha256).digest()[0]
        ct = bytes([_CODES[choice] ^ pad])
        tag = hmac.new(key, nonce + ct + slot, hashlib.sha256).digest()[:8]
        return base64.urlsafe_b64encode(nonce + ct + tag).decode()

    def open(self, member_id: int, item_id: int, sealed: str) -> Choice | None:
        """The choice, or None when the row does not belong to this member and item."""
        try:
            raw = base64.urlsafe_b64decode(sealed.encode())
        except ValueError:
            return None
        if len(raw) != 21:
            return None
        key, slot = self._key(member_id), self.slot(member_id, item_id).encode()
        nonce, ct, tag = raw[:12], raw[12:13], raw[13:]
        if not hmac.compare_digest(hmac.new(key, nonce + ct + slot, hashlib.sha256).digest()[:8],
                                   tag):
            return None
        pad = hmac.new(key, nonce + slot, hashlib.sha256).digest()[0]
        return _CHOICES.get(ct[0] ^ pad)
