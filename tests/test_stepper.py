"""nncourse.stepper, headless: the numbers of every step, the diagram's highlights, every control.

The expected numbers come from two places that do not use the stepper:

* figure 4 of the curriculum (the worked example's published digits), typed in below;
* nnlib's matrix code: ``Network.forward``, ``Network.gradients`` (which calls
  ``Network.backward``), ``Network.loss`` and ``Network.step``.

Controls are driven as in test_widgets.py: setting ``.value`` (or ``.click()``) runs the same
observers the browser does, synchronously.
"""

import html
import re

import matplotlib

matplotlib.use("Agg")   # no display needed; must come before pyplot is imported

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402
from nnlib import xor221  # noqa: E402
from nncourse import stepper  # noqa: E402
from nncourse.stepper import backprop_stepper, backprop_steps, start_weights  # noqa: E402
from test_published_figures import FIGURE4_GRADIENTS, FIGURE4_H, FIGURE4_W, FIGURE4_Y_HAT  # noqa: E402  (figure 4, typed in once)

X, Y = nnlib.xor()
ALPHA = 0.6

def printed(figure: str) -> str:
    """A published figure as the stepper prints it: 8 decimals (figure 4 drops trailing zeros)."""
    return f"{float(figure):.8f}"


NUMBER = re.compile(r"−?\d+\.\d+")
RESULT = re.compile(r" = (−?\d+\.\d+)$")


def numbers(text: str) -> list[str]:
    """The decimal numbers in a formula, in order (inputs such as (0) have no decimal point)."""
    return NUMBER.findall(text)


def results(formula: str) -> list[str]:
    """The result of each line that ends in one: ' = <number>' (a batch formula's first line
    only says what is computed, e.g. 'h1 = σ(z_h1), for each example:')."""
    return [match.group(1) for line in formula.splitlines() if (match := RESULT.search(line))]


def as_printed(value: float) -> str:
    """A number as the stepper should print it: 8 decimals, a real minus, no −0."""
    text = f"{value:.8f}"
    return text.lstrip("-") if set(text) <= set("-0.") else text.replace("-", "−")


@pytest.fixture(autouse=True)
def no_figures_left_open():
    yield
    assert plt.get_fignums() == [], "the stepper left a pyplot figure open"


def by_name(steps):
    return {step.name if step.phase != "update" else f"new {step.name}": step for step in steps}


# --- 1. figure 4 -------------------------------------------------------------------------

def test_worked_example_matches_figure_4_digit_for_digit():
    steps = by_name(backprop_steps(start_weights(), example=0))
    w = {name: printed(value) for name, value in FIGURE4_W.items()}
    h1, h2 = printed(FIGURE4_H["h1"]), printed(FIGURE4_H["h2"])
    # The forward formulas put in the published weights and hidden values ...
    assert numbers(steps["z_h1"].formula)[:3] == [w["w1"], w["w2"], w["w3"]]
    assert numbers(steps["z_h2"].formula)[:3] == [w["w4"], w["w5"], w["w6"]]
    assert numbers(steps["z_out"].formula)[:5] == [w["w7"], w["w8"], h1, w["w9"], h2]
    # ... and print the published results.
    assert results(steps["h1"].formula) == [h1]
    assert results(steps["h2"].formula) == [h2]
    assert results(steps["ŷ"].formula) == [printed(FIGURE4_Y_HAT[0])]
    for name, figure in FIGURE4_GRADIENTS.items():
        assert results(steps[f"∂E/∂{name}"].formula) == [printed(figure)], name
        assert numbers(steps[f"new {name}"].formula)[0] == w[name]        # the update starts from it


def test_all_four_outputs_match_figure_4():
    steps = by_name(backprop_steps(start_weights(), example="all"))
    assert results(steps["ŷ"].formula) == [printed(v) for v in FIGURE4_Y_HAT]


def test_worked_example_weights_are_xor221s():
    assert start_weights() == dict(zip(xor221.W_NAMES, xor221.tutorial_start()))


