"""The 2-2-1 XOR network of the worked example, with its weights named w1..w9.

Every unit has its bias first, then one weight per input::

    h1 = σ(w1 + w2·x1 + w3·x2)
    h2 = σ(w4 + w5·x1 + w6·x2)
    ŷ  = σ(w7 + w8·h1 + w9·h2)

In nnlib's matrix layout (see network.py) that is::

    hidden biases  b¹ = [w1, w4]           output bias  b² = [w7]
    hidden weights W¹ = [[w2, w5],         output weights W² = [[w8],
                         [w3, w6]]                              [w9]]

(rows of W¹: x1, x2; columns: h1, h2).

Which logical functions did the hidden units learn? ``hidden_table`` gives
their activations at the four corners, ``truth_table`` rounds one unit's
column to a string such as "0111" (OR).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from .errors import as_array, as_matrix, check_features, check_shape, describe
from .network import Gradients, Network
from .weights import legacy_draws

W_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9")

# Where each named weight lives: (which list, layer, index inside the array).
_PLACES: dict[str, tuple[str, int, tuple[int, ...]]] = {
    "w1": ("biases", 0, (0,)),     "w2": ("weights", 0, (0, 0)), "w3": ("weights", 0, (1, 0)),
    "w4": ("biases", 0, (1,)),     "w5": ("weights", 0, (0, 1)), "w6": ("weights", 0, (1, 1)),
    "w7": ("biases", 1, (0,)),     "w8": ("weights", 1, (0, 0)), "w9": ("weights", 1, (1, 0)),
}


def _place(name: str) -> tuple[str, int, tuple[int, ...]]:
    __tracebackhide__ = True
    if not isinstance(name, str) or name not in _PLACES:
        raise ValueError(f"unknown weight name {name!r}; the 2-2-1 network's weights are named w1 to w9")
    return _PLACES[name]


def _check_221(net: Network) -> None:
    __tracebackhide__ = True
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlib Network, got {describe(net)}")
    if net.sizes != [2, 2, 1] or not net.has_bias:
        raise ValueError(f"weights are named w1..w9 only for a 2-2-1 network with biases; "
                         f"got sizes {net.sizes} with bias={net.has_bias}")


def xor_network(w: Sequence[float] | Mapping[str, float]) -> Network:
    """A 2-2-1 sigmoid network with the nine given weights.

    ``w`` is either nine numbers in the order w1..w9 or a dict {"w1": …, …, "w9": …}.
    """
    __tracebackhide__ = True
    if isinstance(w, Mapping):
        missing = [name for name in W_NAMES if name not in w]
        extra = [name for name in w if name not in W_NAMES]
        if missing or extra:
            raise ValueError(f"need exactly the weights w1..w9; missing {missing}, unknown {extra}")
        values = [w[name] for name in W_NAMES]
    else:
        values = list(check_shape(w, (9,), "the nine weights w1..w9"))
    net = Network([2, 2, 1], bias=True)
    for name, value in zip(W_NAMES, values):
        set_w(net, name, value)
    return net


def get_w(net: Network) -> dict[str, float]:
    """The network's weights by name: {"w1": …, …, "w9": …}."""
    __tracebackhide__ = True
    _check_221(net)
    return {name: float(getattr(net, kind)[layer][index]) for name, (kind, layer, index) in _PLACES.items()}


def set_w(net: Network, name: str, value: float) -> None:
    """Set one named weight, e.g. ``set_w(net, "w7", 0.5)``."""
    __tracebackhide__ = True
    _check_221(net)
    kind, layer, index = _place(name)
    value = float(check_shape(value, (), name))
    __tracebackhide__ = False
    getattr(net, kind)[layer][index] = value


def gradients_by_name(gradients: Gradients) -> dict[str, float]:
    """The gradients of a 2-2-1 network with biases, by weight name: {"w1": ∂E/∂w1, …}."""
    __tracebackhide__ = True
    Network([2, 2, 1]).check_gradients_fit(gradients)     # 2-2-1 shapes, with bias gradients
    __tracebackhide__ = False
    return {name: float(getattr(gradients, kind)[layer][index])
            for name, (kind, layer, index) in _PLACES.items()}


def tutorial_start() -> list[float]:
    """w1..w9 as the worked example drew them.

    ``np.random.seed(27)``, then ``np.random.random((3, 2))`` for the hidden
    layer and ``np.random.random((3, 1))`` for the output. In the (3, 2)
    hidden matrix the rows are (bias, x1, x2) and the columns are (h1, h2),
    so w1..w3 are its first column and w4..w6 its second.
    """
    hidden, output = legacy_draws(27, [(3, 2), (3, 1)], "uniform")
    return [float(v) for v in np.concatenate([hidden[:, 0], hidden[:, 1], output[:, 0]])]


def hidden_table(net: Network, X: ArrayLike) -> np.ndarray:
    """The hidden units' activations for each row of X: shape (n_samples, n_hidden)."""
    __tracebackhide__ = True
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlib Network, got {describe(net)}")
    if len(net.sizes) != 3:
        raise ValueError(f"hidden_table needs a network with one hidden layer, got sizes {net.sizes}")
    return net.forward(X)[1]


def output_unit_table(net: Network, H: ArrayLike) -> np.ndarray:
    """Feed the *output unit alone* hidden values H (n_samples, n_hidden); returns (n_samples, n_outputs).

    With H = the binary table (0,0) (0,1) (1,0) (1,1) this shows which logical
    function of h1 and h2 the output unit has learned. Works with or without biases.
    """
    __tracebackhide__ = True
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlib Network, got {describe(net)}")
    if len(net.sizes) != 3:
        raise ValueError(f"output_unit_table needs a network with one hidden layer, got sizes {net.sizes}")
    H = as_matrix(H, "H", "n_hidden")
    check_features(H, net.sizes[1], "H")
    output_alone = Network.from_weights([net.weights[1]], None if net.biases is None else [net.biases[1]],
                                        output_activation=net.output_activation.name)
    return output_alone.predict(H)


def truth_table(values: ArrayLike) -> str:
    """A column of activations, shape (n,), rounded at 0.5, as a string such as "0111" (one digit per row)."""
    __tracebackhide__ = True
    values = as_array(values, "values")
    if values.ndim != 1:
        raise ValueError(f"values must be one column of activations, shape (n,), got shape {values.shape} "
                         f"(one unit's column of a table: table[:, j])")
    __tracebackhide__ = False
    return "".join("1" if v > 0.5 else "0" for v in values)
