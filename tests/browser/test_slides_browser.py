"""Every slide deck in a real Chromium at projector size (1280 x 720) with no network.

The decks are built by tools/build_slides.py into a temporary folder and opened as files.
Every request that is not a file:// URL is aborted and recorded, and the test fails if there
was one: a deck that needs the internet is useless in a classroom without it. Then, in each deck:

* the maths is typeset: MathJax drew as many formulas as the notebook's markdown holds
  (counted from the notebook's own text), none is a TeX error, and no `$$` or `$...$`
  is left as raw text outside code;
* every slide is walked (Reveal.slide to each, then Reveal.nextFragment through its
  fragments). At each step the slide's box lies inside the 1280 x 720 window; a slide whose
  content is taller than its box must scroll (overflow-y auto or scroll); the fragment just
  shown is inside the visible part of its slide (scrolled into view if needed); no code or
  output line is cut at the right (every <pre> is as wide as its content); no picture is
  taller than the screen (a plot can always be seen whole); no slide is empty;
* the slides fit the screen (tools/slide_fit.py): at most a tenth of a deck's slides have
  content taller than the slide (720 px, which reveal.js draws 691 px high on a 1280 x 720
  screen: its 4 % margin), no fragment is taller than the slide, and no `# nbval` comment is
  anywhere in the deck. Each deck prints its count of slides, of those taller than the slide
  and of those taller than 720 screen pixels, and the tallest as a multiple of the slide.

Screenshots of every slide go to tests/artifacts/browser/<test>/ for a person to look at.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import build_slides  # noqa: E402  (tools/ is not a package)

pytestmark = pytest.mark.browser

SCREEN = {"width": build_slides.SLIDE_WIDTH, "height": build_slides.SLIDE_HEIGHT}
NOTEBOOKS = build_slides.course_notebooks()

# Maths in markdown, counted from the notebook itself: $$...$$ (display) and $...$ (inline),
# not inside `code` or fenced code, not an escaped \$.
FENCED = re.compile(r"```.*?```", re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.DOTALL)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])+?(?<!\\)\$")


def formulas_in(notebook: Path) -> int:
    """How many formulas the markdown cells of a notebook hold (display + inline)."""
    count = 0
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        text = INLINE_CODE.sub("", FENCED.sub("", cell.source))
        count += len(DISPLAY_MATH.findall(text))
        count += len(INLINE_MATH.findall(DISPLAY_MATH.sub("", text)))
    return count


@pytest.fixture(scope="session")
def built_decks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every deck, built once for the session into a temporary folder."""
    out = tmp_path_factory.mktemp("slides")
    build_slides.build(out, install=False)
    return out


@pytest.fixture
def offline_page(browser, built_decks: Path, artifacts: Path):
    """A 1280 x 720 page whose every non-file request is aborted and recorded."""
    if browser is None:
        yield None
        return
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.blocked = []           # URLs of requests that would have gone to the network
    page.missing = []           # local files a deck asked for that are not there
    page.errors = []            # uncaught exceptions, console errors

    def route(route):
        url = route.request.url
        if url.startswith("file://"):
            path = Path(unquote(url.removeprefix("file://").split("#")[0].split("?")[0]))
            if not path.exists():
                page.missing.append(url)
            route.continue_()
        elif url.startswith("data:"):
            route.continue_()
        else:
            page.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda e: page.errors.append(f"uncaught exception: {e}"))
    page.on("console", lambda m: page.errors.append(f"console.{m.type}: {m.text}")
            if m.type == "error" else None)
    try:
        yield page
    finally:
        context.close()


