"""Network: shapes, forward pass, backward pass against finite differences, predict, copies."""

import numpy as np
import pytest

from nnlib import Network, check_gradients, sigmoid
from nnlib.network import backward_layers, forward_layers

SHAPES = [[3, 1], [2, 2, 1], [3, 4, 1], [2, 3, 1], [4, 5, 3, 2], [2, 8, 8, 1]]


def random_data(sizes, n=5, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, sizes[0]))
    y = rng.uniform(0, 1, (n, sizes[-1]))
    return X, y


@pytest.mark.parametrize("sizes", SHAPES)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("loss", ["mse", "sse", "half_sse"])
def test_backprop_equals_finite_differences(sizes, bias, loss):
    net = Network(sizes, bias=bias, seed=3)
    X, y = random_data(sizes)
    result = check_gradients(net, X, y, loss=loss)
    assert result.max_relative_error < 1e-7, result.max_relative_error


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_backprop_other_activations(activation):
    net = Network([2, 4, 3, 1], seed=1, activation=activation)
    X, y = random_data([2, 4, 3, 1], n=6, seed=2)
    assert check_gradients(net, X, y).max_relative_error < 1e-7


def test_a_wrong_backward_pass_is_caught():
    """Feed σ' the activation instead of z (the classic bug): the check fails loudly."""
    net = Network([2, 2, 1], seed=0)
    X, y = random_data([2, 2, 1])
    activations = net.forward(X)
    good = net.gradients(X, y)
    bad = net.gradients(X, y)
    delta = 2 * (activations[-1] - y) / y.size * sigmoid(activations[-1]) * (1 - sigmoid(activations[-1]))
    bad.weights[1] = activations[1].T @ delta
    assert check_gradients(net, X, y, gradients=good).passed()
    assert not check_gradients(net, X, y, gradients=bad).passed(tolerance=1e-3)


def test_forward_by_hand():
    W1, b1 = np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([0.1, -0.2])
    W2, b2 = np.array([[1.5], [-0.5]]), np.array([0.3])
    net = Network.from_weights([W1, W2], [b1, b2])
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    h = 1 / (1 + np.exp(-(X @ W1 + b1)))
    expected = 1 / (1 + np.exp(-(h @ W2 + b2)))
    activations = net.forward(X)
    assert [a.shape for a in activations] == [(2, 2), (2, 2), (2, 1)]
    np.testing.assert_allclose(activations[1], h, rtol=1e-15)
    np.testing.assert_allclose(net.predict(X), expected, rtol=1e-15)


def test_bias_free_network_has_no_biases():
    net = Network([3, 4, 1], bias=False, seed=0)
    assert net.biases is None and not net.has_bias
    assert len(net.parameter_list()) == 2
    assert net.gradients(np.ones((2, 3)), np.ones((2, 1))).biases is None


def test_total_gradient_is_the_sum_of_per_example_gradients():
    net = Network([2, 3, 1], seed=4)
    X, y = random_data([2, 3, 1], n=4)
    total = net.gradients(X, y, loss="sse").as_list()
    parts = [net.gradients(X[i:i + 1], y[i:i + 1], loss="sse").as_list() for i in range(4)]
    for k, g in enumerate(total):
        np.testing.assert_allclose(g, sum(p[k] for p in parts), rtol=1e-12, atol=1e-15)


def test_predict_a_new_input_after_training():
    net = Network([3, 1], seed=0)
    assert net.predict([[1, 0, 0]]).shape == (1, 1)
    assert net.predict(np.zeros((7, 3))).shape == (7, 1)


def test_copy_of_a_bias_free_network_and_of_its_output_unit():
    net = Network.from_weights([np.ones((2, 1))], output_activation="relu")
    twin = net.copy()
    assert twin.biases is None and twin.output_activation.name == "relu"
    np.testing.assert_array_equal(twin.predict([[1.0, -3.0]]), [[0.0]])          # relu(1 − 3) = 0


def test_copy_is_independent():
    net = Network([2, 2, 1], seed=0)
    twin = net.copy()
    twin.weights[0][0, 0] += 1.0
    twin.biases[1][0] += 1.0
    assert net.weights[0][0, 0] != twin.weights[0][0, 0]
    assert net.biases[1][0] != twin.biases[1][0]


def test_step_moves_downhill():
    net = Network([2, 2, 1], seed=0)
    X, y = random_data([2, 2, 1])
    before = net.loss(X, y)
    net.step(net.gradients(X, y), learning_rate=0.1)
    assert net.loss(X, y) < before


