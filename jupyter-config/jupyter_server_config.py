# Jupyter server settings for the course: `make lab` and the browser tests put this folder on
# JUPYTER_CONFIG_PATH; Binder's postBuild copies this file where its server reads it.
#
# A notebook is saved without widget views (nncourse/saving.py says why): reopened, an explorer
# shows its picture and a line saying to run the cell to bring the controls back, instead of
# "model not found" or controls that reach no kernel.
try:
    from nncourse.saving import pre_save_hook
except ImportError:          # nncourse not installed in the server's environment: save as usual
    pre_save_hook = None
if pre_save_hook is not None:
    c.ContentsManager.pre_save_hook = pre_save_hook  # noqa: F821  (`c` is the config Jupyter passes)
