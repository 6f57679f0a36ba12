"""The network an exercise asks about, drawn as geometry for ``templates/exercises/diagram.html``.

No Django here: a checked `Spec` (and, for the worked solution, its `Key`) in, frozen dataclasses
out. Coordinates are in the diagram's own units (its ``viewBox``, :data:`WIDTH` wide and as tall
as the network needs); the SVG scales to the width of its container. Terms:

column
    The nodes at one x, left to right: the inputs, one column per layer, then the targets.
node
    A circle with its **label** inside (x₁, a₁⁽¹⁾), or a rounded square for a target (y₁), and
    **lines** of text under it: first the **sublabel** (an input's or a target's value, a unit's
    activation: σ, ReLU, tanh, linear, softmax), then a unit's bias ("b = 0.1"), then any shown
    values.
edge
    The line from a node to a unit of the next layer: one weight, wᵢⱼ⁽ˡ⁾ being row i, column j of
    layer l's weights (into unit i of layer l from unit j below, layers counted from 1).
edge label
    The text drawn on an edge, on a box that hides the line behind it: "w₁₂⁽¹⁾ = 0.5" where the
    columns leave room for the name, else "0.5" alone, and a caption under the diagram says that
    each line carries its weight. Labels are placed along their edge (never beside it), each at
    the position that overlaps no node, node text or other label and lies on the fewest other
    lines; where no position is free the columns are spread further apart vertically and the
    labels placed again.
link
    The dashed line from an output unit to its target; it carries no weight.
shown value
    A step's value from the key, drawn under its unit when the step is in ``show`` (see
    :data:`SHOWABLE`): "z = 0.8", rounded to 3 significant figures, one number per sample. Used
    to project the worked solution; a student's diagram shows only the spec's numbers.

Size. The viewBox is 640 wide, so a phone 390 px wide draws it at 0.61 and its text at 13 px
or more. Columns are as far apart as the widest edge label between them needs; only where that
adds up to more than 640 (three layers with long numbers, say) is the diagram wider, and its
text smaller, never under 11 px on that phone for networks of up to 4 units a layer. Rows are as
far apart as the text under the nodes needs, and further where the labels need room: height is
what a phone has plenty of. A network with more than :data:`MAX_DRAWN` nodes in a column is not
:func:`drawable`: its weights could not be read.

Numbers are compact: the spec's own as typed (0.5, −0.2, 1.25, never 0.30000000000000004), shown
values to 3 significant figures, negative ones with a true minus sign (−), as the worked
solution writes them. The diagram carries a **title** (the network in words) and a
**description** (every number in words) for screen readers, since an SVG image is read as one
picture.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exercises.checker.fields import subscript
from exercises.checker.key import Key
from exercises.checker.spec import Spec

WIDTH = 640
MARGIN = 8
RADIUS = 28
# Font sizes in viewBox units. Drawn 390 px wide (a phone's full width) the diagram is at 0.61
# of its size: FONT_SIZE 22 → 13.4 px, LABEL_FONT_SIZE 24 → 14.6 px; drawn 330 px wide (inside
# the phone page's padded card) at 0.52: 11.3 px and 12.4 px.
FONT_SIZE = 22
LABEL_FONT_SIZE = 24
LINE = 26  # the height of one line of text under a node
ROW_GAP = 30  # free space between one node's last line and the next node's circle
LABEL_PAD_X = 5
LABEL_HEIGHT = 28
CLEARANCE = 6  # the least space between a label and anything it must not touch
TARGET_GAP = 2 * RADIUS + 36  # the output column to the target column, at least
SPREAD_STEP = 0.15  # how much further apart nodes move each time labels do not fit
SPREAD_TRIES = 16
NAMED_SPREAD_LIMIT = 1.6  # full names may spread the columns at most this much, else values only
LABEL_SLACK = 8  # room beside a value-only label between two columns' circles
MAX_LINE = 140  # a line under a node wider than this breaks after a comma
# Positions along an edge (0 at the node it leaves, 1 at the node it enters) tried for its label.
POSITIONS = tuple(round(0.2 + 0.05 * step, 2) for step in range(13))
CAPTION = "Each line carries its weight wᵢⱼ⁽ˡ⁾."
MINUS = "\u2212"

ACTIVATION_SYMBOLS = {
    "sigmoid": "σ",
    "relu": "ReLU",
    "tanh": "tanh",
    "linear": "linear",
    "softmax": "softmax",
}
ACTIVATION_WORDS = {
    "sigmoid": "sigmoid",
    "relu": "ReLU",
    "tanh": "tanh",
    "linear": "linear",
    "softmax": "softmax",
}
LOSS_WORDS = {
    "mse": "mean squared error",
    "sse_half": "half the sum of squared errors",
    "cross_entropy": "cross-entropy",
    "bce": "binary cross-entropy",
}
# The steps a diagram can show, one value per unit (per sample), and how each is written.
SHOWABLE = {
    "z": "z",
    "a": "a",
    "da": "∂L/∂a",
    "dz": "∂L/∂z",
    "db": "∂L/∂b",
    "b_new": "new b",
    "output": "ŷ",
    "loss": "L",
}
SAMPLES_SHOWN = 3  # more samples than this are cut to the first three and "…"
MAX_DRAWN = 6  # the most nodes in one column a phone can show with readable weights

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# Advance widths in em, each the widest of its group in DejaVu Sans, the widest common
# sans-serif (Chromium's system-ui on Linux); phones' own fonts are narrower, so text measured
# here fits there too.
_REGULAR = {
    **dict.fromkeys("ᵢⱼˡ", 0.18),
    **dict.fromkeys("′⁽⁾", 0.25),
    **dict.fromkeys("ijlIJ", 0.30),
    **dict.fromkeys(".,· ", 0.32),
    **dict.fromkeys("/f-", 0.37),
    **dict.fromkeys("()trᵀ₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", 0.42),
    **dict.fromkeys("∂szcL", 0.56),
    **dict.fromkeys("0123456789abdeghknopquvxyŷσηEFPSTY", 0.64),
    **dict.fromkeys("ABCDGHKNOQRUVXZ", 0.79),
    **dict.fromkeys("−=↔+×w", 0.84),
    **dict.fromkeys("mMW%½…", 1.0),
}
_BOLD = {
    **dict.fromkeys("ᵢⱼˡ", 0.22),
    **dict.fromkeys("′⁽⁾", 0.29),
    **dict.fromkeys("ijlIJ.,·/ ", 0.38),
    **dict.fromkeys("-fᵀ()₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", 0.46),
    **dict.fromkeys("tr", 0.50),
    **dict.fromkeys("∂zcs", 0.60),
    **dict.fromkeys("0123456789abdeghknopquvxyŷηCEFLPSTYZ", 0.74),
    **dict.fromkeys("ABDGHKNOQRUVXσ−=↔+×", 0.86),
    **dict.fromkeys("w", 0.93),
    **dict.fromkeys("mMW%½…", 1.11),
}
_WIDEST = 1.11  # any other character


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of one line of text at ``size``, never less than a browser draws it."""
    table = _BOLD if bold else _REGULAR
    return sum(table.get(char, _WIDEST) for char in text) * size


