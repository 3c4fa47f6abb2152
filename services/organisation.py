"""The organisation's names, as settings: ministries merge and rename, so no text hard-codes them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Organisation:
    """Names used in texts, documents and exports. Defaults are today's (after the 2025 merger)."""

    ministry: str = "Bộ Khoa học và Công nghệ"
    ministry_short: str = "Bộ KH&CN"
    minister: str = "Bộ trưởng"
    department: str = "Vụ Thi đua – Khen thưởng"
    department_short: str = "Vụ TĐKT"
    council: str = "Hội đồng Thi đua – Khen thưởng"
    ministry_en: str = "Ministry of Science and Technology"
    department_en: str = "Emulation and Reward Department"
    council_en: str = "Emulation and Reward Council"


DEFAULT_ORGANISATION = Organisation()
