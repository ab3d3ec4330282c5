"""The backprop stepper: one training step of a 2-H-1 network, one formula at a time.

Notebook 05 works out every number of the 2-2-1 network's first training step
by hand. The stepper walks through the same calculation, formula by formula,
and lights up on the network diagram the units and weights each formula uses:

    forward    z and a of each hidden unit, then z_out and ŷ
    loss       E = (y − ŷ)²  (summed over the examples in batch mode)
    backward   δ_out, ∂E/∂w of the output's weights, then each hidden δ and
               the ∂E/∂w of that unit's weights
    update     every weight: old value − α · ∂E/∂w = new value

The file has three layers, each usable without the next:

    backprop_steps(weights, ...)   the maths: a list of ``Step`` (no drawing)
    Diagram                        the network picture; ``show(step)`` highlights one step
    BackpropStepper                the widget: Next / Back, a step slider, the example,
                                   and where the weights start (``backprop_stepper()``)

The weights are named unit by unit, bias first, as in notebook 05 and
``xor221``. Hidden unit h_j (j = 1 … H) has

    h_j = σ(w_{3j−2} + w_{3j−1}·x1 + w_{3j}·x2)

and the output ŷ = σ(w_{3H+1} + w_{3H+2}·h1 + … + w_{4H+1}·h_H). For H = 2
these are exactly w1 … w9 of the worked example.

The loss is notebook 05's squared error E = (y − ŷ)² (``loss="sse"`` in
nnlib); for all four examples at once it is their sum, so every gradient is
the sum of the four per-example gradients.
"""

from __future__ import annotations

import html
import io
from functools import partial
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path
from matplotlib.text import Text

from nnlib.activations import sigmoid
from nnlib.data import xor
from nnlib.errors import check_choice, check_real, check_whole_number, describe
from nnlib.network import Network
from .plots import (PALETTE, PROJECTOR_DPI, PROJECTOR_WIDTH, enlarge_small_texts, projector_on,
                    projector_style, restyle_on_switch)
from .explorers.ahead import AHEAD, style_key, style_settings, use_style
from .explorers.cache import ByteLRU
from .explorers.display import DescribedImage, display_bundle, projector_css
from nnlib.xor221 import tutorial_start

MAX_HIDDEN = 4                          # the diagram stays readable up to 2-4-1
STARTS = ("worked example", "seed")     # where the weights come from
ALL = "all"                             # the example value meaning "all four, summed"
MAX_SEED = 999
# Projector mode: each control's width with 24-pixel text (two rows of controls in 1,096 pixels).
PROJECTOR_CONTROL_WIDTHS = {"start": "430px", "seed": "220px", "example": "420px",
                            "back": "140px", "next": "140px", "step": "560px"}
DPI = 130                               # pixels per inch of the PNG: near its size in JupyterLab
STEPPER_PICTURE_BYTES = 8 * 2**20       # the steps' pictures kept (about 60 kB each)
MINUS = "−"                             # the minus sign of the formulas (U+2212)


# --- 1. names ------------------------------------------------------------------------

def check_hidden(hidden: Any) -> int:
    """H, the number of hidden units: a whole number from 1 to MAX_HIDDEN."""
    hidden = check_whole_number(hidden, "hidden", minimum=1)
    if hidden > MAX_HIDDEN:
        raise ValueError(f"hidden must be a whole number from 1 to {MAX_HIDDEN} (the stepper draws a "
                         f"2-H-1 network with at most {MAX_HIDDEN} hidden units), got {hidden}")
    return hidden


def weight_names(hidden: int) -> list[str]:
    """["w1", …, "w{4H+1}"]: 3 weights per hidden unit (bias, x1, x2), then 1 + H for the output."""
    return [f"w{k}" for k in range(1, 4 * hidden + 2)]


def hidden_unit_weights(j: int) -> tuple[str, str, str]:
    """The names of hidden unit h_j's bias and its weights from x1 and x2 (j counts from 1)."""
    return f"w{3 * j - 2}", f"w{3 * j - 1}", f"w{3 * j}"


def output_unit_weights(hidden: int) -> tuple[str, list[str]]:
    """The name of the output's bias and the names of its weights from h1 … h_H."""
    return f"w{3 * hidden + 1}", [f"w{3 * hidden + 1 + j}" for j in range(1, hidden + 1)]