def number_text(value: float, figures: int = 6) -> str:
    """A number as compactly as it reads: at most ``figures`` significant figures, no trailing
    zeros, a true minus sign (0.5, −0.2, 1.25, 3)."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if -4 <= magnitude < 6:
        decimals = figures - 1 - magnitude
        rounded = round(value, decimals)
        text = f"{rounded:.{max(decimals, 0)}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:.{figures}g}"
    if text.lstrip("-") in ("0", ""):
        return "0"
    return text.replace("-", MINUS)


def layer_mark(layer: int) -> str:
    """The superscript that names a layer, counted from 0 in code and from 1 on paper: ⁽¹⁾."""
    return f"⁽{str(layer + 1).translate(_SUPERSCRIPTS)}⁾"


def weight_name(layer: int, unit: int, below: int) -> str:
    """w₁₂⁽¹⁾ for row ``unit``, column ``below`` of layer ``layer``'s weights (all from 0)."""
    return f"w{subscript((unit, below))}{layer_mark(layer)}"


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        return (
            self.left < other.right + margin
            and other.left < self.right + margin
            and self.top < other.bottom + margin
            and other.top < self.bottom + margin
        )

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


def _centred_box(x: float, y: float, width: float, height: float) -> Box:
    return Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)


@dataclass(frozen=True)
class TextLine:
    """One line of text under a node, centred on ``x``, ``y`` its middle."""

    kind: str  # "sublabel", "bias" or "value"
    text: str
    x: float
    y: float
    width: float

    @property
    def height(self) -> float:
        return LINE

    @property
    def box(self) -> Box:
        return _centred_box(self.x, self.y, self.width, LINE)


