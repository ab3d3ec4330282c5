"""Input checks shared by every public function of nnlib.

Each check either returns a clean value (an int, a float, a list, a float
array) or raises one clear error that names the parameter, says what was
expected and shows what came instead, so a learner never has to read a numpy
broadcasting traceback from deep inside the maths.

The rules, in one place:

* **Whole numbers** (layer sizes, epochs, seeds, counts): an int, or a float
  or 0-d array holding a whole value (``10.0``, ``np.array(3)``). Not a bool,
  not ``2.5``, not a string.
* **Real numbers** (learning rate, scale, eps, thresholds, noise): an int, a
  float or a 0-d array; finite, inside the range the parameter needs. Not a
  bool, not a complex number, not a string.
* **Flags** (``bias``): ``True`` or ``False`` only, so ``bias="no"`` cannot
  quietly mean True.
* **Lists** (sizes, seeds, an order, shapes): a list, a tuple or a range
  (and, where it makes sense, a 1-D array); never a string.
* **Arrays** (X, y, weights): real numbers only. Complex arrays are refused
  rather than having their imaginary part dropped.
* **Memory**: no array nnlib builds may hold more than ``MAX_ENTRIES``
  numbers (160 MB of float64), so a typo such as ``epochs=10**12`` gets a
  message instead of a request for terabytes.

Where the error appears: IPython and pytest skip a traceback frame whose
function sets ``__tracebackhide__ = True``, but always show the last frame,
the one that raised. So each public function sets it while it checks its
inputs, and so does every check that hands the input on to another check; a
learner sees their own line, the check that raised, and the message. Once the
inputs are accepted a function sets ``__tracebackhide__ = False``: a real bug
in the maths still shows every frame.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

MAX_ENTRIES = 20_000_000      # the most numbers nnlib puts in one array: 160 MB of float64
MAX_SEED = 2**32 - 1          # the largest seed numpy's legacy generator accepts


def describe(value: Any) -> str:
    """A short description of what came: its type and (if short) its value, e.g. "float 2.5"."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


# --- numbers -----------------------------------------------------------------------

def _number(value: Any, name: str, wanted: str) -> Any:
    """The number in ``value`` (a 0-d array gives its entry); a TypeError if it is not a real number."""
    number = value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value
    if isinstance(number, (bool, np.bool_)) or not isinstance(number, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be {wanted}, got {describe(value)}")
    return number


def check_whole_number(value: Any, name: str, minimum: int = 0, maximum: int | None = None) -> int:
    """Return ``value`` as an int: a whole number from ``minimum`` to ``maximum`` (if given).

    Accepts ints, whole-valued floats (``10.0``) and 0-d arrays; refuses
    bools, fractions, strings and everything else.
    """
    __tracebackhide__ = True
    wanted = f"a whole number >= {minimum}" if maximum is None else f"a whole number from {minimum} to {maximum}"
    number = _number(value, name, wanted)
    if isinstance(number, (float, np.floating)) and not (math.isfinite(number) and float(number).is_integer()):
        raise TypeError(f"{name} must be {wanted}, got {describe(value)}")
    if int(number) < minimum or (maximum is not None and int(number) > maximum):
        raise ValueError(f"{name} must be {wanted}, got {int(number)}")
    return int(number)


def check_whole_numbers(values: Sequence[Any], name: str, minimum: int = 0, maximum: int | None = None) -> list[int]:
    """Check every entry of a list with ``check_whole_number``; entry k is called name[k]."""
    __tracebackhide__ = True
    numbers = []
    for k, value in enumerate(values):     # a loop, not a list comprehension: its frame could not be hidden
        numbers.append(check_whole_number(value, f"{name}[{k}]", minimum, maximum))
    return numbers


def check_real(value: Any, name: str, *, greater_than: float | None = None,
               at_least: float | None = None) -> float:
    """Return ``value`` as a finite float, > ``greater_than`` and >= ``at_least`` when given."""
    __tracebackhide__ = True
    bound = ""                                   # the range in words, for the messages
    if greater_than is not None:
        bound = f" greater than {greater_than:g}"
    elif at_least is not None:
        bound = f" >= {at_least:g}"
    number = _number(value, name, "a positive number" if greater_than == 0 else f"a number{bound}")
    try:
        real = float(number)
    except OverflowError:                        # an int too large for any float
        real = math.inf
    if not (math.isfinite(real) and (greater_than is None or real > greater_than)
            and (at_least is None or real >= at_least)):
        raise ValueError(f"{name} must be a finite number{bound}, got {number}")
    return real


def check_flag(value: Any, name: str) -> bool:
    """Return ``value`` if it is True or False (a Python or numpy bool); refuse anything else."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def check_choice(value: Any, choices: Sequence[str], name: str) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise list the choices."""
    if not isinstance(value, str) or value not in tuple(choices):
        raise ValueError(f"unknown {name} {value!r}; choose one of: {', '.join(map(repr, choices))}")
    return value


def check_entries(count: int, what: str) -> None:
    """Refuse to build an array of more than ``MAX_ENTRIES`` numbers; ``what`` names the cause."""
    if count > MAX_ENTRIES:
        raise ValueError(f"{what} would need {count:,} numbers in memory, more than nnlib's limit of "
                         f"{MAX_ENTRIES:,} (about {MAX_ENTRIES * 8 // 10**6} MB); ask for fewer")


# --- lists ---------------------------------------------------------------------------

def check_list(values: Any, name: str, wanted: str, *, arrays: bool = False) -> list:
    """Return ``values`` as a list: a list, tuple or range (a 1-D array too if ``arrays``), never a string."""
    if arrays and isinstance(values, np.ndarray) and values.ndim == 1:
        values = list(values)
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be {wanted}, got {describe(values)}")
    return list(values)


def check_sizes(sizes: Any) -> list[int]:
    """Return layer sizes as a list of ints: at least two layers, each with >= 1 unit.

    A list, a tuple or a 1-D array works (``[2, 2, 1]``, ``np.array([2, 2, 1])``).
    The whole network may have at most ``MAX_ENTRIES`` weights and biases.
    """
    __tracebackhide__ = True
    sizes = check_list(sizes, "sizes", "a list of layer sizes such as [2, 2, 1]", arrays=True)
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two layers (inputs and outputs), such as [2, 2, 1]; got {sizes}")
    clean = check_whole_numbers(sizes, "sizes", minimum=1)
    n_parameters = sum((n_in + 1) * n_out for n_in, n_out in zip(clean[:-1], clean[1:]))
    check_entries(n_parameters, f"a network with sizes {clean}")
    return clean


def check_permutation(order: Any, n: int, name: str = "order") -> list[int]:
    """Return ``order`` as a list of ints that lists every index 0..n−1 exactly once."""
    __tracebackhide__ = True
    order = check_list(order, name, f"a list of example indices such as {list(range(n))}", arrays=True)
    indices = check_whole_numbers(order, name)
    if sorted(indices) != list(range(n)):
        raise ValueError(f"{name} must list every example index 0..{n - 1} exactly once, got {indices}")
    return indices


def check_shapes_list(shapes: Any, name: str = "shapes") -> list[tuple[int, ...]]:
    """Return a list of array shapes such as [(3, 2), (3, 1)]; each entry a tuple of whole numbers."""
    __tracebackhide__ = True
    clean = []
    for k, shape in enumerate(check_list(shapes, name, "a list of shapes such as [(3, 2), (3, 1)]")):
        if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
            shape = (shape,)
        dimensions = []
        for n in check_list(shape, f"{name}[{k}]", "a shape such as (3, 2)"):
            dimensions.append(check_whole_number(n, f"{name}[{k}]"))
        clean.append(tuple(dimensions))
    check_entries(sum(math.prod(shape) for shape in clean), f"{name} {clean}")
    return clean


# --- arrays ------------------------------------------------------------------------

def as_array(values: Any, name: str, what: str = "an array") -> np.ndarray:
    """Return ``values`` as a float array of any shape; refuse text, None, complex and ragged input."""
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        return values                       # already what we want (the common case inside training)
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be {what} of numbers, got {type(values).__name__}")
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be {what} of numbers; could not read it as one ({exc})") from None
    if raw.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex numbers (dtype {raw.dtype})")
    if raw.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be {what} of numbers; could not read it as one "
                        f"(its entries are of dtype {raw.dtype})")
    return raw.astype(float, copy=False)


