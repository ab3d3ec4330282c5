"""How fast is nnlib? Ratios measured in one run, on this machine.

    python bench/bench_training.py            # the figures quoted in README.md
    python bench/bench_training.py --quick    # a smoke run with small sizes

1. The 2-2-1 XOR network, 5,000 full-batch epochs, recording the loss every
   epoch, trained (a) by a straight-line numpy loop written out by hand, the
   way the original tutorials did it — as fast as plain numpy gets for a net
   this small — and (b) by ``nnlib.train``. Both start from the same weights
   and must end with the same losses. Reported: nnlib time / hand time.
   If PyTorch or scikit-learn are installed (they are not requirements), the
   same net and epochs are timed with them too.
2. The many-seed trainer against a Python loop that trains one seed after
   another with ``nnlib.train``. Reported: seeds per second, and the ratio.

Timings are medians over repeats, taken in the same run, so the ratios do
not depend on how fast this particular machine is. No test asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from typing import Callable

import numpy as np

from nnlib import Network, train, train_many_seeds, xor
from nnlib.weights import random_parameters

X, Y = xor()


def hand_loop(seed: int, epochs: int, learning_rate: float = 1.0) -> np.ndarray:
    """The 2-2-1 net trained the tutorials' way: every line of the maths written out."""
    (W1, W2), (b1, b2) = random_parameters([2, 2, 1], seed)
    losses = np.empty(epochs + 1)
    for epoch in range(epochs + 1):
        h = 1 / (1 + np.exp(-(X @ W1 + b1)))
        out = 1 / (1 + np.exp(-(h @ W2 + b2)))
        losses[epoch] = np.mean((out - Y) ** 2)
        if epoch == epochs:
            break
        d_out = 2 * (out - Y) / Y.size * out * (1 - out)
        d_h = (d_out @ W2.T) * h * (1 - h)
        W2 -= learning_rate * (h.T @ d_out)
        b2 -= learning_rate * d_out.sum(axis=0)
        W1 -= learning_rate * (X.T @ d_h)
        b1 -= learning_rate * d_h.sum(axis=0)
    return losses


def with_nnlib(seed: int, epochs: int, learning_rate: float = 1.0) -> np.ndarray:
    return train(Network([2, 2, 1], seed=seed), X, Y, epochs=epochs, learning_rate=learning_rate).losses


def with_torch(seed: int, epochs: int, learning_rate: float = 1.0) -> np.ndarray | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    (W1, W2), (b1, b2) = random_parameters([2, 2, 1], seed)
    params = [torch.tensor(p, requires_grad=True) for p in (W1, b1, W2, b2)]
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    optimizer = torch.optim.SGD(params, lr=learning_rate)
    losses = np.empty(epochs + 1)
    for epoch in range(epochs + 1):
        out = torch.sigmoid(torch.sigmoid(Xt @ params[0] + params[1]) @ params[2] + params[3])
        loss = torch.mean((out - Yt) ** 2)
        losses[epoch] = loss.item()
        if epoch == epochs:
            break
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


def with_sklearn(seed: int, epochs: int, learning_rate: float = 1.0) -> np.ndarray | None:
    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None
    model = MLPClassifier(hidden_layer_sizes=(2,), activation="logistic", solver="sgd", alpha=0.0,
                          batch_size=4, learning_rate_init=learning_rate, momentum=0.0, max_iter=epochs,
                          shuffle=False, tol=0.0, n_iter_no_change=epochs + 1, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, Y.ravel())
    return np.array(model.loss_curve_)     # its own loss (log loss), one per epoch


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_single(epochs: int, repeats: int) -> None:
    print(f"2-2-1 XOR, {epochs:,} full-batch epochs, loss recorded every epoch (median of {repeats})")
    np.testing.assert_allclose(with_nnlib(0, epochs), hand_loop(0, epochs), rtol=1e-12)
    hand = median_seconds(lambda: hand_loop(0, epochs), repeats)
    print(f"  hand-written numpy loop  {hand * 1000:8.1f} ms   1.00x")
    for name, run in [("nnlib.train", with_nnlib), ("PyTorch (CPU, float64)", with_torch),
                      ("scikit-learn MLP", with_sklearn)]:
        if run(0, 2) is None:
            print(f"  {name:<24} not installed")
            continue
        seconds = median_seconds(lambda: run(0, epochs), repeats)
        print(f"  {name:<24} {seconds * 1000:8.1f} ms   {seconds / hand:.2f}x the hand loop")


def bench_many(n_seeds: int, epochs: int, loop_seeds: int) -> None:
    print(f"\n2-2-1 XOR, {epochs:,} epochs per seed")
    start = time.perf_counter()
    train_many_seeds([2, 2, 1], n_seeds, X, Y, epochs=epochs, learning_rate=1.0)
    many = time.perf_counter() - start
    start = time.perf_counter()
    for seed in range(loop_seeds):
        with_nnlib(seed, epochs)
    loop = time.perf_counter() - start
    many_rate, loop_rate = n_seeds / many, loop_seeds / loop
    print(f"  train_many_seeds, {n_seeds:,} seeds  {many:7.2f} s   {many_rate:8.1f} seeds/s")
    print(f"  Python loop over seeds ({loop_seeds} timed)  {loop:7.2f} s   {loop_rate:8.1f} seeds/s")
    print(f"  throughput ratio: {many_rate / loop_rate:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the script runs")
    quick = parser.parse_args().quick
    if quick:
        bench_single(epochs=200, repeats=3)
        bench_many(n_seeds=50, epochs=200, loop_seeds=5)
    else:
        bench_single(epochs=5000, repeats=7)
        bench_many(n_seeds=1000, epochs=5000, loop_seeds=20)


if __name__ == "__main__":
    main()
