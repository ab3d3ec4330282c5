"""README.md keeps its promises: the two commands, CI calling the same one, links that resolve."""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse, parse_qs

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_two_commands_and_ci_runs_the_test_one():
    block = re.search(r"## Two commands\n.*?```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make lab", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_the_lab_command_opens_notebook_00():
    assert "notebooks/00-start-here.ipynb" in re.search(r"^lab:.*?(?=^\S)", (ROOT / "Makefile").read_text(), re.M | re.S).group(0)


def test_the_binder_badge_opens_notebook_00_in_jupyterlab():
    url = re.search(r"\(https://mybinder\.org/v2/gh/[^)]+\)", README).group(0)[1:-1]
    urlpath = parse_qs(urlparse(url).query)["urlpath"][0]
    assert urlpath.startswith("lab/tree/")
    assert (ROOT / urlpath.removeprefix("lab/tree/")).is_file()


def test_every_notebook_is_in_the_table_and_every_link_resolves():
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):          # 00-…, 04b-…
        if not re.match(r"\d\d[a-z]?-", notebook.name):
            continue
        assert f"(notebooks/{notebook.name})" in README, notebook.name
    for link in re.findall(r"\]\(([^)\s]+)\)", README):
        if re.match(r"[a-z]+:", link) or link.startswith("#"):
            continue
        assert (ROOT / unquote(link.split("#")[0])).exists(), link


def test_every_published_figure_is_listed():
    table = README.split("## The published figures, reproduced")[1].split("\n## ")[0]
    assert [int(n) for n in re.findall(r"^\| (\d) \|", table, re.M)] == list(range(1, 9))