@dataclass(frozen=True)
class Node:
    kind: str  # "input", "unit" or "target"
    layer: int | None  # counted from 0; None for inputs and targets
    index: int  # counted from 0 within its column
    x: float
    y: float
    r: float
    label: str  # drawn inside: x₁, a₁⁽¹⁾, y₁
    sublabel: str  # the first line under it: a value, or a unit's activation
    lines: tuple[TextLine, ...]

    @property
    def diameter(self) -> float:
        return 2 * self.r

    @property
    def box(self) -> Box:
        return _centred_box(self.x, self.y, 2 * self.r, 2 * self.r)

    @property
    def boxes(self) -> tuple[Box, ...]:
        return (self.box, *(line.box for line in self.lines))


@dataclass(frozen=True)
class Edge:
    """One weight: its line from circle to circle, and its label centred on (label_x, label_y)."""

    layer: int  # counted from 0
    unit: int  # the row of the weights: the unit it enters
    below: int  # the column: the node it leaves
    name: str  # w₁₂⁽¹⁾
    value: str  # 0.5
    label: str  # what is drawn: "w₁₂⁽¹⁾ = 0.5", or "0.5" where names do not fit
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float
    label_width: float
    label_height: float

    @property
    def label_box(self) -> Box:
        return _centred_box(self.label_x, self.label_y, self.label_width, self.label_height)

    @property
    def label_left(self) -> float:
        return round(self.label_x - self.label_width / 2, 1)

    @property
    def label_top(self) -> float:
        return round(self.label_y - self.label_height / 2, 1)


@dataclass(frozen=True)
class Link:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    links: tuple[Link, ...]
    title: str  # the network in words: "2 inputs, 2 sigmoid units, 1 linear output; loss: …"
    description: str  # every number in words
    caption: str  # under the diagram when edge labels are values only; else empty
    caption_x: float
    caption_y: float
    named: bool  # edge labels carry the weight's name
    font_size: int = FONT_SIZE
    label_font_size: int = LABEL_FONT_SIZE


@dataclass(frozen=True)
class _NodeText:
    """A node before it is placed: what it says."""

    kind: str
    layer: int | None
    index: int
    label: str
    lines: tuple[tuple[str, str], ...]  # (kind, text), the sublabel first

    @property
    def half_width(self) -> float:
        widths = [_line_width(kind, text) for kind, text in self.lines]
        return max([RADIUS, *(width / 2 for width in widths)])

    @property
    def depth(self) -> float:
        """From the node's centre to the bottom of its last line."""
        return RADIUS + 4 + LINE * len(self.lines)


def _line_width(kind: str, text: str) -> float:
    """Shown values are drawn bold."""
    return text_width(text, FONT_SIZE, bold=kind == "value")


def _values(values: Iterable[float], figures: int) -> str:
    numbers = [number_text(value, figures) for value in values]
    if len(numbers) > SAMPLES_SHOWN:
        numbers = [*numbers[:SAMPLES_SHOWN], "…"]
    return ", ".join(numbers)


def _wrapped(kind: str, text: str) -> list[tuple[str, str]]:
    """One line, or several broken after commas where it is wider than MAX_LINE (a value per
    sample), so that no node's text pushes the columns apart."""
    lines: list[str] = []
    for piece in text.split(", "):
        joined = f"{lines[-1]}, {piece}" if lines else piece
        if lines and _line_width(kind, joined + ",") > MAX_LINE:
            lines[-1] += ","
            lines.append(piece)
        elif lines:
            lines[-1] = joined
        else:
            lines.append(piece)
    return [(kind, line) for line in lines]


