"""Explorer 3: training XOR. Train a 2-H-1 network, scrub through its training, train on from any epoch.

``XorExplorer`` owns the controls and the training (through a cache keyed by
every training control's value); ``xor_picture.XorPicture`` draws. Two more
caches keep it fast: the runs (``XOR_CACHE_BYTES``) and the scrubber's
pictures (``FRAME_CACHE_BYTES``), so a replay shows each epoch's picture again
without drawing it. And a helper process trains and draws the runs one move
away while the class looks (``ahead.py``; ``XorPainter`` is its copy of the explorer).
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any, Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes

from .. import plots
from .ahead import AHEAD, style_key, style_settings, use_style
from .base import STYLE, WIDE, Explorer, check_range, rate_slider, slider, three_decimals
from .display import projector_css
from .cache import ByteLRU, history_bytes
from .verdicts import describe_run, needs_warning
from .xor_picture import MAX_HIDDEN, VIEWS, XorPicture
from nnlib.activations import ACTIVATIONS
from nnlib.data import CORNERS, GATES, gate, noisy_gate
from nnlib.errors import check_choice, check_flag
from nnlib.network import Network
from nnlib.training import History, Snapshot, train

DATA_SETS = (*GATES, *(f"noisy {name}" for name in GATES))   # "xor", "and", "or", "noisy xor", …
MAX_SEED = 999                      # the seed control covers 0 … MAX_SEED
PROJECTOR_PICTURE = (600, 540)     # projector mode: the picture's pixels (beside a 480-pixel column)
MAX_SNAPSHOTS = 100                 # snapshots kept of a run (about: every ceil(epochs / 100) epochs)

# The caches' budgets, in bytes (Binder gives a whole notebook server about 2 GB).
XOR_CACHE_BYTES = 32 * 2**20        # training runs (losses and snapshots)
FRAME_CACHE_BYTES = 32 * 2**20      # PNG pictures of the scrubber
PAINTER_CACHE_BYTES = 2 * 2**20     # each of the two, in the copy that draws ahead (ahead.py)

# Presets: settings that each show one thing. Found by running nnlib (tests/test_widgets.py
# checks each claim): name → (the training controls' values, what to look at).
PRESETS: dict[str, tuple[dict[str, Any], str]] = {
    "solves quickly": (
        {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": True, "seed": 26,
         "learning_rate": 8.0, "epochs": 200},
        "Seed 26 at learning rate 8: the loss is below 0.01 within 100 epochs. Scrub back to watch "
        "h1 and h2 turn into two different gates."),
    "gets stuck": (
        {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": True, "seed": 6,
         "learning_rate": 8.0, "epochs": 5000},
        "Seed 6 stops near loss 0.125 and stays there for thousands of epochs: (0, 0) and (1, 0) are right, "
        "but (0, 1) and (1, 1) both sit at ŷ ≈ 0.5, an error of 0.5 each (MSE (0.25 + 0.25) / 4 = 0.125). "
        "Look at the hidden units: they compute no pair of gates that makes XOR."),
    "learning rate too big": (
        {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": True, "seed": 0,
         "learning_rate": 128.0, "epochs": 1000},
        "Learning rate 128: the first steps throw every unit into the flat end of its sigmoid, where "
        "the slope is almost zero. The loss ends higher than it started, but cannot blow up."),
    "a ReLU that dies": (
        {"data": "xor", "hidden": 2, "activation": "relu", "bias": True, "seed": 4,
         "learning_rate": 2.0, "epochs": 1000},
        "A ReLU unit that is off (z < 0) on all four examples gets no gradient and never comes back: "
        "scrub from epoch 0 to watch h1 switch off for good. The other unit alone cannot make XOR."),
    "three hidden units": (
        {"data": "xor", "hidden": 3, "activation": "sigmoid", "bias": True, "seed": 6,
         "learning_rate": 8.0, "epochs": 5000},
        "The seed that got stuck with two hidden units (preset 'gets stuck'), with a third unit: solved. "
        "Extra units give gradient descent more ways out; far fewer seeds get stuck (but not none)."),
    "bias off": (
        {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": False, "seed": 2,
         "learning_rate": 2.0, "epochs": 1000},
        "Without biases every hidden unit outputs σ(0) = 0.5 at (0, 0), whatever its weights, and each "
        "unit's 0.5 line goes through (0, 0). This seed gets three corners right but leaves (1, 1) at "
        "ŷ ≈ 0.58 (loss 0.115). A few seeds get all four corners on the right side of 0.5 (4 of seeds "
        "0–39 here), but none of those 40 brings the loss below 0.06: the lines cannot move off (0, 0)."),
}
CUSTOM = "custom"

# The controls, one line of the widget each.
ROWS = [["preset"], ["data", "hidden", "activation"], ["seed", "seed_box", "learning_rate", "epochs"], ["bias"],
        ["play", "epoch", "more_1", "more_10"]]
# Projector mode: the controls in one column left of the picture, one per line, so that controls,
# picture and numbers fit a 1280 × 720 screen together; each control's width there.
PROJECTOR_ROWS = [["preset"], ["data"], ["hidden"], ["activation"], ["seed", "seed_box"], ["learning_rate"],
                  ["epochs"], ["bias"], ["play", "more_1", "more_10"], ["epoch"]]
PROJECTOR_WIDTHS = {"seed": "330px", "seed_box": "110px", "play": "150px", "more_1": "140px",
                    "more_10": "170px"}                    # the others: PROJECTOR_COLUMN wide
PROJECTOR_COLUMN = "440px"
PROJECTOR_LABEL = "170px"                                  # "learning rate" in 24-pixel text


def slots_for(hidden: int) -> int:
    """Projector mode: room for 2, 4 or MAX_HIDDEN unit maps, as few as ``hidden`` units need."""
    return 2 if hidden <= 2 else 4 if hidden <= 4 else MAX_HIDDEN


def again(before: tuple, now: tuple, move: tuple) -> int:
    """0 if ``move`` repeats the last move (``before`` → ``now``: the same control, the same way),
    1 if it goes back along it, 2 otherwise."""
    moved = [k for k, (a, b) in enumerate(zip(before, now)) if a != b]
    changed = [k for k, (a, b) in enumerate(zip(now, move)) if a != b]
    if len(moved) != 1 or changed != moved:
        return 2
    k = moved[0]
    return 0 if (now[k] > before[k]) == (move[k] > now[k]) else 1


def data_set(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The data set called ``name``: a gate's truth table, or ``noisy_gate`` around its corners."""
    check_choice(name, DATA_SETS, "data set")
    if name.startswith("noisy "):
        return noisy_gate(name.removeprefix("noisy "))
    return gate(name)