def named_weights(net: Network) -> dict[str, float]:
    """The weights of a 2-H-1 network with biases by name, {"w1": …, …}.

    Hidden unit h_j's numbers are column j of the hidden layer: bias b¹[j],
    then W¹[0, j] (from x1) and W¹[1, j] (from x2); the output's are b²[0],
    then W²[j, 0] (from h_j). For H = 2 this is ``xor221.get_w``.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlib Network (2-H-1, with biases), got {describe(net)}")
    if len(net.sizes) != 3 or net.sizes[0] != 2 or net.sizes[2] != 1 or not net.has_bias:
        raise ValueError(f"the stepper needs a 2-H-1 network with biases; got sizes {net.sizes} "
                         f"with bias={net.has_bias}")
    hidden = check_hidden(net.sizes[1])
    W1, W2 = net.weights
    b1, b2 = net.biases
    named = {}
    for j in range(1, hidden + 1):
        bias, from_x1, from_x2 = hidden_unit_weights(j)
        named[bias], named[from_x1], named[from_x2] = b1[j - 1], W1[0, j - 1], W1[1, j - 1]
    bias, from_h = output_unit_weights(hidden)
    named[bias] = b2[0]
    for j, name in enumerate(from_h):
        named[name] = W2[j, 0]
    return {name: float(named[name]) for name in weight_names(hidden)}


def start_weights(start: str = "worked example", seed: int = 0, hidden: int = 2) -> dict[str, float]:
    """The named starting weights: the worked example's (seed 27, H = 2 only) or
    ``Network([2, hidden, 1], seed=seed)``'s (nnlib's standard-normal draws)."""
    check_choice(start, STARTS, "start")
    hidden = check_hidden(hidden)
    if start == "worked example":
        if hidden != 2:
            raise ValueError(f"the worked example's weights are for 2 hidden units; with hidden={hidden} "
                             f"start from a seed instead (start='seed')")
        return dict(zip(weight_names(2), tutorial_start()))
    seed = check_whole_number(seed, "seed", minimum=0)
    if seed > MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}, got {seed}")
    return named_weights(Network([2, hidden, 1], seed=seed))


def check_example(example: Any) -> int | str:
    """An example: a row 0 … 3 of ``nnlib.xor()``'s X, or "all" for the four of them."""
    if example == ALL and isinstance(example, str):
        return ALL
    if isinstance(example, (int, np.integer)) and not isinstance(example, bool) and 0 <= example <= 3:
        return int(example)
    raise ValueError(f"unknown example {example!r}; choose 0, 1, 2 or 3 (a row of nnlib.xor()'s X: "
                     f"(0, 0), (0, 1), (1, 0), (1, 1)) or {ALL!r} for all four")


def example_label(x: Sequence[float], y: float) -> str:
    """'(0, 1) → 1'"""
    return f"({x[0]:g}, {x[1]:g}) → {y:g}"


# --- 2. the steps (pure maths, no drawing) ------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One formula of the training step.

    phase    "forward", "loss", "backward" or "update"
    name     the quantity it computes: "z_h1", "h1", "z_out", "ŷ", "E", "δ_out", "δ_h1",
             "∂E/∂w3", or a weight name such as "w3" for its new value
    title    a short description
    formula  the formula with the numbers put in; in batch mode one line per example
    value    the result: a float, or in batch mode a tuple of one float per example for the
             quantities each example has (z, a, δ); E and the gradients are sums, one float
    nodes    the units the formula uses: "x1", "x2", "h1" …, "out", and the bias nodes
             "bias_hidden" and "bias_out" (the always-1 inputs)
    edges    the weights it uses, by name
    """

    phase: str
    name: str
    title: str
    formula: str
    value: float | tuple[float, ...]
    nodes: tuple[str, ...]
    edges: tuple[str, ...]


class _Writer:
    """Writes the formulas for the examples shown: numbers with ``decimals`` decimals, a real
    minus sign, no −0; one line for one example, a line per example for several."""

    def __init__(self, X: np.ndarray, y: np.ndarray, decimals: int) -> None:
        self.decimals = decimals
        self.labels = [example_label(x, t) for x, t in zip(X, y)]
        self.batch = len(y) > 1
        self.sigma = "Σ " if self.batch else ""        # a sum over the examples, in batch mode

    def number(self, value: float) -> str:
        text = f"{value:.{self.decimals}f}"
        if set(text) <= set("-0."):          # -0.00000000: the sign of a rounded zero says nothing
            text = text.lstrip("-")
        return text.replace("-", MINUS)

    def factor(self, value: float) -> str:
        """A number inside a product, in brackets: (0.60485152)."""
        return f"({self.number(value)})"

    @staticmethod
    def data(value: float) -> str:
        """An input or target as the data has it: (0), (1)."""
        return f"({value:g})".replace("-", MINUS)

    def value(self, per_example: np.ndarray) -> float | tuple[float, ...]:
        """A Step's value: one float for one example, a tuple for several."""
        return tuple(float(v) for v in per_example) if self.batch else float(per_example[0])

    def each(self, symbolic: str, substituted: Callable[[int], str], result: np.ndarray) -> str:
        """A quantity every example has: 'symbolic = numbers = result', once per example."""
        if not self.batch:
            return f"{symbolic} = {substituted(0)} = {self.number(result[0])}"
        return "\n".join([f"{symbolic}, for each example:"] +
                         [f"  {label}:  {substituted(i)} = {self.number(result[i])}"
                          for i, label in enumerate(self.labels)])

    def summed(self, symbolic: str, term: Callable[[int], str], per_example: np.ndarray) -> str:
        """A sum over the examples: one line per example, then the sum."""
        if not self.batch:
            return f"{symbolic} = {term(0)} = {self.number(per_example[0])}"
        return "\n".join([f"{symbolic}, summed over the examples:"] +
                         [f"  {label}:  {term(i)} = {self.number(per_example[i])}"
                          for i, label in enumerate(self.labels)] +
                         [f"  sum = {self.number(per_example.sum())}"])


