"""Explorer 1: one neuron, one line. Move w1, w2 and b and watch which corners end up on which side."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import plots
from .base import STYLE, WIDE, Explorer, empty, three_decimals
from nnlib.data import gate
from nnlib.errors import check_choice
from nnlib.network import Network

NEURON_GATES = ("and", "or", "xor")        # the menu, in the order the course meets them


class NeuronExplorer(Explorer):
    """Sliders w1, w2, b for one 2-input sigmoid neuron, and the gate it should compute."""

    def __init__(self, gate_name: str = "and") -> None:
        check_choice(gate_name, NEURON_GATES, "gate")
        number = {"min": -10.0, "max": 10.0, "step": 0.1, "style": STYLE, "layout": WIDE}
        controls = {
            "gate": widgets.Dropdown(options=list(NEURON_GATES), value=gate_name, description="gate",
                                     style=STYLE, layout=WIDE),
            "w1": widgets.FloatSlider(value=1.0, description="w1", **number),
            "w2": widgets.FloatSlider(value=1.0, description="w2", **number),
            "b": widgets.FloatSlider(value=-0.5, description="b", **number),
        }
        super().__init__(controls, [["gate"], ["w1", "w2", "b"]], figsize=(6.0, 4.8))
        plots.prediction_colorbar(self.axes[0], label="neuron output σ(z)")
        self.listen(controls, self.update)
        self.update()

    def update(self) -> None:
        name = self.controls["gate"].value
        w1, w2, b = (self.controls[key].value for key in ("w1", "w2", "b"))
        X, y = gate(name)
        y_hat = Network.from_weights([[[w1], [w2]]], [[b]]).predict(X)
        self.right = int(np.sum((y_hat >= 0.5) == (y >= 0.5)))      # points on the correct side
        ax = self.axes[0]
        empty(ax)
        plots.plot_neuron_line([w1, w2], b, X, y, ax=ax, colorbar=False)
        ax.set_title(f"{name.upper()}: {self.right} of 4 points right")
        self.summary.value = (f"{name.upper()}: {self.right} of 4 points right (ŷ ≥ 0.5 counts as 1)<br>"
                              f"ŷ at (0,0) (0,1) (1,0) (1,1): {three_decimals(y_hat)}<br>"
                              f"targets: {three_decimals(y)}")
        self.show()

    def description(self) -> str:
        w1, w2, b = (self.controls[key].value for key in ("w1", "w2", "b"))
        name = self.controls["gate"].value.upper()
        return (f"One-neuron explorer on {name}: the neuron's output over the (x1, x2) plane and its line "
                f"w1·x1 + w2·x2 + b = 0 for w1 = {w1:.1f}, w2 = {w2:.1f}, b = {b:.1f}; "
                f"{self.right} of the 4 points are on the correct side")


def neuron_explorer(gate: str = "and") -> NeuronExplorer:
    """Move w1, w2 and b of one neuron and watch its line: can it separate AND? OR? XOR?"""
    return NeuronExplorer(gate)
