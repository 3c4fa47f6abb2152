"""The request pipeline: one Bot API request from its method name to its answer.

Every request goes: method exists (404) → spec check (400) → fault (if one is switched on) →
the method's own checks (chat, 403, migration, content, flood limits) → the action. The token
(401) is checked before, by the server. Every request lands in the emulator's
:class:`~sandbox.recorder.CallRecord`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
from typing import TYPE_CHECKING, Any

from .errors import ApiError, bad_request, too_many_requests
from .faults import Fault
from .methods import HANDLERS
from .spec import Upload

if TYPE_CHECKING:
    from .emulator import Emulator

__all__ = ["Dispatcher"]

log = logging.getLogger("sandbox")

_FAULT_ERRORS = {
    "500": (500, "Internal Server Error"),
    "502": (502, "Bad Gateway"),
}

Answer = tuple[int, dict[str, Any], Fault | None]


class Dispatcher:
    """Runs requests against an emulator's world and records each one."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        # Set when the emulator stops, so that a "timeout" fault stops holding its answer back.
        self.stopping = asyncio.Event()

    async def call(
        self, method: str, raw: dict[str, Any], uploads: dict[str, Upload] | None = None
    ) -> Answer:
        """Run one Bot API request; returns (HTTP status, JSON body, fault applied)."""
        emu = self.emu
        t0 = time.monotonic()
        mspec = emu.spec.method(method)
        if mspec is None:
            return self._fail(method, raw, t0, ApiError(404, "Not Found", kind="unknown_method"))
        name = mspec.name
        try:
            params = emu.spec.check_request(mspec, raw, uploads or {})
        except ApiError as e:
            return self._fail(name, raw, t0, e)
        lname = name.lower()
        handler = HANDLERS.get(lname)
        if handler is None:
            if mspec.returns == ("Boolean",):
                emu.record.add(name, params, t0, result=True, kind="unimplemented")
                return 200, {"ok": True, "result": True}, None
            text = f'method "{name}" is not supported by the emulator'
            return self._fail(name, params, t0, bad_request(text, kind="unsupported"))
        fault = emu.faults.pick(lname, params.get("chat_id")) if emu.faults else None
        if fault is not None and fault.kind != "timeout":
            if fault.kind == "429":
                error = too_many_requests(fault.retry_after, kind="fault")
            elif fault.kind == "drop":
                error = ApiError(0, "connection dropped", kind="fault")
            else:
                code, text = _FAULT_ERRORS[fault.kind]
                error = ApiError(code, text, kind="fault")
            return self._fail(name, params, t0, error, fault)
        emu.current_uploads = uploads or {}
        try:
            result = handler(emu, params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as e:
            return self._fail(name, params, t0, e)
        except Exception as exc:  # a bug in the emulator: make it loud
            log.exception("emulator error in %s", name)
            text = f"Internal Server Error: emulator bug: {exc!r}"
            return self._fail(name, params, t0, ApiError(500, text, kind="emulator_error"))
        if fault is not None:  # timeout: done, but the answer comes too late
            emu.record.add(name, params, t0, result=result, kind="fault", fault="timeout")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), fault.delay)
            return 200, {"ok": True, "result": result}, fault
        emu.record.add(name, params, t0, result=result)
        return 200, {"ok": True, "result": result}, None

    def _fail(
        self,
        method: str,
        params: dict[str, Any],
        t0: float,
        error: ApiError,
        fault: Fault | None = None,
    ) -> Answer:
        self.emu.record.add(method, params, t0, error=error, fault=fault.kind if fault else None)
        return error.code, error.payload(), fault

    def unauthorized(self, method: str) -> dict[str, Any]:
        """Record a request with a wrong token; the body of its 401."""
        err = ApiError(401, "Unauthorized", kind="unauthorized")
        self.emu.record.add(method, {}, time.monotonic(), error=err)
        return err.payload()