def backprop_steps(weights: Mapping[str, float], example: int | str = 0, learning_rate: float = 0.6,
                   decimals: int = 8) -> list[Step]:
    """Every formula of one gradient-descent step of a 2-H-1 sigmoid network on XOR.

    ``weights`` are the named weights w1 … w{4H+1} (see ``start_weights``);
    ``example`` is a row 0 … 3 of ``nnlib.xor()`` or "all" (the batch: the
    loss and the gradients are sums over the four examples, as
    ``Network.gradients(X, y, loss="sse")`` computes them). The update is
    w ← w − α · ∂E/∂w with α = ``learning_rate``. Numbers are printed with
    ``decimals`` decimals (8, as notebook 05 prints them).
    """
    hidden, w = _check_weights(weights)
    example = check_example(example)
    alpha = check_real(learning_rate, "learning_rate", greater_than=0)
    decimals = check_whole_number(decimals, "decimals", minimum=1)
    if decimals > 12:
        raise ValueError(f"decimals must be a whole number from 1 to 12, got {decimals}")
    X, y = xor()
    rows = list(range(4)) if example == ALL else [example]
    X, y = X[rows], y[rows, 0]
    out = _Writer(X, y, decimals)
    forward, h, y_hat = _forward_steps(w, hidden, X, out)
    backward, gradients = _backward_steps(w, hidden, X, y, h, y_hat, out)
    return forward + [_loss_step(y, y_hat, out)] + backward + _update_steps(w, gradients, alpha, hidden, out)


def _forward_steps(w: dict[str, float], hidden: int, X: np.ndarray,
                   out: _Writer) -> tuple[list[Step], dict[str, np.ndarray], np.ndarray]:
    """z and a of each hidden unit, then z_out and ŷ. Also returns {"h1": a of h1, …} and ŷ,
    one number per example."""
    steps, h = [], {}
    x1, x2 = X[:, 0], X[:, 1]
    for j in range(1, hidden + 1):
        unit = f"h{j}"
        bias, from_x1, from_x2 = hidden_unit_weights(j)
        z = w[bias] + w[from_x1] * x1 + w[from_x2] * x2
        h[unit] = sigmoid(z)
        steps.append(Step(
            "forward", f"z_{unit}", f"{unit}'s weighted input: its bias plus each input times its weight",
            out.each(f"z_{unit} = {bias} + {from_x1}·x1 + {from_x2}·x2",
                     lambda i: f"{out.number(w[bias])} + {out.factor(w[from_x1])}{out.data(x1[i])} + "
                               f"{out.factor(w[from_x2])}{out.data(x2[i])}", z),
            out.value(z), ("bias_hidden", "x1", "x2", unit), (bias, from_x1, from_x2)))
        steps.append(Step(
            "forward", unit, f"{unit}'s output: the sigmoid of its weighted input",
            out.each(f"{unit} = σ(z_{unit})", lambda i: f"σ({out.number(z[i])})", h[unit]),
            out.value(h[unit]), (unit,), ()))
    bias, from_h = output_unit_weights(hidden)
    pairs = list(zip(from_h, h))                          # (w of the edge, hidden unit)
    z_out = w[bias] + sum(w[name] * h[unit] for name, unit in pairs)
    y_hat = sigmoid(z_out)
    steps.append(Step(
        "forward", "z_out", "the output's weighted input: its bias plus each hidden unit times its weight",
        out.each(f"z_out = {bias} + " + " + ".join(f"{name}·{unit}" for name, unit in pairs),
                 lambda i: f"{out.number(w[bias])} + " + " + ".join(
                     f"{out.factor(w[name])}{out.factor(h[unit][i])}" for name, unit in pairs), z_out),
        out.value(z_out), ("bias_out", *h, "out"), (bias, *from_h)))
    steps.append(Step(
        "forward", "ŷ", "the network's answer ŷ: the sigmoid of the output's weighted input",
        out.each("ŷ = σ(z_out)", lambda i: f"σ({out.number(z_out[i])})", y_hat), out.value(y_hat), ("out",), ()))
    return steps, h, y_hat


def _loss_step(y: np.ndarray, y_hat: np.ndarray, out: _Writer) -> Step:
    """E = (y − ŷ)², summed over the examples."""
    errors = (y - y_hat) ** 2
    title = "the loss: the squared error" + (" of each example, summed" if out.batch else "")
    formula = out.summed(f"E = {out.sigma}(y − ŷ)²", lambda i: f"({y[i]:g} − {out.number(y_hat[i])})²", errors)
    return Step("loss", "E", title, formula, float(errors.sum()), ("out",), ())


