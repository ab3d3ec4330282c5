"""Bad input gets one clear error that says what was expected and what came instead.

Each row: a description, a call that must fail, the exception type, and a
regular expression the message must match.
"""

import numpy as np
import pytest

from nnlib import MaxScaler, Network, check_gradients, gate, legacy_draws, noisy_gate, train, train_many_seeds
from nnlib.activations import get_activation
from nnlib.losses import get_loss
from nnlib.xor221 import get_w, set_w, xor_network

X, Y = gate("xor")
NET = Network([2, 2, 1], seed=0)
NET3 = Network([3, 1], seed=0)

CASES = [
    # --- inputs X ---
    ("a new row with one feature too many (the classic crash)",
     lambda: NET3.predict([[4, 8, 1, 0]]), ValueError,
     r"X has 4 feature column\(s\) per example but the network expects 3 input\(s\): X should have shape \(n_samples, 3\), got \(1, 4\)"),
    ("too few features", lambda: NET.predict([[1.0]]), ValueError, r"network expects 2 input\(s\)"),
    ("a 1-D example", lambda: NET.predict([1, 0]), ValueError,
     r"X must be 2-D with shape \(n_samples, n_features\), got an array of shape \(2,\)\. For one example use X\.reshape\(1, -1\)"),
    ("a 3-D array", lambda: NET.predict(np.zeros((2, 2, 2))), ValueError, r"X must be 2-D .* got an array of shape \(2, 2, 2\)"),
    ("a scalar", lambda: NET.predict(3.0), ValueError, r"X must be 2-D .* shape \(\)"),
    ("empty data", lambda: NET.predict(np.zeros((0, 2))), ValueError, r"X is empty: expected at least one row and one column, got shape \(0, 2\)"),
    ("NaN in X", lambda: NET.predict([[np.nan, 1.0]]), ValueError, r"X contains 1 NaN or infinite value\(s\)"),
    ("inf in X", lambda: train(NET.copy(), [[np.inf, 0]] * 4, Y, epochs=1), ValueError, r"X contains 4 NaN or infinite"),
    ("text instead of numbers", lambda: NET.predict("0 1"), TypeError, r"X must be a 2-D array of numbers, got str"),
    ("ragged rows", lambda: NET.predict([[0, 1], [1]]), TypeError, r"X must be a 2-D array of numbers; could not read it"),
    ("None as data", lambda: NET.predict(None), TypeError, r"X must be a 2-D array of numbers, got NoneType"),
    # --- targets y ---
    ("X and y with different numbers of rows", lambda: train(NET.copy(), X, Y[:3], epochs=1), ValueError,
     r"X and y must have the same number of rows \(one per example\): X has 4 row\(s\), y has 3"),
    ("y with the wrong number of outputs", lambda: train(NET.copy(), X, np.hstack([Y, Y]), epochs=1), ValueError,
     r"y has 2 column\(s\) but the network has 1 output\(s\): y should have shape \(4, 1\), got \(4, 2\)"),
    ("y as a flat list", lambda: train(NET.copy(), X, [0, 1, 1, 0], epochs=1), ValueError,
     r"y must be 2-D with shape \(n_samples, n_outputs\), got an array of shape \(4,\)\. .* for one column per example use y\.reshape\(-1, 1\)"),
    ("NaN in y", lambda: NET.loss(X, [[0], [1], [np.nan], [0]]), ValueError, r"y contains 1 NaN"),
    # --- learning rate ---
    ("zero learning rate", lambda: train(NET.copy(), X, Y, epochs=1, learning_rate=0), ValueError,
     r"learning_rate must be a finite number greater than 0, got 0"),
    ("negative learning rate", lambda: train(NET.copy(), X, Y, epochs=1, learning_rate=-0.5), ValueError, r"greater than 0, got -0.5"),
    ("infinite learning rate", lambda: train(NET.copy(), X, Y, epochs=1, learning_rate=float("inf")), ValueError, r"got inf"),
    ("NaN learning rate", lambda: train(NET.copy(), X, Y, epochs=1, learning_rate=float("nan")), ValueError, r"got nan"),
    ("learning rate as text", lambda: train(NET.copy(), X, Y, epochs=1, learning_rate="0.1"), TypeError,
     r"learning_rate must be a positive number, got str"),
    ("learning rate in step()", lambda: NET.copy().step(NET.gradients(X, Y), -1), ValueError, r"learning_rate must be a finite number"),
    # --- epochs and other counts ---
    ("zero epochs", lambda: train(NET.copy(), X, Y, epochs=0), ValueError, r"epochs must be a whole number >= 1, got 0"),
    ("fractional epochs", lambda: train(NET.copy(), X, Y, epochs=2.5), TypeError, r"epochs must be a whole number >= 1, got float 2.5"),
    ("epochs as True", lambda: train(NET.copy(), X, Y, epochs=True), TypeError, r"epochs must be a whole number"),
    ("snapshot_every zero", lambda: train(NET.copy(), X, Y, epochs=5, snapshot_every=0), ValueError, r"snapshot_every must be a whole number >= 1"),
    ("unknown training mode", lambda: train(NET.copy(), X, Y, epochs=1, mode="minibatch"), ValueError,
     r"unknown mode 'minibatch'; choose one of: 'batch', 'online'"),
    ("online order missing an example", lambda: train(NET.copy(), X, Y, epochs=1, mode="online", order=[0, 1, 2]), ValueError,
     r"order must list every example index 0..3 exactly once, got \[0, 1, 2\]"),
    ("unknown loss", lambda: train(NET.copy(), X, Y, epochs=1, loss="rmse"), ValueError, r"unknown loss 'rmse'; choose one of"),
    ("unknown report loss", lambda: train(NET.copy(), X, Y, epochs=1, report="accuracy"), ValueError, r"unknown loss 'accuracy'"),
    # --- layer sizes ---
    ("a layer of zero units", lambda: Network([2, 0, 1]), ValueError, r"every layer needs at least 1 unit; sizes\[1\] is 0 in \[2, 0, 1\]"),
    ("a negative layer size", lambda: Network([2, -3, 1]), ValueError, r"sizes\[1\] is -3"),
    ("one layer only", lambda: Network([2]), ValueError, r"sizes needs at least two layers \(inputs and outputs\), such as \[2, 2, 1\]; got \[2\]"),
    ("sizes as a number", lambda: Network(3), TypeError, r"sizes must be a list of layer sizes such as \[2, 2, 1\], got int"),
    ("a fractional layer size", lambda: Network([2, 2.5, 1]), TypeError, r"every layer size must be a whole number; sizes\[1\] is 2.5"),
    ("unknown activation", lambda: Network([2, 2, 1], activation="softmax"), ValueError, r"unknown activation 'softmax'"),
    ("negative seed", lambda: Network([2, 2, 1], seed=-1), ValueError, r"seed must be a whole number >= 0, got -1"),
    # --- weights ---
    ("weights of the wrong shape", lambda: NET.copy().set_weights(0, np.zeros((3, 2))), ValueError,
     r"weights of layer 0 must have shape \(2, 2\), got \(3, 2\)"),
    ("biases of the wrong shape", lambda: NET.copy().set_biases(1, [0.0, 0.0]), ValueError, r"biases of layer 1 must have shape \(1,\), got \(2,\)"),
    ("a layer that does not exist", lambda: NET.copy().set_weights(5, np.zeros((2, 2))), ValueError,
     r"layer must be a whole number from 0 to 1, got 5"),
    ("biases on a bias-free network", lambda: Network([2, 1], bias=False).set_biases(0, [0.0]), ValueError, r"built with bias=False"),
    ("weight matrices that do not chain", lambda: Network.from_weights([np.zeros((2, 3)), np.zeros((2, 1))]), ValueError,
     r"weights of layer 1 must have shape \(3, 1\), got \(2, 1\)"),
    ("NaN in a weight matrix", lambda: Network.from_weights([[[np.nan], [0.0]]]), ValueError, r"weights of layer 0 contains NaN"),
    ("one bias vector too few", lambda: Network.from_weights([np.zeros((2, 2)), np.zeros((2, 1))], [np.zeros(2)]), ValueError,
     r"got 2 weight matrices but 1 bias vectors"),
    ("unknown w-name", lambda: set_w(xor_network(range(9)), "w10", 1.0), ValueError,
     r"unknown weight name 'w10'; the 2-2-1 network's weights are named w1 to w9"),
    ("eight weights for w1..w9", lambda: xor_network(range(8)), ValueError, r"the nine weights w1..w9 must have shape \(9,\), got \(8,\)"),
    ("a dict missing w9", lambda: xor_network({f"w{i}": 0.0 for i in range(1, 9)}), ValueError, r"missing \['w9'\]"),
    ("w-names on a 3-4-1 network", lambda: get_w(Network([3, 4, 1])), ValueError, r"only for a 2-2-1 network"),
    ("a weight value that is a list", lambda: set_w(xor_network(range(9)), "w1", [1, 2]), ValueError, r"w1 must have shape \(\), got \(2,\)"),
    # --- everything else ---
    ("unknown legacy draw", lambda: legacy_draws(1, [(3, 1)], "gaussian"), ValueError,
     r"unknown kind of draw 'gaussian'; choose one of: 'symmetric', 'uniform', 'normal'"),
    ("unknown gate", lambda: gate("nand"), ValueError, r"unknown gate 'nand'; choose one of: 'xor', 'and', 'or'"),
    ("zero points per corner", lambda: noisy_gate("xor", 0), ValueError, r"points_per_corner must be a whole number >= 1, got 0"),
    ("scaler on a 1-D list", lambda: MaxScaler.fit([1, 2, 3]), ValueError, r"data must be 2-D"),
    ("gradient check with the wrong X", lambda: check_gradients(NET, np.zeros((4, 3)), Y), ValueError, r"network expects 2 input\(s\)"),
    ("many seeds: no seeds", lambda: train_many_seeds([2, 2, 1], [], X, Y, epochs=1), ValueError, r"seeds is empty"),
    ("many seeds: zero seeds", lambda: train_many_seeds([2, 2, 1], 0, X, Y, epochs=1), ValueError, r"number of seeds must be a whole number >= 1"),
    ("many seeds: wrong inputs", lambda: train_many_seeds([3, 2, 1], 5, X, Y, epochs=1), ValueError, r"X has 2 feature column\(s\) .* expects 3"),
    ("many seeds: bad learning rate", lambda: train_many_seeds([2, 2, 1], 5, X, Y, epochs=1, learning_rate=0.0), ValueError,
     r"learning_rate must be a finite number greater than 0"),
    ("get_activation by a wrong name", lambda: get_activation("Sigmoid"), ValueError, r"unknown activation 'Sigmoid'"),
    ("get_loss by a wrong name", lambda: get_loss("MSE"), ValueError, r"unknown loss 'MSE'"),
]


def test_the_table_is_big_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("description,call,error,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_a_clear_error(description, call, error, message):
    with pytest.raises(error, match=message):
        call()
