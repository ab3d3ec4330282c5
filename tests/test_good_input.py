"""Reasonable input is accepted: the sibling of test_bad_input.py.

A learner passes whole-valued floats (``epochs=10.0``), numpy scalars and 0-d
arrays (``learning_rate=np.array(0.5)``), tuples and arrays where a list is
documented, integer data, numpy bools. Each row: a description, a call, and a
check of the result against what the plain form of the same call gives (or a
value derived by hand).
"""

import numpy as np
import pytest

from nnlib import (MaxScaler, Network, check_gradients, gate, legacy_draws, mse, noisy_gate, numerical_gradient,
                   random_parameters, relative_error, sigmoid, train, train_many_seeds)
from nncourse import tutorial_bugs
from nncourse.stepper import backprop_steps
from nnlib.xor221 import get_w, output_unit_table, set_w, truth_table, xor_network

X, Y = gate("xor")


def same_network(a: Network, b: Network) -> bool:
    return a.sizes == b.sizes and all(np.array_equal(p, q) for p, q in zip(a.parameter_list(), b.parameter_list()))


def trained(**kwargs) -> Network:
    """A 2-2-1 network (seed 3) after train() with the given keywords (10 epochs by default)."""
    net = Network([2, 2, 1], seed=3)
    train(net, kwargs.pop("X", X), kwargs.pop("y", Y), **({"epochs": 10} | kwargs))
    return net


REFERENCE = trained()