# --- 2. every number against nnlib's matrix code ----------------------------------------------

def names_of(b1, W1, b2, W2):
    """Parameters (or gradients) of a 2-H-1 network by name, written out from the naming rule
    (unit by unit, bias first) independently of nncourse.stepper."""
    named, k = {}, 1
    for j in range(W1.shape[1]):
        for value in (b1[j], W1[0, j], W1[1, j]):
            named[f"w{k}"], k = float(value), k + 1
    for value in (b2[0], *W2[:, 0]):
        named[f"w{k}"], k = float(value), k + 1
    return named


def expected_values(net, example):
    """Every quantity the stepper shows, computed with Network's matrices."""
    rows = list(range(4)) if example == "all" else [example]
    Xs, ys = X[rows], Y[rows]
    W1, W2 = net.weights
    b1, b2 = net.biases
    _, H, Y_hat = net.forward(Xs)
    values = {"z_out": (H @ W2 + b2)[:, 0], "ŷ": Y_hat[:, 0]}
    for j in range(H.shape[1]):
        values[f"z_h{j + 1}"] = (Xs @ W1 + b1)[:, j]
        values[f"h{j + 1}"] = H[:, j]
    # δ = ∂E/∂z, which is ∂E/∂b of that unit for one example at a time.
    per_example = [net.gradients(X[i:i + 1], Y[i:i + 1], loss="sse") for i in rows]
    values["δ_out"] = np.array([g.biases[1][0] for g in per_example])
    for j in range(H.shape[1]):
        values[f"δ_h{j + 1}"] = np.array([g.biases[0][j] for g in per_example])
    values = {name: (float(v[0]) if len(rows) == 1 else tuple(map(float, v))) for name, v in values.items()}
    values["E"] = net.loss(Xs, ys, loss="sse")
    gradients = net.gradients(Xs, ys, loss="sse")                   # Network.backward, summed over rows
    values.update({f"∂E/∂{n}": v for n, v in names_of(gradients.biases[0], gradients.weights[0],
                                                       gradients.biases[1], gradients.weights[1]).items()})
    stepped = net.copy()
    stepped.step(gradients, ALPHA)
    values.update({f"new {n}": v for n, v in names_of(stepped.biases[0], stepped.weights[0],
                                                       stepped.biases[1], stepped.weights[1]).items()})
    return values


def network(start, seed, hidden):
    if start == "worked example":
        return xor221.xor_network(xor221.tutorial_start())
    return nnlib.Network([2, hidden, 1], seed=seed)


CASES = [("worked example", 0, 2, e) for e in (0, 1, 2, 3, "all")] + [
    ("seed", seed, hidden, example) for seed, hidden, example in
    [(0, 1, 0), (1, 1, "all"), (3, 2, 1), (7, 3, 2), (11, 3, "all"), (5, 4, 3), (999, 4, "all")]]


@pytest.mark.parametrize("start, seed, hidden, example", CASES)
def test_every_number_is_what_network_computes(start, seed, hidden, example):
    net = network(start, seed, hidden)
    steps = backprop_steps(start_weights(start, seed, hidden), example, learning_rate=ALPHA)
    expected = expected_values(net, example)
    shown = by_name(steps)
    assert set(shown) == set(expected)
    for name, step in shown.items():
        np.testing.assert_allclose(step.value, expected[name], rtol=0, atol=1e-12, err_msg=name)
        want = expected[name]
        summed = isinstance(want, float) and example == "all"
        printed_results = results(step.formula)
        if isinstance(want, tuple):                                 # one line per example
            assert printed_results == [as_printed(v) for v in want], name
        elif summed and step.phase != "update":                    # per-example lines, then the sum
            assert printed_results[-1] == as_printed(want), name
            assert len(printed_results) == 5
        else:
            assert printed_results == [as_printed(want)], name


