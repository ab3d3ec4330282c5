"""The checks of notebook 07 · Build your own network.

A reference network class is written here, independently of the notebook's
solution and of nnlib's worked version in nb07.py, and checked against nnlib
first. Every check must accept it. Then each classic mistake is made on
purpose, as a subclass of the reference that changes one method, and the
check that looks at that method must name the mistake, without printing any
number the learner is asked to find. No check may raise, whatever it is given.
"""

from __future__ import annotations

import numpy as np
import pytest

import nnlib
from exercise_checks import assert_correct, assert_hint, leaked, odd_answer_problems, verdict
from nncourse.exercises import nb07


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


class Reference:
    """A sigmoid network on the MSE, written out: first all the δs, then all the gradients."""

    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        self.weights, self.biases = [], []
        for k in range(len(sizes) - 1):
            self.weights.append(rng.standard_normal((sizes[k], sizes[k + 1])))
            self.biases.append(rng.standard_normal(sizes[k + 1]))

    def forward(self, X):
        out = [np.asarray(X, dtype=float)]
        for k in range(len(self.weights)):
            out.append(sig(out[k] @ self.weights[k] + self.biases[k]))
        return out

    def output_delta(self, y_hat, y):
        return (2.0 / y_hat.size) * (y_hat - y) * (y_hat * (1.0 - y_hat))

    def slope(self, a):
        return a * (1.0 - a)

    def deltas(self, activations, y):
        deltas = [self.output_delta(activations[-1], y)]
        for k in range(len(self.weights) - 1, 0, -1):
            deltas.insert(0, (deltas[0] @ self.weights[k].T) * self.slope(activations[k]))
        return deltas

    def weight_gradient(self, a, delta):
        return a.T @ delta

    def bias_gradient(self, delta):
        return np.sum(delta, axis=0)

    def backward(self, activations, y):
        deltas = self.deltas(activations, y)
        dW = [self.weight_gradient(a, d) for a, d in zip(activations[:-1], deltas)]
        db = [self.bias_gradient(d) for d in deltas]
        return dW, db

    def move(self, p, g, rate):
        p -= rate * g

    def train_step(self, X, y, learning_rate):
        activations = self.forward(X)
        loss = np.mean((activations[-1] - y) ** 2)
        dW, db = self.backward(activations, y)
        for p, g in zip(self.weights + self.biases, dW + db):
            self.move(p, g, learning_rate)
        return float(loss)


class Skeleton:
    """The notebook's empty skeleton."""

    def __init__(self, sizes, seed=0):
        raise NotImplementedError

    def forward(self, X):
        raise NotImplementedError

    def backward(self, activations, y):
        raise NotImplementedError

    def train_step(self, X, y, learning_rate):
        raise NotImplementedError


CLASS_CHECKS = [nb07.parameters, nb07.forward, nb07.backward, nb07.training]


# --- the reference is right (by nnlib and by finite differences) ---------------------------

@pytest.mark.parametrize("sizes", [[2, 2, 1], [3, 5, 2], [4, 3, 3, 1]])
def test_the_reference_agrees_with_nnlib_and_finite_differences(sizes):
    rng = np.random.default_rng(1)
    X, y = rng.random((6, sizes[0])), rng.random((6, sizes[-1]))
    mine, net = Reference(sizes, seed=4), nnlib.Network(sizes, seed=4)
    for a, b in zip(mine.weights + mine.biases, net.parameter_list()):
        np.testing.assert_array_equal(a, b)
    dW, db = mine.backward(mine.forward(X), y)
    g = net.gradients(X, y, "mse")
    for a, b in zip(dW + db, g.weights + g.biases):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    assert nnlib.check_gradients(net, X, y, "mse", gradients=nnlib.Gradients(dW, db)).passed()


# --- right answers -------------------------------------------------------------------------

@pytest.mark.parametrize("check", CLASS_CHECKS, ids=lambda c: c.name)
@pytest.mark.parametrize("answer", [Reference, nb07.WorkedNetwork, Reference([2, 2, 1])],
                         ids=["reference", "worked", "an instance"])
def test_a_right_class_passes_every_check(capsys, check, answer):
    assert_correct(capsys, check, answer)