def _backward_steps(w: dict[str, float], hidden: int, X: np.ndarray, y: np.ndarray, h: dict[str, np.ndarray],
                    y_hat: np.ndarray, out: _Writer) -> tuple[list[Step], dict[str, float]]:
    """δ_out and the gradients of the output's weights, then for each hidden unit its δ and
    the gradients of its weights. Also returns the gradients by weight name."""
    steps: list[Step] = []
    gradients: dict[str, float] = {}

    def gradient(name: str, delta_name: str, delta: np.ndarray, wire: str, on_wire: np.ndarray,
                 nodes: tuple[str, ...], title: str) -> None:
        """∂E/∂name = Σ δ · (the value on the wire the weight multiplies: 1, x1, x2 or h_j)."""
        per_example = delta * on_wire
        shown = out.factor if wire.startswith("h") else out.data   # h_j is computed; 1, x1, x2 are data
        gradients[name] = float(per_example.sum())
        steps.append(Step(
            "backward", f"∂E/∂{name}", title,
            out.summed(f"∂E/∂{name} = {out.sigma}{delta_name} · {wire}",
                       lambda i: f"{out.factor(delta[i])}{shown(on_wire[i])}", per_example),
            gradients[name], nodes, (name,)))

    delta_out = 2 * (y_hat - y) * y_hat * (1 - y_hat)
    steps.append(Step(
        "backward", "δ_out", "the output's δ = ∂E/∂z_out: how fast the loss changes with z_out",
        out.each("δ_out = 2(ŷ − y) · ŷ(1 − ŷ)",
                 lambda i: f"2({out.number(y_hat[i])} − {y[i]:g}){out.factor(y_hat[i])}"
                           f"(1 − {out.number(y_hat[i])})", delta_out),
        out.value(delta_out), ("out",), ()))
    ones = np.ones(len(y))
    bias, from_h = output_unit_weights(hidden)
    gradient(bias, "δ_out", delta_out, "1", ones, ("bias_out", "out"), "the gradient of the output's bias")
    for name, unit in zip(from_h, h):
        gradient(name, "δ_out", delta_out, unit, h[unit], (unit, "out"), f"the gradient of the weight from {unit}")
    for j, (name, unit) in enumerate(zip(from_h, h), start=1):
        a = h[unit]
        delta = delta_out * w[name] * a * (1 - a)
        steps.append(Step(
            "backward", f"δ_{unit}", f"{unit}'s δ: the output's δ sent back along {name}, times {unit}'s slope",
            out.each(f"δ_{unit} = δ_out · {name} · {unit}(1 − {unit})",
                     lambda i: f"{out.factor(delta_out[i])}{out.factor(w[name])}{out.factor(a[i])}"
                               f"(1 − {out.number(a[i])})", delta),
            out.value(delta), ("out", unit), (name,)))
        bias, from_x1, from_x2 = hidden_unit_weights(j)
        gradient(bias, f"δ_{unit}", delta, "1", ones, ("bias_hidden", unit), f"the gradient of {unit}'s bias")
        gradient(from_x1, f"δ_{unit}", delta, "x1", X[:, 0], ("x1", unit), f"the gradient of the weight x1 → {unit}")
        gradient(from_x2, f"δ_{unit}", delta, "x2", X[:, 1], ("x2", unit), f"the gradient of the weight x2 → {unit}")
    return steps, gradients


def _update_steps(w: dict[str, float], gradients: dict[str, float], alpha: float, hidden: int,
                  out: _Writer) -> list[Step]:
    """w ← w − α · ∂E/∂w for every weight: old value, the change, the new value."""
    steps = []
    ends = _edge_ends(hidden)
    for name in weight_names(hidden):
        change = alpha * gradients[name]
        new = w[name] - change
        shown_change = out.factor(change) if change < 0 else out.number(change)
        steps.append(Step(
            "update", name, f"gradient descent moves {name} against its gradient",
            f"{name} ← {name} − α · ∂E/∂{name} = {out.number(w[name])} − ({alpha:g})"
            f"{out.factor(gradients[name])} = {out.number(w[name])} − {shown_change} = {out.number(new)}",
            float(new), ends[name], (name,)))
    return steps


def _check_weights(weights: Any) -> tuple[int, dict[str, float]]:
    """(H, the weights as floats) for named weights w1 … w{4H+1}."""
    if not isinstance(weights, Mapping):
        raise TypeError(f"weights must be a dict of named weights {{'w1': …, 'w2': …}}, got "
                        f"{type(weights).__name__}")
    count = len(weights)
    if (count - 1) % 4 or not 1 <= (count - 1) // 4 <= MAX_HIDDEN:
        raise ValueError(f"weights must hold 4H + 1 named weights w1 … w{{4H+1}} for H = 1 … {MAX_HIDDEN} "
                         f"(w1 … w9 for the 2-2-1 network); got {count}")
    hidden = (count - 1) // 4
    expected = weight_names(hidden)
    if set(weights) != set(expected):
        raise ValueError(f"weights must be named w1 … w{len(expected)}; missing "
                         f"{sorted(set(expected) - set(weights))}, unknown {sorted(set(weights) - set(expected))}")
    values = {name: check_real(weights[name], f"weights[{name!r}]") for name in expected}   # finite numbers
    return hidden, values