def test_stacked_layers_equal_single_networks():
    """forward_layers/backward_layers on a stack (seed axis first) equal each network alone."""
    nets = [Network([2, 3, 1], seed=s) for s in range(4)]
    X, y = random_data([2, 3, 1])
    W = [np.stack([n.weights[k] for n in nets]) for k in range(2)]
    b = [np.stack([n.biases[k] for n in nets]) for k in range(2)]
    act = nets[0].hidden_activation
    stacked = forward_layers(W, b, X, act, act)
    dW, db = backward_layers(W, stacked, stacked[-1] - y, act, act)
    for s, net in enumerate(nets):
        single = net.forward(X)
        np.testing.assert_allclose(stacked[-1][s], single[-1], rtol=1e-14)
        grads = net.backward(single, y, loss="half_sse")
        for k in range(2):
            np.testing.assert_allclose(dW[k][s], grads.weights[k], rtol=1e-12, atol=1e-16)
            np.testing.assert_allclose(db[k][s], grads.biases[k], rtol=1e-12, atol=1e-16)


def test_repr_names_the_shape():
    assert repr(Network([2, 2, 1], bias=False)) == (
        "Network(sizes=[2, 2, 1], bias=False, activation='sigmoid', output_activation='sigmoid')")


def test_backward_with_a_flat_y_says_what_shape_it_wants():
    """Regression (issue 9, bug 5): a flat y ended in a raw matmul error inside backward_layers."""
    net = Network([2, 2, 1], seed=0)
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match=r"y must be 2-D with shape \(n_samples, n_outputs\), got an array of shape \(3,\)"):
        net.backward(net.forward(X), np.array([1.0, 1.0, 0.0]))


def test_backward_equals_gradients():
    net = Network([2, 3, 1], seed=5)
    X, y = random_data([2, 3, 1])
    a, b = net.backward(net.forward(X), y, loss="sse"), net.gradients(X, y, loss="sse")
    for g, h in zip(a.as_list(), b.as_list()):
        np.testing.assert_array_equal(g, h)


def test_step_refuses_gradients_of_a_bias_free_network():
    """Regression (issue 9, bug 6): zip stopped early, so the biases were silently left alone."""
    net = Network([2, 2, 1], seed=0)
    X, y = random_data([2, 2, 1])
    bias_free = Network([2, 2, 1], seed=0, bias=False).gradients(X, y)
    with pytest.raises(ValueError, match=r"gradients has no bias gradients but the network was built with bias=True"):
        net.step(bias_free, 0.1)
    with pytest.raises(ValueError, match=r"gradients has bias gradients but the network was built with bias=False"):
        Network([2, 2, 1], bias=False).step(net.gradients(X, y), 0.1)


def test_step_refuses_gradients_of_another_shape():
    net = Network([2, 2, 1], seed=0)
    X, y = random_data([2, 3, 1])
    with pytest.raises(ValueError, match=r"gradients have shapes \[\(2, 3\), \(3, 1\), \(3,\), \(1,\)\] but the "
                                         r"network's parameters have shapes \[\(2, 2\), \(2, 1\), \(2,\), \(1,\)\]"):
        net.step(Network([2, 3, 1]).gradients(X, y), 0.1)


def test_step_is_p_minus_learning_rate_times_gradient():
    net = Network([2, 2, 1], seed=0)
    X, y = random_data([2, 2, 1])
    before = [p.copy() for p in net.parameter_list()]
    grads = net.gradients(X, y)
    net.step(grads, 0.25)
    for p, p0, g in zip(net.parameter_list(), before, grads.as_list()):
        np.testing.assert_array_equal(p, p0 - 0.25 * g)


def test_output_activation_is_the_activation_object():
    net = Network([2, 2, 1], activation="tanh", output_activation="relu")
    assert net.output_activation.name == "relu" and net.hidden_activation.name == "tanh"
    assert net.copy().output_activation is net.output_activation


def test_practice_neuron_starts_at_zero():
    from nnlib import practice_neuron
    net = practice_neuron()
    assert net.sizes == [1, 1]
    np.testing.assert_array_equal(net.weights[0], [[0.0]])
    np.testing.assert_array_equal(net.biases[0], [0.0])
    np.testing.assert_array_equal(net.predict([[1.0], [5.0]]), [[0.5], [0.5]])     # σ(0) = ½


def test_the_documented_defaults_seed_0_and_the_mse():
    X, y = random_data([2, 2, 1])
    plain, seeded = Network([2, 2, 1]), Network([2, 2, 1], seed=0)
    assert all(np.array_equal(p, q) for p, q in zip(plain.parameter_list(), seeded.parameter_list()))
    by_default = plain.backward(plain.forward(X), y).as_list()
    assert all(np.array_equal(a, b) for a, b in zip(by_default, plain.gradients(X, y, loss="mse").as_list()))