# Walks every slide and fragment; returns one record per step (see the module docstring).
WALK = """async () => {
  const steps = [];
  const slides = Reveal.getSlides();       // every slide that is not a stack, in order
  const H = window.innerHeight, W = window.innerWidth;
  const frameOk = r => r.top >= -1 && r.left >= -1 && r.bottom <= H + 1 && r.right <= W + 1;
  const settle = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (const slide of slides) {
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v, -1);
    await settle();
    let fragment = null;
    while (true) {
      const frame = slide.getBoundingClientRect();
      const style = getComputedStyle(slide);
      const record = {
        h, v,
        title: (slide.querySelector('h1, h2, h3') || {}).textContent || '',
        fragment: fragment === null ? null : fragment.textContent.trim().slice(0, 60),
        frame: [frame.top, frame.bottom, frame.left, frame.right],
        frameInWindow: frameOk(frame),
        scrollHeight: slide.scrollHeight, clientHeight: slide.clientHeight,
        overflowY: style.overflowY,
        cutPre: Array.from(slide.querySelectorAll('pre'))
          .filter(p => p.offsetParent !== null && p.scrollWidth > p.clientWidth + 1)
          .map(p => p.textContent.slice(0, 60)),
        horizontalOverflow: slide.scrollWidth > slide.clientWidth + 1,
        tallImages: Array.from(slide.querySelectorAll('img'))
          .filter(i => i.getBoundingClientRect().height > frame.height).length,
        empty: slide.innerText.trim() === '' && !slide.querySelector('img, svg, mjx-container'),
        fragmentVisible: true,
        scale: frame.height / slide.offsetHeight,      // screen px per CSS px (Reveal scales slides)
        // the content's height (CSS px) with the slide's padding, also where it is less than the slide
        contentHeight: parseFloat(style.paddingBottom) + Math.max(0, ...Array.from(slide.children)
          .filter(c => c.tagName !== 'ASIDE')
          .map(c => c.offsetTop + c.offsetHeight + parseFloat(getComputedStyle(c).marginBottom))),
      };
      if (fragment !== null) {
        const box = fragment.getBoundingClientRect();
        const tall = box.height > frame.height;
        record.fragmentBox = [box.top, box.bottom];
        record.fragmentTall = tall;
        record.fragmentVisible = box.top >= frame.top - 1 &&
          (tall ? box.top < frame.bottom : box.bottom <= frame.bottom + 1);
      }
      steps.push(record);
      if (!Reveal.nextFragment()) break;
      await settle();
      fragment = slide.querySelector('.fragment.current-fragment') ||
                 Array.from(slide.querySelectorAll('.fragment.visible')).pop();
    }
  }
  return steps;
}"""

