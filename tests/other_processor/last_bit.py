"""Another processor's maths routines, emulated: exp, log, log10, log1p and tanh one unit in the last place high.

numpy computes these with its own SIMD routines on some processors (AVX-512) and with the C
library elsewhere, and the two may differ in the last bit of a result. A machine without AVX-512
cannot run the other routine, so this module stands in for it: imported, it replaces each of
those numpy functions with one that returns the next float up (np.nextafter) for a float64
result. Nothing a notebook prints may change under it. tests/test_other_processor.py loads it
into the test process (`-p last_bit`) and into every Jupyter kernel (an IPython start-up file).
"""

import functools

import numpy as np

FUNCTIONS = ("exp", "log", "log10", "log1p", "tanh")


def one_ulp_high(function):
    """`function`, with a float64 result moved to the next float up."""
    @functools.wraps(function)
    def other_routine(*args, **kwargs):
        result = function(*args, **kwargs)
        return np.nextafter(result, np.inf) if np.asarray(result).dtype == np.float64 else result
    other_routine.one_ulp_high = True
    return other_routine


for _name in FUNCTIONS:
    if not getattr(getattr(np, _name), "one_ulp_high", False):
        setattr(np, _name, one_ulp_high(getattr(np, _name)))
