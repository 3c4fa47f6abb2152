"""The HTTP side: routes, request decoding (query, JSON, form, multipart) and answers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .spec import Upload

if TYPE_CHECKING:
    from .emulator import Emulator

__all__ = ["make_app"]

MAX_REQUEST = 60 * 1024 * 1024
_JSON = "application/json"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _answer(status: int, payload: dict[str, Any]) -> web.Response:
    return web.Response(body=_dumps(payload), status=status, content_type=_JSON)


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]] | None:
    raw: dict[str, Any] = dict(request.query) if request.query_string else {}
    uploads: dict[str, Upload] = {}
    if not request.body_exists:
        return raw, uploads
    ctype = request.content_type
    if ctype in _FORMS:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                up = Upload(value.filename or key, value.content_type, value.file.read())
                uploads[key] = up
                raw[key] = up
            else:
                raw[key] = value
        return raw, uploads
    body = await request.read()
    if not body.strip():
        return raw, uploads
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    raw.update(data)
    return raw, uploads


def make_app(emu: Emulator) -> web.Application:
    async def api(request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != emu.token:
            return _answer(401, emu.record_unauthorized(method))
        parsed = await _read_params(request)
        if parsed is None:
            return _answer(
                400,
                {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: can't parse JSON encoded request",
                },
            )
        raw, uploads = parsed
        status, payload, fault = await emu.call(method, raw, uploads)
        if fault is not None and fault.kind == "drop":
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=500)
        return _answer(status, payload)

    async def download(request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != emu.token:
            return _answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        rec = emu.files_by_path.get(request.match_info["path"])
        if rec is None:
            return _answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(body=rec.content(), content_type=rec.mime_type or "application/octet-stream")

    async def not_found(request: web.Request) -> web.StreamResponse:
        return _answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    app = web.Application(client_max_size=MAX_REQUEST)
    app.router.add_route("*", "/bot{token}/{method}", api)
    app.router.add_route("GET", "/file/bot{token}/{path:.+}", download)
    app.router.add_route("*", "/{tail:.*}", not_found)
    return app
