"""Routing an incoming update to one handler: by command, by button prefix, by saved step.

Handler modules each make a ``Router(name=__name__)`` and register on it; the root router includes
them. A handler asks for what it needs by parameter name (``msg``, ``ctx``, ``session``,
``member``, ``t``, ``flow``, ``args``, ``data``), as aiogram does.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from handlers.chat import Incoming, IncomingKind
from handlers.context import Context

HandlerFn = Callable[..., Awaitable[Any]]
Middleware = Callable[[Context], Awaitable[bool]]

INJECTABLE = ("msg", "ctx", "session", "member", "t", "flow", "args", "data")


@dataclass(frozen=True, slots=True)
class Route:
    handler: HandlerFn
    wants: tuple[str, ...]
    where: str  # "private", "group" or "any": which chats a command is answered in

    async def __call__(self, ctx: Context) -> Any:
        available: dict[str, Any] = {
            "msg": ctx.msg,
            "ctx": ctx,
            "session": ctx.session,
            "member": ctx.member,
            "t": ctx.t,
            "flow": ctx.flow,
            "args": ctx.msg.args,
            "data": callback_parts(ctx.msg.callback_data),
        }
        return await self.handler(**{name: available[name] for name in self.wants})


def callback_parts(data: str | None) -> list[str]:
    """``"inv:unit:12"`` → ``["unit", "12"]``: the prefix is the route, the rest its arguments."""
    if not data:
        return []
    return data.split(":")[1:]


def _route(handler: HandlerFn, where: str) -> Route:
    params = inspect.signature(handler).parameters
    unknown = [name for name in params if name not in INJECTABLE]
    if unknown:
        raise TypeError(f"{handler.__qualname__}: cannot inject {unknown}; use {INJECTABLE}")
    return Route(handler, tuple(params), where)


class Router:
    def __init__(self, name: str) -> None:
        self.name = name
        self.commands: dict[str, Route] = {}
        self.callbacks: dict[str, Route] = {}
        self.steps: dict[tuple[str, str | None], Route] = {}
        self.events: dict[IncomingKind, Route] = {}
        self.fallback_message: Route | None = None
        self.fallback_command: Route | None = None
        self.fallback_callback: Route | None = None
        self.start_link: Route | None = None
        self.middlewares: list[Middleware] = []
        self._children: list[Router] = []

    # -- registration -------------------------------------------------------------------------
    def command(self, *names: str, where: str = "private") -> Callable[[HandlerFn], HandlerFn]:
        def register(handler: HandlerFn) -> HandlerFn:
            for name in names:
                self._add(self.commands, name.lower(), _route(handler, where))
            return handler

        return register

    def callback(self, prefix: str) -> Callable[[HandlerFn], HandlerFn]:
        if ":" in prefix:
            raise ValueError("a callback prefix cannot contain ':'")

        def register(handler: HandlerFn) -> HandlerFn:
            self._add(self.callbacks, prefix, _route(handler, "any"))
            return handler

        return register

    def step(self, flow: str, step: str | None = None) -> Callable[[HandlerFn], HandlerFn]:
        """Text (or a file) sent while the person is in ``flow`` at ``step`` (None: any step)."""

        def register(handler: HandlerFn) -> HandlerFn:
            self._add(self.steps, (flow, step), _route(handler, "any"))
            return handler

        return register

    def event(self, kind: IncomingKind) -> Callable[[HandlerFn], HandlerFn]:
        def register(handler: HandlerFn) -> HandlerFn:
            self._add(self.events, kind, _route(handler, "any"))
            return handler

        return register

    def deep_link(self, handler: HandlerFn) -> HandlerFn:
        """``/start PAYLOAD`` (a t.me/bot?start=… link): the payload arrives as ``args``."""
        self.start_link = _route(handler, "private")
        return handler

    def unknown_message(self, handler: HandlerFn) -> HandlerFn:
        self.fallback_message = _route(handler, "private")
        return handler

    def unknown_command(self, handler: HandlerFn) -> HandlerFn:
        self.fallback_command = _route(handler, "any")
        return handler

    def unknown_callback(self, handler: HandlerFn) -> HandlerFn:
        self.fallback_callback = _route(handler, "any")
        return handler

    def middleware(self, fn: Middleware) -> Middleware:
        """Runs before every handler of the root router; returning False stops the update."""
        self.middlewares.append(fn)
        return fn

    def include(self, *routers: Router) -> None:
        for router in routers:
            self._children.append(router)
            for table in ("commands", "callbacks", "steps", "events"):
                for key, route in getattr(router, table).items():
                    self._add(getattr(self, table), key, route)
            for attr in ("fallback_message", "fallback_command", "fallback_callback", "start_link"):
                if getattr(router, attr) is not None:
                    setattr(self, attr, getattr(router, attr))
            self.middlewares.extend(router.middlewares)

    def _add(self, table: dict[Any, Route], key: Any, route: Route) -> None:
        if key in table and table[key] is not route:
            raise ValueError(f"{self.name}: {key!r} is registered twice")
        table[key] = route

    # -- resolution ---------------------------------------------------------------------------
    def resolve(self, msg: Incoming, flow_name: str | None, step: str | None) -> Route | None:
        if msg.kind in self.events:
            return self.events[msg.kind]
        if msg.kind == IncomingKind.CALLBACK:
            prefix = (msg.callback_data or "").split(":", 1)[0]
            return self.callbacks.get(prefix, self.fallback_callback)
        if msg.kind != IncomingKind.MESSAGE:
            return None
        if msg.command is not None:
            if not msg.addressed:
                return None
            if msg.command == "start" and msg.args and self.start_link is not None:
                return self.start_link if msg.is_private else None
            route = self.commands.get(msg.command)
            if route is None:
                return self.fallback_command if msg.is_private else None
            if route.where == "private" and not msg.is_private:
                return None
            if route.where == "group" and not msg.is_group:
                return None
            return route
        if flow_name is not None:
            route = self.steps.get((flow_name, step)) or self.steps.get((flow_name, None))
            if route is not None:
                return route
        # In groups the bot answers only commands addressed to it and never chats.
        return self.fallback_message if msg.is_private else None

    @property
    def command_names(self) -> list[str]:
        return sorted(self.commands)
