"""Bad input gets one clear error that says what was expected and what came instead.

Each row: a description, a call that must fail, the exception type, and a
regular expression the message must match. Every pattern names the parameter
and what came (a value, a type, a shape), so a generic numpy or Python error
(and a silently accepted call, which raises nothing) fails its row. The rows
cover every public function and parameter of nnlib's core modules; the
sibling table of reasonable inputs that must be accepted is test_good_input.py.
"""

import numpy as np
import pytest

from nnlib import (Gradients, MaxScaler, Network, check_gradients, gate, legacy_draws, mae, mse,
                   noisy_gate, numerical_gradient, random_parameters, relative_error, sigmoid, train,
                   train_many_seeds)
from nnlib import activations, losses
from nncourse import tutorial_bugs
from nnlib.activations import get_activation
from nnlib.losses import get_loss
from nnlib.xor221 import (get_w, gradients_by_name, hidden_table, output_unit_table, set_w,
                          truth_table, xor_network)

X, Y = gate("xor")
NET = Network([2, 2, 1], seed=0)
NET3 = Network([3, 1], seed=0)
GRADS = NET.gradients(X, Y)
MANY = train_many_seeds([2, 2, 1], 3, X, Y, epochs=2)
CHECK = check_gradients(NET, X, Y)
SCALER = MaxScaler.fit([[1.0, 2.0]])
NAN, INF = float("nan"), float("inf")
F6_TRANSPOSED = [p.T for p in tutorial_bugs.figure6_start()]      # W1 (4, 3), W2 (1, 4), b1 (4,), b2 (1,)


def fit(**kwargs):
    """train() on the XOR table with one epoch, overriding any argument (X and y too)."""
    arguments = {"X": X, "y": Y, "epochs": 1} | kwargs
    return train(NET.copy(), arguments.pop("X"), arguments.pop("y"), **arguments)


def many(**kwargs):
    arguments = {"sizes": [2, 2, 1], "seeds": 2, "X": X, "y": Y, "epochs": 1} | kwargs
    return train_many_seeds(arguments.pop("sizes"), arguments.pop("seeds"), arguments.pop("X"),
                            arguments.pop("y"), **arguments)


