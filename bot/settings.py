"""Settings from the environment and ``.env`` (prefix ``THIDUA_``), with the token kept secret."""

from __future__ import annotations

import re
from datetime import time
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from models.enums import Language
from services import nudges as _nudges
from services.awards.ballot import CouncilRules
from services.errors import DomainError
from services.health_limits import HealthLimits
from services.imports import DEFAULT_LIMITS, ImportLimits
from services.organisation import DEFAULT_ORGANISATION as _ORG
from services.organisation import Organisation


class SettingRefused(ValueError):
    """A setting a validator refuses: ``code`` names the command line's sentence
    (``cli.config_why.<code>``); the English message serves logs and tracebacks."""

    def __init__(self, code: str, message: str, *, setting: str | None = None,
                 **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.setting = setting  # the variable to name when pydantic gives no location
        self.params = params


TOKEN_SHAPE = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")
DEFAULT_DB_URL = "sqlite+aiosqlite:///./data/thidua.db"


class GatewayKind(StrEnum):
    AIOGRAM = "aiogram"
    PTB = "ptb"


class Mode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class RateLimits(BaseModel):
    """Telegram's limits, a little under what it allows: short bursts pass, sustained floods wait."""

    global_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    group_per_minute: int = 20
    paid_per_second: float = 1000.0


class WebhookSettings(BaseModel):
    public_url: str | None = None  # e.g. https://bot.example.gov.vn/telegram
    listen_host: str = "0.0.0.0"
    listen_port: int = 8080
    path: str = "/telegram"
    secret_token: SecretStr | None = None

    @field_validator("secret_token")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise SettingRefused("secret_shape",
                                 "secret token: 1-256 characters, only letters, digits, '_' and '-'")
        return value


class OrganisationSettings(BaseModel):
    """The names texts and documents use (``THIDUA_ORGANISATION__MINISTRY=…``)."""

    ministry: str = _ORG.ministry
    ministry_short: str = _ORG.ministry_short
    minister: str = _ORG.minister
    department: str = _ORG.department
    department_short: str = _ORG.department_short
    council: str = _ORG.council
    ministry_en: str = _ORG.ministry_en
    department_en: str = _ORG.department_en
    council_en: str = _ORG.council_en

    def to_domain(self) -> Organisation:
        return Organisation(**self.model_dump())


class ImportSettings(BaseModel):
    """Limits on imported files (``THIDUA_IMPORTS__MAX_ROWS=…``); see services.imports."""

    max_rows: int = Field(default=DEFAULT_LIMITS.max_rows, ge=1)
    max_cell_chars: int = Field(default=DEFAULT_LIMITS.max_cell_chars, ge=1)
    max_file_mb: float = Field(default=DEFAULT_LIMITS.max_file_mb, gt=0)
    max_unpacked_mb: float = Field(default=DEFAULT_LIMITS.max_unpacked_mb, gt=0)
    max_ratio: float = Field(default=DEFAULT_LIMITS.max_ratio, gt=1)

    def to_domain(self) -> ImportLimits:
        return ImportLimits(**self.model_dump())


_HEALTH = HealthLimits()


class HealthSettings(BaseModel):
    """When /healthz answers 503 (``THIDUA_HEALTH__MAX_INBOX_PENDING=…``); see services.health."""

    max_inbox_pending: int = _HEALTH.max_inbox_pending
    max_oldest_pending_seconds: float = _HEALTH.max_oldest_pending_seconds
    max_outbox_pending: int = _HEALTH.max_outbox_pending
    max_oldest_outbox_seconds: float = _HEALTH.max_oldest_outbox_seconds
    max_sweep_age_seconds: float = _HEALTH.max_sweep_age_seconds
    max_inbox_failed: int | None = _HEALTH.max_inbox_failed

    def to_domain(self) -> HealthLimits:
        return HealthLimits(**self.model_dump())


class NudgeSettings(BaseModel):
    """Deadline nudges (``THIDUA_NUDGES__OFFSETS='[-3,-1,0,1]'``, ``__SEND_AT=08:00``, …)."""

    offsets: list[int] = Field(default_factory=lambda: list(_nudges.DEFAULT_OFFSETS))
    send_at: time = time(8, 0)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(7, 0)
    snooze_hours: float = Field(default=2.0, gt=0, le=12)
    catch_up_days: int = Field(default=7, ge=0, le=60)

    @field_validator("offsets")
    @classmethod
    def _offsets(cls, value: list[int]) -> list[int]:
        try:
            return list(_nudges.parse_offsets(value))
        except DomainError as error:
            raise SettingRefused(
                "offsets", f"nudge offsets: whole working days from -{_nudges.MAX_OFFSET} to "
                f"+{_nudges.MAX_OFFSET}, at most {_nudges.MAX_OFFSETS} ({error.code})",
                limit=_nudges.MAX_OFFSET, count=_nudges.MAX_OFFSETS) from None

    def to_domain(self, timezone: str) -> _nudges.NudgeConfig:
        return _nudges.NudgeConfig(
            offsets=tuple(self.offsets), send_at=self.send_at, quiet_start=self.quiet_start,
            quiet_end=self.quiet_end, snooze_hours=self.snooze_hours,
            catch_up_days=self.catch_up_days, timezone=ZoneInfo(timezone))


class CouncilSettings(BaseModel):
    """The council's quy chế in numbers (``THIDUA_COUNCIL__QUORUM=2/3`` …); per-award thresholds
    are catalogue data, these are the defaults for awards that give none."""

    quorum: str = "2/3"  # share of members present for a valid session
    quorum_compare: str = "ge"  # ge (≥) or gt (>)
    threshold: str = "1/2"  # default share an entry needs
    threshold_base: str = "voting"  # voting (of those voting) or members (of all members)
    threshold_compare: str = "gt"
    chair_breaks_tie: bool = True
    allow_abstain: bool = True  # "không biểu quyết" on the ballot
    written_votes: bool = True  # absent members may vote in writing within the session
    # Keys the secret ballot (see README, "The council"); set it in production. Unset, it is
    # derived from the bot token (or a fixed development key in the sandbox).
    ballot_secret: SecretStr | None = None

    def to_domain(self, token: str | None) -> CouncilRules:
        from services.awards.ballot import rules_from

        secret = (self.ballot_secret.get_secret_value() if self.ballot_secret is not None
                  else None)
        return rules_from(self.model_dump(exclude={"ballot_secret"}), secret=secret, token=token)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="THIDUA_", env_file=".env", env_nested_delimiter="__", extra="ignore"
    )

    bot_token: SecretStr | None = None
    api_base_url: str = "https://api.telegram.org"
    database_url: str = DEFAULT_DB_URL
    gateway: GatewayKind = GatewayKind.AIOGRAM
    mode: Mode = Mode.POLLING
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)
    timezone: str = "Asia/Ho_Chi_Minh"
    limits: RateLimits = Field(default_factory=RateLimits)
    paid_broadcast: bool = False
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    request_timeout: float = 10.0
    poll_timeout: int = 25
    inbox_batch: int = 64
    max_file_mb: int = 20
    award_import_max_rows: int = 100_000  # rows read from one award register or nomination file
    flood_max_updates: int = 20
    flood_window_seconds: float = 10.0
    log_level: str = "INFO"
    organisation: OrganisationSettings = Field(default_factory=OrganisationSettings)
    imports: ImportSettings = Field(default_factory=ImportSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)
    metrics_port: int | None = None  # polling mode: serve /metrics and /healthz on this port
    metrics_host: str = "0.0.0.0"
    language: Language = Language.VI  # the command line's messages; people pick theirs with /lang
    nudges: NudgeSettings = Field(default_factory=NudgeSettings)
    council: CouncilSettings = Field(default_factory=CouncilSettings)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not TOKEN_SHAPE.match(value.get_secret_value().strip()):
            raise SettingRefused(
                "token_shape",
                "the bot token does not look like Telegram's '123456789:ABC…' "
                "(digits, a colon, then 35 letters, digits, '_' or '-'); "
                "copy it again from @BotFather"
            )
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [int(part) for part in re.split(r"[,\s]+", value.strip()) if part]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("api_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _webhook_needs_url(self) -> Settings:
        if self.mode == Mode.WEBHOOK and not self.webhook.public_url:
            raise SettingRefused("webhook_url", "webhook mode needs THIDUA_WEBHOOK__PUBLIC_URL",
                                 setting="THIDUA_MODE")
        return self

    def token(self) -> str:
        if self.bot_token is None:
            raise RuntimeError("no bot token configured")
        return self.bot_token.get_secret_value()

    def masked(self) -> dict[str, Any]:
        """The effective settings for people to read: secrets masked, never printed."""
        data = self.model_dump(mode="json")
        if self.bot_token is not None:
            raw = self.bot_token.get_secret_value()
            data["bot_token"] = f"{raw.split(':', 1)[0]}:***"
        if self.webhook.secret_token is not None:
            data["webhook"]["secret_token"] = "***"
        if self.council.ballot_secret is not None:
            data["council"]["ballot_secret"] = "***"
        data["database_url"] = _mask_password(self.database_url)
        return data


# Query parameters that carry a password (libpq's and the drivers' names).
_SECRET_PARAMS = re.compile(
    r"(?i)([?&;](?:password|passwd|pwd|pass|sslpassword|sslkey_password|secret|token|api_?key)=)"
    r"[^&;#]*")
_MASKED = r"\1***"


def _mask_password(url: str) -> str:
    """``url`` with its password and any password-like query parameter replaced by ``***``.

    People write passwords unencoded, with ``@``, ``:`` or ``/`` in them: the user information
    runs to the LAST ``@`` (a host never contains one), the user name to its first ``:``.
    Over-masking an odd URL is fine; showing a password is not.
    """
    # Query parameters first: their values may hold an ``@`` of their own.
    scheme, sep, rest = _SECRET_PARAMS.sub(_MASKED, url).partition("://")
    if not sep:
        return scheme
    at = rest.rfind("@")
    if at >= 0:
        user, colon, _password = rest[:at].partition(":")
        rest = f"{user}{':***' if colon else ''}@{rest[at + 1:]}"
    return f"{scheme}://{rest}"
