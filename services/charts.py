"""Drawing a :class:`services.stats.ChartData` as a PNG a phone can read.

matplotlib is imported on first use (the bot's idle start does not pay for it) and used without
pyplot: each chart is its own Figure on the Agg canvas, so charts can be drawn in worker threads.
The font is DejaVu Sans, which ships with matplotlib and has every Vietnamese letter and tone
mark. Labels are large, at most ~20 bars are drawn (services.stats folds the rest into one), and
the size is fixed so the picture is the same on every screen.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.stats import ChartData

WIDTH_PX, HEIGHT_PX, DPI = 1200, 900, 100
FONT = "DejaVu Sans"
COLOURS = ["#1f5fa8", "#d9480f", "#2b8a3e", "#862e9c", "#e8a100", "#0b7285", "#c2255c", "#5c940d"]
STACK_COLOURS = ["#2b8a3e", "#e8a100", "#c92a2a"]  # on time, late, missing
STATES = ("on_time", "late", "missing")  # a grid cell's state, coloured as in the stacked bars
NOT_ASKED = "#e9ecef"  # a grid cell of a milestone the unit was not asked for
MUTED, ACCENT = "#8da9c4", "#d9480f"
_ready = False


def _setup() -> None:
    global _ready
    if _ready:
        return
    import matplotlib

    matplotlib.use("Agg", force=False)
    matplotlib.rcParams.update({
        "font.family": FONT, "font.size": 17, "axes.titlesize": 22, "axes.labelsize": 17,
        "xtick.labelsize": 16, "ytick.labelsize": 16, "legend.fontsize": 16,
        "axes.spines.top": False, "axes.spines.right": False, "svg.fonttype": "none",
    })
    _ready = True


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def render(data: ChartData, title: str) -> bytes:
    """The chart as PNG bytes, WIDTH_PX × HEIGHT_PX."""
    _setup()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    legend = data.kind != "hbar" and not data.empty
    # A grid's row labels push its axes right, so its title wraps sooner to stay in the picture.
    ax.set_title(_wrap(title, 50 if data.kind == "grid" else 60), loc="left",
                 pad=52 if legend else 16, fontweight="bold")
    if data.empty:
        ax.axis("off")
        ax.text(0.5, 0.5, "—", ha="center", va="center", fontsize=48, color=MUTED,
                transform=ax.transAxes)
    else:
        {"lines": _lines, "stacked": _stacked, "hbar": _hbar, "bars": _bars,
         "grid": _grid}[data.kind](ax, data)
    fig.tight_layout()  # lays out by drawing the figure once, so…
    if data.kind == "grid" and not data.empty:
        _cell_texts(ax, data)  # …the grid's 200 cell texts, inside their cells, come after it
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _percent_axis(ax: Any, axis: str, top: float = 100.0) -> None:
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: f"{v:.0f}%")
    if axis == "y":
        ax.set_ylim(0, max(top, 100.0) * 1.05)
        ax.yaxis.set_major_formatter(fmt)
    else:
        ax.set_xlim(0, max(top, 100.0) * 1.12)
        ax.xaxis.set_major_formatter(fmt)


def _legend(ax: Any, ncol: int) -> None:
    """Between the title and the plot, where rotated axis labels can never run into it."""
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=max(1, ncol), frameon=False,
              borderaxespad=0.3)


def _xticks(ax: Any, categories: list[str]) -> None:
    ax.set_xticks(range(len(categories)))
    rotate = len(categories) > 6 or max((len(c) for c in categories), default=0) > 10
    ax.set_xticklabels([_wrap(c, 14) for c in categories], rotation=35 if rotate else 0,
                       ha="right" if rotate else "center")


def _lines(ax: Any, data: ChartData) -> None:
    xs = list(range(len(data.categories)))
    for i, s in enumerate(data.series):
        colour = ACCENT if (s.key == "own_unit") else COLOURS[i % len(COLOURS)]
        style = "--" if s.key == "field_average" else "-"
        ax.plot(xs, s.values, style, marker="o", linewidth=3, markersize=9, color=colour,
                label=_wrap(s.label, 30))
        if len(xs) <= 8 and len(data.series) <= 3:
            for x, v in zip(xs, s.values, strict=False):
                ax.annotate(f"{v:.0f}%", (x, v), textcoords="offset points", xytext=(0, 10),
                            ha="center", fontsize=14, color=colour)
    _xticks(ax, data.categories)
    _percent_axis(ax, "y")
    ax.grid(axis="y", alpha=0.3)
    _legend(ax, 2 if len(data.series) > 2 else len(data.series))


def _stacked(ax: Any, data: ChartData) -> None:
    xs = list(range(len(data.categories)))
    bottom = [0.0] * len(xs)
    for i, s in enumerate(data.series):
        ax.bar(xs, s.values, bottom=bottom, color=STACK_COLOURS[i % 3], label=s.label, width=0.7)
        if len(xs) <= 10:
            for x, v, b in zip(xs, s.values, bottom, strict=False):
                if v >= 8:
                    ax.text(x, b + v / 2, f"{v:.0f}%", ha="center", va="center", color="white",
                            fontsize=14, fontweight="bold")
        bottom = [b + v for b, v in zip(bottom, s.values, strict=False)]
    _xticks(ax, data.categories)
    _percent_axis(ax, "y")
    _legend(ax, 3)


def _hbar(ax: Any, data: ChartData) -> None:
    values = data.series[0].values
    ys = list(range(len(values)))
    colours = [ACCENT if i == data.highlight else COLOURS[0] for i in ys]
    if data.summarised:
        colours[-1] = MUTED
    ax.barh(ys, values, color=colours, height=0.7)
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(c, 22) for c in data.categories])
    ax.invert_yaxis()  # the first is the best, on top
    for y, v in zip(ys, values, strict=False):
        ax.text(v + 1, y, f"{v:.0f}%" if data.percent else f"{v:g}", va="center",
                fontsize=14 if len(ys) > 12 else 16)
    if data.percent:
        _percent_axis(ax, "x", max(values, default=100.0))
    ax.grid(axis="x", alpha=0.3)


def _bars(ax: Any, data: ChartData) -> None:
    n = len(data.series)
    width = 0.8 / max(n, 1)
    xs = list(range(len(data.categories)))
    for i, s in enumerate(data.series):
        offset = (i - (n - 1) / 2) * width
        bars = ax.bar([x + offset for x in xs], s.values, width=width, label=s.label,
                      color=COLOURS[i % len(COLOURS)])
        if len(xs) * n <= 16:
            ax.bar_label(bars, labels=[f"{v:.0f}%" if data.percent else f"{v:g}" for v in s.values],
                         padding=3, fontsize=14)
    _xticks(ax, data.categories)
    if data.percent:
        _percent_axis(ax, "y")
    ax.grid(axis="y", alpha=0.3)
    _legend(ax, n)


def _grid(ax: Any, data: ChartData) -> None:
    """Units (rows, the first on top) × milestones (columns), the cell's colour its state; the
    texts in the cells are drawn by _cell_texts once the layout is done."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    # One mesh with white edges draws every cell and the lines between them: far cheaper than a
    # patch per cell or minor-tick grid lines (a 20 × 10 grid renders in a fraction of a second).
    index = {state: i for i, state in enumerate(STATES)}
    rows, cols = len(data.series), len(data.categories)
    states = [[index.get(state, len(STATES)) for state in row] for row in data.cells]
    ax.pcolormesh(states, cmap=ListedColormap([*STACK_COLOURS, NOT_ASKED]), vmin=-0.5,
                  vmax=len(STATES) + 0.5, edgecolors="white", linewidth=2)
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)  # the first row (the unit furthest behind) on top
    ax.set_yticks([y + 0.5 for y in range(rows)])
    ax.set_yticklabels([_wrap(s.label, 14) for s in data.series],
                       fontsize=13 if rows > 14 else 16)
    ax.set_xticks([x + 0.5 for x in range(cols)])
    ax.set_xticklabels([_wrap(c, 12) for c in data.categories], rotation=35 if cols > 6 else 0,
                       ha="right" if cols > 6 else "center")
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=[Patch(color=c, label=data.labels.get(state, state))
                       for state, c in zip(STATES, STACK_COLOURS, strict=True)],
              loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, frameon=False, borderaxespad=0.3)


def _cell_texts(ax: Any, data: ChartData) -> None:
    """Each grid cell's figure: the completion, ✓ for a registration (which has none), — where
    nothing came, nothing where the unit was not asked."""
    size = 13 if len(data.series) > 12 or len(data.categories) > 7 else 16
    for y, (s, row) in enumerate(zip(data.series, data.cells, strict=True)):
        for x, (v, state) in enumerate(zip(s.values, row, strict=True)):
            text = ("" if not state else "—" if state == "missing"
                    else f"{v:.0f}%" if data.scored[x] else "✓")
            if text:
                ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", color="white",
                        fontweight="bold", fontsize=size)