CASES = [
    # --- inputs X (the network's door) -----------------------------------------------
    ("a new row with one feature too many (the classic crash)",
     lambda: NET3.predict([[4, 8, 1, 0]]), ValueError,
     r"X has 4 feature column\(s\) per example but the network expects 3 input\(s\): X should have shape \(n_samples, 3\), got \(1, 4\)"),
    ("too few features", lambda: NET.predict([[1.0]]), ValueError, r"X has 1 feature column\(s\) .* network expects 2 input\(s\)"),
    ("a 1-D example", lambda: NET.predict([1, 0]), ValueError,
     r"X must be 2-D with shape \(n_samples, n_features\), got an array of shape \(2,\)\. For one example use X\.reshape\(1, -1\)"),
    ("a 3-D array", lambda: NET.predict(np.zeros((2, 2, 2))), ValueError, r"X must be 2-D .* got an array of shape \(2, 2, 2\)"),
    ("a scalar", lambda: NET.predict(3.0), ValueError, r"X must be 2-D .* shape \(\)"),
    ("empty data", lambda: NET.predict(np.zeros((0, 2))), ValueError, r"X is empty: expected at least one row and one column, got shape \(0, 2\)"),
    ("NaN in X", lambda: NET.predict([[np.nan, 1.0]]), ValueError, r"X contains 1 NaN or infinite value\(s\)"),
    ("inf in X", lambda: fit(X=[[np.inf, 0]] * 4), ValueError, r"X contains 4 NaN or infinite"),
    ("text instead of numbers", lambda: NET.predict("0 1"), TypeError, r"X must be a 2-D array of numbers, got str"),
    ("ragged rows", lambda: NET.predict([[0, 1], [1]]), TypeError, r"X must be a 2-D array of numbers; could not read it"),
    ("None as data", lambda: NET.predict(None), TypeError, r"X must be a 2-D array of numbers, got NoneType"),
    ("complex X", lambda: NET.predict(X + 1j), TypeError, r"X must hold real numbers, got complex numbers \(dtype complex128\)"),
    ("complex X, imaginary part 0", lambda: NET.predict(X.astype(complex)), TypeError, r"X must hold real numbers, got complex"),
    ("strings inside X", lambda: NET.predict([["0", "1"]]), TypeError, r"X must be a 2-D array of numbers; .* dtype <U1"),
    ("forward with bad X", lambda: NET.forward([0, 1]), ValueError, r"X must be 2-D .* got an array of shape \(2,\)"),
    # --- targets y ---------------------------------------------------------------------
    ("X and y with different numbers of rows", lambda: fit(y=Y[:3]), ValueError,
     r"X and y must have the same number of rows \(one per example\): X has 4 row\(s\), y has 3"),
    ("y with the wrong number of outputs", lambda: fit(y=np.hstack([Y, Y])), ValueError,
     r"y has 2 column\(s\) but the network has 1 output\(s\): y should have shape \(4, 1\), got \(4, 2\)"),
    ("y as a flat list", lambda: fit(y=[0, 1, 1, 0]), ValueError,
     r"y must be 2-D with shape \(n_samples, n_outputs\), got an array of shape \(4,\)\. .* for one column per example use y\.reshape\(-1, 1\)"),
    ("NaN in y", lambda: NET.loss(X, [[0], [1], [np.nan], [0]]), ValueError, r"y contains 1 NaN"),
    ("complex y", lambda: NET.loss(X, Y + 0j), TypeError, r"y must hold real numbers, got complex"),
    ("y as text", lambda: NET.gradients(X, "0110"), TypeError, r"y must be a 2-D array of numbers, got str"),
    # --- learning rate -------------------------------------------------------------------
    ("zero learning rate", lambda: fit(learning_rate=0), ValueError, r"learning_rate must be a finite number greater than 0, got 0"),
    ("negative learning rate", lambda: fit(learning_rate=-0.5), ValueError, r"learning_rate must be .* greater than 0, got -0.5"),
    ("infinite learning rate", lambda: fit(learning_rate=INF), ValueError, r"learning_rate must be a finite number .* got inf"),
    ("NaN learning rate", lambda: fit(learning_rate=NAN), ValueError, r"learning_rate must be a finite number .* got nan"),
    ("learning rate as text", lambda: fit(learning_rate="0.1"), TypeError, r"learning_rate must be a positive number, got str '0.1'"),
    ("learning rate as a list", lambda: fit(learning_rate=[0.1]), TypeError, r"learning_rate must be a positive number, got list \[0.1\]"),
    ("learning rate as a 1-D array", lambda: fit(learning_rate=np.array([0.5])), TypeError,
     r"learning_rate must be a positive number, got an array of shape \(1,\)"),
    ("learning rate True", lambda: fit(learning_rate=True), TypeError, r"learning_rate must be a positive number, got bool True"),
    ("learning rate None", lambda: fit(learning_rate=None), TypeError, r"learning_rate must be a positive number, got NoneType None"),
    ("complex learning rate", lambda: fit(learning_rate=0.5 + 0j), TypeError, r"learning_rate must be a positive number, got complex"),
    ("learning rate in step()", lambda: NET.copy().step(GRADS, -1), ValueError, r"learning_rate must be a finite number greater than 0, got -1"),
    # --- epochs and the other counts of train ----------------------------------------------
    ("zero epochs", lambda: fit(epochs=0), ValueError, r"epochs must be a whole number >= 1, got 0"),
    ("negative epochs", lambda: fit(epochs=-5), ValueError, r"epochs must be a whole number >= 1, got -5"),
    ("fractional epochs", lambda: fit(epochs=2.5), TypeError, r"epochs must be a whole number >= 1, got float 2.5"),
    ("epochs as True", lambda: fit(epochs=True), TypeError, r"epochs must be a whole number >= 1, got bool True"),
    ("epochs as text", lambda: fit(epochs="100"), TypeError, r"epochs must be a whole number >= 1, got str '100'"),
    ("epochs None", lambda: fit(epochs=None), TypeError, r"epochs must be a whole number >= 1, got NoneType"),
    ("epochs infinite", lambda: fit(epochs=INF), TypeError, r"epochs must be a whole number >= 1, got float inf"),
    ("epochs NaN", lambda: fit(epochs=NAN), TypeError, r"epochs must be a whole number >= 1, got float nan"),
    ("epochs so many the loss history needs gigabytes", lambda: fit(epochs=10**9), ValueError,
     r"epochs=1000000000 \(the loss history\) would need 1,000,000,001 numbers in memory, more than nnlib's limit of 20,000,000"),
    ("snapshot_every zero", lambda: fit(epochs=5, snapshot_every=0), ValueError, r"snapshot_every must be a whole number >= 1, got 0"),
    ("snapshot_every fractional", lambda: fit(epochs=5, snapshot_every=0.5), TypeError, r"snapshot_every must be a whole number >= 1, got float 0.5"),
    ("snapshot_every as text", lambda: fit(epochs=5, snapshot_every="1"), TypeError, r"snapshot_every must be a whole number >= 1, got str"),
    ("a snapshot every epoch of a huge run", lambda: train(Network([2, 50, 1]), X, Y, epochs=10**6, snapshot_every=1),
     ValueError, r"1000001 snapshots \(epochs=1000000, snapshot_every=1\) would need .* more than nnlib's limit"),
    ("unknown training mode", lambda: fit(mode="minibatch"), ValueError, r"unknown mode 'minibatch'; choose one of: 'batch', 'online'"),
    ("mode None", lambda: fit(mode=None), ValueError, r"unknown mode None; choose one of"),
    ("unknown loss", lambda: fit(loss="rmse"), ValueError, r"unknown loss 'rmse'; choose one of"),
    ("unknown recorded loss", lambda: fit(recorded_loss="accuracy"), ValueError, r"unknown loss 'accuracy'"),
    ("train with something that is not a network", lambda: train("net", X, Y, epochs=1), TypeError,
     r"net must be an nnlib Network, got str 'net'"),
    # --- order ----------------------------------------------------------------------------
    ("online order missing an example", lambda: fit(mode="online", order=[0, 1, 2]), ValueError,
     r"order must list every example index 0..3 exactly once, got \[0, 1, 2\]"),
    ("online order repeating an example", lambda: fit(mode="online", order=[0, 1, 1, 2]), ValueError,
     r"order must list every example index 0..3 exactly once, got \[0, 1, 1, 2\]"),
    ("online order out of range", lambda: fit(mode="online", order=[1, 2, 3, 4]), ValueError, r"order must list every example index 0..3"),
    ("online order with a negative index", lambda: fit(mode="online", order=[-1, 0, 1, 2]), ValueError,
     r"order\[0\] must be a whole number >= 0, got -1"),
    ("online order as a string of digits", lambda: fit(mode="online", order="0123"), TypeError,
     r"order must be a list of example indices such as \[0, 1, 2, 3\], got str '0123'"),
    ("online order with a fraction", lambda: fit(mode="online", order=[0, 1, 2.5, 3]), TypeError,
     r"order\[2\] must be a whole number >= 0, got float 2.5"),
    ("online order as a number", lambda: fit(mode="online", order=4), TypeError, r"order must be a list of example indices .* got int 4"),
    ("online order with bools", lambda: fit(mode="online", order=[True, False, 2, 3]), TypeError,
     r"order\[0\] must be a whole number >= 0, got bool True"),
    ("order in batch mode", lambda: fit(order=[3, 2, 1, 0]), ValueError,
     r"order only applies to mode='online' .* Got order=\[3, 2, 1, 0\] with mode='batch'"),
    # --- stop_below ----------------------------------------------------------------------------
    ("stop_below zero", lambda: fit(stop_below=0), ValueError, r"stop_below must be a finite number greater than 0, got 0"),
    ("stop_below negative", lambda: fit(stop_below=-0.1), ValueError, r"stop_below must be .* got -0.1"),
    ("stop_below NaN", lambda: fit(stop_below=NAN), ValueError, r"stop_below must be a finite number .* got nan"),
    ("stop_below as text", lambda: fit(stop_below="0.01"), TypeError, r"stop_below must be a positive number, got str '0.01'"),
    ("stop_below True", lambda: fit(stop_below=True), TypeError, r"stop_below must be a positive number, got bool"),
    # --- layer sizes ---------------------------------------------------------------------------
    ("a layer of zero units", lambda: Network([2, 0, 1]), ValueError, r"sizes\[1\] must be a whole number >= 1, got 0"),
    ("a negative layer size", lambda: Network([2, -3, 1]), ValueError, r"sizes\[1\] must be a whole number >= 1, got -3"),
    ("one layer only", lambda: Network([2]), ValueError, r"sizes needs at least two layers \(inputs and outputs\), such as \[2, 2, 1\]; got \[2\]"),
    ("sizes as a number", lambda: Network(3), TypeError, r"sizes must be a list of layer sizes such as \[2, 2, 1\], got int 3"),
    ("sizes as text", lambda: Network("221"), TypeError, r"sizes must be a list of layer sizes .* got str '221'"),
    ("sizes None", lambda: Network(None), TypeError, r"sizes must be a list of layer sizes .* got NoneType"),
    ("sizes as a 2-D array", lambda: Network(np.array([[2, 2, 1]])), TypeError, r"sizes must be a list of layer sizes .* got an array of shape \(1, 3\)"),
    ("a fractional layer size", lambda: Network([2, 2.5, 1]), TypeError, r"sizes\[1\] must be a whole number >= 1, got float 2.5"),
    ("a layer size True", lambda: Network([2, True, 1]), TypeError, r"sizes\[1\] must be a whole number >= 1, got bool True"),
    ("a layer size as text", lambda: Network([2, "2", 1]), TypeError, r"sizes\[1\] must be a whole number >= 1, got str '2'"),
    # (2+1)·10⁵ + (10⁵+1)·10⁵ + (10⁵+1)·1 weights and biases = 10,000,500,001
    ("a network with billions of weights", lambda: Network([2, 100_000, 100_000, 1]), ValueError,
     r"a network with sizes \[2, 100000, 100000, 1\] would need 10,000,500,001 numbers in memory, more than nnlib's limit of 20,000,000"),
    ("unknown activation", lambda: Network([2, 2, 1], activation="softmax"), ValueError, r"unknown activation 'softmax'"),
    ("unknown output activation", lambda: Network([2, 2, 1], output_activation="linear"), ValueError, r"unknown activation 'linear'"),
    ("activation given as a function", lambda: Network([2, 2, 1], activation=sigmoid), ValueError, r"unknown activation <function sigmoid"),
    # --- seed, bias, scale -----------------------------------------------------------------------
    ("negative seed", lambda: Network([2, 2, 1], seed=-1), ValueError, r"seed must be a whole number from 0 to 4294967295, got -1"),
    ("seed too large", lambda: Network([2, 2, 1], seed=2**64), ValueError, r"seed must be a whole number from 0 to 4294967295, got 18446744073709551616"),
    ("fractional seed", lambda: Network([2, 2, 1], seed=1.5), TypeError, r"seed must be a whole number .* got float 1.5"),
    ("seed as text", lambda: Network([2, 2, 1], seed="7"), TypeError, r"seed must be a whole number .* got str '7'"),
    ("seed None", lambda: Network([2, 2, 1], seed=None), TypeError, r"seed must be a whole number .* got NoneType"),
    ("bias as a truthy string", lambda: Network([2, 2, 1], bias="no"), TypeError, r"bias must be True or False, got str 'no'"),
    ("bias as 1", lambda: Network([2, 2, 1], bias=1), TypeError, r"bias must be True or False, got int 1"),
    ("bias None", lambda: Network([2, 2, 1], bias=None), TypeError, r"bias must be True or False, got NoneType"),
    ("scale NaN", lambda: Network([2, 2, 1], scale=NAN), ValueError, r"scale must be a finite number >= 0, got nan"),
    ("scale infinite", lambda: Network([2, 2, 1], scale=INF), ValueError, r"scale must be a finite number >= 0, got inf"),
    ("scale negative", lambda: Network([2, 2, 1], scale=-1), ValueError, r"scale must be a finite number >= 0, got -1"),
    ("scale as a list", lambda: Network([2, 2, 1], scale=[1, 2]), TypeError, r"scale must be a number >= 0, got list \[1, 2\]"),
    ("scale as text", lambda: Network([2, 2, 1], scale="1"), TypeError, r"scale must be a number >= 0, got str '1'"),
    ("scale None", lambda: Network([2, 2, 1], scale=None), TypeError, r"scale must be a number >= 0, got NoneType"),
    # --- weights of a network ------------------------------------------------------------------------
    ("an infinite bias", lambda: Network.from_weights([np.zeros((2, 1))], [[INF]]), ValueError,
     r"biases\[0\] contains NaN or infinite values"),
    ("weight matrices that do not chain", lambda: Network.from_weights([np.zeros((2, 3)), np.zeros((2, 1))]), ValueError,
     r"weights\[1\] must have shape \(3, 1\), got \(2, 1\)"),
    ("NaN in a weight matrix", lambda: Network.from_weights([[[np.nan], [0.0]]]), ValueError, r"weights\[0\] contains NaN"),
    ("one bias vector too few", lambda: Network.from_weights([np.zeros((2, 2)), np.zeros((2, 1))], [np.zeros(2)]), ValueError,
     r"got 2 weight matrices but 1 bias vectors"),
    ("from_weights with no matrices", lambda: Network.from_weights([]), ValueError, r"from_weights needs at least one weight matrix, got none"),
    ("from_weights with one matrix, not a list", lambda: Network.from_weights(np.zeros((2, 1))), TypeError,
     r"weights must be a list of weight matrices, one per layer, got an array of shape \(2, 1\)"),
    ("from_weights with a 1-D weight vector", lambda: Network.from_weights([np.zeros(2)]), ValueError,
     r"weights\[0\] must be a 2-D matrix \(n_in, n_out\), got shape \(2,\)"),
    ("from_weights with text", lambda: Network.from_weights(["ab"]), TypeError, r"weights\[0\] must be an array of numbers, got str"),
    ("from_weights with complex weights", lambda: Network.from_weights([np.ones((2, 1)) * 1j]), TypeError, r"weights\[0\] must hold real numbers"),
    ("from_weights with biases as a number", lambda: Network.from_weights([np.zeros((2, 1))], 0.5), TypeError,
     r"biases must be None or a list of bias vectors, one per layer, got float 0.5"),
    ("from_weights with a bias of the wrong shape", lambda: Network.from_weights([np.zeros((2, 1))], [np.zeros(2)]), ValueError,
     r"biases\[0\] must have shape \(1,\), got \(2,\)"),
    ("from_weights with an unknown activation", lambda: Network.from_weights([np.zeros((2, 1))], activation="step"), ValueError,
     r"unknown activation 'step'"),
    # --- loss, backward, gradients, step ----------------------------------------------------------------
    ("Network.loss with an unknown loss", lambda: NET.loss(X, Y, loss="cross_entropy"), ValueError, r"unknown loss 'cross_entropy'"),
    ("gradients with an unknown loss", lambda: NET.gradients(X, Y, loss="l2"), ValueError, r"unknown loss 'l2'"),
    ("gradients with a flat y", lambda: NET.gradients(X, [0, 1, 1, 0]), ValueError, r"y must be 2-D .* got an array of shape \(4,\)"),
    ("backward with a flat y", lambda: NET.backward(NET.forward(X), [0, 1, 1, 0]), ValueError, r"y must be 2-D .* got an array of shape \(4,\)"),
    ("backward with y of the wrong length", lambda: NET.backward(NET.forward(X), Y[:2]), ValueError, r"X has 4 row\(s\), y has 2"),
    ("backward with the predictions only", lambda: NET.backward(NET.predict(X), Y), TypeError,
     r"activations must be the list forward\(X\) returned \(3 arrays, a⁰ = X to aᴷ = ŷ\), got an array of shape \(4, 1\)"),
    ("backward with a number", lambda: NET.backward(3, Y), TypeError, r"activations must be the list forward\(X\) returned"),
    ("backward with a list too short", lambda: NET.backward(NET.forward(X)[1:], Y), TypeError, r"activations must be the list forward\(X\) returned \(3 arrays"),
    ("backward with another network's activations", lambda: NET.backward(Network([2, 3, 1]).forward(X), Y), ValueError,
     r"activations\[1\] should have shape \(n_samples, 2\) for this network, got \(4, 3\)"),
    ("backward with an unknown loss", lambda: NET.backward(NET.forward(X), Y, loss="huber"), ValueError, r"unknown loss 'huber'"),
    ("step with a list instead of Gradients", lambda: NET.copy().step(GRADS.as_list(), 0.1), TypeError,
     r"gradients must be a Gradients object .* got list"),
    ("step with bias-free gradients", lambda: NET.copy().step(Network([2, 2, 1], bias=False).gradients(X, Y), 0.1), ValueError,
     r"gradients has no bias gradients but the network was built with bias=True"),
    ("step with gradients of another shape", lambda: NET.copy().step(Network([2, 3, 1]).gradients(X, Y), 0.1), ValueError,
     r"gradients have shapes \[\(2, 3\), \(3, 1\), \(3,\), \(1,\)\] but the network's parameters have shapes"),
    ("step with a learning rate as text", lambda: NET.copy().step(GRADS, "0.1"), TypeError, r"learning_rate must be a positive number, got str"),
    # --- activations ----------------------------------------------------------------------------------------
    ("sigmoid of text", lambda: sigmoid("1.0"), TypeError, r"z must be an array of numbers, got str"),
    ("sigmoid of None", lambda: sigmoid(None), TypeError, r"z must be an array of numbers, got NoneType"),
    ("sigmoid of a complex number", lambda: sigmoid(1 + 2j), TypeError, r"z must hold real numbers, got complex numbers"),
    ("sigmoid of a ragged list", lambda: sigmoid([[1, 2], [3]]), TypeError, r"z must be an array of numbers; could not read it"),
    ("sigmoid slope from z of text", lambda: activations.sigmoid_slope_from_z("0"), TypeError, r"z must be an array of numbers, got str"),
    ("sigmoid slope from a, complex", lambda: activations.sigmoid_slope_from_a(np.array([0.5j])), TypeError, r"a must hold real numbers"),
    ("tanh of text", lambda: activations.tanh("x"), TypeError, r"z must be an array of numbers, got str"),
    ("tanh slope from z, complex", lambda: activations.tanh_slope_from_z(1j), TypeError, r"z must hold real numbers"),
    ("tanh slope from a of None", lambda: activations.tanh_slope_from_a(None), TypeError, r"a must be an array of numbers, got NoneType"),
    ("relu of a complex array", lambda: activations.relu(np.ones(3) * 1j), TypeError, r"z must hold real numbers"),
    ("relu slope from z of text", lambda: activations.relu_slope_from_z("1"), TypeError, r"z must be an array of numbers, got str"),
    ("relu slope from a of objects", lambda: activations.relu_slope_from_a([object()]), TypeError,
     r"a must be an array of numbers; could not read it as one \(its entries are of dtype object\)"),
    ("get_activation by a wrong name", lambda: get_activation("Sigmoid"), ValueError, r"unknown activation 'Sigmoid'"),
    ("get_activation by None", lambda: get_activation(None), ValueError, r"unknown activation None; choose one of: 'sigmoid', 'tanh', 'relu'"),
    ("get_activation by a list", lambda: get_activation(["relu"]), ValueError, r"unknown activation \['relu'\]"),
    # --- losses --------------------------------------------------------------------------------------------
    ("mse of (N, 1) against a flat (N,)", lambda: mse(Y, Y.ravel()), ValueError,
     r"y_hat and y must have the same shape \(n_samples, n_outputs\), got y_hat \(4, 1\) and y \(4,\)"),
    ("mae of (N, 1) against a flat (N,)", lambda: mae(Y, Y.ravel()), ValueError, r"got y_hat \(4, 1\) and y \(4,\)"),
    ("half_sse of a flat ŷ", lambda: losses.half_sse(Y.ravel(), Y), ValueError, r"got y_hat \(4,\) and y \(4, 1\)"),
    ("sse of different sizes", lambda: losses.sse(Y[:3], Y), ValueError, r"got y_hat \(3, 1\) and y \(4, 1\)"),
    ("mse gradient of a flat y", lambda: losses.mse_gradient(Y, Y.ravel()), ValueError, r"got y_hat \(4, 1\) and y \(4,\)"),
    ("sse gradient of transposed ŷ", lambda: losses.sse_gradient(Y.T, Y), ValueError, r"got y_hat \(1, 4\) and y \(4, 1\)"),
    ("half_sse gradient of text", lambda: losses.half_sse_gradient("0110", Y), TypeError, r"y_hat must be an array of numbers, got str"),
    ("mae gradient of complex", lambda: losses.mae_gradient(Y + 1j, Y), TypeError, r"y_hat must hold real numbers"),
    ("mse of complex targets", lambda: mse(Y, Y * 1j), TypeError, r"y must hold real numbers"),
    ("get_loss by a wrong name", lambda: get_loss("MSE"), ValueError, r"unknown loss 'MSE'"),
    ("get_loss by None", lambda: get_loss(None), ValueError, r"unknown loss None; choose one of: 'half_sse', 'sse', 'mse', 'mae'"),
    # --- weights.py ---------------------------------------------------------------------------------------
    ("unknown legacy draw", lambda: legacy_draws(1, [(3, 1)], "gaussian"), ValueError,
     r"unknown kind of draw 'gaussian'; choose one of: 'symmetric', 'uniform', 'normal'"),
    ("legacy draw with a negative seed", lambda: legacy_draws(-1, [(3, 1)], "normal"), ValueError, r"seed must be a whole number from 0 to 4294967295, got -1"),
    ("legacy draw with a seed past 2**32", lambda: legacy_draws(2**32, [(3, 1)], "normal"), ValueError, r"seed must be .* got 4294967296"),
    ("legacy draw with a fractional seed", lambda: legacy_draws(1.5, [(3, 1)], "normal"), TypeError, r"seed must be .* got float 1.5"),
    ("legacy draw with shapes as text", lambda: legacy_draws(1, "3,1", "normal"), TypeError,
     r"shapes must be a list of shapes such as \[\(3, 2\), \(3, 1\)\], got str '3,1'"),
    ("legacy draw with a negative dimension", lambda: legacy_draws(1, [(3, -1)], "normal"), ValueError, r"shapes\[0\] must be a whole number >= 0, got -1"),
    ("legacy draw with a fractional dimension", lambda: legacy_draws(1, [(3, 1.5)], "normal"), TypeError, r"shapes\[0\] must be a whole number >= 0, got float 1.5"),
    ("legacy draw with a shape as None", lambda: legacy_draws(1, [None], "uniform"), TypeError, r"shapes\[0\] must be a shape such as \(3, 2\), got NoneType"),
    ("legacy draw of terabytes", lambda: legacy_draws(1, [(10**6, 10**6)], "uniform"), ValueError,
     r"shapes \[\(1000000, 1000000\)\] would need 1,000,000,000,000 numbers in memory, more than nnlib's limit"),
    ("random_parameters with bad sizes", lambda: random_parameters([2, 0], 0), ValueError, r"sizes\[1\] must be a whole number >= 1, got 0"),
    ("random_parameters with a negative seed", lambda: random_parameters([2, 1], -3), ValueError, r"seed must be .* got -3"),
    ("random_parameters with bias as text", lambda: random_parameters([2, 1], 0, bias="False"), TypeError, r"bias must be True or False, got str 'False'"),
    ("random_parameters with a NaN scale", lambda: random_parameters([2, 1], 0, scale=NAN), ValueError, r"scale must be a finite number >= 0, got nan"),
    # --- train_many_seeds --------------------------------------------------------------------------------
    ("many seeds: no seeds", lambda: many(seeds=[]), ValueError, r"seeds is empty: give at least one seed"),
    ("many seeds: zero seeds", lambda: many(seeds=0), ValueError, r"seeds \(a count, or a list of seeds\) must be a whole number from 1 to 20000000, got 0"),
    ("many seeds: a fractional count", lambda: many(seeds=2.5), TypeError, r"seeds \(a count, or a list of seeds\) must be a whole number .* got float 2.5"),
    ("many seeds: seeds True", lambda: many(seeds=True), TypeError, r"seeds \(a count, or a list of seeds\) must be .* got bool True"),
    ("many seeds: seeds None", lambda: many(seeds=None), TypeError, r"seeds \(a count, or a list of seeds\) must be .* got NoneType"),
    ("many seeds: 2**64 seeds", lambda: many(seeds=2**64), ValueError, r"seeds \(a count, or a list of seeds\) must be a whole number from 1 to 20000000, got 18446744073709551616"),
    ("many seeds: seeds as text", lambda: many(seeds="10"), TypeError, r"seeds \(a count, or a list of seeds\) must be .* got str '10'"),
    ("many seeds: a negative seed in the list", lambda: many(seeds=[0, -1]), ValueError, r"seeds\[1\] must be a whole number from 0 to 4294967295, got -1"),
    ("many seeds: a seed past 2**32 in the list", lambda: many(seeds=[2**64]), ValueError, r"seeds\[0\] must be .* got 18446744073709551616"),
    ("many seeds: a fractional seed in the list", lambda: many(seeds=[0, 1.5]), TypeError, r"seeds\[1\] must be .* got float 1.5"),
    ("many seeds: wrong inputs", lambda: many(sizes=[3, 2, 1]), ValueError, r"X has 2 feature column\(s\) .* expects 3"),
    ("many seeds: wrong outputs", lambda: many(sizes=[2, 2, 2]), ValueError, r"y has 1 column\(s\) but the network has 2 output\(s\)"),
    ("many seeds: bad sizes", lambda: many(sizes=[2]), ValueError, r"sizes needs at least two layers"),
    ("many seeds: flat y", lambda: many(y=[0, 1, 1, 0]), ValueError, r"y must be 2-D .* got an array of shape \(4,\)"),
    ("many seeds: complex X", lambda: many(X=X * 1j), TypeError, r"X must hold real numbers"),
    ("many seeds: bad learning rate", lambda: many(learning_rate=0.0), ValueError, r"learning_rate must be a finite number greater than 0, got 0.0"),
    ("many seeds: fractional epochs", lambda: many(epochs=0.5), TypeError, r"epochs must be a whole number >= 1, got float 0.5"),
    ("many seeds: unknown loss", lambda: many(loss="ce"), ValueError, r"unknown loss 'ce'"),
    ("many seeds: bias as text", lambda: many(bias="yes"), TypeError, r"bias must be True or False, got str 'yes'"),
    ("many seeds: unknown activation", lambda: many(activation="gelu"), ValueError, r"unknown activation 'gelu'"),
    ("many seeds: a negative scale", lambda: many(scale=-2), ValueError, r"scale must be a finite number >= 0, got -2"),
    ("many seeds: a loss history of gigabytes", lambda: many(seeds=1000, epochs=10**6), ValueError,
     r"1000 seeds × epochs=1000000 \(the loss history\) would need 1,000,001,000 numbers in memory, more than nnlib's limit"),
    ("many seeds: weights of gigabytes", lambda: many(seeds=100_000, sizes=[2, 100, 1]), ValueError,
     r"100000 seeds of a network with sizes \[2, 100, 1\] \(the weights\) would need 40,100,000 numbers"),
    ("ManySeeds.network with an index out of range", lambda: MANY.network(3), ValueError, r"index must be a whole number from 0 to 2, got 3"),
    ("ManySeeds.network with a negative index", lambda: MANY.network(-1), ValueError, r"index must be a whole number from 0 to 2, got -1"),
    ("ManySeeds.network with a fractional index", lambda: MANY.network(1.5), TypeError, r"index must be a whole number from 0 to 2, got float 1.5"),
    ("ManySeeds.network with True", lambda: MANY.network(True), TypeError, r"index must be .* got bool True"),
    ("ManySeeds.stuck with threshold 0", lambda: MANY.stuck(0), ValueError, r"threshold must be a finite number greater than 0, got 0"),
    ("ManySeeds.stuck with a NaN threshold", lambda: MANY.stuck(NAN), ValueError, r"threshold must be a finite number greater than 0, got nan"),
    ("ManySeeds.solved with threshold as text", lambda: MANY.solved("0.05"), TypeError, r"threshold must be a positive number, got str '0.05'"),
    ("ManySeeds.stuck_fraction with a negative threshold", lambda: MANY.stuck_fraction(-1), ValueError, r"threshold must be .* got -1"),
    # --- gradient checking -------------------------------------------------------------------------------
    ("gradient check with the wrong X", lambda: check_gradients(NET, np.zeros((4, 3)), Y), ValueError, r"network expects 2 input\(s\)"),
    ("gradient check with eps NaN", lambda: check_gradients(NET, X, Y, eps=NAN), ValueError, r"eps must be a finite number greater than 0, got nan"),
    ("gradient check with eps 0", lambda: check_gradients(NET, X, Y, eps=0), ValueError, r"eps must be a finite number greater than 0, got 0"),
    ("gradient check with eps as text", lambda: check_gradients(NET, X, Y, eps="1e-6"), TypeError, r"eps must be a positive number, got str"),
    ("gradient check with an unknown loss", lambda: check_gradients(NET, X, Y, loss="nll"), ValueError, r"unknown loss 'nll'"),
    ("gradient check of a non-network", lambda: check_gradients([NET], X, Y), TypeError, r"net must be an nnlib Network, got list"),
    ("gradient check with a list of gradients", lambda: check_gradients(NET, X, Y, gradients=GRADS.as_list()), TypeError,
     r"gradients must be a Gradients object"),
    ("gradient check with gradients of another shape", lambda: check_gradients(NET, X, Y, gradients=Gradients(GRADS.weights[::-1], GRADS.biases)),
     ValueError, r"gradients have shapes \[\(2, 1\), \(2, 2\), \(2,\), \(1,\)\] but the network's parameters have shapes \[\(2, 2\), \(2, 1\)"),
    ("gradient check with bias gradients missing", lambda: check_gradients(NET, X, Y, gradients=Gradients(GRADS.weights, None)), ValueError,
     r"gradients has no bias gradients but the network was built with bias=True"),
    ("GradientCheck.passed with a negative tolerance", lambda: CHECK.passed(-1e-6), ValueError, r"tolerance must be a finite number greater than 0, got -1e-06"),
    ("numerical gradient of an int array", lambda: numerical_gradient(lambda: 0.0, np.array([1, 2, 3])), TypeError,
     r"p must be a numpy array of floats .* got an array of shape \(3,\) and dtype int64"),
    ("numerical gradient of a list", lambda: numerical_gradient(lambda: 0.0, [1.0, 2.0]), TypeError, r"p must be a numpy array of floats .* got list"),
    ("numerical gradient of a number, not a function", lambda: numerical_gradient(0.5, np.zeros(2)), TypeError,
     r"f must be a function with no arguments that returns the loss, got float 0.5"),
    ("numerical gradient with eps NaN", lambda: numerical_gradient(lambda: 0.0, np.zeros(2), eps=NAN), ValueError, r"eps must be .* got nan"),
    ("numerical gradient with a negative eps", lambda: numerical_gradient(lambda: 0.0, np.zeros(2), eps=-1e-6), ValueError, r"eps must be .* got -1e-06"),
    ("relative error of different shapes", lambda: relative_error(np.zeros(3), np.zeros((3, 1))), ValueError,
     r"analytic and numeric must have the same shape, got \(3,\) and \(3, 1\)"),
    ("relative error of text", lambda: relative_error("1", [1.0]), TypeError, r"analytic must be an array of numbers, got str"),
    ("relative error of complex numbers", lambda: relative_error([1.0], [1j]), TypeError, r"numeric must hold real numbers"),
    # --- the 2-2-1 example by names ---------------------------------------------------------------------
    ("unknown w-name", lambda: set_w(xor_network(range(9)), "w10", 1.0), ValueError,
     r"unknown weight name 'w10'; the 2-2-1 network's weights are named w1 to w9"),
    ("a w-name that is a number", lambda: set_w(xor_network(range(9)), 7, 1.0), ValueError, r"unknown weight name 7"),
    ("eight weights for w1..w9", lambda: xor_network(range(8)), ValueError, r"the nine weights w1..w9 must have shape \(9,\), got \(8,\)"),
    ("w1..w9 as text", lambda: xor_network("123456789"), TypeError, r"the nine weights w1..w9 must be an array of numbers, got str"),
    ("a NaN among w1..w9", lambda: xor_network([NAN] + [0.0] * 8), ValueError, r"the nine weights w1..w9 contains NaN"),
    ("a dict missing w9", lambda: xor_network({f"w{i}": 0.0 for i in range(1, 9)}), ValueError, r"missing \['w9'\]"),
    ("a dict with an extra name", lambda: xor_network({f"w{i}": 0.0 for i in range(1, 11)}), ValueError, r"unknown \['w10'\]"),
    ("a dict with a text value", lambda: xor_network({f"w{i}": "0" for i in range(1, 10)}), TypeError, r"w1 must be an array of numbers, got str"),
    ("w-names on a 3-4-1 network", lambda: get_w(Network([3, 4, 1])), ValueError, r"only for a 2-2-1 network with biases; got sizes \[3, 4, 1\]"),
    ("w-names on a bias-free network", lambda: get_w(Network([2, 2, 1], bias=False)), ValueError, r"got sizes \[2, 2, 1\] with bias=False"),
    ("w-names of a non-network", lambda: get_w({"w1": 1.0}), TypeError, r"net must be an nnlib Network, got dict"),
    ("a weight value that is a list", lambda: set_w(xor_network(range(9)), "w1", [1, 2]), ValueError, r"w1 must have shape \(\), got \(2,\)"),
    ("a weight value that is infinite", lambda: set_w(xor_network(range(9)), "w2", INF), ValueError, r"w2 contains NaN or infinite values"),
    ("gradients by name of a 2-3-1 network", lambda: gradients_by_name(Network([2, 3, 1]).gradients(X, Y)), ValueError,
     r"gradients have shapes \[\(2, 3\), \(3, 1\), \(3,\), \(1,\)\] but the network's parameters have shapes \[\(2, 2\), \(2, 1\), \(2,\), \(1,\)\]"),
    ("gradients by name without bias gradients", lambda: gradients_by_name(Network([2, 2, 1], bias=False).gradients(X, Y)), ValueError,
     r"gradients has no bias gradients"),
    ("gradients by name of a dict", lambda: gradients_by_name({"w1": 0.1}), TypeError, r"gradients must be a Gradients object .* got dict"),
    ("hidden table of a network with no hidden layer", lambda: hidden_table(Network([2, 1]), X), ValueError,
     r"hidden_table needs a network with one hidden layer, got sizes \[2, 1\]"),
    ("hidden table with a flat X", lambda: hidden_table(NET, [0, 1]), ValueError, r"X must be 2-D .* got an array of shape \(2,\)"),
    ("output unit table with three hidden values", lambda: output_unit_table(NET, np.zeros((4, 3))), ValueError,
     r"H has 3 feature column\(s\) per example but the network expects 2 input\(s\)"),
    ("output unit table with a flat H", lambda: output_unit_table(NET, [0, 1]), ValueError, r"H must be 2-D with shape \(n_samples, n_hidden\), got an array of shape \(2,\)"),
    ("output unit table of a two-hidden-layer network", lambda: output_unit_table(Network([2, 2, 2, 1]), X), ValueError,
     r"output_unit_table needs a network with one hidden layer, got sizes \[2, 2, 2, 1\]"),
    # --- data ---------------------------------------------------------------------------------------------
    ("unknown gate", lambda: gate("nand"), ValueError, r"unknown gate 'nand'; choose one of: 'xor', 'and', 'or'"),
    ("gate by upper-case name", lambda: gate("XOR"), ValueError, r"unknown gate 'XOR'"),
    ("gate None", lambda: gate(None), ValueError, r"unknown gate None"),
    ("noisy gate with an unknown gate", lambda: noisy_gate("xnor"), ValueError, r"unknown gate 'xnor'"),
    ("zero points per corner", lambda: noisy_gate("xor", 0), ValueError, r"points_per_corner must be a whole number from 1 to 2500000, got 0"),
    ("fractional points per corner", lambda: noisy_gate("xor", 2.5), TypeError, r"points_per_corner must be a whole number .* got float 2.5"),
    ("points per corner by the billion", lambda: noisy_gate("xor", 10**9), ValueError, r"points_per_corner must be a whole number from 1 to 2500000, got 1000000000"),
    ("negative noise", lambda: noisy_gate("xor", noise=-0.1), ValueError, r"noise must be a finite number >= 0, got -0.1"),
    ("NaN noise", lambda: noisy_gate("xor", noise=NAN), ValueError, r"noise must be a finite number >= 0, got nan"),
    ("noise as text", lambda: noisy_gate("xor", noise="0.1"), TypeError, r"noise must be a number >= 0, got str '0.1'"),
    ("noise as a list", lambda: noisy_gate("xor", noise=[0.1, 0.2]), TypeError, r"noise must be a number >= 0, got list"),
    ("noisy gate with a negative seed", lambda: noisy_gate("xor", seed=-1), ValueError, r"seed must be a whole number from 0 to 4294967295, got -1"),
    ("noisy gate with a fractional seed", lambda: noisy_gate("xor", seed=0.5), TypeError, r"seed must be .* got float 0.5"),
    ("noisy gate with seed None", lambda: noisy_gate("xor", seed=None), TypeError, r"seed must be .* got NoneType"),
    ("scaler on a 1-D list", lambda: MaxScaler.fit([1, 2, 3]), ValueError, r"data must be 2-D .* got an array of shape \(3,\)"),
    ("scaler on a zero column", lambda: MaxScaler.fit([[1.0, 0.0]]), ValueError, r"column's scale \(its largest absolute value\) must be a finite number > 0.*column\(s\) \[1\] have \[0.0\]"),
    ("scaler on complex data", lambda: MaxScaler.fit([[1j, 2.0]]), TypeError, r"data must hold real numbers"),
    ("scaler built with a zero scale", lambda: MaxScaler([3.0, 0.0]), ValueError,
     r"every column's scale .* must be a finite number > 0, since data are divided by it; column\(s\) \[1\] have \[0.0\]"),
    ("scaler built with a negative scale", lambda: MaxScaler([-1.0]), ValueError, r"column\(s\) \[0\] have \[-1.0\]"),
    ("scaler built with a NaN scale", lambda: MaxScaler([NAN, 2.0]), ValueError, r"column\(s\) \[0\] have \[nan\]"),
    ("scaler built with a 2-D scale", lambda: MaxScaler([[1.0, 2.0]]), ValueError, r"scale must be a 1-D array with one number per column, got shape \(1, 2\)"),
    ("scaler built with text", lambda: MaxScaler("3"), TypeError, r"scale must be an array of numbers, got str"),
    ("transform with a column too many", lambda: SCALER.transform([[1.0, 2.0, 3.0]]), ValueError,
     r"data has 3 column\(s\) but this scaler was fitted on 2"),
    ("inverse of a flat list", lambda: SCALER.inverse([0.5, 1.0]), ValueError, r"scaled data must be 2-D .* got an array of shape \(2,\)"),
    ("transform of NaN", lambda: SCALER.transform([[NAN, 1.0]]), ValueError, r"data contains 1 NaN or infinite value\(s\)"),
    # --- the tutorials' bugs -----------------------------------------------------------------------------
    ("unknown slope bug", lambda: tutorial_bugs.gradients_with_bug(NET, X, Y, "off_by_one"), ValueError,
     r"unknown bug 'off_by_one'; choose one of: 'none', 'sigma_prime_of_a'"),
    ("slope bugs of a tanh network", lambda: tutorial_bugs.gradients_with_bug(Network([2, 2, 1], activation="tanh"), X, Y, "none"),
     ValueError, r"every layer must be a sigmoid; got hidden 'tanh' and output 'sigmoid'"),
    ("figure 6 with a negative number of epochs", lambda: tutorial_bugs.figure6_run(epochs=-1), ValueError, r"epochs must be a whole number >= 0, got -1"),
    ("figure 6 printing every 0 epochs", lambda: tutorial_bugs.figure6_run(every=0), ValueError, r"every must be a whole number >= 1, got 0"),
    ("figure 6 with three starting arrays", lambda: tutorial_bugs.figure6_run(start=tutorial_bugs.figure6_start()[:3]), ValueError,
     r"start must be \[W1, W2, b1, b2\], got 3 array\(s\)"),
    ("figure 6 with W1 of the wrong shape", lambda: tutorial_bugs.figure6_run(start=[np.zeros((4, 3)), np.zeros((4, 1)), np.zeros(4), np.zeros(1)]),
     ValueError, r"W1 must have shape \(3, 4\), got \(4, 3\)"),
    ("figure 6 network from two arrays", lambda: tutorial_bugs.figure6_network([np.zeros((3, 4)), np.zeros((4, 1))]), ValueError,
     r"start must be the four arrays \[W1, W2, b1, b2\], got list"),
    ("figure 6 gradients of a 2-2-1 network", lambda: tutorial_bugs.figure6_gradients(NET), ValueError,
     r"figure 6 is a 3-4-1 network with biases; got sizes \[2, 2, 1\]"),
    ("figure 6 gradients of text", lambda: tutorial_bugs.figure6_gradients("net"), TypeError,
     r"net must be an nnlib Network \(3-4-1, with biases\), got str 'net'"),
    ("slope bugs of text", lambda: tutorial_bugs.gradients_with_bug("net", X, Y, "none"), TypeError,
     r"net must be an nnlib Network, got str 'net'"),
    ("figure 6 starting from a number", lambda: tutorial_bugs.figure6_run(10, 5, start=3), TypeError,
     r"start must be a list of the four arrays \[W1, W2, b1, b2\], got int 3"),
    ("figure 6 update with W1 transposed", lambda: tutorial_bugs.figure6_update(*F6_TRANSPOSED), ValueError,
     r"W1 must have shape \(3, 4\), got \(4, 3\)"),
    ("figure 6 update on 3 examples with the axis bug",
     lambda: tutorial_bugs.figure6_update(*tutorial_bugs.figure6_start(), X=np.ones((3, 3)), y=np.ones((3, 1))),
     ValueError, r"with axis_bug=True figure 6's code only runs with 4 examples .* got 3"),
    ("a truth table of text", lambda: truth_table("0101"), TypeError, r"values must be an array of numbers, got str"),
    ("a truth table of a whole table", lambda: truth_table(np.zeros((4, 2))), ValueError,
     r"values must be one column of activations, shape \(n,\), got shape \(4, 2\)"),
]