@pytest.mark.parametrize("hidden", [1, 2, 3, 4])
def test_every_number_put_into_a_formula_was_shown_before(hidden):
    """A formula uses only the weights, the learning rate and the results of earlier steps
    (so δ_h1 uses w8 and h1, not w9 or h2): nothing comes from nowhere."""
    weights = start_weights("seed", 4, hidden)
    steps = backprop_steps(weights, example=3)
    known = {as_printed(v) for v in weights.values()} | {"0.6"}          # and α, as given
    for step in steps:
        used = numbers(step.formula)[:-1]                           # the last one is the result
        if step.phase == "update":                                  # old − (α)(∂E/∂w) = old − change = new
            change = ALPHA * by_name(steps)[f"∂E/∂{step.name}"].value
            known.add(as_printed(abs(change)))
            known.add(as_printed(change))
        assert set(used) <= known, (step.name, set(used) - known)
        known.add(as_printed(step.value))


def test_named_weights_agree_with_xor221_for_2_2_1():
    net = nnlib.Network([2, 2, 1], seed=8)
    assert stepper.named_weights(net) == xor221.get_w(net)
    assert start_weights("seed", 8, 2) == xor221.get_w(net)


def test_batch_gradients_are_the_sums_of_the_single_example_ones():
    weights = start_weights("seed", 2, 3)
    batch = by_name(backprop_steps(weights, "all"))
    singles = [by_name(backprop_steps(weights, i)) for i in range(4)]
    for name in stepper.weight_names(3):
        total = sum(single[f"∂E/∂{name}"].value for single in singles)
        assert batch[f"∂E/∂{name}"].value == pytest.approx(total, abs=1e-14)
    assert batch["E"].value == pytest.approx(sum(single["E"].value for single in singles), abs=1e-14)
    assert "summed over the examples" in batch["∂E/∂w1"].formula


# --- 3. the list of steps and what each highlights -----------------------------------------------

@pytest.mark.parametrize("hidden", [1, 2, 3, 4])
def test_the_steps_come_in_order(hidden):
    steps = backprop_steps(start_weights("seed", 0, hidden))
    names = stepper.weight_names(hidden)
    phases = [step.phase for step in steps]
    assert phases == (["forward"] * (2 * hidden + 2) + ["loss"] + ["backward"] * (1 + hidden + len(names)) +
                      ["update"] * len(names))
    assert [s.name for s in steps[:2 * hidden + 2]] == [n for j in range(1, hidden + 1)
                                                         for n in (f"z_h{j}", f"h{j}")] + ["z_out", "ŷ"]
    assert sorted(s.name for s in steps if s.name.startswith("∂E/∂")) == sorted(f"∂E/∂{n}" for n in names)
    assert [s.name for s in steps if s.phase == "update"] == names


def test_each_step_highlights_what_its_formula_uses():
    steps = by_name(backprop_steps(start_weights()))
    assert set(steps["z_h1"].nodes) == {"bias_hidden", "x1", "x2", "h1"}
    assert steps["z_h1"].edges == ("w1", "w2", "w3")
    assert set(steps["z_out"].nodes) == {"bias_out", "h1", "h2", "out"}
    assert steps["z_out"].edges == ("w7", "w8", "w9")
    assert steps["h2"].nodes == ("h2",) and steps["h2"].edges == ()
    assert steps["δ_h1"].edges == ("w8",) and set(steps["δ_h1"].nodes) == {"out", "h1"}
    assert steps["δ_h2"].edges == ("w9",)
    assert steps["∂E/∂w5"].edges == ("w5",) and set(steps["∂E/∂w5"].nodes) == {"x1", "h2"}
    assert set(steps["∂E/∂w7"].nodes) == {"bias_out", "out"}
    assert steps["new w6"].edges == ("w6",) and set(steps["new w6"].nodes) == {"x2", "h2"}
    for step in steps.values():                        # every edge named in the formula is lit
        for name in step.edges:
            assert name in step.formula