def reproduce_code(data: str, hidden: int, activation: str, bias: bool, seed: int, learning_rate: float,
                   epochs: int) -> str:
    """The lines of nnlib code that train exactly this network (paste them into a cell)."""
    if data.startswith("noisy "):
        data_line = f"X, y = nnlib.noisy_gate({data.removeprefix('noisy ')!r})"
    else:
        data_line = f"X, y = nnlib.gate({data!r})"
    return "\n".join([
        "import nnlib",
        "",
        data_line,
        f"net = nnlib.Network([2, {hidden}, 1], bias={bool(bias)}, seed={seed}, activation={activation!r})",
        f"history = nnlib.train(net, X, y, epochs={epochs}, learning_rate={learning_rate!r}, loss='mse')",
        "print(f'final loss: {history.final_loss:.6g}')",
    ])


def summary_html(history: History, shown: Snapshot, preset: str, short: bool = False) -> str:
    """The numbers under the picture: the final and the shown loss and ŷ.

    Above them, in bold, ``describe_run`` when the run went wrong; below them
    what the chosen preset (not ``CUSTOM``) is there to show. ``short``: the
    same numbers in lines that fit the projector layout's narrow column.
    """
    final = history.snapshots[-1].network
    if short:
        corners = " ".join(f"{v:.2f}" for v in np.ravel(final.predict(CORNERS)))
        lines = [f"final loss {history.final_loss:.3g} ({history.epochs_run} epochs)",
                 f"final ŷ: {corners}",
                 f"shown: epoch {shown.epoch}, loss {history.losses[shown.epoch]:.3g}"]
    else:
        lines = [f"final loss: {history.final_loss:.6g} after {history.epochs_run} epochs",
                 f"final ŷ at (0,0) (0,1) (1,0) (1,1): {three_decimals(final.predict(CORNERS))}",
                 f"shown: epoch {shown.epoch}, loss {history.losses[shown.epoch]:.6g}, "
                 f"ŷ at (0,0) (0,1) (1,0) (1,1): {three_decimals(shown.network.predict(CORNERS))}"]
    if needs_warning(history):
        lines.insert(0, f"<b>{describe_run(history)}</b>")
    if preset != CUSTOM and short:                    # folded: the projector layout has no room for it
        lines.append(f"<details><summary>about the preset '{preset}'</summary><i>{PRESETS[preset][1]}</i></details>")
    elif preset != CUSTOM:
        lines.append(f"<i>preset '{preset}': {PRESETS[preset][1]}</i>")
    return "<br>".join(lines)