def test_the_worked_stretch_function_passes(capsys):
    assert_correct(capsys, nb07.second_hidden_layer, nb07.worked_backprop_3_layers)


def test_the_checks_run_on_their_own(capsys):
    """forward, backward and training put nnlib's weights in: they need neither the constructor nor each other."""
    class NoConstructor(Reference):
        def __init__(self, sizes, seed=0):
            raise NotImplementedError

    class UniformStart(Reference):
        def __init__(self, sizes, seed=0):
            super().__init__(sizes, seed)
            self.weights = [np.random.default_rng(seed).random(W.shape) for W in self.weights]

    for cls in (NoConstructor, UniformStart):
        for check in (nb07.forward, nb07.backward, nb07.training):
            assert_correct(capsys, check, cls)
    assert_hint(capsys, nb07.parameters, NoConstructor, "not written yet")

    class OnlyForward(Skeleton):
        forward = Reference.forward
    assert_correct(capsys, nb07.forward, OnlyForward)
    assert_hint(capsys, nb07.backward, OnlyForward, "backward", "not written yet")


def test_the_skeleton_is_not_yet_and_not_a_wrong_try(capsys):
    for check in CLASS_CHECKS:
        printed = assert_hint(capsys, check, Skeleton, "not written yet", "NotImplementedError")
        assert check.tries == 0, printed


def test_the_fixed_cases_are_not_only_2_2_1():
    cases = nb07.gradient_cases()
    assert cases[0] == [2, 2, 1] and len(cases) >= 3
    assert any(len(sizes) > 3 for sizes in cases)                       # a second hidden layer
    assert any(m == n for sizes in cases for m, n in zip(sizes[:-1], sizes[1:]))   # a square W: a transpose fits
    assert all(nb07.N_SAMPLES not in sizes for sizes in cases)          # a wrong axis always shows in the shape


# --- broken implementations: each gets the hint that names its bug --------------------------

class SlopeFromZOnA(Reference):
    def slope(self, a):
        return sig(a) * (1 - sig(a))

    def output_delta(self, y_hat, y):
        return (2.0 / y_hat.size) * (y_hat - y) * self.slope(y_hat)


class NoOutputSlope(Reference):
    def output_delta(self, y_hat, y):
        return (2.0 / y_hat.size) * (y_hat - y)


class NoHiddenSlope(Reference):
    def slope(self, a):
        return np.ones_like(a)


class BiasGradientMissing(Reference):
    def backward(self, activations, y):
        return super().backward(activations, y)[0]


class BiasGradientZero(Reference):
    def bias_gradient(self, delta):
        return np.zeros(delta.shape[1])


class BiasWrongAxis(Reference):
    def bias_gradient(self, delta):
        return delta.sum(axis=1)


class BiasKeepdims(Reference):
    def bias_gradient(self, delta):
        return delta.sum(axis=0, keepdims=True)


class BiasAveraged(Reference):
    def bias_gradient(self, delta):
        return delta.mean(axis=0)


class TransposedWeightGradient(Reference):
    def weight_gradient(self, a, delta):
        return delta.T @ a


class SquareTransposed(Reference):
    """Transposes only square gradients, so every shape is right: the values must give it away."""
    def weight_gradient(self, a, delta):
        g = a.T @ delta
        return g.T if g.shape[0] == g.shape[1] else g


class ErrorTheWrongWayRound(Reference):
    def output_delta(self, y_hat, y):
        return super().output_delta(y_hat, y) * -1


class HalfSSEGradient(Reference):
    def output_delta(self, y_hat, y):
        return (y_hat - y) * y_hat * (1 - y_hat)


class LoopStopsEarly(Reference):
    def backward(self, activations, y):
        dW, db = super().backward(activations, y)
        dW[0] = db[0] = None          # range(L - 1, 0, -1): the first layer is never reached
        return dW, db


class MeanOverExamplesOnly(Reference):
    """N = the number of examples instead of the number of entries: right only for one output."""
    def output_delta(self, y_hat, y):
        return (2.0 / len(y_hat)) * (y_hat - y) * y_hat * (1 - y_hat)