def as_matrix(values: Any, name: str, columns: str = "n_features") -> np.ndarray:
    """Return ``values`` as a finite 2-D float array of shape (n_samples, ``columns``).

    A 1-D input is *not* silently reshaped: whether ``[0, 1]`` is one example
    with two features or two examples with one feature is the learner's choice,
    so we ask for it explicitly.
    """
    __tracebackhide__ = True
    array = as_array(values, name, "a 2-D array")
    if array.ndim != 2:
        hint = ""
        if array.ndim == 1:
            hint = f" For one example use {name}.reshape(1, -1); for one column per example use {name}.reshape(-1, 1)."
        raise ValueError(f"{name} must be 2-D with shape (n_samples, {columns}), "
                         f"got an array of shape {array.shape}.{hint}")
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"{name} is empty: expected at least one row and one column, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        bad = int(np.sum(~np.isfinite(array)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); every entry must be a finite number")
    return array


def check_shape(array: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    """Return ``array`` as a finite float array of exactly ``shape``."""
    __tracebackhide__ = True
    result = as_array(array, name)
    if result.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {result.shape}")
    if not np.all(np.isfinite(result)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return result


def check_features(X: np.ndarray, n_inputs: int, name: str = "X") -> None:
    """Raise if ``X`` does not have one column per network input."""
    if X.shape[1] != n_inputs:
        raise ValueError(f"{name} has {X.shape[1]} feature column(s) per example but the network expects "
                         f"{n_inputs} input(s): {name} should have shape (n_samples, {n_inputs}), got {X.shape}")


def check_targets(X: np.ndarray, y: np.ndarray, n_outputs: int) -> None:
    """Raise unless ``y`` has one row per row of ``X`` and one column per output."""
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have the same number of rows (one per example): "
                         f"X has {X.shape[0]} row(s), y has {y.shape[0]}")
    if y.shape[1] != n_outputs:
        raise ValueError(f"y has {y.shape[1]} column(s) but the network has {n_outputs} output(s): "
                         f"y should have shape ({X.shape[0]}, {n_outputs}), got {y.shape}")
