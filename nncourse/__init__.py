"""nncourse: what supports the course around nnlib, the maths.

    plots.py          matplotlib pictures: loss curve, decision boundary, network diagram, unit maps
    explorers/        the ipywidgets explorers built on plots.py and nnlib's training, one module each
    stepper.py        the backprop stepper: one training step, formula by formula
    tutorial_bugs.py  the original tutorials' bugs, kept on purpose so a gradient check can find them
    exercises/        the checks learners run on their answers, one module per notebook
    printing.py       small helpers for what the notebooks print (an error's bound, a ranking, a timing)
    saving.py         what a notebook saved from JupyterLab keeps of the explorers

It imports nnlib; nnlib never imports it, so ``import nnlib`` loads no plotting or widget code.
"""
