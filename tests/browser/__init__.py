"""Browser tests: JupyterLab driven by Debian's Chromium through Playwright (see conftest.py)."""
