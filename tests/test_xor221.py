"""The 2-2-1 network's weights by the names w1..w9."""

import numpy as np
import pytest

from nnlib import Network, sigmoid
from nnlib.xor221 import W_NAMES, get_w, gradients_by_name, set_w, xor_network


def test_names_map_to_the_equations():
    w = dict(zip(W_NAMES, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]))
    net = xor_network(w)
    x1, x2 = 0.3, -1.2
    h1 = sigmoid(w["w1"] + w["w2"] * x1 + w["w3"] * x2)
    h2 = sigmoid(w["w4"] + w["w5"] * x1 + w["w6"] * x2)
    y_hat = sigmoid(w["w7"] + w["w8"] * h1 + w["w9"] * h2)
    assert net.predict([[x1, x2]])[0, 0] == pytest.approx(y_hat, rel=1e-15)
    assert get_w(net) == pytest.approx(w)


def test_set_w_changes_exactly_one_weight():
    net = xor_network(range(1, 10))
    set_w(net, "w6", -3.5)
    expected = {name: float(i) for i, name in enumerate(W_NAMES, start=1)} | {"w6": -3.5}
    assert get_w(net) == expected


def test_gradients_by_name_match_the_matrices():
    net = xor_network(np.linspace(-1, 1, 9))
    grads = net.gradients([[1.0, 0.0]], [[1.0]], loss="sse")
    named = gradients_by_name(grads)
    assert named["w1"] == grads.biases[0][0] and named["w9"] == grads.weights[1][1, 0]
    assert named["w5"] == grads.weights[0][0, 1]


def test_names_need_a_221_network_with_bias():
    with pytest.raises(ValueError, match="only for a 2-2-1 network with biases; got sizes \\[3, 4, 1\\]"):
        get_w(Network([3, 4, 1]))
    with pytest.raises(ValueError, match="bias=False"):
        get_w(Network([2, 2, 1], bias=False))


def test_gradients_by_name_refuses_a_231_network():
    """Regression (issue 9, bug 6): it named nine of the numbers of a 2-3-1 network's gradients."""
    net = Network([2, 3, 1], seed=0)
    grads = net.gradients([[1.0, 0.0]], [[1.0]])
    with pytest.raises(ValueError, match=r"gradients have shapes \[\(2, 3\), \(3, 1\), \(3,\), \(1,\)\] but the "
                                         r"network's parameters have shapes \[\(2, 2\), \(2, 1\), \(2,\), \(1,\)\]"):
        gradients_by_name(grads)
    bias_free = Network([2, 2, 1], bias=False).gradients([[1.0, 0.0]], [[1.0]])
    with pytest.raises(ValueError, match=r"gradients has no bias gradients"):
        gradients_by_name(bias_free)


def test_output_unit_table_works_without_biases():
    """Regression (issue 9, bug 6): a bias-free network failed with a NoneType error."""
    from nnlib.xor221 import output_unit_table
    net = Network([2, 2, 1], bias=False, seed=4)
    H = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    w8, w9 = net.weights[1][:, 0]
    expected = [[sigmoid(w8 * h1 + w9 * h2)] for h1, h2 in H]   # the output unit's equation, no bias
    np.testing.assert_allclose(output_unit_table(net, H), expected, rtol=1e-15)


