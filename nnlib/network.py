"""A fully connected, layered network: forward pass, backward pass, predict.

Notation (the same in every notebook)::

    a⁰ = X                          the inputs, (n_samples, sizes[0])
    zˡ = aˡ⁻¹ · Wˡ + bˡ             pre-activations, (n_samples, sizes[l])
    aˡ = f(zˡ)                      activations; the last one is ŷ

Wˡ has shape (sizes[l-1], sizes[l]): one row per input, one column per unit,
so a whole batch goes through a layer in one matrix product. bˡ has shape
(sizes[l],) and is added to every row.

Backpropagation, with δˡ = ∂L/∂zˡ (same shape as zˡ)::

    δᴸ      = ∂L/∂ŷ ⊙ f'(zᴸ)                  the output layer
    δˡ      = (δˡ⁺¹ · (Wˡ⁺¹)ᵀ) ⊙ f'(zˡ)      one layer back (chain rule)
    ∂L/∂Wˡ  = (aˡ⁻¹)ᵀ · δˡ                   sums over the examples
    ∂L/∂bˡ  = Σ over rows of δˡ

⊙ is element-wise multiplication. The slopes f'(zˡ) are computed from the
stored activations aˡ (for the sigmoid, aˡ(1 − aˡ)).

The two functions ``forward_layers`` and ``backward_layers`` hold this maths.
They also work on a *stack* of networks (one per seed, with a leading axis on
every weight and bias), which is how ``many_seeds.py`` trains a thousand
networks at once; that is why they transpose with ``swap_last_two`` rather
than ``.T``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .activations import Activation, get_activation
from .errors import as_matrix, check_features, check_learning_rate, check_shape, check_sizes, check_targets
from .losses import get_loss
from .weights import random_parameters


def swap_last_two(m: np.ndarray) -> np.ndarray:
    """Transpose the last two axes: the same as ``m.T`` for one matrix,
    and "transpose every matrix" for a stack of them (n_seeds, rows, cols)."""
    return m.swapaxes(-1, -2)


def forward_layers(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray] | None,
                   X: np.ndarray, hidden: Activation, output: Activation) -> list[np.ndarray]:
    """Run X through every layer; return the activations [a⁰ = X, a¹, …, aᴸ = ŷ].

    X is (n_samples, n_inputs); aˡ is (n_samples, sizes[l]) — or, for a stack
    of networks, (n_seeds, n_samples, sizes[l]).
    """
    activations = [X]
    last = len(weights) - 1
    for layer, W in enumerate(weights):
        z = activations[-1] @ W
        if biases is not None:
            # A stacked bias (n_seeds, n_out) needs a middle axis to line up with z.
            b = biases[layer]
            z = z + (b[..., None, :] if b.ndim > 1 else b)
        f = output if layer == last else hidden
        activations.append(f.function(z))
    return activations


def backward_layers(weights: Sequence[np.ndarray], activations: Sequence[np.ndarray],
                    dL_dyhat: np.ndarray, hidden: Activation,
                    output: Activation) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Backpropagate ∂L/∂ŷ; return (∂L/∂Wˡ for every layer, ∂L/∂bˡ for every layer).

    ``activations`` is what ``forward_layers`` returned. Each gradient has the
    shape of the weight or bias it belongs to.
    """
    n_layers = len(weights)
    dW: list[np.ndarray] = [np.empty(0)] * n_layers
    db: list[np.ndarray] = [np.empty(0)] * n_layers
    delta = dL_dyhat * output.slope_from_a(activations[-1])          # δᴸ
    for layer in range(n_layers - 1, -1, -1):
        dW[layer] = swap_last_two(activations[layer]) @ delta       # (aˡ⁻¹)ᵀ · δˡ
        db[layer] = delta.sum(axis=-2)                               # Σ over rows
        if layer > 0:
            back = delta @ swap_last_two(weights[layer])             # δˡ · (Wˡ)ᵀ
            delta = back * hidden.slope_from_a(activations[layer])   # ⊙ f'(zˡ⁻¹)
    return dW, db


@dataclass
class Gradients:
    """∂L/∂W and ∂L/∂b for every layer, shaped like the network's parameters."""

    weights: list[np.ndarray]
    biases: list[np.ndarray] | None

    def as_list(self) -> list[np.ndarray]:
        """All gradient arrays in the order of ``Network.parameter_list``."""
        return self.weights + (self.biases or [])