CASES = [
    # --- Network ------------------------------------------------------------------------------
    ("sizes as a numpy array", lambda: Network(np.array([2, 2, 1]), seed=3), lambda net: same_network(net, Network([2, 2, 1], seed=3))),
    ("sizes as a tuple", lambda: Network((2, 2, 1), seed=3), lambda net: same_network(net, Network([2, 2, 1], seed=3))),
    ("sizes as whole floats", lambda: Network([2.0, 2.0, 1.0], seed=3), lambda net: net.sizes == [2, 2, 1] and type(net.sizes[0]) is int),
    ("sizes as numpy ints", lambda: Network([np.int64(2), np.int32(2), np.uint8(1)]), lambda net: net.sizes == [2, 2, 1]),
    ("seed as a whole float", lambda: Network([2, 2, 1], seed=3.0), lambda net: same_network(net, Network([2, 2, 1], seed=3))),
    ("seed as a 0-d array", lambda: Network([2, 2, 1], seed=np.array(3)), lambda net: same_network(net, Network([2, 2, 1], seed=3))),
    ("seed as numpy int", lambda: Network([2, 2, 1], seed=np.int64(3)), lambda net: same_network(net, Network([2, 2, 1], seed=3))),
    ("the largest seed", lambda: Network([2, 1], seed=2**32 - 1), lambda net: net.weights[0].shape == (2, 1)),
    ("bias as a numpy bool", lambda: Network([2, 2, 1], bias=np.bool_(False)), lambda net: net.biases is None),
    ("scale 0: every weight starts at 0", lambda: Network([2, 2, 1], scale=0), lambda net: all(not p.any() for p in net.parameter_list())),
    ("scale as an int", lambda: Network([2, 2, 1], seed=3, scale=2),
     lambda net: np.array_equal(net.weights[0], 2 * Network([2, 2, 1], seed=3).weights[0])),
    ("scale as a 0-d array", lambda: Network([2, 2, 1], seed=3, scale=np.array(0.5)),
     lambda net: np.array_equal(net.weights[0], 0.5 * Network([2, 2, 1], seed=3).weights[0])),
    ("from_weights with nested lists", lambda: Network.from_weights([[[1, 2]], [[3], [4]]], [[0, 0], [1]]),
     lambda net: net.sizes == [1, 2, 1] and net.weights[0].dtype == float),
    ("from_weights with a tuple of arrays", lambda: Network.from_weights((np.ones((2, 1)),)), lambda net: net.sizes == [2, 1] and not net.has_bias),
    # --- data given as ints, lists, tuples -------------------------------------------------------------
    ("predict on integer lists", lambda: REFERENCE.predict([[0, 1]]), lambda out: np.array_equal(out, REFERENCE.predict(np.array([[0.0, 1.0]])))),
    ("predict on a tuple of tuples", lambda: REFERENCE.predict(((0, 1), (1, 1))), lambda out: out.shape == (2, 1)),
    ("predict on a bool array", lambda: REFERENCE.predict(X.astype(bool)), lambda out: np.array_equal(out, REFERENCE.predict(X))),
    ("predict on float32 data", lambda: REFERENCE.predict(X.astype(np.float32)), lambda out: np.array_equal(out, REFERENCE.predict(X))),
    ("loss with integer targets", lambda: REFERENCE.loss(X, [[0], [1], [1], [0]]), lambda value: value == REFERENCE.loss(X, Y)),
    ("gradients with integer data", lambda: REFERENCE.gradients(X.astype(int), Y.astype(int)),
     lambda g: all(np.array_equal(a, b) for a, b in zip(g.as_list(), REFERENCE.gradients(X, Y).as_list()))),
    # --- train ------------------------------------------------------------------------------------------
    ("epochs as a whole float", lambda: trained(epochs=10.0), lambda net: same_network(net, REFERENCE)),
    ("epochs as a numpy int", lambda: trained(epochs=np.int64(10)), lambda net: same_network(net, REFERENCE)),
    ("epochs as a 0-d array", lambda: trained(epochs=np.array(10)), lambda net: same_network(net, REFERENCE)),
    ("learning rate as an int", lambda: trained(learning_rate=1), lambda net: same_network(net, REFERENCE)),
    ("learning rate as a 0-d array", lambda: trained(learning_rate=np.array(1.0)), lambda net: same_network(net, REFERENCE)),
    ("learning rate as a numpy float", lambda: trained(learning_rate=np.float32(1.0)), lambda net: same_network(net, REFERENCE)),
    ("data as integer lists", lambda: trained(X=[[0, 0], [0, 1], [1, 0], [1, 1]], y=[[0], [1], [1], [0]]), lambda net: same_network(net, REFERENCE)),
    ("online order as a numpy array", lambda: trained(mode="online", order=np.array([0, 1, 2, 3])),
     lambda net: same_network(net, trained(mode="online"))),
    ("online order as a tuple of whole floats", lambda: trained(mode="online", order=(0.0, 1.0, 2.0, 3.0)),
     lambda net: same_network(net, trained(mode="online"))),
    ("order None in batch mode", lambda: trained(order=None), lambda net: same_network(net, REFERENCE)),
    ("stop_below as an int", lambda: train(Network([2, 2, 1], seed=3), X, Y, epochs=10, stop_below=1),
     lambda history: history.stopped_early and history.epochs_run == 0),
    ("snapshot_every as a whole float", lambda: train(Network([2, 2, 1]), X, Y, epochs=4, snapshot_every=2.0),
     lambda history: [s.epoch for s in history.snapshots] == [0, 2, 4]),
    ("recorded_loss given as the same loss", lambda: train(Network([2, 2, 1], seed=3), X, Y, epochs=10, recorded_loss="mse"),
     lambda history: history.final_loss == REFERENCE.loss(X, Y)),
    # --- many seeds ---------------------------------------------------------------------------------------
    ("seeds as a whole float count", lambda: train_many_seeds([2, 2, 1], 3.0, X, Y, epochs=2),
     lambda result: np.array_equal(result.seeds, [0, 1, 2])),
    ("seeds as a range", lambda: train_many_seeds([2, 2, 1], range(2, 5), X, Y, epochs=2), lambda result: np.array_equal(result.seeds, [2, 3, 4])),
    ("seeds as a numpy array", lambda: train_many_seeds([2, 2, 1], np.array([4, 1]), X, Y, epochs=2), lambda result: np.array_equal(result.seeds, [4, 1])),
    ("seeds as a numpy int count", lambda: train_many_seeds([2, 2, 1], np.int64(2), X, Y, epochs=2), lambda result: len(result.seeds) == 2),
    ("many seeds with epochs as a whole float", lambda: train_many_seeds([2, 2, 1], [3], X, Y, epochs=10.0),
     lambda result: np.array_equal(result.losses[0], train(Network([2, 2, 1], seed=3), X, Y, epochs=10).losses)),
    ("many seeds with sizes as an array", lambda: train_many_seeds(np.array([2, 2, 1]), 2, X, Y, epochs=2), lambda result: result.sizes == [2, 2, 1]),
    ("ManySeeds.network with a numpy index", lambda: train_many_seeds([2, 2, 1], [3], X, Y, epochs=10).network(np.int64(0)),
     lambda net: same_network(net, REFERENCE)),
    ("ManySeeds.stuck with an int threshold", lambda: train_many_seeds([2, 2, 1], 2, X, Y, epochs=2).stuck(1), lambda mask: not mask.any()),
    # --- gradient checking ---------------------------------------------------------------------------------
    ("check_gradients with eps as an int power", lambda: check_gradients(Network([2, 2, 1]), X, Y, eps=10**-5), lambda result: result.passed()),
    ("check_gradients with eps as a 0-d array", lambda: check_gradients(Network([2, 2, 1]), X, Y, eps=np.array(1e-6)), lambda result: result.passed()),
    ("relative_error of lists", lambda: relative_error([3.0, 4.0], [3.0, 4.0]), lambda value: value == 0.0),
    ("relative_error of integer arrays", lambda: relative_error(np.array([1, 0]), np.array([0, 1])), lambda value: value == pytest.approx(np.sqrt(2) / 2)),
    ("numerical_gradient of a float32 array", lambda: _numeric_of_square(np.array([1.0, 2.0], dtype=np.float32)),
     lambda g: np.allclose(g, [2.0, 4.0], rtol=1e-2)),
    # --- activations and losses --------------------------------------------------------------------------------
    ("sigmoid of an int", lambda: sigmoid(0), lambda value: value == 0.5),
    ("sigmoid of a list", lambda: sigmoid([0, 0]), lambda value: np.array_equal(value, [0.5, 0.5])),
    ("sigmoid of a bool", lambda: sigmoid(np.array([False])), lambda value: np.array_equal(value, [0.5])),
    ("mse of nested lists", lambda: mse([[0.5], [1.0]], [[0], [1]]), lambda value: value == pytest.approx(0.125)),
    ("mse of a stack against one target", lambda: mse(np.zeros((3, 4, 1)), Y), lambda value: np.array_equal(value, [0.5, 0.5, 0.5])),
    # --- weights, data -------------------------------------------------------------------------------------------
    ("legacy draw with a whole float seed", lambda: legacy_draws(1.0, [(3, 1)], "symmetric")[0],
     lambda W: np.array_equal(W, legacy_draws(1, [(3, 1)], "symmetric")[0])),
    ("legacy draw with shapes as lists and ints", lambda: legacy_draws(1, [[3, 1], 4], "normal"),
     lambda draws: [d.shape for d in draws] == [(3, 1), (4,)]),
    ("random_parameters with a numpy seed", lambda: random_parameters([2, 1], np.int64(5))[0][0],
     lambda W: np.array_equal(W, random_parameters([2, 1], 5)[0][0])),
    ("noisy gate with whole float counts and seed", lambda: noisy_gate("and", 5.0, 0.1, seed=2.0)[0],
     lambda points: np.array_equal(points, noisy_gate("and", 5, 0.1, seed=2)[0])),
    ("noisy gate with an int noise", lambda: noisy_gate("or", 2, 0)[0], lambda points: np.array_equal(points, np.repeat(X, 2, axis=0))),
    ("a scaler built from an int list", lambda: MaxScaler([2, 4]).transform([[1, 1]]), lambda out: np.array_equal(out, [[0.5, 0.25]])),
    ("a scaler fitted on integer data", lambda: MaxScaler.fit([[1, -4], [2, 2]]).scale, lambda scale: np.array_equal(scale, [2.0, 4.0])),
    # --- the 2-2-1 example ---------------------------------------------------------------------------------------
    ("w1..w9 as a numpy array", lambda: get_w(xor_network(np.arange(9.0))), lambda w: list(w.values()) == list(range(9))),
    ("w1..w9 as ints", lambda: get_w(xor_network(range(9))), lambda w: w["w9"] == 8.0),
    ("a named weight as a 0-d array", lambda: get_w(_set_w(xor_network(range(9)), "w3", np.array(7))), lambda w: w["w3"] == 7.0),
    ("output unit table of integer hidden values", lambda: output_unit_table(REFERENCE, [[0, 1]]),
     lambda out: np.allclose(out, sigmoid(REFERENCE.weights[1][1, 0] + REFERENCE.biases[1][0]))),
    # --- tutorial foils, xor221, stepper ----------------------------------------------------------------------
    ("figure 6 update from nested lists", lambda: tutorial_bugs.figure6_update(*[p.tolist() for p in tutorial_bugs.figure6_start()]),
     lambda step: all(np.array_equal(a, b) for a, b in zip(step, tutorial_bugs.figure6_update(*tutorial_bugs.figure6_start())))),
    ("a truth table of a list", lambda: truth_table([0.2, 0.9, 0.6, 0.1]), lambda text: text == "0110"),
    ("stepper weights as numpy floats and ints", lambda: backprop_steps({f"w{k}": np.float32(0.5) if k % 2 else 1
                                                                          for k in range(1, 10)}),
     lambda steps: len(steps) > 0),
]


def _set_w(net: Network, name: str, value) -> Network:
    set_w(net, name, value)
    return net


def _numeric_of_square(p: np.ndarray) -> np.ndarray:
    return numerical_gradient(lambda: float(np.sum(p.astype(float) ** 2)), p, eps=1e-3)


@pytest.mark.parametrize("description,call,check", CASES, ids=[c[0] for c in CASES])
def test_reasonable_input_is_accepted(description, call, check):
    assert check(call())
