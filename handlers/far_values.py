"""The question asked when a typed value is far above its target (``services.reports.far_outside``):
one wording and one pair of buttons for a report's result and a registration's commitment."""

from __future__ import annotations

from handlers.campaign_render import num
from handlers.chat import Button, Keyboard
from handlers.i18n import Markup, Translator
from models import Target
from services.reports import far_outside

# What the value is, in the question: a result reported or a commitment pledged.
RESULT = "rp.confirm_far"
COMMITMENT = "rg.confirm_far"


def question(t: Translator, value: float, target: Target, *, prefix: str, key: str = RESULT
             ) -> tuple[Markup, Keyboard] | None:
    """The question and its buttons (``<prefix>:far`` keeps the value, ``<prefix>:again`` asks
    for it again), or None when the value is within reach of the target."""
    if not far_outside(value, target):
        return None
    shown = num(t, value, target.kind)
    text = t(key, value=shown, goal=num(t, target.target_value, target.kind), name=target.name)
    return text, [[Button(t("rp.btn_far_yes", value=shown), callback_data=f"{prefix}:far")],
                  [Button(t("rp.btn_far_no"), callback_data=f"{prefix}:again")]]