class Uphill(Reference):
    def move(self, p, g, rate):
        p += rate * g


class WeightsUphillBiasesDown(Reference):
    """The trial's slip: the weights' update written with + (the loss still falls at first, thanks to the biases)."""
    def train_step(self, X, y, learning_rate):
        activations = self.forward(X)
        dW, db = self.backward(activations, y)
        for W, b, gW, gb in zip(self.weights, self.biases, dW, db):
            W += learning_rate * gW
            b -= learning_rate * gb
        return float(np.mean((activations[-1] - y) ** 2))


class LossAfterStep(Reference):
    def train_step(self, X, y, learning_rate):
        super().train_step(X, y, learning_rate)
        return float(np.mean((self.forward(X)[-1] - y) ** 2))


class RebindsInsteadOfUpdating(Reference):
    def move(self, p, g, rate):
        p = p - rate * g          # noqa: F841 (the classic slip: only renames p)


class BiasesFrozen(Reference):
    def train_step(self, X, y, learning_rate):
        activations = self.forward(X)
        dW, _ = self.backward(activations, y)
        for W, g in zip(self.weights, dW):
            W -= learning_rate * g
        return float(np.mean((activations[-1] - y) ** 2))


class IgnoresLearningRate(Reference):
    def move(self, p, g, rate):
        p -= g


class NoOutputSigmoid(Reference):
    def forward(self, X):
        out = super().forward(X)
        out[-1] = out[-2] @ self.weights[-1] + self.biases[-1]
        return out


class NoBiasInForward(Reference):
    def forward(self, X):
        out = [X]
        for W in self.weights:
            out.append(sig(out[-1] @ W))
        return out


class ForwardReturnsOnlyYhat(Reference):
    def forward(self, X):
        return super().forward(X)[-1]


class ForwardWithoutX(Reference):
    def forward(self, X):
        return super().forward(X)[1:]


class AllWeightsFirst(Reference):
    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        pairs = list(zip(sizes[:-1], sizes[1:]))
        self.weights = [rng.standard_normal(pair) for pair in pairs]
        self.biases = [rng.standard_normal(n) for _, n in pairs]


class TransposedWeights(Reference):
    def __init__(self, sizes, seed=0):
        super().__init__(sizes, seed)
        self.weights = [W.T.copy() for W in self.weights]


class SeedIgnored(Reference):
    def __init__(self, sizes, seed=0):
        super().__init__(sizes, 0)


class NoBiasesAttribute(Reference):
    def __init__(self, sizes, seed=0):
        super().__init__(sizes, seed)
        del self.biases


BROKEN = [
    (nb07.backward, SlopeFromZOnA, ["σ(a)(1 − σ(a))", "a(1 − a)"]),
    (nb07.backward, NoOutputSlope, ["last layer's slope is missing"]),
    (nb07.backward, NoHiddenSlope, ["hidden layers' slope is missing"]),
    (nb07.backward, BiasGradientMissing, ["bias gradients", "missing"]),
    (nb07.backward, BiasGradientZero, ["bias gradients", "missing"]),
    (nb07.backward, BiasWrongAxis, ["wrong axis", "axis 0"]),
    (nb07.backward, BiasKeepdims, ["keepdims"]),
    (nb07.backward, BiasAveraged, ["averaged", "sum"]),
    (nb07.backward, TransposedWeightGradient, ["transposed"]),
    (nb07.backward, SquareTransposed, ["transposed"]),
    (nb07.backward, ErrorTheWrongWayRound, ["wrong sign", "uphill"]),
    (nb07.backward, HalfSSEGradient, ["times too big", "2(ŷ − y)/N"]),
    (nb07.backward, LoopStopsEarly, ["never filled in", "layer 1"]),
    (nb07.backward, MeanOverExamplesOnly, ["times too big", "number of entries of ŷ"]),
    (nb07.training, Uphill, ["uphill", "p ← p − α·∂L/∂p"]),
    (nb07.training, WeightsUphillBiasesDown, ["weights[0], weights[1] uphill", "p ← p − α·∂L/∂p"]),
    (nb07.training, LossAfterStep, ["*after* its step"]),
    (nb07.training, RebindsInsteadOfUpdating, ["never change", "only renames"]),
    (nb07.training, BiasesFrozen, ["biases never change"]),
    (nb07.training, IgnoresLearningRate, ["ignore the learning rate"]),
    (nb07.training, SlopeFromZOnA, ["check.backward"]),
    (nb07.forward, NoOutputSigmoid, ["last layer", "sigmoid is missing"]),
    (nb07.forward, NoBiasInForward, ["bias is missing"]),
    (nb07.forward, ForwardReturnsOnlyYhat, ["list", "backward needs them all"]),
    (nb07.forward, ForwardWithoutX, ["a⁰ = X"]),
    (nb07.parameters, AllWeightsFirst, ["all the weight matrices were drawn first"]),
    (nb07.parameters, TransposedWeights, ["transposed"]),
    (nb07.parameters, SeedIgnored, ["seed argument is ignored"]),
    (nb07.parameters, NoBiasesAttribute, ["no attribute biases"]),
]


