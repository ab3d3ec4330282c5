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