def _shown(key: Key | None, show: frozenset[str], layer: int, unit: int, last: bool) -> list:
    if key is None:
        return []
    values = key.layers[layer]
    lines = []
    for step in ("z", "a", "da", "dz", "db", "b_new"):
        if step not in show:
            continue
        array = values.step(step)
        column = [array[unit]] if array.ndim == 1 else array[:, unit]
        lines += _wrapped("value", f"{SHOWABLE[step]} = {_values(column, 3)}")
    if last and "output" in show:
        lines += _wrapped("value", f"ŷ = {_values(key.output[:, unit], 3)}")
    return lines


def _columns(spec: Spec, key: Key | None, show: frozenset[str]) -> list[list[_NodeText]]:
    columns = [
        [
            _NodeText(
                "input",
                None,
                j,
                f"x{subscript((j,))}",
                tuple(_wrapped("sublabel", f"= {_values(v, 6)}")),
            )
            for j, v in enumerate(spec.inputs.T)
        ]
    ]
    for number, layer in enumerate(spec.layers):
        last = number == len(spec.layers) - 1
        column = []
        for unit in range(layer.units):
            lines = [
                ("sublabel", ACTIVATION_SYMBOLS[layer.activation]),
                ("bias", f"b = {number_text(layer.bias[unit])}"),
                *_shown(key, show, number, unit, last),
            ]
            label = f"a{subscript((unit,))}{layer_mark(number)}"
            column.append(_NodeText("unit", number, unit, label, tuple(lines)))
        columns.append(column)
    targets = []
    for unit, values in enumerate(spec.targets.T):
        lines = _wrapped("sublabel", f"= {_values(values, 6)}")
        if key is not None and "loss" in show and unit == spec.targets.shape[1] - 1:
            lines.append(("value", f"L = {number_text(key.loss, 3)}"))
        targets.append(_NodeText("target", None, unit, f"y{subscript((unit,))}", tuple(lines)))
    columns.append(targets)
    return columns


def _label_width(text: str) -> float:
    return round(text_width(text, FONT_SIZE) + 2 * LABEL_PAD_X, 1)


def _edge_label(spec: Spec, layer: int, unit: int, below: int, named: bool) -> str:
    value = number_text(spec.layers[layer].weights[unit, below])
    return f"{weight_name(layer, unit, below)} = {value}" if named else value


def _column_xs(
    spec: Spec, columns: Sequence[Sequence[_NodeText]], named: bool
) -> tuple[list[float], float]:
    """Each column's x, and the width they need: WIDTH, or more where the edge labels need it.

    Between two columns there is room for the widest edge label between their circles, so a
    level edge can carry its label; what is left of WIDTH is shared out evenly.
    """
    half = [max(node.half_width for node in column) for column in columns]
    target_gap = max(TARGET_GAP, half[-2] + half[-1] + 16)
    fixed = 2 * MARGIN + half[0] + target_gap + half[-1]
    needs = [
        2 * RADIUS
        + 2 * CLEARANCE
        + (0 if named else LABEL_SLACK)
        + max(
            _label_width(_edge_label(spec, number, unit, below, named))
            for unit in range(layer.units)
            for below in range(layer.weights.shape[1])
        )
        for number, layer in enumerate(spec.layers)
    ]
    spare = max(WIDTH - fixed - sum(needs), 0) / len(needs)
    xs = [MARGIN + half[0]]
    for need in needs:
        xs.append(xs[-1] + need + spare)
    xs.append(xs[-1] + target_gap)
    return xs, max(WIDTH, math.ceil(round(xs[-1] + half[-1] + MARGIN, 3)))


def _placed_nodes(
    columns: Sequence[Sequence[_NodeText]], xs: Sequence[float], spacing: float, top: float
) -> list[list[Node]]:
    tallest = max(len(column) for column in columns)
    placed = []
    for column, x in zip(columns, xs, strict=True):
        offset = (tallest - len(column)) * spacing / 2
        nodes = []
        for position, text in enumerate(column):
            y = top + offset + position * spacing
            lines = tuple(
                TextLine(
                    kind=kind,
                    text=line,
                    x=round(x, 1),
                    y=round(y + RADIUS + 4 + LINE * row + LINE / 2, 1),
                    width=round(_line_width(kind, line), 1),
                )
                for row, (kind, line) in enumerate(text.lines)
            )
            nodes.append(
                Node(
                    kind=text.kind,
                    layer=text.layer,
                    index=text.index,
                    x=round(x, 1),
                    y=round(y, 1),
                    r=RADIUS,
                    label=text.label,
                    sublabel=text.lines[0][1],
                    lines=lines,
                )
            )
        placed.append(nodes)
    return placed