def _edge_ends(hidden: int) -> dict[str, tuple[str, str]]:
    """Each weight's edge on the diagram: (from node, to node)."""
    ends = {}
    for j in range(1, hidden + 1):
        bias, from_x1, from_x2 = hidden_unit_weights(j)
        ends[bias], ends[from_x1], ends[from_x2] = ("bias_hidden", f"h{j}"), ("x1", f"h{j}"), ("x2", f"h{j}")
    bias, from_h = output_unit_weights(hidden)
    ends[bias] = ("bias_out", "out")
    for j, name in enumerate(from_h, start=1):
        ends[name] = (f"h{j}", "out")
    return ends


def node_notes(steps: Sequence[Step], upto: int, decimals: int = 4) -> dict[str, str]:
    """What the diagram writes under each unit once step ``upto`` (counted from 0) is done.

    A unit shows its activation and its δ once they are computed (4 decimals). Only
    for one example: in batch mode each unit has four values, and the formula lists
    them, so there are no notes.
    """
    notes: dict[str, list[str]] = {}
    for step in steps[:upto + 1]:
        if not isinstance(step.value, float):
            return {}
        if step.phase == "forward" and not step.name.startswith("z_"):     # h1 … or ŷ
            unit, label = ("out" if step.name == "ŷ" else step.name), step.name
        elif step.name.startswith("δ_"):                                   # δ_h1 … or δ_out
            unit, label = step.name[2:], "δ"
        else:
            continue
        notes.setdefault(unit, []).append(f"{label} = {step.value:.{decimals}f}".replace("-", MINUS))
    return {unit: "\n".join(lines) for unit, lines in notes.items()}


# --- 3. the diagram ----------------------------------------------------------------------------

PHASE_COLOURS = {"forward": PALETTE["blue"], "loss": PALETTE["reddish_purple"],
                 "backward": PALETTE["vermillion"], "update": PALETTE["bluish_green"]}
IDLE_EDGE, IDLE_NODE_EDGE = "#C8C8C8", "#888888"
HIGHLIGHT_NODE = PALETTE["yellow"]