def broken_id(case):
    check, cls, _ = case
    return f"{check.name}-{cls.__name__}"


@pytest.mark.parametrize("case", BROKEN, ids=[broken_id(c) for c in BROKEN])
def test_each_broken_implementation_gets_the_hint_that_names_its_bug(capsys, case):
    check, cls, words = case
    printed = assert_hint(capsys, check, cls, *words)
    assert check.tries == 1, "a real attempt counts as a wrong try"
    assert "That was wrong try" not in printed


# --- hints never print what is asked ---------------------------------------------------------

def expected_numbers() -> list[np.ndarray]:
    """Every number a learner's class is compared with: starting weights, activations, gradients, losses."""
    values = []
    for case, sizes in enumerate(nb07.gradient_cases()):
        ref = Reference(sizes, seed=case)
        X, y = nb07._data(sizes, seed=case)
        activations = ref.forward(X)
        dW, db = ref.backward(activations, y)
        values += ref.weights + ref.biases + activations[1:] + dW + db
    for sizes, seed, rate in nb07.TRAINING_CASES:
        X, y = nb07._data(sizes, seed)
        net = nnlib.Network(sizes, seed=seed)
        values.append(nnlib.train(net, X, y, epochs=nb07.EPOCHS, learning_rate=rate).losses)
        values += net.parameter_list()
    for sizes, seed in nb07.PARAMETER_CASES:
        ref = Reference(sizes, seed)
        values += ref.weights + ref.biases
    return values


@pytest.fixture(scope="module")
def expected():
    return np.concatenate([np.ravel(v) for v in expected_numbers()])


@pytest.mark.parametrize("case", BROKEN, ids=[broken_id(c) for c in BROKEN])
def test_no_hint_prints_an_expected_value(capsys, expected, case):
    check, cls, _ = case
    _, printed = verdict(capsys, check, cls)
    # Shapes, layer numbers and rough factors are whole numbers; an expected value would have decimals.
    assert not leaked(printed, expected[np.abs(expected - np.round(expected)) > 1e-9]), printed


# --- whatever they are given, the checks do not raise ------------------------------------------

ODD_ANSWERS = [None, ..., "abc", [], [[1, 2], [3]], {"a": 1}, np.nan, True, 3, -2.5, np.zeros((4, 1)),
               object(), int, nnlib.sigmoid]


@pytest.mark.parametrize("check", CLASS_CHECKS + [nb07.second_hidden_layer, nb07.zero_start],
                         ids=lambda c: c.name)
def test_odd_answers_are_refused_without_raising(capsys, check):
    problems = odd_answer_problems(capsys, check, ODD_ANSWERS)       # every answer tried, all problems listed
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("check", CLASS_CHECKS + [nb07.second_hidden_layer, nb07.zero_start],
                         ids=lambda c: c.name)
def test_none_asks_to_replace_it_and_is_not_a_try(capsys, check):
    assert_hint(capsys, check, None, "None")
    assert check.tries == 0


def test_a_class_that_warns_or_overflows_gets_a_hint_not_a_warning(capsys):
    class Explodes(Reference):
        def forward(self, X):
            return [X] + [np.exp(np.full((len(X), n), 1e6)) for n in (W.shape[1] for W in self.weights)]
    assert_hint(capsys, nb07.forward, Explodes, "NaN or infinite")


