"""Checks for notebook 07 · Build your own network.

The learner writes a network class in plain numpy (``MyNetwork`` in the
notebook). The checks take that class (or an instance of it) and hold it to
this contract:

    net = MyNetwork(sizes, seed=0)   sizes: units per layer, inputs first, e.g. [2, 2, 1]
    net.weights      a list of L arrays, weights[l] of shape (sizes[l], sizes[l+1])
    net.biases       a list of L arrays, biases[l] of shape (sizes[l+1],)
    net.forward(X)   [a⁰ = X, a¹, …, aᴷ = ŷ]: K + 1 arrays, aˡ of shape (n_samples, sizes[l])
    net.backward(activations, y)     (dW, db): two lists shaped like weights and biases
    net.train_step(X, y, learning_rate)   one step downhill; returns the loss *before* it

Every unit is a sigmoid and the loss is the mean squared error over every
entry of ŷ, L = (1/N) Σ (ŷ − y)², exactly as ``nnlib.Network`` and
``nnlib.train`` do by default. The starting weights are nnlib's seeded draws
(``nnlib.random_parameters(sizes, seed)``). To compare like with like, the
checks build an instance and then *replace* ``net.weights`` and
``net.biases`` with lists of their own arrays, so the methods must read them
from ``self`` every time.

Each check prints "correct" or a hint and returns a Verdict; none raises, and
no hint prints a value the learner is asked to compute (shapes, layer numbers
and rough factors only). The expected numbers are computed at check time with
``nnlib``. ``check.backward.reveal()`` (and the same on the other class
checks) prints a worked version of the method with the rules it follows; a
method that still raises NotImplementedError is not counted as a wrong try.
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any, Callable, Sequence

import numpy as np

from nnlib.activations import get_activation, sigmoid
from nnlib.data import toy_xor3, xor
from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.losses import get_loss
from nnlib.network import Network, forward_layers
from nnlib.training import train
from nnlib.weights import legacy_draws, random_parameters
from . import (CustomCheck, Mistake, Outcome, Solution, not_started, number_check, read_number,
               right, unreadable, wrong)
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

GRADIENT_TOLERANCE = 1e-6     # relative error per array, as nnlib's GradientCheck.passed()
CURVE_TOLERANCE = 1e-12       # the loss curve and the trained weights, against nnlib.train
N_SAMPLES = 7                 # examples in the random data: no layer has 7 units, so a wrong axis shows

# check.parameters: these sizes and seeds.
PARAMETER_CASES = [([2, 2, 1], 0), ([3, 4, 1], 5), ([4, 8, 8, 2], 1)]

# check.training: (sizes, seed, learning rate); 2-2-1 on XOR, then a wider net on random data.
TRAINING_CASES = [([2, 2, 1], 3, 4.0), ([3, 5, 2], 1, 1.0)]
EPOCHS = 100

# The predict-then-run exercise: a 2-2-1 network started from all zeros, trained on XOR.
ZERO_START_RUN = dict(epochs=1000, learning_rate=2.0)

# The stretch exercise: notebook 04's 3-4-1 loop with a second hidden layer (no biases, ½·SSE).
STRETCH_HIDDEN = [4, 5]       # checked with a 3-4-4-1 and a 3-4-5-1 network


class _NotYet(Exception):
    """Raised inside a check to stop at the first thing that is off; its message is the hint.

    ``attempt`` is False when the code is not an attempt yet (a method still
    raising NotImplementedError, something that is not a class): such a hint
    is not counted as a wrong try.
    """

    def __init__(self, hint: str, attempt: bool = True) -> None:
        super().__init__(hint)
        self.attempt = attempt


# --- running the learner's code safely --------------------------------------------------

def _call(what: str, function: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call the learner's code; turn anything it raises into a hint, and keep it quiet."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function(*args, **kwargs)
    except NotImplementedError:
        raise _NotYet(f"{what} is not written yet (it still raises NotImplementedError)", attempt=False) from None
    except Exception as error:          # the learner's bug: report it, never raise it
        raise _NotYet(f"{what} raised {type(error).__name__}: {error}") from None


def _run(steps: Callable[[], None]) -> Outcome:
    """Run the steps of a check: right if none finds anything off, else the first hint."""
    try:
        steps()
    except _NotYet as hint:
        return wrong(str(hint)) if hint.attempt else unreadable(str(hint))
    except Exception as error:          # a class so unusual that the check itself tripped: still never raise
        return unreadable(f"the check could not use your class ({type(error).__name__}: {error})")
    return right()


class ClassCheck(CustomCheck):
    """A check of the learner's code. ``reveal()`` shows a worked version one step at a time, so a
    learner can stop as soon as they see their way: each call shows the method down to its next
    commented line (one rule, one idea), and the last call the whole method and the rules behind it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps_shown = 0

    def asks(self, solution: Solution) -> str:
        return self.what

    def reset(self) -> None:
        """Forget the wrong tries and start the worked version from its first step again."""
        super().reset()
        self.steps_shown = 0

    def _show(self, solution: Solution) -> None:
        lines = solution.value.rstrip("\n").splitlines()
        ends = [k + 1 for k, line in enumerate(lines) if "  # " in line]      # a commented line ends a step
        if not ends or ends[-1] < len(lines):
            ends.append(len(lines))
        self.steps_shown = min(self.steps_shown + 1, len(ends))
        shown = "\n".join(lines[:ends[self.steps_shown - 1]])
        print(f"check.{self.name}, a worked version, step {self.steps_shown} of {len(ends)}:\n\n{shown}")
        if self.steps_shown < len(ends):
            print(f"    …\n(check.{self.name}.reveal() again shows the next step)")
        else:
            print(solution.how)


