"""Explorer 2: the learning rate. One neuron's path over its loss surface, from too slow to too big."""

from __future__ import annotations

import numpy as np

from .. import plots
from .base import Explorer, check_range, empty, rate_slider, slider
from .verdicts import describe_run
from nnlib.data import practice_hours
from nnlib.network import Network
from nnlib.training import train

# The data are nnlib's practice hours: hours of practice x → chance of passing y. Their
# lowest loss is near w = 1.6, b = −4, inside the picture; every run starts at (0, 0).
LR_START = (0.0, 0.0)


class LearningRateExplorer(Explorer):
    """One neuron on a tiny 1-D data set: its path over the loss surface, and its loss curve."""

    def __init__(self, learning_rate: float = 1.0, epochs: int = 100) -> None:
        controls = {
            "learning_rate": rate_slider(learning_rate),
            "epochs": slider("epochs", check_range(epochs, 10, 1000, "epochs", 10), 10, 1000, 10),
        }
        super().__init__(controls, [["learning_rate", "epochs"]], figsize=(11.0, 4.8), panels=2,
                         width_ratios=[1.2, 1.0])
        self.X, self.y = practice_hours()
        self.setup_figure()
        self.listen(controls, self.update)
        self.update()

    def setup_figure(self) -> None:
        """The surface never changes: draw it once, and only the path on top of it each time."""
        plots.plot_loss_surface(self.X, self.y, ax=self.axes[0])
        self.path_lines: list = []

    def update(self) -> None:
        learning_rate = self.controls["learning_rate"].value
        w, b = LR_START
        net = Network.from_weights([[[w]]], [[b]])          # one input, one output: W is (1, 1), b is (1,)
        self.history = train(net, self.X, self.y, epochs=self.controls["epochs"].value,
                             learning_rate=learning_rate, loss="mse", snapshot_every=1)
        path = [(s.network.weights[0][0, 0], s.network.biases[0][0]) for s in self.history.snapshots]
        path = [point for point in path if np.all(np.isfinite(point))]     # a run that blew up stops short
        surface_ax, loss_ax = self.axes
        for line in self.path_lines:
            line.remove()
        self.path_lines = plots.draw_descent_path(path, surface_ax)
        empty(loss_ax)
        title = f"Loss (mse), rate {learning_rate:g}" if plots.projector_on() else \
            f"Loss (mse) with learning rate {learning_rate:g}"
        plots.plot_loss_curve(self.history.losses, ax=loss_ax, title=title)
        self.verdict = describe_run(self.history)
        self.summary.value = (f"learning rate {learning_rate:g}, {self.history.epochs_run} epochs, "
                              f"final loss: {self.history.final_loss:.6g}<br>{self.verdict}")
        self.show()

    def description(self) -> str:
        return (f"Learning-rate explorer: gradient descent's path over the loss surface of one neuron, and its "
                f"loss curve, at learning rate {self.controls['learning_rate'].value:g} for "
                f"{self.history.epochs_run} epochs; final loss {self.history.final_loss:.3g}. "
                f"{self.verdict.split('. ')[0].rstrip('.')}")


def learning_rate_explorer(learning_rate: float = 1.0, epochs: int = 100) -> LearningRateExplorer:
    """Slide the learning rate from too small, through good, to divergent, and watch the path."""
    return LearningRateExplorer(learning_rate, epochs)
