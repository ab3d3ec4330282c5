"""Train the same network from many seeds at once.

Does a 2-2-1 network always learn XOR? It depends on where it starts. To
measure how often it gets stuck we train one network per seed. A Python loop
over a thousand seeds would be slow, so instead we *stack* the networks:
every weight matrix gets one extra leading axis, one slice per seed::

    one network:    W¹ (2, 2)      b¹ (2,)      activations (4, 2)
    1,000 networks: W¹ (1000, 2, 2) b¹ (1000, 2) activations (1000, 4, 2)

numpy's ``@`` multiplies matching slices, so ``forward_layers`` and
``backward_layers`` from network.py run all the networks in one set of array
operations, with exactly the maths of a single network. Seed s starts from
exactly the weights that ``Network(sizes, seed=s)`` starts from, so each slice
follows the same path as training that seed alone (full batch), bit for bit.

Each run ends in one of three outcomes, judged on its final loss L and a
threshold (``SOLVED_BELOW`` = 0.05 by default); ``outcomes`` is the one place
this rule is written:

    solved     L finite and L < threshold
    stuck      L finite and L ≥ threshold (a loss that stayed high)
    diverged   L is NaN or infinite (the weights overflowed)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .activations import get_activation
from .errors import (MAX_ENTRIES, MAX_SEED, as_array, as_matrix, check_entries, check_features, check_flag,
                     check_list, check_real, check_sizes, check_targets, check_whole_number, check_whole_numbers)
from .losses import get_loss
from .network import Network, backward_layers, forward_layers, gradient_step
from .weights import draw_parameters

SOLVED_BELOW = 0.05     # a run whose final loss is below this has solved the task


def outcomes(final_losses: np.ndarray, threshold: float = SOLVED_BELOW) -> dict[str, np.ndarray]:
    """Sort final losses into the three outcomes: solved, stuck, diverged.

    final_losses : (n_seeds,) the loss of each run after training.
    threshold : a run is solved when its final loss is below this (> 0).

    Returns {"solved": …, "stuck": …, "diverged": …}, three (n_seeds,) boolean
    arrays; every run is True in exactly one of them::

        solved     finite and L < threshold
        stuck      finite and L ≥ threshold
        diverged   NaN or infinite
    """
    __tracebackhide__ = True
    final_losses = as_array(final_losses, "final_losses")
    threshold = check_real(threshold, "threshold", greater_than=0)
    __tracebackhide__ = False
    finite = np.isfinite(final_losses)
    return {"solved": finite & (final_losses < threshold),
            "stuck": finite & (final_losses >= threshold),
            "diverged": ~finite}


@dataclass
class ManySeeds:
    """The result of ``train_many_seeds``.

    seeds : (n_seeds,) the seeds, in order.
    weights, biases : per layer, stacked: (n_seeds, n_in, n_out) and (n_seeds, n_out).
    losses : (n_seeds, epochs + 1), the loss of each network after 0, 1, … epochs.
    """

    seeds: np.ndarray
    sizes: list[int]
    weights: list[np.ndarray]
    biases: list[np.ndarray] | None
    losses: np.ndarray
    activation: str = "sigmoid"

    @property
    def final_losses(self) -> np.ndarray:
        """(n_seeds,) the loss of each network after training."""
        return self.losses[:, -1]

    def diverged(self) -> np.ndarray:
        """(n_seeds,) True where the final loss is NaN or infinite."""
        return outcomes(self.final_losses)["diverged"]

    def stuck(self, threshold: float = SOLVED_BELOW) -> np.ndarray:
        """(n_seeds,) True where the final loss is finite but still at or above ``threshold``."""
        __tracebackhide__ = True
        return outcomes(self.final_losses, threshold)["stuck"]

    def solved(self, threshold: float = SOLVED_BELOW) -> np.ndarray:
        """(n_seeds,) True where the final loss is finite and below ``threshold``."""
        __tracebackhide__ = True
        return outcomes(self.final_losses, threshold)["solved"]

    def stuck_fraction(self, threshold: float = SOLVED_BELOW) -> float:
        """The share of all seeds that got stuck (diverged seeds count as not stuck, and not solved)."""
        __tracebackhide__ = True
        return float(np.mean(self.stuck(threshold)))

    def network(self, i: int) -> Network:
        """The trained network of the i-th seed (0 ≤ i < n_seeds, not the seed itself), as a ``Network``."""
        __tracebackhide__ = True
        i = check_whole_number(i, "index", minimum=0, maximum=len(self.seeds) - 1)
        if self.diverged()[i]:
            raise ValueError(f"index {i} (seed {self.seeds[i]}) diverged: its weights are not finite numbers, "
                             f"so there is no network to rebuild")
        return Network.from_weights([W[i] for W in self.weights],
                                    None if self.biases is None else [b[i] for b in self.biases],
                                    activation=self.activation)


def train_many_seeds(sizes: Sequence[int], seeds: Sequence[int] | int, X: ArrayLike, y: ArrayLike, *,
                     epochs: int, learning_rate: float = 1.0, loss: str = "mse", bias: bool = True,
                     activation: str = "sigmoid", scale: float = 1.0) -> ManySeeds:
    """Full-batch training of one network per seed, all in the same array operations.

    ``seeds`` is a list of seeds, or a count n meaning seeds 0, 1, …, n − 1.
    X is (n_samples, sizes[0]) and y is (n_samples, sizes[-1]); the other
    arguments mean what they mean in ``training.train``.
    """
    __tracebackhide__ = True
    sizes = check_sizes(sizes)
    if isinstance(seeds, (Sequence, np.ndarray)) and not isinstance(seeds, (str, bytes)):     # a list of seeds
        seeds = np.array(check_whole_numbers(check_list(seeds, "seeds", "a list of seeds", arrays=True), "seeds",
                                             minimum=0, maximum=MAX_SEED), dtype=np.int64)
        if len(seeds) == 0:
            raise ValueError("seeds is empty: give at least one seed")
    else:                                                                           # a count n: seeds 0 … n − 1
        seeds = np.arange(check_whole_number(seeds, "seeds (a count, or a list of seeds)", 1, MAX_ENTRIES))
    X, y = as_matrix(X, "X"), as_matrix(y, "y", "n_outputs")
    check_features(X, sizes[0])
    check_targets(X, y, sizes[-1])
    epochs = check_whole_number(epochs, "epochs", minimum=1)
    learning_rate = check_real(learning_rate, "learning_rate", greater_than=0)
    loss_fn = get_loss(loss)
    bias = check_flag(bias, "bias")
    scale = check_real(scale, "scale", at_least=0)
    hidden, output = get_activation(activation), get_activation("sigmoid")
    n_parameters = sum((n_in + (1 if bias else 0)) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    check_entries(len(seeds) * n_parameters, f"{len(seeds)} seeds of a network with sizes {sizes} (the weights)")
    check_entries(len(seeds) * (epochs + 1), f"{len(seeds)} seeds × epochs={epochs} (the loss history)")
    check_entries(len(seeds) * len(X) * max(sizes), f"{len(seeds)} seeds × {len(X)} examples (the activations)")
    __tracebackhide__ = False

    # Stack each seed's starting weights along a new leading axis.
    starts = [draw_parameters(sizes, int(s), bias, scale) for s in seeds]
    weights = [np.stack([w[layer] for w, _ in starts]) for layer in range(len(sizes) - 1)]
    biases = [np.stack([b[layer] for _, b in starts]) for layer in range(len(sizes) - 1)] if bias else None
    parameters = weights + (biases or [])

    losses = np.empty((len(seeds), epochs + 1))
    # As in train: an overflow makes a seed's loss NaN or infinite (its outcome
    # is then "diverged") instead of a numpy warning on every step.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs + 1):
            activations = forward_layers(weights, biases, X, hidden, output)
            losses[:, epoch] = loss_fn.value(activations[-1], y)
            if epoch == epochs:
                break
            dW, db = backward_layers(weights, activations, loss_fn.gradient(activations[-1], y), hidden, output)
            gradient_step(parameters, dW + (db if bias else []), learning_rate)
    return ManySeeds(seeds, sizes, weights, biases, losses, activation)
