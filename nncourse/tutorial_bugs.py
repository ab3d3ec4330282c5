"""Teaching foils: backward passes with the bugs that the original tutorials (or their readers) had.

Only the checks of notebook 04b's exercises (exercises/nb04b.py) use this
file. Notebooks 03, 04 and 04b use it to show what a gradient check says about
a wrong backward pass, next to the right one.
Every function here is *deliberately wrong* in the way its docstring says;
do not copy it into working code. The correct versions are
``Network.gradients`` and ``nnlib.train``.

The sigmoid's slope (see ``activations.py``) can be written from the
pre-activation, σ'(z) = σ(z)(1 − σ(z)), or from the stored activation,
a(1 − a). Both are right. The bugs are mixing them up:

    "sigma_prime_of_a"   σ' applied to the activation: σ(a)(1 − σ(a)).
                         The function wants z but is given a = σ(z).
    "slope_of_slope"     a(1 − a) applied to a value that is already the
                         slope: s(1 − s) with s = a(1 − a).
    "a_formula_on_z"     a(1 − a) applied to the pre-activation: z(1 − z).

Figure 6 of the curriculum (a 3-4-1 XOR network with biases) had the first
bug *and* a second one: its hidden bias gradient averaged over the wrong axis.
(It also moved its biases by a mean where the weights moved by a sum, a
quiet factor ¼.) ``figure6_update`` and ``figure6_run`` replay that code
exactly, each of the three switchable on its own.

Shapes follow network.py: X (n_samples, n_inputs), y (n_samples, n_outputs),
a weight matrix (n_in, n_out), a bias vector (n_out,).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from nnlib.activations import Activation, sigmoid, sigmoid_slope_from_a, sigmoid_slope_from_z
from nnlib.errors import as_matrix, check_choice, check_entries, check_shape, check_whole_number, describe
from nnlib.losses import get_loss
from nnlib.network import Gradients, Network, backward_layers, forward_layers
from nnlib.weights import legacy_draws

# --- 1. wrong slopes in a general backward pass -------------------------------------

def _z_from_a(a: np.ndarray) -> np.ndarray:
    """Undo the sigmoid: z = ln(a / (1 − a)). (The buggy code had z at hand; we recover it.)"""
    return np.log(a) - np.log1p(-a)


# bug name → the slope the buggy code multiplies with, given the activation a.
_SLOPES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "none": sigmoid_slope_from_a,                                               # a(1 − a): right
    "sigma_prime_of_a": sigmoid_slope_from_z,                                   # σ(a)(1 − σ(a))
    "slope_of_slope": lambda a: sigmoid_slope_from_a(sigmoid_slope_from_a(a)),  # s(1 − s), s = a(1 − a)
    "a_formula_on_z": lambda a: sigmoid_slope_from_a(_z_from_a(a)),             # z(1 − z)
}
SLOPE_BUGS = tuple(_SLOPES)


def gradients_with_bug(net: Network, X: ArrayLike, y: ArrayLike, bug: str, loss: str = "mse") -> Gradients:
    """The gradients of ``loss`` for a sigmoid network, computed with the sigmoid-slope bug ``bug``.

    bug = "none" gives the right gradients (the same as ``net.gradients``);
    "sigma_prime_of_a", "slope_of_slope" and "a_formula_on_z" are described in
    the module docstring. Only the slope is wrong: the rest is nnlib's own
    backward pass (``network.backward_layers``), handed a sigmoid whose slope
    function has the bug. So a gradient check
    (``nnlib.check_gradients(net, X, y, loss, gradients=...)``) blames the
    slope alone. Returns Gradients shaped like the network's parameters.
    """
    __tracebackhide__ = True
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlib Network, got {describe(net)}")
    check_choice(bug, SLOPE_BUGS, "bug")
    if net.hidden_activation.name != "sigmoid" or net.output_activation.name != "sigmoid":
        raise ValueError("gradients_with_bug shows sigmoid-slope bugs, so every layer must be a sigmoid; "
                         f"got hidden {net.hidden_activation.name!r} and output {net.output_activation.name!r}")
    X, y = net.check_data(X, y)
    __tracebackhide__ = False
    buggy = Activation(f"sigmoid with the {bug!r} slope", sigmoid, sigmoid_slope_from_z, _SLOPES[bug])
    activations = forward_layers(net.weights, net.biases, X, buggy, buggy)
    dL_dyhat = get_loss(loss).gradient(activations[-1], y)
    dW, db = backward_layers(net.weights, activations, dL_dyhat, buggy, buggy)
    return Gradients(dW, db if net.has_bias else None)


# --- 2. figure 6: the 3-4-1 XOR network with biases, and its two bugs -----------------

FIGURE6_X = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 1], [0, 0, 1]], dtype=float)
FIGURE6_Y = np.array([[1], [1], [0], [0]], dtype=float)
FIGURE6_SHAPES = {"W1": (3, 4), "W2": (4, 1), "b1": (4,), "b2": (1,)}


def figure6_start() -> list[np.ndarray]:
    """[W1 (3, 4), W2 (4, 1), b1 (4,), b2 (1,)]: np.random.seed(1), then randn for each, in that order."""
    return legacy_draws(1, list(FIGURE6_SHAPES.values()), "normal")


def _figure6_parameters(parameters: Sequence[ArrayLike]) -> list[np.ndarray]:
    """[W1, W2, b1, b2] as float arrays, each checked against its shape in FIGURE6_SHAPES."""
    __tracebackhide__ = True
    checked = []
    for value, (name, shape) in zip(parameters, FIGURE6_SHAPES.items()):
        checked.append(check_shape(value, shape, name))
    return checked


def figure6_update(W1: np.ndarray, W2: np.ndarray, b1: np.ndarray, b2: np.ndarray,
                   X: np.ndarray = FIGURE6_X, y: np.ndarray = FIGURE6_Y, *, slope_bug: bool = True,
                   axis_bug: bool = True, bias_mean: bool = True) -> list[np.ndarray]:
    """What the figure-6 code *adds* to [W1, W2, b1, b2] in one training step (learning rate 1).

    The code, with a1 = σ(X·W1 + b1) and a2 = σ(a1·W2 + b2)::

        d2 = (y − a2) ⊙ slope(a2)
        d1 = (d2 · W2ᵀ) ⊙ slope(a1)
        W2 += a1ᵀ · d2      b2 += mean(d2, axis=0)
        W1 += Xᵀ · d1       b1 += mean(d1, axis=1)      ← axis_bug

    slope_bug: slope(a) = σ(a)(1 − σ(a)), the σ' formula fed an activation
    (without the bug: a(1 − a)).
    axis_bug: d1 is (n_samples, n_hidden); averaging over axis 1 gives one
    number per *example*, not per hidden unit. With 4 examples and 4 hidden
    units the shapes happen to match, so numpy does not complain (without
    the bug: axis 0).

    bias_mean: even without those two bugs the code moves the biases by the
    *mean* over the examples while it moves the weights by the *sum*, so the
    bias steps are a quarter of the gradient of ½·SSE (a per-parameter
    learning rate of ¼; a gradient check notices this too). Without it: the
    sum, and with all three switched off the step is exactly −∂(½·SSE)/∂θ,
    what ``nnlib.train(..., loss="half_sse", learning_rate=1)`` does.
    """
    __tracebackhide__ = True
    W1, W2, b1, b2 = _figure6_parameters([W1, W2, b1, b2])
    X, y = as_matrix(X, "X"), as_matrix(y, "y", "n_outputs")
    check_shape(X, (len(X), 3), "X")
    check_shape(y, (len(X), 1), "y")
    if axis_bug and len(X) != 4:
        raise ValueError("with axis_bug=True figure 6's code only runs with 4 examples (its wrong axis needs as "
                         f"many examples as hidden units); got {len(X)}")
    __tracebackhide__ = False
    return _figure6_step(W1, W2, b1, b2, X, y, slope_bug, axis_bug, bias_mean)


def _figure6_step(W1: np.ndarray, W2: np.ndarray, b1: np.ndarray, b2: np.ndarray, X: np.ndarray, y: np.ndarray,
                  slope_bug: bool, axis_bug: bool, bias_mean: bool) -> list[np.ndarray]:
    """``figure6_update`` on arrays already checked (the training loop calls it every epoch)."""
    slope = sigmoid_slope_from_z if slope_bug else sigmoid_slope_from_a
    combine = np.mean if bias_mean else np.sum
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    d2 = (y - a2) * slope(a2)
    d1 = (d2 @ W2.T) * slope(a1)
    return [X.T @ d1, a1.T @ d2, combine(d1, axis=1 if axis_bug else 0), combine(d2, axis=0)]


def _network(parameters: Sequence[np.ndarray]) -> Network:
    __tracebackhide__ = True
    if isinstance(parameters, (str, bytes)) or not isinstance(parameters, Sequence) or len(parameters) != 4:
        raise ValueError(f"start must be the four arrays [W1, W2, b1, b2], got {describe(parameters)}")
    W1, W2, b1, b2 = parameters
    return Network.from_weights([W1, W2], [b1, b2])


def figure6_gradients(net: Network, X: ArrayLike = FIGURE6_X, y: ArrayLike = FIGURE6_Y, *,
                      slope_bug: bool = True, axis_bug: bool = True, bias_mean: bool = True) -> Gradients:
    """The figure-6 code's step, read as a gradient: minus ``figure6_update``.

    The code adds its step, so what it treats as ∂L/∂θ is minus the step
    (the switches are those of ``figure6_update``).
    Compare it with the true gradient of ½·SSE::

        nnlib.check_gradients(net, X, y, loss="half_sse", gradients=figure6_gradients(net))

    ``net`` is a 3-4-1 sigmoid network with biases (``Network.from_weights``).
    """
    __tracebackhide__ = True
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlib Network (3-4-1, with biases), got {describe(net)}")
    if net.sizes != [3, 4, 1] or not net.has_bias:
        raise ValueError(f"figure 6 is a 3-4-1 network with biases; got sizes {net.sizes}, bias={net.has_bias}")
    X, y = net.check_data(X, y)
    if X.shape[0] != 4:
        raise ValueError("figure 6's code only runs with 4 examples (its wrong axis needs as many examples "
                         f"as hidden units); got {X.shape[0]}")
    __tracebackhide__ = False
    W1, W2 = net.weights
    b1, b2 = net.biases
    step = _figure6_step(W1, W2, b1, b2, X, y, slope_bug, axis_bug, bias_mean)
    return Gradients([-step[0], -step[1]], [-step[2], -step[3]])


def figure6_run(epochs: int = 2000, every: int = 1000, start: Sequence[ArrayLike] | None = None, *,
                slope_bug: bool = True, axis_bug: bool = True, bias_mean: bool = True) -> dict[int, float]:
    """Replay the figure-6 training loop; return {epoch: mean |y − ŷ|} every ``every`` epochs.

    Like the original, the "loss" (mean absolute error, which the tutorial
    called the mean squared error) is taken *before* that epoch's update, at
    epochs 0, every, 2·every, … up to ``epochs``. ``start`` is
    [W1, W2, b1, b2] (default ``figure6_start()``); it is copied, not changed.
    The switches are those of ``figure6_update``; all True is the published code.
    """
    __tracebackhide__ = True
    epochs = check_whole_number(epochs, "epochs", minimum=0)
    every = check_whole_number(every, "every", minimum=1)
    check_entries(epochs // every + 1, f"epochs={epochs} with every={every} (the printed losses)")
    if start is None:
        start = figure6_start()
    if isinstance(start, (str, bytes)) or not isinstance(start, Sequence):
        raise TypeError(f"start must be a list of the four arrays [W1, W2, b1, b2], got {describe(start)}")
    if len(start) != 4:
        raise ValueError(f"start must be [W1, W2, b1, b2], got {len(start)} array(s)")
    W1, W2, b1, b2 = (p.copy() for p in _figure6_parameters(start))
    __tracebackhide__ = False
    printed: dict[int, float] = {}
    for epoch in range(epochs + 1):
        if epoch % every == 0:
            y_hat = sigmoid(sigmoid(FIGURE6_X @ W1 + b1) @ W2 + b2)
            printed[epoch] = float(np.mean(np.abs(FIGURE6_Y - y_hat)))
        if epoch == epochs:
            break
        for p, step in zip((W1, W2, b1, b2),
                           _figure6_step(W1, W2, b1, b2, FIGURE6_X, FIGURE6_Y, slope_bug, axis_bug, bias_mean)):
            p += step
    return printed


def figure6_network(start: Sequence[ArrayLike] | None = None) -> Network:
    """The figure-6 starting weights as an nnlib Network([3, 4, 1]) with biases."""
    __tracebackhide__ = True
    return _network(figure6_start() if start is None else start)