def xor_controls(seed: int, learning_rate: float, epochs: int, hidden: int, bias: bool, activation: str,
                 data: str) -> dict[str, widgets.Widget]:
    """The XOR explorer's controls, set to these starting values (each checked first)."""
    epochs = check_range(epochs, 100, 10000, "epochs", 100)
    seed = check_range(seed, 0, MAX_SEED, "seed")
    controls = {
        "preset": widgets.Dropdown(options=[CUSTOM, *PRESETS], value=CUSTOM, description="preset",
                                   style=STYLE, layout=WIDE),
        "data": widgets.Dropdown(options=list(DATA_SETS), value=check_choice(data, DATA_SETS, "data set"),
                                 description="data set", style=STYLE, layout=WIDE),
        "hidden": slider("hidden units", check_range(hidden, 2, MAX_HIDDEN, "hidden"), 2, MAX_HIDDEN),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS),
                                       value=check_choice(activation, tuple(ACTIVATIONS), "activation"),
                                       description="activation", style=STYLE, layout=WIDE),
        "bias": widgets.Checkbox(value=check_flag(bias, "bias"), description="bias", style=STYLE, layout=WIDE),
        "seed": slider("seed", seed, 0, MAX_SEED),
        "seed_box": widgets.BoundedIntText(value=seed, min=0, max=MAX_SEED, layout={"width": "80px"}),
        "learning_rate": rate_slider(learning_rate),
        "epochs": slider("epochs", epochs, 100, 10000, 100),
        "epoch": widgets.IntSlider(value=epochs, min=0, max=epochs, description="show epoch",
                                   style=STYLE, layout={"width": "560px"}),
        "play": widgets.Play(value=epochs, min=0, max=epochs, interval=100, description="replay training"),
        "more_1": widgets.Button(description="+1 epoch", tooltip="train one more epoch from the shown network",
                                 layout={"width": "90px"}),
        "more_10": widgets.Button(description="+10 epochs", tooltip="train ten more epochs from the shown network",
                                  layout={"width": "100px"}),
    }
    widgets.jslink((controls["play"], "value"), (controls["epoch"], "value"))
    widgets.link((controls["seed"], "value"), (controls["seed_box"], "value"))   # type a seed, or slide
    return controls


