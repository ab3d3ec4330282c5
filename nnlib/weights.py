"""Starting weights drawn from a seed.

Why a seed? Training starts from random weights, and a different start can
end in a different place. Fixing the seed makes every run, and every number
printed in the notebooks, the same on every machine.

Two families of draws live here:

* ``random_parameters``: nnlib's own start, from numpy's modern generator
  ``np.random.default_rng(seed)``; weights and biases come from the *standard
  normal* distribution N(0, 1) (mean 0, standard deviation 1), times ``scale``.
* ``legacy_draws``: the exact numbers the original tutorials got from
  ``np.random.seed(seed)`` followed by calls such as ``np.random.random`` or
  ``np.random.randn``. ``np.random.RandomState(seed)`` replays that old global
  generator without touching it. Note: ``randn`` draws from the standard
  *normal* distribution; ``random`` draws *uniformly* from [0, 1).

Shapes: a weight matrix is (n_in, n_out), a bias vector is (n_out,).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .errors import MAX_SEED, check_choice, check_flag, check_real, check_shapes_list, check_sizes, check_whole_number

LEGACY_KINDS = ("symmetric", "uniform", "normal")


def legacy_draws(seed: int, shapes: Sequence[tuple[int, ...]], kind: str) -> list[np.ndarray]:
    """Replay ``np.random.seed(seed)`` and one draw per shape, in order.

    kind = "symmetric":  2 * np.random.random(shape) - 1   (uniform on [−1, 1))
    kind = "uniform":    np.random.random(shape)           (uniform on [0, 1))
    kind = "normal":     np.random.randn(*shape)           (standard normal)

    Returns a list of arrays with the given shapes. The global numpy generator
    is left untouched. ``seed`` is a whole number from 0 to 2**32 − 1.
    """
    __tracebackhide__ = True
    seed = check_whole_number(seed, "seed", 0, MAX_SEED)
    shapes = check_shapes_list(shapes)
    check_choice(kind, LEGACY_KINDS, "kind of draw")
    __tracebackhide__ = False
    generator = np.random.RandomState(seed)
    draws = []
    for shape in shapes:
        if kind == "symmetric":
            draws.append(2 * generator.random_sample(shape) - 1)
        elif kind == "uniform":
            draws.append(generator.random_sample(shape))
        else:
            draws.append(generator.standard_normal(shape))
    return draws


def random_parameters(sizes: Sequence[int], seed: int, bias: bool = True,
                      scale: float = 1.0) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """Draw a network's starting weights (and biases) from N(0, scale²).

    For each layer in turn: the weight matrix (sizes[l], sizes[l+1]), then,
    if ``bias``, the bias vector (sizes[l+1],). Returns (weights, biases),
    with biases None when ``bias`` is False. ``seed`` is a whole number from
    0 to 2**32 − 1; ``scale`` is a finite number >= 0 (0 starts every weight at 0).
    """
    __tracebackhide__ = True
    sizes = check_sizes(sizes)
    seed = check_whole_number(seed, "seed", 0, MAX_SEED)
    bias = check_flag(bias, "bias")
    scale = check_real(scale, "scale", at_least=0)
    __tracebackhide__ = False
    return draw_parameters(sizes, seed, bias, scale)


def draw_parameters(sizes: list[int], seed: int, bias: bool,
                    scale: float) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """``random_parameters`` without the checks, for callers that have checked the arguments already."""
    rng = np.random.default_rng(seed)
    weights: list[np.ndarray] = []
    biases: list[np.ndarray] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weights.append(scale * rng.standard_normal((n_in, n_out)))
        if bias:
            biases.append(scale * rng.standard_normal(n_out))
    return weights, (biases if bias else None)