def test_reveal_shows_the_worked_method_one_step_at_a_time(capsys):
    nb07.backward.reset()
    nb07.backward.reveal()
    first = capsys.readouterr().out
    assert "step 1 of 5" in first and "# δᴷ" in first                  # rule 1, and no more
    assert "delta.sum(axis=0)" not in first and "reveal() again shows the next step" in first
    for _ in range(4):
        nb07.backward.reveal()
    last = capsys.readouterr().out.split("step 5 of 5")[-1]
    assert "delta.sum(axis=0)" in last and "return dW, db" in last and "how: the four rules" in last
    nb07.backward.reveal()                                              # past the end: the whole method again
    assert "step 5 of 5" in capsys.readouterr().out
    nb07.backward.reset()


# --- the predict-then-run exercise ----------------------------------------------------------------

def test_zero_start_truth_is_the_hand_derivation():
    """All weights 0: ŷ = 0.5 everywhere, Σδ over XOR's corners is 0, so nothing moves: MSE = 4·0.5²/4."""
    X, y = nnlib.xor()
    net = nnlib.Network.from_weights([np.zeros((2, 2)), np.zeros((2, 1))], [np.zeros(2), np.zeros(1)])
    g = net.gradients(X, y, "mse")
    assert all(not np.any(a) for a in g.weights + g.biases)
    assert nb07.zero_start_loss() == 0.25


def test_zero_start_check(capsys):
    assert_correct(capsys, nb07.zero_start, 0.25)
    assert_correct(capsys, nb07.zero_start, 1 / 4)
    assert_hint(capsys, nb07.zero_start, 0.125, "stuck runs")
    printed = assert_hint(capsys, nb07.zero_start, 0.0, "is zero, and should not be")
    assert "0.25" not in printed


# --- the stretch exercise: a second hidden layer in notebook 04's loop ----------------------------

def backprop_3(X, y, W1, W2, W3, *, slope=lambda a: a * (1 - a), new_slope=True, transpose=False, factor=1.0):
    a1 = sig(X @ W1)
    a2 = sig(a1 @ W2)
    y_hat = sig(a2 @ W3)
    d3 = factor * (y_hat - y) * slope(y_hat)
    d2 = d3 @ W3.T * (slope(a2) if new_slope else 1.0)
    d1 = d2 @ W2.T * slope(a1)
    grads = [X.T @ d1, a1.T @ d2, a2.T @ d3]
    return [g.T for g in grads] if transpose else grads


def test_the_stretch_reference_agrees_with_nnlib():
    X, y = nnlib.toy_xor3()
    weights = nb07.stretch_start(4)
    g = nnlib.Network.from_weights(weights).gradients(X, y, "half_sse")
    for a, b in zip(backprop_3(X, y, *weights), g.weights):
        np.testing.assert_allclose(a, b, rtol=1e-12)


@pytest.mark.parametrize("options, words", [
    ({}, None),
    ({"transpose": True}, ["transposed"]),
    ({"new_slope": False}, ["hidden layer 2's slope is missing"]),
    ({"slope": lambda a: sig(a) * (1 - sig(a))}, ["σ(a)(1 − σ(a))"]),
    ({"factor": -1.0}, ["wrong sign"]),
    ({"factor": 2.0}, ["2 times too big", "½ cancels the 2"]),
], ids=["right", "transposed", "new-layer-slope", "slope-from-z", "sign", "sse"])
def test_the_stretch_check(capsys, expected, options, words):
    def answer(X, y, W1, W2, W3):
        return backprop_3(X, y, W1, W2, W3, **options)
    if words is None:
        assert_correct(capsys, nb07.second_hidden_layer, answer)
    else:
        printed = assert_hint(capsys, nb07.second_hidden_layer, answer, *words)
        X, y = nnlib.toy_xor3()
        for hidden in nb07.STRETCH_HIDDEN:
            right = backprop_3(X, y, *nb07.stretch_start(hidden))
            assert not leaked(printed, np.concatenate([np.ravel(g) for g in right])), printed