def _crosses(box: Box, x1: float, y1: float, x2: float, y2: float) -> bool:
    """Whether the segment passes through the box (Liang and Barsky's clipping test)."""
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, x1 - box.left),
        (dx, box.right - x1),
        (-dy, y1 - box.top),
        (dy, box.bottom - y1),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _edge_line(source: Node, target: Node) -> tuple[float, float, float, float]:
    """From circle to circle: the line stops at each node's edge."""
    dx, dy = target.x - source.x, target.y - source.y
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    return (
        round(source.x + ux * source.r, 1),
        round(source.y + uy * source.r, 1),
        round(target.x - ux * target.r, 1),
        round(target.y - uy * target.r, 1),
    )


def _place_labels(
    spec: Spec, placed: Sequence[Sequence[Node]], named: bool, *, strict: bool = True
) -> list[Edge] | None:
    """Every edge with its label on a free spot, or None when one has none. Not ``strict``, a
    label with no free spot takes the one that touches the fewest things."""
    obstacles = [box for column in placed for node in column for box in node.boxes]
    edges: list[Edge] = []
    for number, layer in enumerate(spec.layers):
        sources, targets = placed[number], placed[number + 1]
        pairs = [(unit, below) for unit in range(layer.units) for below in range(len(sources))]
        lines = {pair: _edge_line(sources[pair[1]], targets[pair[0]]) for pair in pairs}
        # The most nearly level edges first: they have the fewest free spots.
        pairs.sort(key=lambda p: (abs(sources[p[1]].y - targets[p[0]].y), p[1], p[0]))
        for unit, below in pairs:
            source, target = sources[below], targets[unit]
            label = _edge_label(spec, number, unit, below, named)
            width = _label_width(label)
            best = None
            for t in POSITIONS:
                x = source.x + (target.x - source.x) * t
                y = source.y + (target.y - source.y) * t
                box = _centred_box(x, y, width, LABEL_HEIGHT)
                touched = sum(box.overlaps(other, CLEARANCE) for other in obstacles)
                if touched and strict:
                    continue
                crossed = sum(
                    _crosses(box, *line) for pair, line in lines.items() if pair != (unit, below)
                )
                score = (touched, crossed, abs(t - 0.5))
                if best is None or score < best[0]:
                    best = (score, x, y, box)
            if best is None:
                return None
            _, x, y, box = best
            obstacles.append(box)
            x1, y1, x2, y2 = lines[(unit, below)]
            edges.append(
                Edge(
                    layer=number,
                    unit=unit,
                    below=below,
                    name=weight_name(number, unit, below),
                    value=number_text(layer.weights[unit, below]),
                    label=label,
                    x1=x1,
                    y1=y1,
                    x2=x2,
                    y2=y2,
                    label_x=round(x, 1),
                    label_y=round(y, 1),
                    label_width=width,
                    label_height=LABEL_HEIGHT,
                )
            )
    edges.sort(key=lambda e: (e.layer, e.unit, e.below))
    return edges


def drawable(spec: Spec) -> bool:
    """Whether :func:`network_diagram` draws the spec: no column of more than MAX_DRAWN nodes."""
    widths = [spec.inputs.shape[1], *(layer.units for layer in spec.layers)]
    return max(widths) <= MAX_DRAWN


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _title(spec: Spec) -> str:
    parts = [_plural(spec.inputs.shape[1], "input")]
    for number, layer in enumerate(spec.layers):
        kind = "output" if number == len(spec.layers) - 1 else "unit"
        parts.append(
            f"{layer.units} {ACTIVATION_WORDS[layer.activation]} {kind}"
            f"{'' if layer.units == 1 else 's'}"
        )
    words = f"{', '.join(parts)}; loss: {LOSS_WORDS[spec.loss]}"
    return f"{spec.title}: {words}" if spec.title else words