class Diagram:
    """The 2-H-1 network on an Axes: drawn once, then only recoloured.

    Inputs x1, x2 on the left, the hidden units in the middle, ŷ on the right;
    the grey squares "1" are the always-1 inputs the biases multiply. Each edge
    is one weight, labelled with its name. ``show(step)`` colours the units and
    weights a step uses (yellow units; thick edges in the colour of the phase:
    blue forward, purple loss, vermillion backward, green update) and greys the rest.
    """

    def __init__(self, ax: Axes, hidden: int, projector: bool = False) -> None:
        self.ax, self.hidden, self.projector = ax, check_hidden(hidden), projector
        self.positions = self._layout()
        self.ends = _edge_ends(hidden)
        self.edge_order = weight_names(hidden)
        self.edges = LineCollection([(self.positions[a], self.positions[b]) for a, b in self.ends.values()],
                                    colors=IDLE_EDGE, linewidths=1.2, zorder=1)
        ax.add_collection(self.edges)
        self.edge_labels = {name: self._edge_label(name) for name in self.edge_order}
        self.node_order = list(self.positions)
        xy = np.array([self.positions[n] for n in self.node_order])
        self.units = ax.scatter(xy[:, 0], xy[:, 1], s=[420 if n.startswith("bias") else 900 for n in self.node_order],
                                marker="o", c="white", edgecolors=IDLE_NODE_EDGE, linewidths=1.0, zorder=2)
        # Bias nodes are squares, the units circles: one path per point.
        self.units.set_paths([self._marker(n) for n in self.node_order])
        for node, (x, y) in self.positions.items():
            ax.text(x, y, self._unit_name(node), ha="center", va="center", fontsize=12, zorder=3)
        self.notes = {node: self._note(node, x, y) for node, (x, y) in self.positions.items()
                      if not node.startswith("bias")}
        key = ("yellow units, thick lines: used now\nblue forward, vermillion back, green update" if projector else
               "yellow units and thick lines: what this step uses\n"
               "(lines: blue forward, vermillion backward, green update)")
        ax.text(0.0, 0.0, key, transform=ax.transAxes, fontsize=8, color="#333333", va="bottom")
        tallest = max(2, hidden)
        ax.set_xlim(-0.65, 2.75 if projector else 2.6)
        ax.set_ylim(-(tallest - 1) / 2 - (0.95 if projector else 0.9), (tallest - 1) / 2 + (1.25 if projector else 1.4))
        ax.set_axis_off()
        # In projector mode the heading is only in the formula under the picture: no room for it twice.
        self.title = ax.set_title("", fontsize=11, loc="left", visible=not projector)

    # -- drawing once
    def _layout(self) -> dict[str, tuple[float, float]]:
        """Where each unit sits: layers at x = 0, 1, 2, units one apart and centred."""
        def column(n: int) -> list[float]:
            return [(n - 1) / 2 - j for j in range(n)]

        top = (max(2, self.hidden) - 1) / 2 + 1.0
        positions = {"x1": (0.0, column(2)[0]), "x2": (0.0, column(2)[1])}
        positions.update({f"h{j + 1}": (1.0, y) for j, y in enumerate(column(self.hidden))})
        positions.update({"out": (2.0, 0.0), "bias_hidden": (0.5, top), "bias_out": (1.5, top)})
        return positions

    def _note(self, node: str, x: float, y: float) -> Text:
        """The (empty) text beside a unit where its values will go: left of an input; right of ŷ and
        below it; below and right of a hidden unit or, with two hidden units, above h1 and below h2,
        away from the edges to ŷ and their labels."""
        if node.startswith("x"):
            return self.ax.text(x - 0.17, y, "", ha="right", va="center", fontsize=8.5, zorder=4)
        if node.startswith("h") and self.hidden == 2:
            above = node == "h1"
            return self.ax.text(x + 0.1, y + (0.12 if above else -0.12), "", ha="left",
                                va="bottom" if above else "top", fontsize=8.5, zorder=4)
        return self.ax.text(x + 0.13, y - 0.3, "", ha="left", va="top", fontsize=8.5, zorder=4)

    @staticmethod
    def _unit_name(node: str) -> str:
        return "1" if node.startswith("bias") else "ŷ" if node == "out" else node

    @staticmethod
    def _marker(node: str) -> Path:
        style = MarkerStyle("s" if node.startswith("bias") else "o")
        return style.get_path().transformed(style.get_transform())

    def _edge_label(self, name: str) -> Text:
        """The weight's name, a little way along its edge (staggered so neighbours do not collide)."""
        start, end = (np.array(self.positions[n]) for n in self.ends[name])
        source, target = self.ends[name]
        j = int(target[1:]) if target.startswith("h") else 0
        if source.startswith("bias"):             # projector mode: w7 near its "1", clear of h1's values
            t = 0.15 if self.projector and source == "bias_out" else 0.3
        elif source.startswith("h"):
            t = 0.6
        elif self.hidden <= 2:                      # w2, w6 half-way; w3, w5 early, where they cross
            t = 0.28 if int(name[1:]) % 2 else 0.55
        else:                                       # spread the many input edges' labels across
            t = 0.2 + 0.6 * ((j - 1) if source == "x1" else (self.hidden - j)) / (self.hidden - 1)
        x, y = start + t * (end - start)
        return self.ax.text(x, y, name, ha="center", va="center", fontsize=8, color="#555555", zorder=4,
                            bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none",
                                  "alpha": 0.85})

    # -- each step
    def show(self, step: Step, values: Mapping[str, str], notes: Mapping[str, str], title: str) -> None:
        """Highlight ``step``'s units and weights; ``values`` gives the labels of its weights
        ("w8 = 0.2097"), ``notes`` the text under each unit, ``title`` the picture's title."""
        colour = PHASE_COLOURS[step.phase]
        used = [name in step.edges for name in self.edge_order]
        self.edges.set_colors([colour if u else IDLE_EDGE for u in used])
        self.edges.set_linewidths([4.0 if u else 1.2 for u in used])
        lit = [node in step.nodes for node in self.node_order]
        self.units.set_facecolors([HIGHLIGHT_NODE if on else "white" for on in lit])
        self.units.set_edgecolors(["black" if on else IDLE_NODE_EDGE for on in lit])
        self.units.set_linewidths([2.5 if on else 1.0 for on in lit])
        for name, label in self.edge_labels.items():
            on = name in step.edges
            label.set_text(values.get(name, name) if on else name)
            label.set_color("black" if on else "#555555")
            label.set_fontweight("bold" if on else "normal")
        for node, text in self.notes.items():
            text.set_text(notes.get(node, ""))
        self.title.set_text(title)


# --- 4. the widget -------------------------------------------------------------------------------