def test_formulas_use_notebook_05s_notation():
    steps = by_name(backprop_steps(start_weights()))
    assert steps["δ_out"].formula.startswith("δ_out = 2(ŷ − y) · ŷ(1 − ŷ) = ")
    assert steps["δ_h1"].formula.startswith("δ_h1 = δ_out · w8 · h1(1 − h1) = ")
    assert steps["∂E/∂w2"].formula.startswith("∂E/∂w2 = δ_h1 · x1 = ")
    assert steps["E"].formula.startswith("E = (y − ŷ)² = (0 − ")
    assert steps["new w7"].formula.startswith("w7 ← w7 − α · ∂E/∂w7 = 0.89319435 − (0.6)(0.24006843) = ")


def test_negative_numbers_get_a_minus_sign_and_zero_none():
    steps = by_name(backprop_steps(start_weights(), example=1))          # (0, 1) → 1: ŷ too small
    assert results(steps["δ_out"].formula)[0].startswith("−")
    assert "-" not in steps["δ_out"].formula
    assert results(steps["∂E/∂w2"].formula) == ["0.00000000"]           # δ_h1 · 0 is −0.0 in floats


# --- 4. the widget ---------------------------------------------------------------------------------

@pytest.fixture
def shown():
    return backprop_stepper()


def formula_text(widget):
    return html.unescape(re.sub(r"<[^>]+>", "", widget.formula.value))


def edge_widths(widget):
    return dict(zip(widget.diagram.edge_order, widget.diagram.edges.get_linewidths()))


def lit_edges(widget):
    return {name for name, width in edge_widths(widget).items() if width > 2}


def test_it_starts_at_the_first_step_and_shows_itself(shown):
    assert isinstance(shown.widget, ipywidgets.Box)
    assert bytes(shown.image.value).startswith(b"\x89PNG")
    slider = shown.controls["step"]
    assert (slider.min, slider.value, slider.max) == (1, 1, 28)
    assert shown.steps[0].formula in formula_text(shown)
    assert "Step 1 of 28" in formula_text(shown)
    assert lit_edges(shown) == {"w1", "w2", "w3"}
    bundle, metadata = shown._repr_mimebundle_()          # the widget, its picture and one line: test_fallback.py
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == shown.widget.model_id


def test_next_and_back_move_one_step_and_redraw(shown):
    png = bytes(shown.image.value)
    shown.controls["next"].click()
    assert shown.controls["step"].value == 2
    assert shown.steps[1].formula in formula_text(shown)
    assert bytes(shown.image.value) != png
    assert lit_edges(shown) == set()                        # h1 = σ(z_h1) uses no weight
    assert shown.diagram.notes["h1"].get_text() == f"h1 = {float(FIGURE4_H['h1']):.4f}"
    shown.controls["back"].click()
    assert shown.controls["step"].value == 1 and bytes(shown.image.value) == png
    shown.controls["back"].click()                          # nothing before the first step
    assert shown.controls["step"].value == 1
    shown.controls["step"].value = 28
    shown.controls["next"].click()                          # nor after the last
    assert shown.controls["step"].value == 28


def test_the_step_slider_shows_that_step(shown):
    shown.controls["step"].value = 9                        # ∂E/∂w7 = δ_out · 1
    step = shown.steps[8]
    assert step.name == "∂E/∂w7"
    assert step.formula in formula_text(shown)
    assert lit_edges(shown) == {"w7"}
    assert shown.diagram.edge_labels["w7"].get_text() == f"w7 = {float(FIGURE4_W['w7']):.4f}"
    assert shown.diagram.edge_labels["w8"].get_text() == "w8"
    assert shown.diagram.title.get_text() == "Step 9 of 28 · backward: ∂E/∂w7"
    faces = dict(zip(shown.diagram.node_order, shown.diagram.units.get_facecolors()))
    assert matplotlib.colors.to_hex(faces["out"]) == stepper.HIGHLIGHT_NODE.lower()
    assert matplotlib.colors.to_hex(faces["h1"]) == "#ffffff"
    assert "ŷ = 0.8226\nδ = 0.2401" in shown.diagram.notes["out"].get_text()