def _class_check(worked: Callable[[], Callable], how: str,
                 what: str = "your class itself, MyNetwork") -> Callable[[Callable[[Any, Solution], Outcome]], ClassCheck]:
    """Turn ``judge(answer, solution)`` into a check whose reveal() prints the source of ``worked()``."""
    def solve() -> Solution:
        return Solution(inspect.getsource(worked()), how=how)
    return lambda judge: ClassCheck(solve, judge, what)


def _number(value: Any) -> float | None:
    """One float, or None."""
    return read_number(value)[0]


def _the_class(answer: Any) -> type:
    """The learner's class, from the class itself or an instance of it."""
    if not_started(answer):
        raise _NotYet(f"got {answer!r}: pass your class itself, check.something(MyNetwork), not None", attempt=False)
    cls = answer if isinstance(answer, type) else type(answer)
    if all(callable(getattr(cls, method, None)) for method in ("forward", "backward", "train_step")):
        return cls
    got = f"the class {answer.__name__}" if isinstance(answer, type) else f"a {type(answer).__name__}"
    raise _NotYet(f"pass your network class itself, MyNetwork, with the methods forward, backward and "
                  f"train_step; got {got}", attempt=False)


def _build(cls: type, sizes: Sequence[int], seed: int = 0) -> Any:
    """An instance of the learner's class, with nnlib's seeded starting weights put in."""
    try:
        net = _call(f"{cls.__name__}({list(sizes)}, seed={seed})", cls, list(sizes), seed=seed)
    except _NotYet:                     # the constructor is not ready: the other methods can still be checked
        net = cls.__new__(cls)
        net.sizes = list(sizes)
    weights, biases = random_parameters(sizes, seed)
    try:
        net.weights = [W.copy() for W in weights]
        net.biases = [b.copy() for b in biases]
    except Exception as error:
        raise _NotYet(f"the check could not set net.weights and net.biases ({error}); keep them as "
                      f"plain attributes, lists of arrays") from None
    return net


