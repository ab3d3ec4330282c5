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
follows the same path as training that seed alone (full batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .activations import get_activation
from .errors import as_matrix, check_features, check_learning_rate, check_positive_int, check_sizes, check_targets
from .losses import get_loss
from .network import Network, backward_layers, forward_layers
from .weights import random_parameters


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

    def stuck(self, threshold: float = 0.05) -> np.ndarray:
        """(n_seeds,) True where the final loss is still at or above ``threshold``."""
        return self.final_losses >= threshold

    def stuck_fraction(self, threshold: float = 0.05) -> float:
        """The share of seeds whose final loss stayed at or above ``threshold``."""
        return float(np.mean(self.stuck(threshold)))

    def network(self, i: int) -> Network:
        """The trained network of the i-th seed, as an ordinary ``Network``."""
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
    sizes = check_sizes(sizes)
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        seeds = range(check_positive_int(seeds, "number of seeds"))
    seeds = np.array([check_positive_int(s, "seed", minimum=0) for s in seeds], dtype=int)
    if seeds.size == 0:
        raise ValueError("seeds is empty: give at least one seed")
    X, y = as_matrix(X, "X"), as_matrix(y, "y", "n_outputs")
    check_features(X, sizes[0])
    check_targets(X, y, sizes[-1])
    epochs = check_positive_int(epochs, "epochs")
    learning_rate = check_learning_rate(learning_rate)
    loss_fn = get_loss(loss)
    hidden, output = get_activation(activation), get_activation("sigmoid")

    # Stack each seed's starting weights along a new leading axis.
    starts = [random_parameters(sizes, int(s), bias=bias, scale=scale) for s in seeds]
    weights = [np.stack([w[layer] for w, _ in starts]) for layer in range(len(sizes) - 1)]
    biases = [np.stack([b[layer] for _, b in starts]) for layer in range(len(sizes) - 1)] if bias else None
    parameters = weights + (biases or [])

    losses = np.empty((len(seeds), epochs + 1))
    for epoch in range(epochs + 1):
        activations = forward_layers(weights, biases, X, hidden, output)
        losses[:, epoch] = loss_fn.value(activations[-1], y)
        if epoch == epochs:
            break
        dW, db = backward_layers(weights, activations, loss_fn.gradient(activations[-1], y), hidden, output)
        for p, g in zip(parameters, dW + (db if bias else [])):
            p -= learning_rate * g
    return ManySeeds(seeds, sizes, weights, biases, losses, activation)