def test_an_update_step_labels_the_new_weight(shown):
    shown.controls["step"].value = 28                       # w9's update
    assert shown.step.phase == "update" and shown.step.name == "w9"
    expected = float(FIGURE4_W["w9"]) - ALPHA * float(FIGURE4_GRADIENTS["w9"])
    assert shown.diagram.edge_labels["w9"].get_text() == f"w9 → {expected:.4f}"


def test_the_example_control_recomputes_and_keeps_the_step(shown):
    shown.controls["step"].value = 7                        # the loss
    shown.controls["example"].value = 3
    assert shown.controls["step"].value == 7
    assert results(shown.step.formula) == [as_printed((0 - float(FIGURE4_Y_HAT[3])) ** 2)]
    assert shown.diagram.notes["x1"].get_text() == "x1 = 1"
    assert shown.diagram.notes["out"].get_text().startswith("target y = 0")
    shown.controls["example"].value = "all"
    assert "E = Σ (y − ŷ)², summed over the examples:" in formula_text(shown)
    assert shown.diagram.notes["h1"].get_text() == ""       # four values each: only in the formula
    expected = nnlib.sse(np.array([[float(v)] for v in FIGURE4_Y_HAT]), Y)
    assert shown.step.value == pytest.approx(float(expected), abs=5e-8)


def test_the_start_and_seed_controls_change_the_weights(shown):
    assert shown.controls["seed"].disabled
    first = formula_text(shown)
    shown.controls["start"].value = "seed"
    assert not shown.controls["seed"].disabled
    net = nnlib.Network([2, 2, 1], seed=0)
    z = (X[:1] @ net.weights[0] + net.biases[0])[0, 0]
    assert results(shown.step.formula) == [as_printed(z)] and formula_text(shown) != first
    shown.controls["seed"].value = 5
    net = nnlib.Network([2, 2, 1], seed=5)
    assert results(shown.step.formula) == [as_printed((X[:1] @ net.weights[0] + net.biases[0])[0, 0])]
    shown.controls["start"].value = "worked example"
    assert formula_text(shown) == first and shown.controls["seed"].disabled


def test_more_hidden_units():
    shown = backprop_stepper(hidden=3, start="seed", seed=2)
    assert shown.controls["step"].max == 2 * 3 + 2 + 1 + 1 + 3 + 13 + 13
    assert [value for _, value in shown.controls["start"].options] == ["seed"]
    shown.controls["step"].value = 2 * 3 + 1                 # z_out
    assert lit_edges(shown) == {"w10", "w11", "w12", "w13"}
    shown = backprop_stepper(hidden=4, start="seed", seed=2, example="all")
    shown.controls["step"].value = shown.controls["step"].max
    assert shown.step.name == "w17"


def test_every_control_is_a_keyboard_operable_ipywidget(shown):
    kinds = {name: type(control) for name, control in shown.controls.items()}
    assert kinds == {"start": ipywidgets.Dropdown, "seed": ipywidgets.BoundedIntText,
                     "example": ipywidgets.Dropdown, "back": ipywidgets.Button, "next": ipywidgets.Button,
                     "step": ipywidgets.IntSlider}
    assert (shown.controls["seed"].min, shown.controls["seed"].max) == (0, 999)
    for control in shown.controls.values():
        assert control in shown.widget.children[0].children + shown.widget.children[1].children