class XorExplorer(Explorer):
    """Train a 2-H-1 network on XOR (or another gate) and scrub through its training.

    Top row: the loss curve, what the network predicts (ŷ over the plane, the
    line ŷ = 0.5) and the network diagram; bottom row: what each hidden unit
    outputs over the plane, titled with the gate it computes. The training
    controls retrain, through a cache keyed by all their values; the epoch
    scrubber (and its play button) only redraws from the snapshots; "+1
    epoch" and "+10 epochs" train on from the shown network. A presets menu
    sets the controls to runs that each teach one thing, and the code below
    the picture trains exactly the run shown. The drawing is ``self.picture``'s
    (an ``XorPicture``).
    """

    TRAINING = ("data", "hidden", "activation", "bias", "seed", "learning_rate", "epochs")

    def __init__(self, seed: int = 0, learning_rate: float = 2.0, epochs: int = 1000, hidden: int = 2,
                 bias: bool = True, activation: str = "sigmoid", data: str = "xor", resolution: int = 61,
                 preset: str | None = None) -> None:
        controls = xor_controls(seed, learning_rate, epochs, hidden, bias, activation, data)
        self.picture = XorPicture(resolution)            # before the figure: it lays the figure out
        self.code_view = widgets.HTML()
        self.code_view.add_class("nnlib-code")
        self.view_control = widgets.ToggleButtons(options=VIEWS, value=VIEWS[0], style={"button_width": "auto"},
                                                  tooltips=["the loss curve and ŷ over the plane",
                                                            "the network and its weights",
                                                            "what each hidden unit outputs"])
        super().__init__(controls, ROWS, figsize=(13.0, 6.8))
        self.view_control.observe(lambda change: self.show_view(change["new"]), names="value")
        self.cache = ByteLRU(XOR_CACHE_BYTES, history_bytes)
        self._moving_scrubber = False
        self._applying_preset = False
        self.asked: set[tuple] = set()                  # (token, settings, loss limits) asked of the helper
        self.setup_figure()
        self.listen(self.TRAINING, self.on_training_change)
        self.listen(["epoch"], self.scrub)
        self.listen(["preset"], self.on_preset)
        controls["more_1"].on_click(lambda button: self.train_more(1))
        controls["more_10"].on_click(lambda button: self.train_more(10))
        if preset is not None:
            controls["preset"].value = check_choice(preset, tuple(PRESETS), "preset")   # trains it
        else:
            self.update()

    # --- the figure: made once (and again when projector_style is switched) ---
    def figure_size(self) -> tuple[float, float]:
        if plots.projector_on():                   # one view at a time, beside the controls' column
            return PROJECTOR_PICTURE[0] / plots.PROJECTOR_DPI, PROJECTOR_PICTURE[1] / plots.PROJECTOR_DPI
        return self.figsize

    def style_controls(self) -> None:
        """Projector mode: the controls in a column beside the picture (PROJECTOR_ROWS), the view
        toggle above the picture, the code folded away; otherwise rows of controls above the picture."""
        super().style_controls()
        on = plots.projector_on()
        if on:
            for name, control in self.controls.items():
                control.layout.width = PROJECTOR_WIDTHS.get(name, PROJECTOR_COLUMN)
                if "description_width" in getattr(control, "style", widgets.Style()).keys:
                    control.style.description_width = PROJECTOR_LABEL
            rows = [widgets.HBox([self.controls[name] for name in row]) for row in PROJECTOR_ROWS]
            left = widgets.VBox(rows + [self.summary, self.code_view], layout={"width": "480px", "flex": "0 0 auto"})
            right = widgets.VBox([self.view_control, self.image], layout={"flex": "1 1 auto"})
            self.widget.children = (widgets.HBox([left, right]), projector_css())
        else:
            rows = [widgets.HBox([self.controls[name] for name in row], layout={"flex_flow": "row wrap"})
                    for row in ROWS]
            self.widget.children = (*rows, self.image, self.summary, projector_css(), self.code_view)
        if getattr(self, "history", None) is not None:
            self.write_summary(self.snapshot())          # the short or the long summary

    def show_view(self, view: str) -> None:
        """Projector mode: show another part of the picture (a new figure with only its axes)."""
        self.picture.view = view
        if plots.projector_on():
            self.build_figure()
            self.setup_figure()
            self.redraw()

    def unit_slots(self) -> int:
        """Projector mode: how many hidden-unit maps the picture has room for: 2, 4 or MAX_HIDDEN
        (as few as the hidden units need, so the maps are as big as they can be)."""
        return slots_for(self.controls["hidden"].value)

    def make_axes(self, panels: int, width_ratios: Sequence[float] | None) -> list[Axes]:
        """The picture's own layout (``XorPicture.make_axes``): loss, boundary, network, unit maps."""
        return self.picture.make_axes(self.figure, self.unit_slots())

    def setup_figure(self) -> None:
        """A new figure: nothing of the old one's artists is kept, and nothing of its pictures."""
        self.frames = ByteLRU(FRAME_CACHE_BYTES, len)
        self.picture.setup_static_parts()

    def redraw_all(self) -> None:
        self.redraw()

    def after_full_draw(self) -> None:
        self.picture.after_full_draw()

    def render(self, static_key: Any = None) -> bytes:
        """As ``Explorer.render``; but when only the loss panel's axis moved (epochs, a preset), only
        that panel is drawn again into the kept background, not the whole figure."""
        if self._background is not None and self.picture.only_the_loss_panel_changed(self._static_key, static_key):
            canvas = self.figure.canvas
            canvas.restore_region(self._background)
            self.picture.redraw_loss_panel(canvas)
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._static_key = static_key
        return super().render(static_key)

    # --- training, through the cache ---
    def settings(self) -> tuple:
        """The training controls' values, in the order of ``TRAINING``: the cache key."""
        return tuple(self.controls[name].value for name in self.TRAINING)

    def run(self, settings: tuple) -> History:
        """The training history for these settings: from the cache, or trained now."""
        history = self.cache.get(settings)
        if history is None:
            data, hidden, activation, bias, seed, learning_rate, epochs = settings
            X, y = data_set(data)
            net = Network([2, hidden, 1], bias=bias, seed=seed, activation=activation)
            history = train(net, X, y, epochs=epochs, learning_rate=learning_rate, loss="mse",
                            snapshot_every=math.ceil(epochs / MAX_SNAPSHOTS))
            self.cache[settings] = history
        return history

    def on_training_change(self) -> None:
        """A training control moved: leave the preset (unless a preset is setting it) and retrain."""
        if self._applying_preset:
            return
        self.controls["preset"].value = CUSTOM
        self.update()

    def on_preset(self) -> None:
        """A preset was chosen: set every training control to its values, then train once."""
        name = self.controls["preset"].value
        if name == CUSTOM:
            return
        self.set_training(preset_settings(name))

    def set_training(self, settings: tuple) -> None:
        """Set every training control (values in the order of ``TRAINING``), then train once."""
        self._applying_preset = True
        try:
            for name, value in zip(self.TRAINING, settings):
                self.controls[name].value = value
        finally:
            self._applying_preset = False
        self.update()

    def update(self) -> None:
        """Retrain (or fetch from the cache), move the scrubber to the last epoch, redraw; then
        ask the helper to draw ahead the runs one move away (``ahead.py``), which waits meanwhile."""
        with AHEAD.held():
            self.collect_ahead()
            if plots.projector_on() and len(self.picture.unit_axes) != self.unit_slots():
                self.build_figure()                      # projector mode: room for more unit maps, or fewer
                self.setup_figure()
            self.X, self.y = data_set(self.controls["data"].value)
            self.history = self.run(self.settings())
            before, self.run_key = getattr(self, "run_key", None), self.settings()
            self.move_scrubber_to_end()
            self.redraw()
            self.wish_ahead(before)

    def train_more(self, epochs: int) -> None:
        """Train ``epochs`` more epochs from the network shown, keeping every epoch's snapshot; redraw.

        The run shown becomes: the epochs up to the shown one, then the new
        ones (the same as training that many epochs in one go).
        """
        shown = self.snapshot()
        settings = self.settings()
        more = train(shown.network.copy(), self.X, self.y, epochs=epochs, learning_rate=settings[5], loss="mse",
                     snapshot_every=1)
        losses = np.concatenate([self.history.losses[:shown.epoch + 1], more.losses[1:]])
        snapshots = ([s for s in self.history.snapshots if s.epoch <= shown.epoch]
                     + [Snapshot(shown.epoch + s.epoch, s.network) for s in more.snapshots[1:]])
        self.history = History(losses=losses, recorded_loss=more.recorded_loss, snapshots=snapshots, diverged=more.diverged)
        self.run_key = (*settings, "trained to", self.history.epochs_run)
        self.move_scrubber_to_end(step=1)
        self.redraw()

    def move_scrubber_to_end(self, step: int | None = None) -> None:
        """Set the scrubber's range to the run's usable snapshots and put it on the last one."""
        snapshots = self.usable_snapshots()
        if step is None:
            step = snapshots[1].epoch - snapshots[0].epoch if len(snapshots) > 1 else 1
        self._moving_scrubber = True                     # these changes must not redraw one by one
        for name in ("epoch", "play"):
            control = self.controls[name]
            control.max = max(snapshots[-1].epoch, 1)
            control.step = step
            control.value = snapshots[-1].epoch
        self._moving_scrubber = False

    # --- scrubbing: no training, only redrawing ---
    def scrub(self) -> None:
        if not self._moving_scrubber:
            self.redraw()

    def usable_snapshots(self) -> list[Snapshot]:
        """The snapshots whose loss is a number (a run that diverged ends in NaN)."""
        return [s for s in self.history.snapshots if np.isfinite(self.history.losses[s.epoch])]

    def snapshot(self) -> Snapshot:
        """The latest usable snapshot at or before the scrubber's epoch."""
        epoch = self.controls["epoch"].value
        snapshots = self.usable_snapshots()
        earlier = [s for s in snapshots if s.epoch <= epoch]
        return earlier[-1] if earlier else snapshots[0]

    def redraw(self) -> None:
        """Show the run at the scrubber's epoch: the picture (from the frame cache if drawn before) and numbers.
        The helper that draws ahead waits meanwhile (``ahead.DrawAhead.held``)."""
        with AHEAD.held():
            self.draw_shown()

    def draw_shown(self) -> None:
        """``redraw``'s work (the helper waits while it runs)."""
        shown = self.snapshot()
        picture = self.picture
        picture.setup_structure(tuple(self.controls[name].value for name in ("data", "hidden", "activation")),
                                self.X, self.y)
        activations = shown.network.forward(picture.grid)
        y_hat = activations[-1].reshape(len(picture.x2), len(picture.x1))
        static = picture.static_key(self.history, shown.network, y_hat, self._static_key)
        frame_key = (self.run_key, shown.epoch, static)
        self.moving = picture.draw_frame(self.history, shown, activations, y_hat)   # cheap: new data only
        png = self.frames.get(frame_key)
        if png is None:
            if self.figure.get_layout_engine() is not None:      # this first draw lays the figure out
                trained = len(self.run_key) == len(self.TRAINING)  # not after "+1 epoch"
                self.layout_from = (self.run_key, shown.epoch) if trained else None
            png = self.render(static)
            self.frames[frame_key] = png
        self.last_frame = (frame_key, png)
        self.set_picture(png)
        self.write_summary(shown)

    # --- drawing ahead: the runs one move away, trained and drawn by the helper process ---
    def next_moves(self, before: tuple | None = None) -> list[tuple]:
        """The settings one move away, likeliest first: the seed ± 1, the learning rate × 2 and ÷ 2,
        the epochs ± 100, then every preset (in projector mode, those that keep the unit maps' layout).
        ``before``: the settings before the last move; the same move again comes first, then its way back.
        After a preset, the other presets come first, from the next one down the menu."""
        data, hidden, activation, bias, seed, rate, epochs = settings = self.settings()
        rates = self.controls["learning_rate"]
        moves = [(data, hidden, activation, bias, seed + step, rate, epochs) for step in (1, -1)
                 if 0 <= seed + step <= MAX_SEED]
        moves += [(data, hidden, activation, bias, seed, rate * factor, epochs) for factor in (2, 0.5)
                  if rates.base ** rates.min <= rate * factor <= rates.base ** rates.max]
        moves += [(data, hidden, activation, bias, seed, rate, epochs + step) for step in (100, -100)
                  if 100 <= epochs + step <= 10000]
        if before is not None and len(before) == len(settings):
            moves.sort(key=lambda move: again(before, settings, move))
        names, chosen = list(PRESETS), self.controls["preset"].value
        if chosen != CUSTOM:                       # the presets below the chosen one in the menu first
            names = names[names.index(chosen) + 1:] + names[:names.index(chosen)]
        presets = [preset_settings(name) for name in names]
        moves = presets + moves if chosen != CUSTOM else moves + presets
        if plots.projector_on():
            moves = [m for m in moves if slots_for(m[1]) == self.unit_slots()]
        return [m for m in dict.fromkeys(moves) if m != settings]

    def ahead_token(self) -> tuple | None:
        """What the helper's copy must match to draw for this explorer: the picture's resolution, the
        style, the view, and the run and epoch of the figure's first draw (which fixed its layout)."""
        if getattr(self, "layout_from", None) is None:
            return None
        return ("xor", self.picture.resolution, plots.projector_on(), self.picture.view, self.layout_from,
                style_key())

    def wish_ahead(self, before: tuple | None = None) -> None:
        """Ask the helper for the pictures of ``next_moves``, each from the loss axis shown now, but
        not for those the explorer has already (drawn itself, or by the helper) on this loss axis."""
        token = self.ahead_token()
        if token is None:
            return
        limits = self.picture._loss_limits
        have = {(key[0], key[2][2]) for key in self.frames}     # (run, loss limits) of the pictures kept
        jobs = [(m, limits) for m in self.next_moves(before)
                if (m, limits) not in have and (token, m, limits) not in self.asked]
        make = partial(XorPainter, self.picture.resolution, plots.projector_on(), self.picture.view,
                       self.layout_from, style_settings())
        AHEAD.wish(self, make, token, jobs)

    def collect_ahead(self) -> None:
        """Keep what the helper drew: each run in the cache, each picture (if still this layout's) with the frames."""
        token = self.ahead_token()
        for drawn_for, (settings, limits, history, frame_key, png) in AHEAD.collect(self):
            if settings not in self.cache:
                self.cache[settings] = history
            if drawn_for == token:
                self.frames[frame_key] = png
                self.asked.add((token, settings, limits))

    # --- the words: what the picture shows, the numbers, the code ---
    def description(self) -> str:
        data, hidden, activation, bias, seed, learning_rate, epochs = self.settings()
        shown = self.snapshot()
        units = ", ".join(title.get_text().replace("\n", " ") for title in self.picture.unit_titles)
        shows = ("the loss curve, ŷ over the (x1, x2) plane with its line ŷ = 0.5, the network diagram and "
                 "each hidden unit's map")
        if plots.projector_on():                          # one of the three views
            shows = {"training": "the loss curve and ŷ over the (x1, x2) plane with its line ŷ = 0.5",
                     "network": "the network diagram and its weights",
                     "hidden units": "each hidden unit's map"}[self.picture.view]
        return (f"XOR explorer: {shows}, for data {data}, 2-{hidden}-1 {activation} network "
                f"{'with' if bias else 'without'} bias, seed {seed}, learning rate {learning_rate:g}, "
                f"{self.history.epochs_run} epochs. At epoch {shown.epoch}: loss "
                f"{self.history.losses[shown.epoch]:.3g}, ŷ at (0,0) (0,1) (1,0) (1,1) = "
                f"{' '.join(f'{v:.2f}' for v in np.ravel(shown.network.predict(CORNERS)))}; {units}")

    def write_summary(self, shown: Snapshot) -> None:
        """The numbers under the picture, and the code that trains this run."""
        projector = plots.projector_on()
        self.summary.value = summary_html(self.history, shown, self.controls["preset"].value, short=projector)
        self.code = self.reproduce()
        if shown.epoch != self.history.epochs_run:
            self.code += f"\n# the picture shows epoch {shown.epoch}: train with epochs={shown.epoch} to stop there"
        escaped = self.code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if projector:                                    # folded: no room on a projector screen
            self.code_view.value = f"<details><summary>Reproduce this run</summary><pre>{escaped}</pre></details>"
        else:
            self.code_view.value = f"<b>Reproduce this run</b> (copy into a cell):<pre>{escaped}</pre>"

    def reproduce(self) -> str:
        """The nnlib code that trains the run shown (to its last epoch)."""
        data, hidden, activation, bias, seed, learning_rate, epochs = self.settings()
        if not self.history.diverged:
            epochs = self.history.epochs_run              # more than the slider after "+1 epoch"
        return reproduce_code(data, hidden, activation, bias, seed, learning_rate, epochs)


