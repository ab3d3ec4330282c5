"""nnlib: the small numpy library behind the "neural networks from scratch" notebooks.

In the order the notebooks meet it (each file builds only on the ones before
it, plus the input checks of ``errors.py``):

    activations.py  sigmoid, tanh, relu and their slopes (from z and from a)
    data.py         XOR / AND / OR, the tutorials' toy sets, the practice hours, scaling
    losses.py       ½·SSE, SSE, MSE, MAE and their gradients
    weights.py      seeded starting weights, and the original tutorials' draws
    network.py      Network: forward, backward, predict, and the one gradient-descent step
    training.py     train(): batch or online gradient descent, loss history, snapshots
    gradcheck.py    finite differences against backpropagation
    xor221.py       the 2-2-1 XOR worked example, weights named w1..w9, the gates it learns
    many_seeds.py   many networks trained at once, one per seed
    errors.py       the input checks and their messages (one clear error per bad input)

Only the maths lives here. The pictures, the sliders, the backprop stepper, the
exercise checks and the tutorials' bugs support the course rather than teach
it: they are the package ``nncourse``, beside this one, which imports nnlib
(never the other way round).
"""

from .activations import (relu, sigmoid, sigmoid_slope_from_a, sigmoid_slope_from_z, tanh,
                          tanh_slope_from_a, tanh_slope_from_z)
from .data import (MaxScaler, gate, noisy_gate, practice_hours, study_sleep_score, toy_first_input, toy_neuron,
                   toy_xor3, xor)
from .gradcheck import check_gradients, numerical_gradient, relative_error
from .losses import half_sse, mae, mse, sse
from .many_seeds import ManySeeds, train_many_seeds
from .network import Gradients, Network, practice_neuron
from .training import History, train
from .weights import legacy_draws, random_parameters

__all__ = [
    "Gradients", "History", "ManySeeds", "MaxScaler", "Network",
    "check_gradients", "gate", "half_sse", "legacy_draws", "mae", "mse", "noisy_gate",
    "numerical_gradient", "practice_hours", "practice_neuron", "random_parameters", "relative_error", "relu",
    "sigmoid", "sigmoid_slope_from_a", "sigmoid_slope_from_z", "sse", "study_sleep_score", "tanh",
    "tanh_slope_from_a", "tanh_slope_from_z", "toy_first_input", "toy_neuron", "toy_xor3",
    "train", "train_many_seeds", "xor",
]