# --- 5. bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("settings, error, message", [
    ({"hidden": 0}, ValueError, "hidden must be a whole number >= 1, got 0"),
    ({"hidden": 5}, ValueError, r"hidden must be a whole number from 1 to 4 .*got 5"),
    ({"hidden": 2.5}, TypeError, "hidden must be a whole number"),
    ({"hidden": True}, TypeError, "hidden must be a whole number"),
    ({"example": 4}, ValueError, r"unknown example 4; choose 0, 1, 2 or 3 .* or 'all'"),
    ({"example": "both"}, ValueError, "unknown example 'both'"),
    ({"example": True}, ValueError, "unknown example True"),
    ({"start": "random"}, ValueError, "unknown start 'random'; choose one of: 'worked example', 'seed'"),
    ({"hidden": 3}, ValueError, "the worked example's weights are for 2 hidden units; with hidden=3"),
    ({"start": "seed", "seed": 1000}, ValueError, "seed must be a whole number from 0 to 999, got 1000"),
    ({"start": "seed", "seed": -1}, ValueError, "seed must be a whole number >= 0, got -1"),
    ({"learning_rate": 0}, ValueError, "learning_rate must be a finite number greater than 0, got 0"),
])
def test_bad_settings_get_clear_errors(settings, error, message):
    with pytest.raises(error, match=message):
        backprop_stepper(**settings)


@pytest.mark.parametrize("weights, error, message", [
    ([0.1] * 9, TypeError, "weights must be a dict of named weights"),
    ({f"w{k}": 0.1 for k in range(1, 11)}, ValueError, "weights must hold 4H \\+ 1 named weights .* got 10"),
    ({f"w{k}": 0.1 for k in range(1, 22)}, ValueError, "got 21"),
    ({**{f"w{k}": 0.1 for k in range(1, 9)}, "v9": 0.1}, ValueError, r"missing \['w9'\], unknown \['v9'\]"),
    ({**{f"w{k}": 0.1 for k in range(1, 9)}, "w9": np.nan}, ValueError, r"weights\['w9'\] must be a finite number, got nan"),
    ({**{f"w{k}": 0.1 for k in range(1, 9)}, "w9": "a"}, TypeError, r"weights\['w9'\] must be a number, got str 'a'"),
    ({**{f"w{k}": 0.1 for k in range(1, 10)}, "w3": [0.1]}, TypeError, r"weights\['w3'\] must be a number, got list"),
])
def test_bad_weights_get_clear_errors(weights, error, message):
    with pytest.raises(error, match=message):
        backprop_steps(weights)


def test_a_network_the_stepper_cannot_name():
    with pytest.raises(TypeError, match="net must be an nnlib Network \\(2-H-1, with biases\\), got str 'n'"):
        stepper.named_weights("n")
    with pytest.raises(ValueError, match=r"2-H-1 network with biases; got sizes \[2, 2, 2\]"):
        stepper.named_weights(nnlib.Network([2, 2, 2]))
    with pytest.raises(ValueError, match="hidden must be a whole number from 1 to 4"):
        stepper.named_weights(nnlib.Network([2, 5, 1]))


def overlapping_texts(figure) -> list[tuple[str, str]]:
    """Pairs of the diagram's visible texts whose boxes overlap on the drawn picture."""
    renderer = figure.canvas.get_renderer()
    texts = [t for t in figure.axes[0].texts + [figure.axes[0].title] if t.get_visible() and t.get_text()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:] if box_a.overlaps(box_b)]


@pytest.mark.parametrize("projector", [False, True], ids=["default", "projector"])
@pytest.mark.parametrize("example", [0, 3])
def test_no_label_runs_into_another_at_any_step(projector, example):
    """Issue 22: in projector style "h1 = 0.6049" ran into "w8". At every step of the worked example
    no two texts of the diagram overlap, and each unit's name fits inside its circle."""
    from nncourse import plots
    plots.projector_style(projector)
    try:
        s = backprop_stepper(example=example)
        renderer = s.figure.canvas.get_renderer()
        for k in range(1, len(s.steps) + 1):
            s.controls["step"].value = k
            assert overlapping_texts(s.figure) == [], f"step {k}"
    finally:
        plots.projector_style(False)
    circle = np.sqrt(900) * s.figure.dpi / 72                 # the units' marker size, in pixels
    names = [t for t in s.figure.axes[0].texts if t.get_text() in ("x1", "x2", "h1", "h2", "ŷ")]
    assert len(names) == 5
    assert all(t.get_window_extent(renderer).width < circle for t in names)