def _data(sizes: Sequence[int], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """XOR for a 2-2-1 network; otherwise N_SAMPLES random inputs and targets in (0, 1)."""
    if list(sizes) == [2, 2, 1]:
        return xor()
    rng = np.random.default_rng(seed)
    return rng.random((N_SAMPLES, sizes[0])), rng.random((N_SAMPLES, sizes[-1]))


def _random_sizes() -> list[list[int]]:
    """Three networks of 1 to 3 hidden layers, each layer 1 to 6 units, from a fixed seed."""
    rng = np.random.default_rng(2026)
    return [[int(n) for n in rng.integers(1, 7, size=depth)] for depth in (3, 4, 5)]


def gradient_cases() -> list[list[int]]:
    """The sizes check.backward and check.forward try: 2-2-1 (XOR), then random ones."""
    return [[2, 2, 1]] + _random_sizes()


def _array(value: Any, what: str) -> np.ndarray:
    """A float array, or a hint that says what came instead."""
    if value is None:
        raise _NotYet(f"{what} is None: did a function end without `return`?", attempt=False)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise _NotYet(f"{what} should be an array of numbers, got {type(value).__name__}") from None
    return array


def _shape_hint(what: str, got: tuple, expected: tuple, n_samples: int) -> str:
    """What a wrong shape most likely means."""
    hint = f"{what} should have shape {expected}, got {got}"
    if got == expected[::-1]:
        if "dW" in what:
            return hint + ": transposed. A weight gradient is (aˡ⁻¹)ᵀ · δˡ, not (δˡ)ᵀ · aˡ⁻¹"
        return hint + ": transposed. A weight matrix is (n_in, n_out): one row per input, one column per unit"
    if len(expected) == 1 and got == (n_samples,):
        return hint + (": one number per *example*, so it was summed over the wrong axis. A bias belongs "
                       "to a unit: add δ up over the examples, axis 0")
    if len(expected) == 1 and got == (1,) + expected:
        return hint + ": the right numbers with an extra axis (drop keepdims=True, or take [0])"
    if len(expected) == 1 and got == ():
        return hint + ": a single number, so δ was summed over every axis; sum over the examples only (axis 0)"
    return hint


def _check_shapes(got: list, expected: list, what: str, n_samples: int) -> list[np.ndarray]:
    """Every array of ``got`` as float arrays, each with the shape of the matching expected one."""
    arrays = []
    for layer, (value, shape) in enumerate(zip(got, expected), start=1):
        if value is None:
            raise _NotYet(f"{what}[{layer - 1}] (layer {layer}) is None: it was never filled in. Does the loop "
                          f"reach every layer, down to layer 1?")
        array = _array(value, f"{what}[{layer - 1}] (layer {layer})")
        if array.shape != shape:
            raise _NotYet(_shape_hint(f"{what}[{layer - 1}] (layer {layer})", array.shape, shape, n_samples))
        if not np.all(np.isfinite(array)):
            raise _NotYet(f"{what}[{layer - 1}] (layer {layer}) contains NaN or infinite values")
        arrays.append(array)
    return arrays


def _list_of(value: Any, length: int, what: str, one: str) -> list:
    """``value`` as a list of ``length`` entries, or a hint."""
    if value is None:
        raise _NotYet(f"{what} is None: did a function end without `return`?", attempt=False)
    if isinstance(value, np.ndarray) or not isinstance(value, (list, tuple)):
        raise _NotYet(f"{what} should be a list with one {one} per layer, got {type(value).__name__}")
    if len(value) != length:
        raise _NotYet(f"{what} should hold {length} arrays (one {one} per layer), got {len(value)}")
    return list(value)


# --- the reference: the four rules, with the classic slips switchable -------------------

SLIPS = ("slope from z on a", "no output slope", "no hidden slope", "bias mean")


def reference_backward(weights: Sequence[np.ndarray], activations: Sequence[np.ndarray], dL_dyhat: np.ndarray,
                       slip: str | None = None, layer: int | None = None) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(∂L/∂Wˡ, ∂L/∂bˡ) for every layer of a sigmoid network, or the same with one ``slip``.

        δᴷ = ∂L/∂ŷ ⊙ ŷ(1 − ŷ);  ∂L/∂Wˡ = (aˡ⁻¹)ᵀ · δˡ;  δˡ⁻¹ = (δˡ · (Wˡ)ᵀ) ⊙ aˡ⁻¹(1 − aˡ⁻¹);
        ∂L/∂bˡ = Σ over rows of δˡ

    ``activations`` is [X, a¹, …, ŷ], each (n_samples, units); ``dL_dyhat`` has ŷ's shape.
    With slip "no hidden slope", ``layer`` (1 … K−1) drops only that hidden layer's slope.
    """
    def slope(a: np.ndarray) -> np.ndarray:
        if slip == "slope from z on a":
            return sigmoid(a) * (1 - sigmoid(a))          # σ'(z)'s formula fed the activation
        return a * (1 - a)

    L = len(weights)
    dW: list[np.ndarray] = [np.empty(0)] * L
    db: list[np.ndarray] = [np.empty(0)] * L
    delta = dL_dyhat if slip == "no output slope" else dL_dyhat * slope(activations[-1])
    for index in range(L - 1, -1, -1):
        dW[index] = activations[index].T @ delta
        db[index] = delta.mean(axis=0) if slip == "bias mean" else delta.sum(axis=0)
        if index > 0:
            back = delta @ weights[index].T
            dropped = slip == "no hidden slope" and layer in (None, index)
            delta = back if dropped else back * slope(activations[index])
    return dW, db


SLIP_HINTS = {
    "slope from z on a": "the slopes were computed as σ(a)(1 − σ(a)): that is σ'(z)'s formula fed an activation. "
                         "From a stored activation a = σ(z), the slope is simply a(1 − a)",
    "no output slope": "the last layer's slope is missing: δᴷ = ∂L/∂ŷ ⊙ ŷ(1 − ŷ), the output units are sigmoids too",
    "no hidden slope": "the hidden layers' slope is missing: one layer back, δˡ = (δˡ⁺¹ · (Wˡ⁺¹)ᵀ) ⊙ aˡ(1 − aˡ)",
    "bias mean": "the bias gradients are averaged over the examples; the loss already holds its 1/N, so "
                 "∂L/∂bˡ is the plain column *sum* of δˡ (the weight gradients sum too)",
}


def _slip_variants(weights: Sequence[np.ndarray], activations: Sequence[np.ndarray], dL_dyhat: np.ndarray,
                   with_biases: bool) -> dict[str, list[np.ndarray]]:
    """hint → the gradients (weights, then biases if ``with_biases``) that each known slip gives."""
    variants = {}
    for slip in SLIPS:
        if slip == "bias mean" and not with_biases:
            continue
        dW, db = reference_backward(weights, activations, dL_dyhat, slip)
        variants[SLIP_HINTS[slip]] = dW + (db if with_biases else [])
    for layer in range(1, len(weights)):          # one hidden layer's slope missing (with one, as above)
        dW, db = reference_backward(weights, activations, dL_dyhat, "no hidden slope", layer)
        variants[f"hidden layer {layer}'s slope is missing: δ{_sup(layer)} = (δ{_sup(layer + 1)} · "
                 f"(W{_sup(layer + 1)})ᵀ) ⊙ a{_sup(layer)}(1 − a{_sup(layer)})"] = dW + (db if with_biases else [])
    return variants


def _factor_words(ratio: float) -> str:
    """A rough factor in words: "about 4 times too big", "about 1/7 of the right size"."""
    if 1 / 1.5 < ratio < 1.5:
        return "a little off in size (by less than a factor of 1.5)"
    if ratio >= 1:
        return f"about {round(ratio):d} times too big"
    return f"about 1/{round(1 / ratio):d} of the right size"


def _diagnose(got: list[np.ndarray], numeric: list[np.ndarray], names: list[str],
              variants: dict[str, list[np.ndarray]], factor_hint: str) -> str | None:
    """None if every array agrees with its finite-difference estimate; else the hint for what is off.

    ``got`` and ``numeric`` are lists of arrays in the same order as ``names``
    (outputs last); ``variants`` maps a hint to the gradients a known slip gives.
    """
    errors = [relative_error(g, n) for g, n in zip(got, numeric)]
    if max(errors) < GRADIENT_TOLERANCE:
        return None
    for hint, variant in variants.items():
        if all(relative_error(g, v) < GRADIENT_TOLERANCE for g, v in zip(got, variant)):
            return hint
    flat_got = np.concatenate([g.ravel() for g in got])
    flat_num = np.concatenate([n.ravel() for n in numeric])
    if np.any(flat_num) and np.any(flat_got):
        ratio = float(flat_got @ flat_num / (flat_num @ flat_num))
        if relative_error(flat_got, ratio * flat_num) < GRADIENT_TOLERANCE:
            if abs(ratio + 1) < 1e-6:
                return ("every gradient has the wrong sign: it points uphill. Start from ŷ − y "
                        "(y − ŷ gives minus the gradient)")
            return f"every gradient is {_factor_words(abs(ratio))}" + \
                (" and has the wrong sign" if ratio < 0 else "") + f": {factor_hint}"
    # Go from the output back: the first array that is off is where to look.
    for index in range(len(got) - 1, -1, -1):
        g, n, name = got[index], numeric[index], names[index]
        if errors[index] < GRADIENT_TOLERANCE:
            continue
        agree = [names[i] for i in range(index + 1, len(got)) if errors[i] < GRADIENT_TOLERANCE]
        where = f"{name} disagrees with finite differences"
        if agree:
            where += f" (the arrays after it, {', '.join(agree)}, agree)"
        if not np.any(g):
            return f"{where}: it is all zeros. Is it computed at all?"
        if g.ndim == 2 and g.shape[0] == g.shape[1] and relative_error(g, n.T) < GRADIENT_TOLERANCE:
            return f"{where}: it is transposed. A weight gradient is (aˡ⁻¹)ᵀ · δˡ, one row per input"
        if relative_error(g, -n) < GRADIENT_TOLERANCE:
            return f"{where}: it has the wrong sign"
        if np.any(n):
            ratio = float(g.ravel() @ n.ravel() / (n.ravel() @ n.ravel()))
            if ratio > 0 and relative_error(g, ratio * n) < GRADIENT_TOLERANCE:
                return f"{where}: it is {_factor_words(ratio)}"
        return f"{where}; the step that carries δ into this layer, or the product that makes this gradient, is off"
    return "the gradients disagree with finite differences"  # not reached: some array was off


def _numeric_mse(weights: list[np.ndarray], biases: list[np.ndarray], X: np.ndarray,
                 y: np.ndarray) -> list[np.ndarray]:
    """Finite-difference estimates of ∂L/∂W and ∂L/∂b, L = MSE, for a sigmoid network (nnlib's forward)."""
    net = Network.from_weights(weights, biases)
    return [numerical_gradient(lambda: net.loss(X, y, "mse"), p) for p in net.parameter_list()]


# --- check 1: the parameters ---------------------------------------------------------------

@_class_check(lambda: WorkedNetwork.__init__,
              "how: one generator, rng = np.random.default_rng(seed); for each layer in turn a weight matrix "
              "rng.standard_normal((n_in, n_out)), then its bias rng.standard_normal(n_out). These are "
              "nnlib.random_parameters(sizes, seed), the start of nnlib.Network(sizes, seed=seed).")
def parameters(answer: Any, solution: Solution) -> Outcome:
    """MyNetwork(sizes, seed) keeps lists self.weights, self.biases, with nnlib's shapes and draws."""
    def steps() -> None:
        cls = _the_class(answer)
        for sizes, seed in PARAMETER_CASES:
            net = _call(f"{cls.__name__}({sizes}, seed={seed})", cls, list(sizes), seed=seed)
            weights, biases = random_parameters(sizes, seed)
            L = len(weights)
            for name, one in (("weights", "weight matrix"), ("biases", "bias vector")):
                if not hasattr(net, name):
                    raise _NotYet(f"{cls.__name__}({sizes}) has no attribute {name}: keep the {one}s in a list, "
                                  f"self.{name}")
            got_W = _check_shapes(_list_of(net.weights, L, f"net.weights for sizes {sizes}", "weight matrix"),
                                  [W.shape for W in weights], f"weights for sizes {sizes}: weights", N_SAMPLES)
            got_b = _check_shapes(_list_of(net.biases, L, f"net.biases for sizes {sizes}", "bias vector"),
                                  [b.shape for b in biases], f"biases for sizes {sizes}: biases", N_SAMPLES)
            if all(np.array_equal(g, e) for g, e in zip(got_W + got_b, weights + biases)):
                continue
            raise _NotYet(_draw_hint(got_W + got_b, sizes, seed))
    return _run(steps)


def _draw_hint(got: list[np.ndarray], sizes: list[int], seed: int) -> str:
    """Right shapes, other numbers: which recipe was followed instead."""
    L = len(sizes) - 1
    shapes = [(m, n) for m, n in zip(sizes[:-1], sizes[1:])] + [(n,) for n in sizes[1:]]
    rng = np.random.default_rng(seed)
    weights_first = [rng.standard_normal(s) for s in shapes]
    uniform_rng = np.random.default_rng(seed)
    order = [i for layer in range(L) for i in (layer, L + layer)]
    uniform = [np.empty(0)] * len(shapes)
    for i in order:
        uniform[i] = uniform_rng.random(shapes[i])
    legacy = legacy_draws(seed, [shapes[i] for i in order], "normal")
    old_style = [np.empty(0)] * len(shapes)
    for i, draw in zip(order, legacy):
        old_style[i] = draw
    zero_seed = list(random_parameters(sizes, 0)[0]) + list(random_parameters(sizes, 0)[1])

    def same(candidate: list[np.ndarray]) -> bool:
        return all(np.allclose(g, c, rtol=0, atol=1e-12) for g, c in zip(got, candidate))

    base = f"for sizes {sizes} and seed {seed} the shapes are right but the numbers are not nnlib's draws"
    if same(weights_first):
        return (f"{base}: all the weight matrices were drawn first, then the biases. Draw them layer by layer: "
                f"W¹, b¹, then W², b², …")
    if same(uniform):
        return f"{base}: they are uniform on [0, 1); use rng.standard_normal (the normal distribution)"
    if same(old_style):
        return f"{base}: they come from np.random.seed and np.random.randn; use rng = np.random.default_rng(seed)"
    if seed != 0 and same(zero_seed):
        return f"{base}: they are the draws for seed 0, so the seed argument is ignored"
    return (f"{base}. Use one generator, rng = np.random.default_rng(seed), and for each layer in turn "
            f"rng.standard_normal((n_in, n_out)) for W, then rng.standard_normal(n_out) for b")


# --- check 2: the forward pass ---------------------------------------------------------------

@_class_check(lambda: WorkedNetwork.forward,
              "how: a⁰ = X, then for each layer aˡ = σ(aˡ⁻¹ · Wˡ + bˡ), with shapes (n, n_in) · (n_in, n_out) "
              "+ (n_out,) → (n, n_out); keep every aˡ, backward needs them.")
def forward(answer: Any, solution: Solution) -> Outcome:
    """net.forward(X) returns [X, a¹, …, ŷ] with aˡ = σ(aˡ⁻¹ · Wˡ + bˡ), for several sizes."""
    def steps() -> None:
        cls = _the_class(answer)
        for case, sizes in enumerate(gradient_cases()):
            net = _build(cls, sizes, seed=case)
            X, y = _data(sizes, seed=case)
            expected = forward_layers(net.weights, net.biases, X, _SIGMOID, _SIGMOID)
            got = _call(f"forward, for sizes {sizes},", net.forward, X.copy())
            _compare_forward(got, expected, net.weights, net.biases, sizes, len(X))
    return _run(steps)


def _compare_forward(got: Any, expected: list[np.ndarray], weights: list[np.ndarray], biases: list[np.ndarray],
                     sizes: list[int], n_samples: int) -> None:
    if isinstance(got, np.ndarray):
        raise _NotYet(f"for sizes {sizes} forward returned one array; return the list of every layer's "
                      f"activations [X, a¹, …, ŷ]: backward needs them all")
    L = len(weights)
    if isinstance(got, (list, tuple)) and len(got) == L:
        raise _NotYet(f"for sizes {sizes} forward returned {L} arrays, one short: the list starts with the "
                      f"input itself, a⁰ = X, so it holds L + 1 = {L + 1}")
    got = _list_of(got, L + 1, f"forward's result for sizes {sizes}", "activation")
    arrays = _check_shapes(got, [a.shape for a in expected], f"for sizes {sizes}: activations", n_samples)
    if not np.array_equal(arrays[0], expected[0]):
        raise _NotYet(f"for sizes {sizes} the first entry of forward's list is not X itself: start with a⁰ = X")
    for layer in range(1, L + 1):
        if np.allclose(arrays[layer], expected[layer], rtol=0, atol=CURVE_TOLERANCE):
            continue
        a, W, b = expected[layer - 1], weights[layer - 1], biases[layer - 1]
        where = "the last layer (ŷ)" if layer == L else f"layer {layer}"
        z = a @ W + b
        if np.allclose(arrays[layer], z, rtol=0, atol=1e-9):
            raise _NotYet(f"for sizes {sizes}, {where} is z: the sigmoid is missing there, aˡ = σ(zˡ)")
        if np.allclose(arrays[layer], sigmoid(a @ W), rtol=0, atol=1e-9):
            raise _NotYet(f"for sizes {sizes}, the bias is missing in {where}: zˡ = aˡ⁻¹ · Wˡ + bˡ")
        raise _NotYet(f"for sizes {sizes}, {where} differs from σ(aˡ⁻¹ · Wˡ + bˡ) "
                      f"(the layers before it are right)")


_SIGMOID = get_activation("sigmoid")     # nnlib's sigmoid and its slope, for forward_layers


# --- check 3: the backward pass ------------------------------------------------------------

@_class_check(lambda: WorkedNetwork.backward,
              "how: the four rules, from the output back. 1: δᴷ = ∂L/∂ŷ ⊙ ŷ(1 − ŷ) with ∂L/∂ŷ = 2(ŷ − y)/N for "
              "the MSE (N = ŷ.size); 2: ∂L/∂Wˡ = (aˡ⁻¹)ᵀ · δˡ; 3, one layer back: δˡ⁻¹ = (δˡ · (Wˡ)ᵀ) ⊙ "
              "aˡ⁻¹(1 − aˡ⁻¹); 4: ∂L/∂bˡ = the column sums of δˡ. Every gradient has the shape of its parameter.")
def backward(answer: Any, solution: Solution) -> Outcome:
    """net.backward(activations, y) gives ∂L/∂W and ∂L/∂b of the MSE: shapes, then finite differences."""
    def steps() -> None:
        cls = _the_class(answer)
        for case, sizes in enumerate(gradient_cases()):
            hint = _backward_hint(cls, sizes, case)
            if hint is not None:
                raise _NotYet(hint)
    return _run(steps)


def _backward_hint(cls: type, sizes: list[int], case: int) -> str | None:
    """None if backward is right for these sizes, else the hint (raises _NotYet for structural problems)."""
    net = _build(cls, sizes, seed=case)
    X, y = _data(sizes, seed=case)
    weights, biases = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    activations = forward_layers(weights, biases, X, _SIGMOID, _SIGMOID)     # nnlib's, so only backward is judged
    result = _call(f"backward, for sizes {sizes},", net.backward, [a.copy() for a in activations], y.copy())
    if isinstance(result, (list, tuple)) and result and all(isinstance(r, np.ndarray) for r in result):
        raise _NotYet(f"backward should return two lists, (dW, db); got one list of {len(result)} arrays. "
                      f"Are the bias gradients missing? ∂L/∂bˡ is the column sum of δˡ")
    if not isinstance(result, (list, tuple)) or len(result) != 2:
        got = "None" if result is None else type(result).__name__
        raise _NotYet(f"backward should return two lists, (dW, db), got {got}", attempt=result is not None)
    dW_got, db_got = result
    L = len(weights)
    if db_got is None or (isinstance(db_got, (list, tuple)) and (len(db_got) == 0 or all(d is None for d in db_got))):
        raise _NotYet("the bias gradients are missing: ∂L/∂bˡ is the column sum of δˡ (sum over the examples, axis 0)")
    dW = _check_shapes(_list_of(dW_got, L, f"dW for sizes {sizes}", "weight gradient"),
                       [W.shape for W in weights], f"for sizes {sizes}: dW", len(X))
    db = _check_shapes(_list_of(db_got, L, f"db for sizes {sizes}", "bias gradient"),
                       [b.shape for b in biases], f"for sizes {sizes}: db", len(X))
    if not any(np.any(d) for d in db) and any(np.any(w) for w in dW):
        raise _NotYet("the bias gradients are all zeros, so they are missing: ∂L/∂bˡ is the column sum of δˡ")
    numeric = _numeric_mse(weights, biases, X, y)
    dL_dyhat = get_loss("mse").gradient(activations[-1], y)
    variants = _slip_variants(weights, activations, dL_dyhat, with_biases=True)
    names = [f"∂L/∂W{_sup(l + 1)}" for l in range(L)] + [f"∂L/∂b{_sup(l + 1)}" for l in range(L)]
    order = [i for l in range(L) for i in (l, L + l)]          # W¹, b¹, W², b², …: outputs last
    hint = _diagnose([(dW + db)[i] for i in order], [numeric[i] for i in order], [names[i] for i in order],
                     {h: [v[i] for i in order] for h, v in variants.items()},
                     "for the MSE, ∂L/∂ŷ = 2(ŷ − y)/N, with N the number of entries of ŷ")
    return None if hint is None else f"for sizes {sizes}: {hint}"


def _sup(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


# --- check 4: training -------------------------------------------------------------------------

@_class_check(lambda: WorkedNetwork.train_step,
              "how: one forward pass; its loss is what is returned; backward from that same pass; then every "
              "parameter p ← p − α · ∂L/∂p, changing the arrays in self.weights and self.biases themselves.")
def training(answer: Any, solution: Solution) -> Outcome:
    """From nnlib's starting weights, EPOCHS train_steps follow nnlib.train's loss curve to 1e-12."""
    def steps() -> None:
        cls = _the_class(answer)
        for sizes, seed, rate in TRAINING_CASES:
            _training_case(cls, sizes, seed, rate)
    return _run(steps)


def _training_case(cls: type, sizes: list[int], seed: int, rate: float) -> None:
    X, y = _data(sizes, seed)
    try:
        wrong_gradient = _backward_hint(cls, sizes, seed) is not None
    except _NotYet as hint:
        raise _NotYet(f"train_step needs backward first: {hint}", attempt=hint.attempt) from None
    if wrong_gradient:
        raise _NotYet("backward does not give the gradient yet (check.backward says what is off); "
                      "train_step can follow nnlib only once it does")
    reference = Network(sizes, seed=seed)
    expected = train(reference, X, y, epochs=EPOCHS, learning_rate=rate).losses     # EPOCHS + 1 losses
    net = _build(cls, sizes, seed)
    start = [p.copy() for p in net.weights + net.biases]
    losses = []
    for epoch in range(EPOCHS):
        value = _call(f"train_step (epoch {epoch}, sizes {sizes})", net.train_step, X.copy(), y.copy(), rate)
        number = _number(value)
        if number is None:
            got = "None" if value is None else type(value).__name__
            raise _NotYet(f"train_step should return the loss before its step (one number), got {got}",
                          attempt=value is not None)
        if not np.isfinite(number):
            raise _NotYet(f"the loss became {number} at epoch {epoch}: the steps run away (is the update going uphill?)")
        losses.append(number)
    losses = np.array(losses)
    weights = _list_of(net.weights, len(sizes) - 1, "net.weights after training", "weight matrix")
    biases = _list_of(net.biases, len(sizes) - 1, "net.biases after training", "bias vector")
    end = [_array(p, "a parameter after training") for p in weights + biases]
    if np.allclose(losses, expected[:EPOCHS], rtol=0, atol=CURVE_TOLERANCE) and all(
            np.allclose(p, q, rtol=0, atol=CURVE_TOLERANCE) for p, q in zip(end, reference.parameter_list())):
        return
    L = len(sizes) - 1
    where = f"for sizes {sizes} (seed {seed}, learning rate {rate:g})"
    if np.allclose(losses, expected[1:], rtol=0, atol=CURVE_TOLERANCE):
        raise _NotYet(f"{where} train_step returns the loss *after* its step; return the loss of the forward "
                      f"pass the step starts from (nnlib records the loss before each update)")
    if all(np.array_equal(p, q) for p, q in zip(end, start)):
        raise _NotYet(f"{where} the parameters never change. `W = W - …` inside a for loop only renames W; "
                      f"change the arrays in place (W -= …) or assign to self.weights[l]")
    if all(np.array_equal(p, q) for p, q in zip(end[L:], start[L:])):
        raise _NotYet(f"{where} the biases never change: the step must move them too, b ← b − α·∂L/∂b")
    if all(np.array_equal(p, q) for p, q in zip(end[:L], start[:L])):
        raise _NotYet(f"{where} the weights never change: the step must move them too, W ← W − α·∂L/∂W")
    if np.allclose(losses, _plain_run(sizes, seed, X, y, -rate), rtol=0, atol=1e-9) or losses[1] > losses[0]:
        raise _NotYet(f"{where} the loss goes up: the update goes uphill. Gradient descent steps *against* the "
                      f"gradient, p ← p − α·∂L/∂p")
    if rate != 1.0 and np.allclose(losses, _plain_run(sizes, seed, X, y, 1.0), rtol=0, atol=1e-9):
        raise _NotYet(f"{where} the steps ignore the learning rate: p ← p − α·∂L/∂p with α = learning_rate")
    uphill = _uphill_arrays(cls, sizes, seed, rate, X, y)
    if uphill:
        raise _NotYet(f"{where} the first step moves {', '.join(uphill)} uphill (along +∂L/∂p): every parameter "
                      f"steps *against* its gradient, p ← p − α·∂L/∂p")
    first = int(np.argmax(np.abs(losses - expected[:EPOCHS]) > CURVE_TOLERANCE)) \
        if not np.allclose(losses, expected[:EPOCHS], rtol=0, atol=CURVE_TOLERANCE) else EPOCHS
    if first == 0:
        raise _NotYet(f"{where} the first loss already differs from nnlib's: it is the MSE of the network "
                      f"*before* the step, (1/N) Σ (ŷ − y)² over every entry of ŷ")
    if first < EPOCHS:
        raise _NotYet(f"{where} the loss curve leaves nnlib's after {first} step(s): every parameter moves by "
                      f"−α·∂L/∂p, all computed from one forward pass before any of them changes")
    raise _NotYet(f"{where} the losses match but the weights after {EPOCHS} steps differ from nnlib's: "
                  f"is the last step applied to every parameter?")


def _uphill_arrays(cls: type, sizes: list[int], seed: int, rate: float, X: np.ndarray, y: np.ndarray) -> list[str]:
    """The parameter arrays (``weights[l]``, ``biases[l]``) that one train_step moves along +∂L/∂p (uphill)."""
    net = _build(cls, sizes, seed)
    start = [p.copy() for p in net.weights + net.biases]
    _call(f"train_step (sizes {sizes})", net.train_step, X.copy(), y.copy(), rate)
    gradients = Network(sizes, seed=seed).gradients(X, y).as_list()
    names = [f"weights[{l}]" for l in range(len(sizes) - 1)] + [f"biases[{l}]" for l in range(len(sizes) - 1)]
    after = [_array(p, "a parameter after one step") for p in list(net.weights) + list(net.biases)]
    return [name for name, p0, p1, g in zip(names, start, after, gradients)
            if p1.shape == p0.shape and _same_direction(p1 - p0, g)]


def _same_direction(a: np.ndarray, b: np.ndarray) -> bool:
    """True if a is a positive multiple of b (cosine above 0.999), both nonzero."""
    norms = np.linalg.norm(a) * np.linalg.norm(b)
    return bool(norms > 0 and np.sum(a * b) > 0.999 * norms)


def _plain_run(sizes: list[int], seed: int, X: np.ndarray, y: np.ndarray, rate: float) -> np.ndarray:
    """Losses before each of EPOCHS full-batch steps p ← p − rate·∂L/∂p (rate may be negative)."""
    weights, biases = random_parameters(sizes, seed)
    mse = get_loss("mse")
    losses = np.empty(EPOCHS)
    with np.errstate(all="ignore"):
        for epoch in range(EPOCHS):
            activations = forward_layers(weights, biases, X, _SIGMOID, _SIGMOID)
            losses[epoch] = mse.value(activations[-1], y)
            dW, db = reference_backward(weights, activations, mse.gradient(activations[-1], y))
            for p, g in zip(weights + biases, dW + db):
                p -= rate * g
    return losses


# --- predict, then run: training from all zeros -------------------------------------------------

def zero_start_loss() -> float:
    """The MSE after ZERO_START_RUN of a 2-2-1 network whose weights and biases all start at 0."""
    net = Network.from_weights([np.zeros((2, 2)), np.zeros((2, 1))], [np.zeros(2), np.zeros(1)])
    X, y = xor()
    return train(net, X, y, **ZERO_START_RUN).final_loss


def _zero_start() -> Solution:
    loss = zero_start_loss()
    return Solution(loss, how=(
        "with every weight and bias 0, every z is 0, so both hidden units output σ(0) = 0.5 and so does ŷ, "
        "for every corner. The output δ is 2(0.5 − y)/4 · 0.25, +1/16 for the targets 0 and −1/16 for the "
        "targets 1: over XOR's four corners they cancel, so ∂L/∂b² = Σδ = 0, and ∂L/∂W² = 0.5 · Σδ = 0. The "
        "hidden δs are δ · W² = 0. Every gradient is exactly 0, nothing ever moves, and the MSE stays "
        f"(4 × 0.5²)/4 = {loss:g}. (On other data the gradients need not vanish, but the two hidden units "
        "still get identical updates and stay copies of each other: starting weights must differ.)"),
        mistakes=[Mistake("stuck 06", 0.125,
                          "that is where notebook 06's stuck runs ended, with two corners lumped together. "
                          "Here, look at the weights the run printed: did anything move at all? Why not?")])


@number_check("your prediction of the MSE after training from all zeros", digits=2)
def zero_start() -> Solution:
    """Your prediction of the MSE after ZERO_START_RUN from all-zero weights and biases (2 significant digits)."""
    return _zero_start()


# --- stretch: a second hidden layer in notebook 04's loop ----------------------------------------

def stretch_start(hidden: int = 4) -> list[np.ndarray]:
    """Starting weights for the 3-4-(hidden)-1 stretch network: notebook 04's draws, one more matrix."""
    return legacy_draws(1, [(3, 4), (4, hidden), (hidden, 1)], "symmetric")


@_class_check(lambda: worked_backprop_3_layers,
              "how: notebook 04's three rules with one more layer: δ³ = (ŷ − y) ⊙ ŷ(1 − ŷ) for ½·SSE, "
              "δ² = (δ³ · W3ᵀ) ⊙ a²(1 − a²), δ¹ = (δ² · W2ᵀ) ⊙ a¹(1 − a¹), and ∂L/∂Wˡ = (aˡ⁻¹)ᵀ · δˡ.",
              what="your function itself, backprop_3_layers")
def second_hidden_layer(answer: Any, solution: Solution) -> Outcome:
    """``answer(X, y, W1, W2, W3)`` returns (∂L/∂W1, ∂L/∂W2, ∂L/∂W3) of ½·SSE, no biases, all sigmoids."""
    def steps() -> None:
        if not_started(answer):
            raise _NotYet("replace None with your function backprop_3_layers (the function itself)", attempt=False)
        if not callable(answer) or isinstance(answer, type):
            raise _NotYet(f"pass your function itself, backprop_3_layers, got {type(answer).__name__}",
                          attempt=False)
        X, y = toy_xor3()
        for hidden in STRETCH_HIDDEN:
            weights = stretch_start(hidden)
            result = _call("your function", answer, X.copy(), y.copy(), *[W.copy() for W in weights])
            got = _check_shapes(_list_of(result, 3, "its result", "weight gradient"),
                                [W.shape for W in weights], f"for 3-4-{hidden}-1: dW", len(X))
            numeric = _numeric_half_sse(weights, X, y)
            activations = forward_layers(weights, None, X, _SIGMOID, _SIGMOID)
            variants = _slip_variants(weights, activations, activations[-1] - y, with_biases=False)
            hint = _diagnose(got, numeric, [f"∂L/∂W{_sup(l)}" for l in (1, 2, 3)], variants,
                             "for ½·SSE, ∂L/∂ŷ = ŷ − y (the ½ cancels the 2 of the square)")
            if hint is not None:
                raise _NotYet(f"for 3-4-{hidden}-1: {hint}")
    return _run(steps)


def _numeric_half_sse(weights: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    """Finite-difference estimates of ∂L/∂W for L = ½·SSE of a bias-free sigmoid network."""
    net = Network.from_weights(weights)
    return [numerical_gradient(lambda: net.loss(X, y, "half_sse"), W) for W in net.weights]


# --- worked versions: what reveal() prints --------------------------------------------------------

class WorkedNetwork:
    """A worked MyNetwork: sigmoid units, the MSE, plain numpy (what the checks' reveal() shows)."""

    def __init__(self, sizes: Sequence[int], seed: int = 0) -> None:
        self.sizes = list(sizes)
        rng = np.random.default_rng(seed)
        self.weights, self.biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            self.weights.append(rng.standard_normal((n_in, n_out)))   # W: (n_in, n_out)
            self.biases.append(rng.standard_normal(n_out))            # b: (n_out,)

    def forward(self, X: np.ndarray) -> list[np.ndarray]:
        activations = [X]                                             # a⁰ = X
        for W, b in zip(self.weights, self.biases):
            z = activations[-1] @ W + b                               # (n, n_in) · (n_in, n_out) + (n_out,)
            activations.append(1 / (1 + np.exp(-z)))                  # aˡ = σ(zˡ)
        return activations

    def backward(self, activations: list[np.ndarray], y: np.ndarray) -> tuple[list, list]:
        y_hat = activations[-1]
        delta = 2 * (y_hat - y) / y_hat.size * y_hat * (1 - y_hat)   # δᴷ = ∂L/∂ŷ ⊙ ŷ(1 − ŷ)
        dW, db = [None] * len(self.weights), [None] * len(self.weights)
        for l in reversed(range(len(self.weights))):
            dW[l] = activations[l].T @ delta                          # (aˡ⁻¹)ᵀ · δˡ
            db[l] = delta.sum(axis=0)                                 # column sums of δˡ
            if l > 0:
                a = activations[l]
                delta = (delta @ self.weights[l].T) * a * (1 - a)     # one layer back
        return dW, db

    def train_step(self, X: np.ndarray, y: np.ndarray, learning_rate: float) -> float:
        activations = self.forward(X)
        loss = float(np.mean((activations[-1] - y) ** 2))            # the loss before the step
        dW, db = self.backward(activations, y)
        for l in range(len(self.weights)):
            self.weights[l] -= learning_rate * dW[l]                  # in place: p ← p − α · ∂L/∂p
            self.biases[l] -= learning_rate * db[l]
        return loss


def worked_backprop_3_layers(X: np.ndarray, y: np.ndarray, W1: np.ndarray, W2: np.ndarray,
                             W3: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """∂L/∂W1, ∂L/∂W2, ∂L/∂W3 of L = ½·SSE for ŷ = σ(σ(σ(X · W1) · W2) · W3), no biases."""
    a1 = 1 / (1 + np.exp(-(X @ W1)))
    a2 = 1 / (1 + np.exp(-(a1 @ W2)))
    y_hat = 1 / (1 + np.exp(-(a2 @ W3)))
    d3 = (y_hat - y) * y_hat * (1 - y_hat)
    d2 = (d3 @ W3.T) * a2 * (1 - a2)
    d1 = (d2 @ W2.T) * a1 * (1 - a1)
    return X.T @ d1, a1.T @ d2, a2.T @ d3
