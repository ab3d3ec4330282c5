"""Explorer 4: many seeds. Train the 2-2-1 XOR network from many seeds at once and count the outcomes.

Solved, stuck and diverged are judged by ``nnlib.many_seeds.outcomes``, the
rule ``ManySeeds`` and ``plots.plot_many_seeds`` use too, with its threshold
``SOLVED_BELOW`` unless the explorer is given another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import plots
from .base import Explorer, check_range, empty, rate_slider, slider
from .cache import ByteLRU, array_bytes
from nnlib.data import gate
from nnlib.errors import check_real
from nnlib.many_seeds import SOLVED_BELOW, outcomes, train_many_seeds

SEEDS_CACHE_BYTES = 8 * 2**20       # the cache of final losses, in bytes


@dataclass
class SeedOutcomes:
    """What the many-seeds explorer keeps of a ``train_many_seeds`` run: each seed's final loss.

    ``final_losses`` is (n_seeds,), a copy (not a view of the (n_seeds, epochs + 1)
    loss matrix, which would keep all of it alive). The outcomes are counted
    as ``ManySeeds`` counts them, by ``nnlib.many_seeds.outcomes``: diverged
    (NaN or infinite), stuck (finite, ≥ threshold), solved (below threshold).
    """

    final_losses: np.ndarray

    def diverged(self) -> np.ndarray:
        """(n_seeds,) True where the final loss is NaN or infinite."""
        return outcomes(self.final_losses)["diverged"]

    def stuck(self, threshold: float = SOLVED_BELOW) -> np.ndarray:
        """(n_seeds,) True where the final loss is finite and at or above ``threshold``."""
        return outcomes(self.final_losses, threshold)["stuck"]

    def solved(self, threshold: float = SOLVED_BELOW) -> np.ndarray:
        """(n_seeds,) True where the final loss is below ``threshold``."""
        return outcomes(self.final_losses, threshold)["solved"]

    def stuck_fraction(self, threshold: float = SOLVED_BELOW) -> float:
        return float(np.mean(self.stuck(threshold)))

    def diverged_fraction(self) -> float:
        return float(np.mean(self.diverged()))

    def counts(self, threshold: float = SOLVED_BELOW) -> dict[str, int]:
        """How many seeds solved, got stuck and diverged: {"solved": …, "stuck": …, "diverged": …}."""
        return {name: int(seeds.sum()) for name, seeds in outcomes(self.final_losses, threshold).items()}


class ManySeedsExplorer(Explorer):
    """Train the 2-2-1 XOR network from many seeds at once; how many get stuck, how many diverge?"""

    def __init__(self, learning_rate: float = 2.0, epochs: int = 1000, seeds: int = 1000,
                 threshold: float = SOLVED_BELOW) -> None:
        controls = {
            "learning_rate": rate_slider(learning_rate),
            "epochs": slider("epochs", check_range(epochs, 100, 10000, "epochs", 100), 100, 10000, 100),
            "seeds": slider("seeds", check_range(seeds, 10, 2000, "seeds", 10), 10, 2000, 10),
        }
        self.threshold = check_real(threshold, "threshold", greater_than=0)
        super().__init__(controls, [["learning_rate", "epochs", "seeds"]], figsize=(8.0, 4.6))
        # Only the final losses are drawn, so only they are kept: 8 bytes a seed.
        self.cache = ByteLRU(SEEDS_CACHE_BYTES, lambda outcome: array_bytes(outcome.final_losses))
        self.listen(controls, self.update)
        self.update()

    def outcomes(self, learning_rate: float, epochs: int, seeds: int) -> SeedOutcomes:
        """The final losses for these settings: from the cache, or trained now."""
        key = (learning_rate, epochs, seeds)
        result = self.cache.get(key)
        if result is None:
            self.summary.value = f"training {seeds} networks for {epochs} epochs …"
            X, y = gate("xor")
            trained = train_many_seeds([2, 2, 1], seeds, X, y, epochs=epochs, learning_rate=learning_rate,
                                       loss="mse")
            result = SeedOutcomes(trained.final_losses.copy())
            self.cache[key] = result
        return result

    def update(self) -> None:
        learning_rate = self.controls["learning_rate"].value
        epochs = self.controls["epochs"].value
        seeds = self.controls["seeds"].value
        self.result = self.outcomes(learning_rate, epochs, seeds)
        ax = self.axes[0]
        empty(ax)
        plots.plot_many_seeds(self.result.final_losses, threshold=self.threshold, ax=ax)
        count = self.result.counts(self.threshold)
        stuck = 100 * self.result.stuck_fraction(self.threshold)
        self.summary.value = (f"{stuck:.1f}% of {seeds} seeds stuck (final loss ≥ {self.threshold:g}) "
                              f"after {epochs} epochs at learning rate {learning_rate:g}<br>"
                              f"solved: {count['solved']}, stuck: {count['stuck']}, "
                              f"diverged (loss NaN or infinite): {count['diverged']}")
        self.show()

    def description(self) -> str:
        learning_rate, epochs, seeds = (self.controls[n].value for n in ("learning_rate", "epochs", "seeds"))
        count = self.result.counts(self.threshold)
        return (f"Many-seeds explorer: histogram of the final losses of {seeds} 2-2-1 networks trained on XOR "
                f"for {epochs} epochs at learning rate {learning_rate:g}; {count['solved']} solved, "
                f"{count['stuck']} stuck (final loss ≥ {self.threshold:g}), {count['diverged']} diverged")


def many_seeds_explorer(learning_rate: float = 2.0, epochs: int = 1000, seeds: int = 1000,
                        threshold: float = SOLVED_BELOW) -> ManySeedsExplorer:
    """How often does a 2-2-1 network fail to learn XOR? Train many seeds at once and count."""
    return ManySeedsExplorer(learning_rate, epochs, seeds, threshold)