# Text outside code and outside typeset maths, from every slide (also the hidden ones).
VISIBLE_TEXT = """() => {
  const parts = [];
  const walker = document.createTreeWalker(document.querySelector('.reveal .slides'),
                                           NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest('pre, code, script, style, mjx-container, aside.notes')) {
      parts.push(node.textContent);
    }
  }
  return parts.join(' ');
}"""


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_offline_typeset_and_fits(source: Path, offline_page, built_decks: Path,
                                       artifacts: Path):
    page = offline_page
    deck = built_decks / build_slides.deck_name(source)
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")

    assert page.blocked == [], f"the deck tried to reach the network: {page.blocked}"
    assert page.missing == [], f"the deck asked for local files that are not there: {page.missing}"

    # Maths: as many formulas typeset as the source's markdown holds, no TeX error, no raw $$.
    expected = formulas_in(source)
    typeset = page.locator(".reveal .slides mjx-container").count()
    errors = page.locator(".reveal .slides mjx-merror").all_text_contents()
    text = page.evaluate(VISIBLE_TEXT)
    assert expected > 0, f"{source.name} has no maths to check"
    assert typeset == expected, f"{typeset} formulas typeset, the source holds {expected}"
    assert errors == [], f"TeX errors: {errors}"
    assert "$$" not in text, f"raw $$ left: …{text[max(text.find('$$') - 80, 0):text.find('$$') + 80]}…"
    assert not INLINE_MATH.search(text), f"raw $…$ left: {INLINE_MATH.search(text)[0][:80]}"

    steps = page.evaluate(WALK)
    for step in steps:          # a picture of every slide as the class sees it
        if step["fragment"] is None:
            page.evaluate(f"() => Reveal.slide({step['h']}, {step['v']}, -1)")
            page.screenshot(path=str(artifacts / f"slide-{step['h']:02d}-{step['v']}.jpg"), quality=80)

    def where(step):
        return f"slide {step['h']}.{step['v']} {step['title'][:50]!r}" + (
            f", fragment {step['fragment']!r}" if step["fragment"] is not None else "")

    assert len({(s["h"], s["v"]) for s in steps}) >= 4, "fewer than 4 slides"
    problems = []
    for step in steps:
        if not step["frameInWindow"]:
            problems.append(f"{where(step)}: its box {step['frame']} leaves the 1280x720 window")
        if step["scrollHeight"] > step["clientHeight"] + 1 and step["overflowY"] not in ("auto", "scroll"):
            problems.append(f"{where(step)}: {step['scrollHeight']} px of content in "
                            f"{step['clientHeight']} px and it does not scroll")
        if not step["fragmentVisible"]:
            problems.append(f"{where(step)}: the fragment {step['fragmentBox']} is outside "
                            f"the visible part of its slide {step['frame'][:2]}")
        if step["cutPre"]:
            problems.append(f"{where(step)}: lines cut at the right in {step['cutPre']}")
        if step["tallImages"]:
            problems.append(f"{where(step)}: {step['tallImages']} picture(s) taller than the screen")
        if step["horizontalOverflow"]:
            problems.append(f"{where(step)}: content wider than the slide")
        if step["empty"]:
            problems.append(f"{where(step)}: the slide is empty")
    fit = fit_report(steps)
    print(f"{source.stem}: {fit['slides']} slides, {len(fit['taller'])} taller than the slide "
          f"{fit['taller']}, {fit['over_720']} taller than 720 screen px, the tallest "
          f"{fit['worst']:.2f}x the slide; {fit['fragments']} fragment steps, "
          f"{len(fit['tall_fragments'])} taller than the slide")
    assert problems == [], "\n".join(problems)
    assert page.errors == [], f"errors in the page: {page.errors}"
    assert len(fit["taller"]) <= fit["slides"] // 10, (
        f"{len(fit['taller'])} of {fit['slides']} slides are taller than the screen (at most a tenth "
        f"may be): {fit['taller']}")
    assert fit["tall_fragments"] == [], f"fragments taller than the screen: {fit['tall_fragments']}"
    deck_text = page.evaluate("() => document.querySelector('.reveal .slides').textContent")
    nbval = re.findall(r".{0,40}#\s*nbval.{0,40}", deck_text, re.IGNORECASE)
    assert nbval == [], f"an nbval comment is in the deck: {nbval}"


def fit_report(steps: list[dict]) -> dict:
    """How well a deck's walked slides fit the screen: how many slides; which are taller than the
    slide (their content scrolls), as "h.v (ratio)"; how many are taller than 720 screen pixels;
    the tallest content as a multiple of the slide's height; how many fragment steps, and which
    fragments are taller than the slide."""
    slides = [step for step in steps if step["fragment"] is None]
    ratios = {f"{s['h']}.{s['v']}": s["contentHeight"] / s["clientHeight"] for s in slides}
    return {
        "slides": len(slides),
        "taller": [f"{name} ({ratio:.2f})" for name, ratio in ratios.items()
                   if ratio > 1 + 1 / SCREEN["height"]],
        "over_720": sum(s["contentHeight"] * s["scale"] > SCREEN["height"] for s in slides),
        "worst": max(ratios.values()),
        "fragments": len(steps) - len(slides),
        "tall_fragments": [f"{s['h']}.{s['v']} {s['fragment']!r}" for s in steps if s.get("fragmentTall")],
    }