def _description(spec: Spec, nodes: Sequence[Node]) -> str:
    parts = []
    inputs = [n for n in nodes if n.kind == "input"]
    parts.append("Inputs: " + ", ".join(f"{n.label} {n.sublabel}" for n in inputs) + ".")
    for number, layer in enumerate(spec.layers):
        units = []
        for unit in range(layer.units):
            weights = ", ".join(
                f"{weight_name(number, unit, below)} = {number_text(w)}"
                for below, w in enumerate(layer.weights[unit])
            )
            node = next(n for n in nodes if n.layer == number and n.index == unit)
            shown = [line.text for line in node.lines if line.kind == "value"]
            units.append(
                f"{node.label}: weights {weights}; bias {number_text(layer.bias[unit])}"
                + (f"; {', '.join(shown)}" if shown else "")
            )
        parts.append(
            f"Layer {number + 1}, {ACTIVATION_WORDS[layer.activation]}: " + "; ".join(units) + "."
        )
    targets = [n for n in nodes if n.kind == "target"]
    loss = [line.text for n in targets for line in n.lines if line.kind == "value"]
    parts.append(
        "Targets: "
        + ", ".join(f"{n.label} {n.sublabel}" for n in targets)
        + (f"; {', '.join(loss)}" if loss else "")
        + "."
    )
    return " ".join(parts)


def network_diagram(
    spec: Spec, *, key: Key | None = None, show: frozenset[str] = frozenset()
) -> Diagram:
    """The spec's network, left to right, with every number the student needs.

    With ``key``, the steps named in ``show`` (see :data:`SHOWABLE`) are drawn under their
    units; without it ``show`` draws nothing. A name in ``show`` that is not showable (dW and
    W_new would crowd the edges) raises ``ValueError``, as does a network that is not
    :func:`drawable`: its weights would not be readable on a phone.
    """
    if not drawable(spec):
        raise ValueError(
            f"The network has a column of more than {MAX_DRAWN} nodes; too many to draw readably."
        )
    unknown = set(show) - set(SHOWABLE)
    if unknown:
        raise ValueError(
            f"show: cannot draw {sorted(unknown)}; the diagram shows {', '.join(SHOWABLE)}."
        )
    columns = _columns(spec, key, frozenset(show))
    base = max(node.depth for column in columns for node in column) + ROW_GAP + RADIUS
    top = MARGIN + RADIUS
    named_xs, named_width = _column_xs(spec, columns, named=True)
    xs, width = _column_xs(spec, columns, named=False)
    attempts = [
        (True, named_xs, 1 + SPREAD_STEP * n)
        for n in range(SPREAD_TRIES)
        if named_width <= WIDTH and 1 + SPREAD_STEP * n <= NAMED_SPREAD_LIMIT
    ]
    attempts += [(False, xs, 1 + SPREAD_STEP * n) for n in range(SPREAD_TRIES)]
    for named, xs, spread in attempts:
        placed = _placed_nodes(columns, xs, round(base * spread, 1), top)
        edges = _place_labels(spec, placed, named)
        if edges is not None:
            break
    else:  # never seen for a drawable network; drawn all the same, as well as it can be
        edges = _place_labels(spec, placed, named, strict=False)
    width = WIDTH if named else width
    nodes = [node for column in placed for node in column]
    outputs = placed[-2]
    links = [
        Link(*_edge_line(output, target))
        for output, target in zip(outputs, placed[-1], strict=True)
    ]
    bottom = max(box.bottom for node in nodes for box in node.boxes)
    caption_y = bottom + LINE / 2 + 8
    height = math.ceil((caption_y + LINE / 2 if not named else bottom) + MARGIN)
    return Diagram(
        width=width,
        height=height,
        nodes=tuple(nodes),
        edges=tuple(edges),
        links=tuple(links),
        title=_title(spec),
        description=_description(spec, nodes),
        caption="" if named else CAPTION,
        caption_x=width / 2,
        caption_y=round(caption_y, 1),
        named=named,
    )
