"""A fully connected, layered network: forward pass, backward pass, predict.

Notation (the same in every notebook)::

    a⁰ = X                          the inputs, (n_samples, sizes[0])
    zˡ = aˡ⁻¹ · Wˡ + bˡ             pre-activations, (n_samples, sizes[l])
    aˡ = f(zˡ)                      activations, l = 1 … K; the last, aᴷ, is ŷ

Wˡ has shape (sizes[l-1], sizes[l]): one row per input, one column per unit,
so a whole batch goes through a layer in one matrix product. bˡ has shape
(sizes[l],) and is added to every row.

The maths counts layers from 1 (W¹ is the first weight matrix, Wᴷ the last;
L is always the loss); Python's lists count from 0. So in the code
``weights[l - 1]`` is Wˡ, ``biases[l - 1]`` is bˡ, and ``activations[l]`` is aˡ
(``activations[0]`` is X), and a message about the first weight matrix says
``weights[0]``.

Backpropagation, with δˡ = ∂L/∂zˡ (same shape as zˡ)::

    δᴷ      = ∂L/∂ŷ ⊙ f'(zᴷ)                  the output layer
    δˡ      = (δˡ⁺¹ · (Wˡ⁺¹)ᵀ) ⊙ f'(zˡ)      one layer back (chain rule)
    ∂L/∂Wˡ  = (aˡ⁻¹)ᵀ · δˡ                   sums over the examples
    ∂L/∂bˡ  = Σ over rows of δˡ

⊙ is element-wise multiplication. The slopes f'(zˡ) are computed from the
stored activations aˡ (for the sigmoid, aˡ(1 − aˡ)).

The two functions ``forward_layers`` and ``backward_layers`` hold this maths,
and ``gradient_step`` moves the parameters (p ← p − α · ∂L/∂p); ``train``,
``Network.step`` and the many-seed trainer all use these three. They also
work on a *stack* of networks (one per seed, with a leading axis on every
weight and bias), which is how ``many_seeds.py`` trains a thousand networks at
once; that is why they transpose with ``.mT`` ("transpose the last two axes":
the same as ``.T`` for one matrix, and "transpose every matrix" for a stack
(n_seeds, rows, cols)) rather than ``.T``.

Parameters always come in one order: every layer's weight matrix, then (if
the network has biases) every layer's bias vector. ``Network.parameter_list``,
``Gradients.as_list`` and the gradient checks all use it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .activations import Activation, get_activation
from .errors import as_array, as_matrix, check_features, check_list, check_real, check_shape, check_targets, describe
from .losses import Loss, get_loss
from .weights import random_parameters


def forward_layers(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray] | None,
                   X: np.ndarray, hidden: Activation, output: Activation) -> list[np.ndarray]:
    """Run X through every layer; return the activations [a⁰ = X, a¹, …, aᴷ = ŷ].

    X is (n_samples, n_inputs); aˡ is (n_samples, sizes[l]) — or, for a stack
    of networks, (n_seeds, n_samples, sizes[l]).
    """
    activations = [X]
    last = len(weights) - 1
    for k, W in enumerate(weights):                   # k = l − 1: W is Wˡ
        z = activations[-1] @ W                        # aˡ⁻¹ · Wˡ
        if biases is not None:
            # A stacked bias (n_seeds, n_out) needs a middle axis to line up with z.
            b = biases[k]
            z = z + (b[..., None, :] if b.ndim > 1 else b)
        f = output if k == last else hidden
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
    delta = dL_dyhat * output.slope_from_a(activations[-1])          # δᴷ
    for k in range(n_layers - 1, -1, -1):                            # k = l − 1, last layer first
        dW[k] = activations[k].mT @ delta                            # (aˡ⁻¹)ᵀ · δˡ
        db[k] = delta.sum(axis=-2)                                   # Σ over rows
        if k > 0:
            back = delta @ weights[k].mT                             # δˡ · (Wˡ)ᵀ
            delta = back * hidden.slope_from_a(activations[k])       # ⊙ f'(zˡ⁻¹): now δˡ⁻¹
    return dW, db


def gradient_step(parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray],
                  learning_rate: float) -> None:
    """One step of gradient descent, in place: every parameter p becomes p − α · ∂L/∂p.

    ``parameters`` and ``gradients`` are lists in the same order (weights,
    then biases), each gradient shaped like its parameter.
    """
    for p, g in zip(parameters, gradients, strict=True):
        p -= learning_rate * g


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
    sizes : units per layer, inputs first (a list, tuple or 1-D array of whole numbers).
    bias : give every unit a bias b (True) or force z = a · W (False).
    seed : seed for the starting weights (see ``weights.random_parameters``).
    activation : hidden units' activation: 'sigmoid', 'tanh' or 'relu'.
    output_activation : the output units' activation (sigmoid by default, so
        predictions lie in (0, 1)).
    scale : standard deviation of the starting weights (>= 0).

    Attributes: ``sizes``; ``weights`` and ``biases`` (lists of arrays, see
    the module docstring; ``biases`` is None without biases); ``hidden_activation``
    and ``output_activation``, the two ``Activation`` objects (not values: the
    output ŷ itself is ``net.predict(X)``).

    The methods come in reading order: the maths first (forward, backward,
    step, and what is built on them), then building and changing a network.
    """

    def __init__(self, sizes: Sequence[int], *, bias: bool = True, seed: int = 0,
                 activation: str = "sigmoid", output_activation: str = "sigmoid",
                 scale: float = 1.0) -> None:
        __tracebackhide__ = True
        self.weights, self.biases = random_parameters(sizes, seed, bias=bias, scale=scale)   # checks sizes
        self.sizes = [self.weights[0].shape[0]] + [W.shape[1] for W in self.weights]
        self.hidden_activation = get_activation(activation)
        self.output_activation = get_activation(output_activation)

    # --- the maths -----------------------------------------------------------
    def forward(self, X: ArrayLike) -> list[np.ndarray]:
        """Activations of every layer for inputs X (n_samples, n_inputs).

        Returns [a⁰ = X, a¹, …, aᴷ = ŷ]: backward() needs all of them.
        """
        __tracebackhide__ = True
        X = as_matrix(X, "X")
        check_features(X, self.n_inputs)
        __tracebackhide__ = False
        return self._forward(X)

    def backward(self, activations: list[np.ndarray], y: ArrayLike, loss: str = "mse") -> Gradients:
        """Gradients of the loss for the activations of one forward pass and the targets y.

        ``activations`` is what ``forward(X)`` returned; y is (n_samples, n_outputs).
        """
        __tracebackhide__ = True
        n_arrays = len(self.sizes)
        if isinstance(activations, np.ndarray) or not isinstance(activations, Sequence) \
                or len(activations) != n_arrays:
            raise TypeError(f"activations must be the list forward(X) returned ({n_arrays} arrays, "
                            f"a⁰ = X to aᴷ = ŷ), got {describe(activations)}")
        activations = [as_array(a, f"activations[{k}]") for k, a in enumerate(activations)]
        n_samples = activations[0].shape[0] if activations[0].ndim == 2 else None
        for k, a in enumerate(activations):
            if a.shape != (n_samples, self.sizes[k]):
                raise ValueError(f"activations[{k}] should have shape (n_samples, {self.sizes[k]}) for this "
                                 f"network, got {a.shape}; pass what forward(X) returned")
        y = as_matrix(y, "y", "n_outputs")
        check_targets(activations[0], y, self.n_outputs)
        loss_fn = get_loss(loss)
        __tracebackhide__ = False
        return self._backward(activations, y, loss_fn)

    def step(self, gradients: Gradients, learning_rate: float) -> None:
        """One gradient-descent step: every parameter p becomes p − α · ∂L/∂p.

        ``gradients`` must fit this network: same shapes, and bias gradients
        exactly when the network has biases.
        """
        __tracebackhide__ = True
        arrays = self.check_gradients_fit(gradients)
        learning_rate = check_real(learning_rate, "learning_rate", greater_than=0)
        __tracebackhide__ = False
        gradient_step(self.parameter_list(), arrays, learning_rate)

    def _forward(self, X: np.ndarray) -> list[np.ndarray]:
        """``forward_layers`` with this network's parameters and activations (X already checked)."""
        return forward_layers(self.weights, self.biases, X, self.hidden_activation, self.output_activation)

    def _backward(self, activations: list[np.ndarray], y: np.ndarray, loss_fn: Loss) -> Gradients:
        """``backward_layers`` from ∂L/∂ŷ of ``loss_fn`` (arguments already checked)."""
        dL_dyhat = loss_fn.gradient(activations[-1], y)
        dW, db = backward_layers(self.weights, activations, dL_dyhat, self.hidden_activation, self.output_activation)
        return Gradients(dW, db if self.has_bias else None)

    def predict(self, X: ArrayLike) -> np.ndarray:
        """The network's output ŷ for inputs X: shape (n_samples, n_outputs).

        Works for any new input after training, e.g. ``net.predict([[1, 0, 0]])``.
        """
        __tracebackhide__ = True
        return self.forward(X)[-1]

    def loss(self, X: ArrayLike, y: ArrayLike, loss: str = "mse") -> float:
        """The loss of the predictions for X against the targets y."""
        __tracebackhide__ = True
        X, y = self.check_data(X, y)
        loss_fn = get_loss(loss)
        __tracebackhide__ = False
        return float(loss_fn.value(self._forward(X)[-1], y))

    def gradients(self, X: ArrayLike, y: ArrayLike, loss: str = "mse") -> Gradients:
        """∂L/∂W and ∂L/∂b for inputs X (n_samples, n_inputs) and targets y (n_samples, n_outputs)."""
        __tracebackhide__ = True
        X, y = self.check_data(X, y)
        loss_fn = get_loss(loss)
        __tracebackhide__ = False
        return self._backward(self._forward(X), y, loss_fn)

    # --- checks at the door ----------------------------------------------------
    def check_data(self, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """X (n_samples, n_inputs) and y (n_samples, n_outputs) as float arrays, or a clear error."""
        __tracebackhide__ = True
        X, y = as_matrix(X, "X"), as_matrix(y, "y", "n_outputs")
        check_features(X, self.n_inputs)
        check_targets(X, y, self.n_outputs)
        return X, y

    def check_gradients_fit(self, gradients: Gradients, name: str = "gradients") -> list[np.ndarray]:
        """The gradient arrays in parameter order, if they have this network's shapes (and bias-ness)."""
        __tracebackhide__ = True
        if not isinstance(gradients, Gradients):
            raise TypeError(f"{name} must be a Gradients object (from net.gradients(X, y) or "
                            f"nnlib.Gradients(weights, biases)), got {describe(gradients)}")
        if (gradients.biases is None) == self.has_bias:
            has = "no bias gradients" if gradients.biases is None else "bias gradients"
            raise ValueError(f"{name} has {has} but the network was built with bias={self.has_bias}; "
                             f"use gradients computed for this network")
        arrays = [as_array(g, name) for g in gradients.as_list()]
        wanted = [p.shape for p in self.parameter_list()]
        if [g.shape for g in arrays] != wanted:
            raise ValueError(f"{name} have shapes {[g.shape for g in arrays]} but the network's parameters "
                             f"have shapes {wanted} (weights first, then biases)")
        return arrays

    # --- building and changing a network ---------------------------------------
    @classmethod
    def from_weights(cls, weights: Sequence[ArrayLike], biases: Sequence[ArrayLike] | None = None, *,
                     activation: str = "sigmoid", output_activation: str = "sigmoid") -> "Network":
        """Build a network from given weight matrices (and bias vectors).

        weights[l] has shape (n_in, n_out) and each layer's n_in must equal
        the previous layer's n_out; biases[l], if given, has shape (n_out,).
        """
        __tracebackhide__ = True
        weights = check_list(weights, "weights", "a list of weight matrices, one per layer")
        if len(weights) < 1:
            raise ValueError("from_weights needs at least one weight matrix, got none")
        for layer, W in enumerate(weights):
            W = weights[layer] = as_array(W, f"weights[{layer}]")
            if W.ndim != 2:
                raise ValueError(f"weights[{layer}] must be a 2-D matrix (n_in, n_out), got shape {W.shape}")
        if biases is not None:
            biases = check_list(biases, "biases", "None or a list of bias vectors, one per layer")
            if len(biases) != len(weights):
                raise ValueError(f"got {len(weights)} weight matrices but {len(biases)} bias vectors; "
                                 f"give one bias vector per layer")
        sizes = [weights[0].shape[0]] + [W.shape[1] for W in weights]
        net = cls(sizes, bias=biases is not None, activation=activation, output_activation=output_activation)
        for layer, W in enumerate(weights):
            net.weights[layer] = check_shape(W, (sizes[layer], sizes[layer + 1]), f"weights[{layer}]").copy()
        for layer, b in enumerate(biases or []):
            net.biases[layer] = check_shape(b, (sizes[layer + 1],), f"biases[{layer}]").copy()
        return net

    def parameter_list(self) -> list[np.ndarray]:
        """Every parameter array (weights first, then biases); changing one changes the network."""
        return self.weights + (self.biases or [])

    def copy(self) -> "Network":
        """An independent copy: training the copy leaves this network alone (the activations are shared)."""
        twin = copy.copy(self)
        twin.sizes, twin.weights = list(self.sizes), [W.copy() for W in self.weights]
        twin.biases = None if self.biases is None else [b.copy() for b in self.biases]
        return twin

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
        return (f"Network(sizes={self.sizes}, bias={self.has_bias}, activation={self.hidden_activation.name!r}, "
                f"output_activation={self.output_activation.name!r})")


def practice_neuron() -> Network:
    """Notebook 03's one-input sigmoid neuron, ŷ = σ(w·x + b), starting at w = 0, b = 0.

    A ``Network([1, 1])`` whose weight and bias are set to 0, the start of the
    walk on the loss surface and of the learning-rate explorer. Train it on
    ``nnlib.data.practice_hours()``.
    """
    return Network.from_weights([[[0.0]]], [[0.0]])