@pytest.mark.parametrize("description,call,error,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_a_clear_error(description, call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- where the error appears ------------------------------------------------------------------------
# IPython hides every traceback frame whose locals set __tracebackhide__ (except the last, the one that
# raised), so a learner sees their own line and the message. The activation and loss functions are the
# exception by design: each is a line or two of numpy that converts its argument, and keeping their
# frames visible keeps those maths functions free of bookkeeping (one extra frame, the conversion line).
MATHS_FILES = ("activations.py", "losses.py")


def _nnlib_frames(excinfo):
    """The traceback's frames in the course's own code: nnlib, and nncourse (which checks with nnlib's errors)."""
    frames, tb = [], excinfo.tb
    while tb is not None:
        if any(f"/{package}/" in tb.tb_frame.f_code.co_filename.replace("\\", "/") for package in ("nnlib", "nncourse")):
            frames.append(tb.tb_frame)
        tb = tb.tb_next
    return frames


@pytest.mark.parametrize("description,call,error,message", CASES, ids=[c[0] for c in CASES])
def test_input_check_frames_are_hidden(description, call, error, message):
    with pytest.raises(error) as excinfo:
        call()
    frames = _nnlib_frames(excinfo)
    assert frames, "the error should come from the course's own checks (nnlib or nncourse)"
    for frame in frames[:-1]:
        if frame.f_code.co_filename.endswith(MATHS_FILES):
            continue
        assert frame.f_locals.get("__tracebackhide__") is True, (
            f"{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name} would be shown")


def test_a_real_bug_inside_the_maths_keeps_its_frames(monkeypatch):
    """Once the inputs are accepted, frames are shown again: a failure in the maths is not hidden."""
    import nnlib.network

    def broken_backward(*args):
        raise RuntimeError("a bug inside backpropagation")

    monkeypatch.setattr(nnlib.network, "backward_layers", broken_backward)
    with pytest.raises(RuntimeError, match="a bug inside backpropagation") as excinfo:
        train(NET.copy(), X, Y, epochs=1)
    shown = [f.f_code.co_name for f in _nnlib_frames(excinfo) if not f.f_locals.get("__tracebackhide__")]
    assert shown == ["train", "_backprop_and_step", "_backward"]


def test_ipython_shows_the_learners_line_and_the_message():
    """Render the traceback as IPython does: nnlib's checking frames are skipped."""
    from IPython.core.ultratb import VerboseTB
    try:
        Network([2, 2, 1], seed=0).predict([[1.0, 2.0, 3.0]])
    except ValueError:
        import sys
        text = VerboseTB(theme_name="nocolor").text(*sys.exc_info())
    assert "X has 3 feature column(s)" in text
    assert "skipping hidden" in text
    for hidden in ("def predict", "in predict", "in forward", "in _inputs"):
        assert hidden not in text, hidden
