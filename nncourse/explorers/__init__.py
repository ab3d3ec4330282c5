"""Interactive explorers: sliders that retrain a network and redraw its pictures.

Each ``*_explorer()`` function returns an ``Explorer``, a small object with

    .controls   a dict name → ipywidget (slider, dropdown, checkbox, …)
    .figure     the matplotlib Figure the pictures are drawn into
    .summary    an ipywidgets.HTML holding the numbers of the current run
    .widget     the whole box: controls, picture, summary
    .update()   recompute from the controls' current values and redraw

End a notebook cell with ``xor_explorer()`` to show one. Moving a control
calls ``update()`` (the epoch scrubber only redraws). The same happens without
a browser when code sets a value, ``explorer.controls["seed"].value = 3``,
which is how the tests drive the explorers.

Nothing here does maths of its own: training is ``nnlib.train`` or
``nnlib.train_many_seeds``, pictures are ``nncourse.plots``. One module each:

    base.py           the Explorer base class (fast redraws by blitting) and the slider helpers
    display.py        the PNG, the picture widget, what a cell shows where widgets cannot run
    cache.py          caches bounded by bytes, not by entries (ByteLRU)
    ahead.py          drawing ahead: a helper process draws the next moves' pictures while the class looks
    verdicts.py       one sentence on how a run went (describe_run)
    neuron.py         1. one neuron, one line: neuron_explorer
    learning_rate.py  2. the learning rate: learning_rate_explorer
    xor.py            3. training XOR: xor_explorer (controls and training)
    xor_picture.py       its picture (layout and drawing)
    many_seeds.py     4. many seeds: many_seeds_explorer
"""

from .base import Explorer, check_range, empty, rate_slider, slider, three_decimals
from .cache import ByteLRU, array_bytes, history_bytes
from .display import DescribedImage, PROJECTOR_CSS, display_bundle, png_bytes, projector_css
from .learning_rate import LearningRateExplorer, learning_rate_explorer
from .many_seeds import ManySeedsExplorer, SeedOutcomes, many_seeds_explorer
from .neuron import NeuronExplorer, neuron_explorer
from .verdicts import describe_run, loss_flat_from_start, needs_warning
from .xor import DATA_SETS, PRESETS, XorExplorer, reproduce_code, xor_explorer

__all__ = [
    "DATA_SETS", "PRESETS", "PROJECTOR_CSS", "ByteLRU", "DescribedImage", "Explorer", "LearningRateExplorer",
    "ManySeedsExplorer", "NeuronExplorer", "SeedOutcomes", "XorExplorer",
    "array_bytes", "check_range", "describe_run", "display_bundle", "empty", "history_bytes",
    "learning_rate_explorer", "loss_flat_from_start", "many_seeds_explorer", "needs_warning", "neuron_explorer",
    "png_bytes", "projector_css", "rate_slider", "reproduce_code", "slider", "three_decimals", "xor_explorer",
]