class BackpropStepper:
    """Next / Back through ``backprop_steps``, with the diagram and the formula of each step.

    .controls   "start", "seed", "example", "back", "next", "step" (ipywidgets)
    .steps      the current list of Step
    .step       the Step shown now
    .figure     the matplotlib Figure of the diagram;  .image  its PNG (ipywidgets.Image)
    .formula    an ipywidgets.HTML with the step's title and formula
    .widget     the whole box

    Setting a control's value from code (``stepper.controls["step"].value = 5``)
    redraws just as moving it in the browser does; the tests work that way.
    """

    def __init__(self, hidden: int = 2, start: str = "worked example", seed: int = 0, example: int | str = 0,
                 learning_rate: float = 0.6, decimals: int = 8) -> None:
        self.hidden = check_hidden(hidden)
        start_weights(start, seed, self.hidden)                   # checks start and seed together
        self.learning_rate = check_real(learning_rate, "learning_rate", greater_than=0)
        self.decimals = decimals
        X, y = xor()
        starts = [("the worked example", "worked example")] if self.hidden == 2 else []
        style = {"description_width": "80px"}
        self.controls: dict[str, widgets.Widget] = {
            "start": widgets.Dropdown(options=starts + [("seed N", "seed")], value=start, description="start from",
                                      style=style, layout={"width": "260px"}),
            "seed": widgets.BoundedIntText(value=seed, min=0, max=MAX_SEED, description="seed N", style=style,
                                           layout={"width": "170px"}),
            "example": widgets.Dropdown(options=[(example_label(X[i], y[i, 0]), i) for i in range(4)] +
                                        [("all four (summed)", ALL)], value=check_example(example),
                                        description="example", style=style, layout={"width": "260px"}),
            "back": widgets.Button(description="Back", icon="arrow-left", tooltip="the step before",
                                   layout={"width": "90px"}),
            "next": widgets.Button(description="Next", icon="arrow-right", tooltip="the next step",
                                   layout={"width": "90px"}),
            "step": widgets.IntSlider(value=1, min=1, max=1, description="step", style=style,
                                      layout={"width": "420px"}),
        }
        self.args = {"hidden": self.hidden, "start": start, "seed": seed, "example": example,
                     "learning_rate": self.learning_rate, "decimals": decimals}     # for the helper's copy
        self.steps = self._compute()
        self.controls["step"].max = len(self.steps)
        self.controls["seed"].disabled = start == "worked example"

        self.build_figure()
        self.image = DescribedImage(format="png", layout={"max_width": "100%", "height": "auto"})
        self.formula = widgets.HTML()
        self.formula.add_class("nnlib-stepper-formula")
        wrap = {"flex_flow": "row wrap"}                   # projector mode: big controls go on two lines
        rows = [widgets.HBox([self.controls[n] for n in ("start", "seed", "example")], layout=wrap),
                widgets.HBox([self.controls[n] for n in ("back", "next", "step")], layout=wrap)]
        self.widget = widgets.VBox(rows + [self.image, self.formula, projector_css()])
        self.widget.add_class("nnlib-explorer")
        self._normal_widths: dict[str, str] = {}
        self.style_widget()

        self.controls["next"].on_click(lambda _: self.move(+1))
        self.controls["back"].on_click(lambda _: self.move(-1))
        self.controls["step"].observe(lambda _: self.redraw(), names="value")
        for name in ("start", "seed", "example"):
            self.controls[name].observe(lambda _: self.recompute(), names="value")
        self.redraw()

    # -- the figure, in the current style
    def build_figure(self) -> None:
        """The diagram's figure; in projector mode PROJECTOR_WIDTH pixels wide, no text under 24 pixels."""
        height = 3.3 + 0.45 * max(0, self.hidden - 2)
        if projector_on():           # 360 pixels tall for 2 hidden units: controls, picture and formula in 600
            self.figure = Figure(figsize=(PROJECTOR_WIDTH / PROJECTOR_DPI, 1.09 * height), dpi=PROJECTOR_DPI)
        else:
            self.figure = Figure(figsize=(6.6, height), dpi=DPI)
        FigureCanvasAgg(self.figure)
        ax = self.figure.add_axes((0.01, 0.01, 0.98, 0.98 if projector_on() else 0.9))
        self.diagram = Diagram(ax, self.hidden, projector_on())
        enlarge_small_texts(self.figure)
        self.pictures = ByteLRU(STEPPER_PICTURE_BYTES, len)     # each step's PNG, by (start, seed, example, step)

    def style_widget(self) -> None:
        """Projector mode: 24-pixel text in the controls and the formula (``explorers.display.PROJECTOR_CSS``),
        each label as wide as its text and each control wide enough for it (PROJECTOR_CONTROL_WIDTHS)."""
        on = projector_on()
        for name, control in self.controls.items():
            normal = self._normal_widths.setdefault(name, control.layout.width)
            control.layout.width = PROJECTOR_CONTROL_WIDTHS[name] if on else normal
            if "description_width" in getattr(control, "style", widgets.Style()).keys:
                control.style.description_width = "initial" if on else "80px"
        if on:
            self.widget.add_class("nnlib-projector")
        else:
            self.widget.remove_class("nnlib-projector")

    def restyle(self) -> None:
        """Draw again in the current style: ``plots.projector_style`` calls it."""
        self.build_figure()
        self.style_widget()
        self.redraw()

    # -- the maths
    def _compute(self) -> list[Step]:
        """The steps for the controls' start and example; keeps the starting weights in .weights."""
        self.weights = start_weights(self.controls["start"].value, self.controls["seed"].value, self.hidden)
        return backprop_steps(self.weights, self.controls["example"].value, self.learning_rate, self.decimals)

    def recompute(self) -> None:
        """New start or example: new numbers, same step (every setting has the same steps)."""
        self.controls["seed"].disabled = self.controls["start"].value == "worked example"
        self.steps = self._compute()
        self.redraw()

    @property
    def index(self) -> int:
        """The step shown, counted from 0."""
        return self.controls["step"].value - 1

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    def move(self, by: int) -> None:
        """Next (+1) or Back (−1); the slider's observer redraws. Nothing happens past either end."""
        slider = self.controls["step"]
        slider.value = min(max(slider.value + by, slider.min), slider.max)

    # -- the picture and the text
    def weight_values(self) -> dict[str, str]:
        """The labels of the shown step's weights: "w8 = 0.2097", or for an update "w8 → 0.1226"."""
        step = self.step
        if step.phase == "update":
            return {step.name: f"{step.name} → {step.value:.4f}".replace("-", MINUS)}
        return {name: f"{name} = {self.weights[name]:.4f}".replace("-", MINUS) for name in step.edges}

    def notes(self) -> dict[str, str]:
        """The text under each unit: the example's inputs and target, then what is computed so far."""
        notes = node_notes(self.steps, self.index)
        example = self.controls["example"].value
        if example != ALL:
            X, y = xor()
            notes["x1"], notes["x2"] = f"x1 = {X[example, 0]:g}", f"x2 = {X[example, 1]:g}"
            notes["out"] = "\n".join([f"target y = {y[example, 0]:g}"] + ([notes["out"]] if "out" in notes else []))
        return notes

    def place(self, step: int | None = None) -> tuple:
        """Where the stepper is (or would be at ``step``, counted from 1): the key of that step's picture."""
        names = ("start", "seed", "example", "step")
        place = tuple(self.controls[name].value for name in names)
        return place if step is None else (*place[:3], step)

    def heading(self) -> str:
        """The shown step's heading, "Step k of n · phase: name", over the diagram and the formula."""
        step = self.step
        return f"Step {self.index + 1} of {len(self.steps)} · {step.phase}: {step.name}"

    def picture(self) -> bytes:
        """The shown step's picture: recolour the diagram and save it as a PNG."""
        self.diagram.show(self.step, self.weight_values(), self.notes(), self.heading())
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        return buffer.getvalue()

    def redraw(self) -> None:
        """Show the step the slider is on: its picture (drawn now, or earlier, or by the helper), the formula;
        then ask the helper (``explorers/ahead.py``) to draw the next two steps and the one before."""
        with AHEAD.held():
            self.draw_step()

    def draw_step(self) -> None:
        """``redraw``'s work (the helper waits while it runs)."""
        step, n, heading = self.step, len(self.steps), self.heading()
        token = ("stepper", repr(sorted(self.args.items())), projector_on(), style_key())
        for drawn_for, (place, png) in AHEAD.collect(self):
            if drawn_for == token:
                self.pictures[place] = png
        png = self.pictures.get(self.place())
        if png is None:
            png = self.pictures[self.place()] = self.picture()
        self.image.value = png
        self.image.describe(self.description())
        restyle_on_switch(self)                        # it has a picture: draw it again on a switch
        self.formula.value = (f"<div><b>{html.escape(heading)}</b> — {html.escape(step.title)}</div>"
                              f"<pre style='font-size: 110%; white-space: pre-wrap; margin: 4px 0'>"
                              f"{html.escape(step.formula)}</pre>")
        nearby = [self.place(k) for k in (self.index + 2, self.index + 3, self.index) if 1 <= k <= n]
        make = partial(StepperPainter, self.args, projector_on(), style_settings())
        AHEAD.wish(self, make, token, [place for place in nearby if place not in self.pictures])

    def description(self) -> str:
        """One line saying what the picture shows now (the text alternative of the picture)."""
        step = self.step
        units = ", ".join(Diagram._unit_name(node) for node in step.nodes)
        used = ", ".join(step.edges) if step.edges else "no weights"
        return (f"Backprop stepper: the 2-{self.hidden}-1 network diagram at step {self.index + 1} of "
                f"{len(self.steps)} ({step.phase}: {step.name}, {step.title}); highlighted: units "
                f"{units} and weights {used}")

    # A cell that ends with a stepper shows the live widget; where widgets cannot run, its picture.
    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict]:
        return display_bundle(self.widget, bytes(self.image.value), self.description())


