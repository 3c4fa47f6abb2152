"""The main menu's entries for the areas built after the menu: nominations and exemplars, the
council and its decisions, statistics and exports, the working calendar."""

from __future__ import annotations

from handlers import (
    ballot,
    council,
    council_decision,
    exemplar_stories,
    exemplars,
    exports,
    main_menu,
    nominations,
    nudges,
    stats,
)
from handlers.i18n import register
from models import Role

# Council members see no nomination before the council session (issue 12): not theirs.
NOMINATORS = frozenset({Role.OFFICER, Role.FIELD_LEAD, Role.ADMIN})
COUNCIL = frozenset({Role.COUNCIL})

register({
    "mm.nominations": ("🏅 Đề nghị khen thưởng", "🏅 Nominations"),
    "mm.exemplars": ("🌟 Điển hình tiên tiến", "🌟 Exemplars"),
    "mm.ballot": ("🗳 Phiếu bầu", "🗳 My ballots"),
    "mm.stats": ("🧮 Thống kê", "🧮 Statistics"),
    "mm.export": ("📥 Xuất Excel", "📥 Export to Excel"),
    "mm.stories": ("📖 Gương điển hình", "📖 Exemplary stories"),
    "mm.council": ("🏛 Phiên họp Hội đồng", "🏛 Council sessions"),
    "mm.decision": ("✍ Ghi quyết định", "✍ Record a decision"),
    "mm.spread": ("📢 Nhân rộng điển hình", "📢 Spread an exemplar"),
    "mm.calendar": ("📅 Lịch làm việc", "📅 Working calendar"),
})

main_menu.add("ballot", "mm.ballot", COUNCIL, handler=ballot.my_sessions, order=5)
main_menu.add("nominations", "mm.nominations", NOMINATORS,
              handler=nominations.nominations_command, order=13)
main_menu.add("exemplars", "mm.exemplars", NOMINATORS, handler=exemplars.exemplars_command,
              order=14)
main_menu.add("stats", "mm.stats", NOMINATORS, handler=stats.stats_command, order=24)
main_menu.add("export", "mm.export", main_menu.LEADS, handler=exports.export_command, order=25)
main_menu.add("council", "mm.council", main_menu.ADMINS, handler=council.list_sessions, order=50)
main_menu.add("decision", "mm.decision", main_menu.ADMINS, handler=council_decision.start,
              order=51)
main_menu.add("spread", "mm.spread", main_menu.ADMINS, handler=exemplar_stories.spread, order=52)
main_menu.add("calendar", "mm.calendar", main_menu.ADMINS, handler=nudges.calendar_command,
              order=53)
main_menu.add("stories", "mm.stories", main_menu.MEMBERS, handler=exemplar_stories.browse,
              order=60)

router = main_menu.router