def preset_settings(name: str) -> tuple:
    """The training controls' values of the preset ``name``, in the order of ``XorExplorer.TRAINING``."""
    return tuple(PRESETS[name][0][control] for control in XorExplorer.TRAINING)


class XorPainter:
    """In the drawing-ahead helper: a copy of an ``XorExplorer``, laid out as the original, that trains
    and draws the runs the original asks for (``paint``), exactly as the original would draw them."""

    def __init__(self, resolution: int, projector: bool, view: str, layout_from: tuple, style: dict) -> None:
        self.style = style
        plots.projector_style(projector)
        use_style(style)
        self.explorer = explorer = XorExplorer(resolution=resolution)
        settings, epoch = layout_from
        explorer.picture.view = view
        explorer.set_training(settings)
        explorer.build_figure()                       # a new figure, laid out by its first draw:
        explorer.setup_figure()                       # the same run and epoch as the original's
        explorer._moving_scrubber = True
        explorer.controls["epoch"].value = epoch
        explorer._moving_scrubber = False
        explorer.redraw()

    def paint(self, job: tuple) -> tuple:
        """Train and draw ``settings`` from the loss axis ``limits``: (settings, limits, history, frame key, PNG)."""
        settings, limits = job
        use_style(self.style)
        for kept in (self.explorer.cache, self.explorer.frames):   # the original keeps them; this copy need not
            kept.max_bytes = PAINTER_CACHE_BYTES
        self.explorer.picture._loss_limits = limits
        self.explorer.set_training(settings)
        return (settings, limits, self.explorer.history, *self.explorer.last_frame)


def xor_explorer(seed: int = 0, learning_rate: float = 2.0, epochs: int = 1000, hidden: int = 2,
                 bias: bool = True, activation: str = "sigmoid", data: str = "xor",
                 preset: str | None = None) -> XorExplorer:
    """Train a 2-2-1 network on XOR and explore it.

    Controls: a presets menu, seed (0–999: slide or type), learning rate,
    epochs, hidden units, bias, hidden activation, data set, an epoch scrubber
    with a play button that replays the training, and buttons that train one
    (or ten) more epochs from the shown network. The arguments are the
    controls' starting values; ``preset`` (one of ``PRESETS``) overrides them.
    """
    return XorExplorer(seed, learning_rate, epochs, hidden, bias, activation, data, preset=preset)