class StepperPainter:
    """In the drawing-ahead helper: a copy of a ``BackpropStepper`` that draws the steps the original asks for."""

    def __init__(self, args: dict, projector: bool, style: dict) -> None:
        self.style = style
        projector_style(projector)
        use_style(style)
        self.stepper = BackpropStepper(**args)

    def paint(self, place: tuple) -> tuple[tuple, bytes]:
        """The picture of the step at ``place`` (start, seed, example, step): (place, PNG)."""
        use_style(self.style)
        for name, value in zip(("start", "seed", "example", "step"), place):
            self.stepper.controls[name].value = value          # a change redraws, and keeps the picture
        png = self.stepper.pictures.get(place)
        if png is None:
            png = self.stepper.pictures[place] = self.stepper.picture()
        return place, png


def backprop_stepper(hidden: int = 2, start: str = "worked example", seed: int = 0, example: int | str = 0,
                     learning_rate: float = 0.6, decimals: int = 8) -> BackpropStepper:
    """Step through one training step of a 2-H-1 network, formula by formula.

    ``hidden``: H, from 1 to 4. ``start``: "worked example" (notebook 05's
    weights, H = 2 only) or "seed" (``Network([2, H, 1], seed=seed)``).
    ``example``: a row 0 … 3 of ``nnlib.xor()`` or "all" (the four summed).
    ``learning_rate``: α of the update w ← w − α · ∂E/∂w (0.6, as in the worked
    example). End a cell with it to show it.
    """
    return BackpropStepper(hidden, start, seed, example, learning_rate, decimals)