class Network:
    """A layered network of fully connected units.

    ``Network([2, 2, 1])`` has 2 inputs, one hidden layer of 2 units and 1
    output. Any number of layers works: [3, 1], [3, 4, 1], [2, 3, 1],
    [4, 8, 8, 2], ...

    Parameters
    ----------
    sizes : units per layer, inputs first.
    bias : give every unit a bias b (True) or force z = a · W (False).
    seed : seed for the starting weights (see ``weights.random_parameters``).
    activation : hidden units' activation: 'sigmoid', 'tanh' or 'relu'.
    output_activation : the output units' activation (sigmoid by default, so
        predictions lie in (0, 1)).
    scale : standard deviation of the starting weights.
    """

    def __init__(self, sizes: Sequence[int], *, bias: bool = True, seed: int = 0,
                 activation: str = "sigmoid", output_activation: str = "sigmoid",
                 scale: float = 1.0) -> None:
        self.sizes = check_sizes(sizes)
        self.hidden = get_activation(activation)
        self.output = get_activation(output_activation)
        self.weights, self.biases = random_parameters(self.sizes, seed, bias=bias, scale=scale)

    @classmethod
    def from_weights(cls, weights: Sequence[ArrayLike], biases: Sequence[ArrayLike] | None = None, *,
                     activation: str = "sigmoid", output_activation: str = "sigmoid") -> "Network":
        """Build a network from given weight matrices (and bias vectors).

        weights[l] has shape (n_in, n_out) and each layer's n_in must equal
        the previous layer's n_out; biases[l], if given, has shape (n_out,).
        """
        if len(weights) < 1:
            raise ValueError("from_weights needs at least one weight matrix, got none")
        first = np.asarray(weights[0], dtype=float)
        if first.ndim != 2:
            raise ValueError(f"weights[0] must be a 2-D matrix (n_in, n_out), got shape {first.shape}")
        sizes = [first.shape[0]] + [np.shape(W)[-1] for W in weights]
        net = cls(sizes, bias=biases is not None, activation=activation, output_activation=output_activation)
        for layer, W in enumerate(weights):
            net.set_weights(layer, W)
        if biases is not None:
            if len(biases) != len(weights):
                raise ValueError(f"got {len(weights)} weight matrices but {len(biases)} bias vectors; "
                                 f"give one bias vector per layer")
            for layer, b in enumerate(biases):
                net.set_biases(layer, b)
        return net

    # --- sizes ---------------------------------------------------------------
    @property
    def n_inputs(self) -> int:
        return self.sizes[0]

    @property
    def n_outputs(self) -> int:
        return self.sizes[-1]

    @property
    def has_bias(self) -> bool:
        return self.biases is not None

    def __repr__(self) -> str:
        return (f"Network(sizes={self.sizes}, bias={self.has_bias}, activation={self.hidden.name!r}, "
                f"output_activation={self.output.name!r})")

    # --- parameters ----------------------------------------------------------
    def set_weights(self, layer: int, W: ArrayLike) -> None:
        """Replace layer ``layer``'s weight matrix; it must keep its shape (n_in, n_out)."""
        self._check_layer(layer)
        shape = (self.sizes[layer], self.sizes[layer + 1])
        self.weights[layer] = check_shape(W, shape, f"weights of layer {layer}").copy()

    def set_biases(self, layer: int, b: ArrayLike) -> None:
        """Replace layer ``layer``'s bias vector; it must keep its shape (n_out,)."""
        self._check_layer(layer)
        if self.biases is None:
            raise ValueError("this network was built with bias=False, so it has no biases to set")
        shape = (self.sizes[layer + 1],)
        self.biases[layer] = check_shape(b, shape, f"biases of layer {layer}").copy()

    def _check_layer(self, layer: int) -> None:
        n_layers = len(self.weights)
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < n_layers:
            raise ValueError(f"layer must be a whole number from 0 to {n_layers - 1}, got {layer!r}")

    def parameter_list(self) -> list[np.ndarray]:
        """Every parameter array (weights first, then biases); changing one changes the network."""
        return self.weights + (self.biases or [])

    def copy(self) -> "Network":
        """An independent copy: training the copy leaves this network alone."""
        twin = Network.__new__(Network)
        twin.sizes, twin.hidden, twin.output = list(self.sizes), self.hidden, self.output
        twin.weights = [W.copy() for W in self.weights]
        twin.biases = None if self.biases is None else [b.copy() for b in self.biases]
        return twin

    # --- the maths -----------------------------------------------------------
    def _inputs(self, X: ArrayLike) -> np.ndarray:
        X = as_matrix(X, "X")
        check_features(X, self.n_inputs)
        return X

    def check_data(self, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        X = self._inputs(X)
        y = as_matrix(y, "y", "n_outputs")
        check_targets(X, y, self.n_outputs)
        return X, y

    def forward(self, X: ArrayLike) -> list[np.ndarray]:
        """Activations of every layer for inputs X (n_samples, n_inputs).

        Returns [a⁰ = X, a¹, …, aᴸ = ŷ]: backward() needs all of them.
        """
        return forward_layers(self.weights, self.biases, self._inputs(X), self.hidden, self.output)

    def predict(self, X: ArrayLike) -> np.ndarray:
        """The network's output ŷ for inputs X: shape (n_samples, n_outputs).

        Works for any new input after training, e.g. ``net.predict([[1, 0, 0]])``.
        """
        return self.forward(X)[-1]

    def loss(self, X: ArrayLike, y: ArrayLike, loss: str = "mse") -> float:
        """The loss of the predictions for X against the targets y."""
        X, y = self.check_data(X, y)
        y_hat = forward_layers(self.weights, self.biases, X, self.hidden, self.output)[-1]
        return float(get_loss(loss).value(y_hat, y))

    def backward(self, activations: list[np.ndarray], y: np.ndarray, loss: str = "mse") -> Gradients:
        """Gradients of the loss for the activations of one forward pass and the targets y."""
        dL_dyhat = get_loss(loss).gradient(activations[-1], y)
        dW, db = backward_layers(self.weights, activations, dL_dyhat, self.hidden, self.output)
        return Gradients(dW, db if self.has_bias else None)

    def gradients(self, X: ArrayLike, y: ArrayLike, loss: str = "mse") -> Gradients:
        """∂L/∂W and ∂L/∂b for inputs X (n_samples, n_inputs) and targets y (n_samples, n_outputs)."""
        X, y = self.check_data(X, y)
        activations = forward_layers(self.weights, self.biases, X, self.hidden, self.output)
        return self.backward(activations, y, loss)

    def step(self, gradients: Gradients, learning_rate: float) -> None:
        """One gradient-descent step: every parameter p becomes p − α · ∂L/∂p."""
        learning_rate = check_learning_rate(learning_rate)
        for p, g in zip(self.parameter_list(), gradients.as_list()):
            p -= learning_rate * g
