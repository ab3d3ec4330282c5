"""Slides that fit the screen: a notebook's slides cut at natural breaks, before nbconvert draws them.

build_slides.py passes each notebook's cells through fit_cells(). A slide (the cells from one
`slide` or `subslide` cell to the next) whose estimated height is more than a 1280 x 720 slide holds
is cut into vertical sub-slides, each filled up to FILL:

* between cells, and inside a long cell at a natural break: a markdown cell between its paragraphs,
  list items, tables and formulas (a heading stays with what follows it, a table taller than a
  slide is cut between rows); a code cell is kept whole if it fits a slide, else its code and its
  outputs go apart, and code taller than a slide is cut between lines, at a blank line if it can;
* the pictures of a slide are shrunk alike to make room (to MIN_PICTURE_SCALE of their size at
  most) before a piece moves on to the next sub-slide; a heading or a sentence ending in a colon
  moves on with what it introduces;
* the pieces that land on the same sub-slide are joined again, so a slide that fits stays as it was;
* a sub-slide that continues another carries the slide's title in `data-continued` (the deck's CSS
  shows it as a small grey line); a fragment that starts one is shown with it.

Every picture gets its displayed width and height as the <img>'s attributes. Heights are estimates
in the slide's CSS pixels, from the deck's CSS (build_slides.TEMPLATE) as Chromium draws it: code
and printed output are monospace, so their rows are counted; prose, formulas and tables are
estimated. tests/browser/test_slides_browser.py measures the real decks.
"""

from __future__ import annotations

import base64
import copy
import math
import re
import struct
from dataclasses import dataclass, field

SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
SLIDE_PADDING = (12, 16, 24, 8)                   # top, right, bottom, left: the deck's CSS uses these
CONTENT_HEIGHT = SLIDE_HEIGHT - SLIDE_PADDING[0] - SLIDE_PADDING[2]
FILL = CONTENT_HEIGHT - 24                        # what a slide is filled to: estimates can be short
CONTINUED_HEIGHT = 34                             # the "(continued)" line of a continuing sub-slide
MIN_PICTURE_SCALE = 0.7                           # a picture is shrunk to fit, but not below this

# Measured in the decks, in CSS px of the slide (Chromium, DejaVu fonts):
CELL_FRAME = 10 + 12.6                            # a cell's padding and the margin under it
CODE_ROW, CODE_FRAME = 22.8, 15.2 + 7.04          # a row of 19 px monospace; a <pre>'s padding, border
CODE_COLUMNS, OUTPUT_COLUMNS = 104, 94            # characters in a row of code (107), of output (95)
OUTPUT_FRAME = 5 + 15.2                           # the margin above a cell's outputs; a <pre>'s padding
PICTURE_FRAME = 5 + 2 * 6                         # that margin; the picture's own (the deck's CSS)
PICTURE_WIDTH = 1100                              # the output area is 1107 px wide
TEXT_WIDTH = 1190                                 # a paragraph's width (1238) less a margin for wrapping
TEXT_CHAR = 10.2                                  # mean advance of 20 px prose
TEXT_LINE, MATH_LINE, LIST_LINE = 26, 30, 32      # line heights: prose, prose with formulas, list items
TALL_LINE = 50                                    # a line with an inline \dfrac or matrix
PARAGRAPH_MARGINS, LIST_MARGINS = 30, 10
COLLAPSED_MARGIN = 10                             # two blocks of a cell share the margin between them
HEADING = {1: 110, 2: 78, 3: 67, 4: 60}           # a heading with its margins, by level
HEADING_MARGIN = 20                               # the margin under a heading, shared with the next block
FORMULA, TALL_FORMULA, FORMULA_ROW = 80, 106, 34  # a displayed formula (with margins); a fraction; a row
TABLE_ROW, TABLE_CELL_PADDING = 36, 24

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING_LINE = re.compile(r"^(#{1,6})\s")
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
DETAILS = re.compile(r"<details>.*?</details>", re.DOTALL)
SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.DOTALL)


# ---------------------------------------------------------------- heights of what a cell shows

def text_rows(text: str, columns: int = CODE_COLUMNS) -> int:
    """Rows that monospace text takes when lines longer than `columns` wrap."""
    lines = text.rstrip("\n").split("\n") if text.strip("\n") else []
    return sum(max(1, math.ceil(len(line.expandtabs()) / columns)) for line in lines)


def code_height(source: str) -> float:
    """A code cell's input: its rows of code in a framed <pre>."""
    return CODE_FRAME + CODE_ROW * text_rows(source) if source.strip() else 0.0


def png_size(data: str) -> tuple[int, int]:
    """Width and height of a base64 PNG, read from its header."""
    header = base64.b64decode(re.sub(r"\s", "", data[:64])[:32])
    return struct.unpack(">II", header[16:24])


def picture_size(output: dict, scale: float = 1.0) -> tuple[int, int]:
    """The size a PNG output is shown at: its stored width (or its pixels), no wider than the
    output area, times `scale`."""
    width, height = png_size(output["data"]["image/png"])
    shown = output.get("metadata", {}).get("image/png", {}).get("width") or width
    factor = min(float(shown), PICTURE_WIDTH) / width * scale
    return round(width * factor), round(height * factor)


def output_text(output: dict) -> str:
    """The text an output prints (stream, traceback or text/plain), without colour codes."""
    if output.get("output_type") == "stream":
        text = output.get("text", "")
    elif output.get("output_type") == "error":
        text = "\n".join(output.get("traceback", []))
    else:
        text = output.get("data", {}).get("text/plain", "")
    return ANSI.sub("", "".join(text) if isinstance(text, list) else text)


def output_height(output: dict, scale: float = 1.0) -> float:
    """One output: a picture (at `scale`) or rows of text."""
    if "image/png" in output.get("data", {}):
        return PICTURE_FRAME + picture_size(output, scale)[1]
    rows = text_rows(output_text(output), OUTPUT_COLUMNS)
    return OUTPUT_FRAME + CODE_ROW * rows if rows else 0.0


def shown_chars(markdown: str) -> float:
    """About how many characters of prose a piece of markdown shows: link targets, emphasis and
    HTML go, a TeX command counts as one symbol, inline code counts 1.15 (it is wider)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"<[^>]+>", "", text)
    code = sum(len(c) for c in re.findall(r"`([^`]*)`", text))
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\\[a-zA-Z]+", "x", text)
    text = re.sub(r"[{}_^*$\\]", "", text)
    return len(re.sub(r"\s+", " ", text).strip()) + 1.15 * code


def prose_height(markdown: str, line: float = TEXT_LINE, width: float = TEXT_WIDTH) -> float:
    """Lines of a paragraph, each `line` tall (taller where formulas with indices or fractions
    raise them)."""
    lines = max(1, math.ceil(shown_chars(markdown) * TEXT_CHAR / width))
    if re.search(r"\\(dfrac|begin)", markdown):
        return lines * TALL_LINE
    tall = re.search(r"\$[^$]*(\^|_|\\frac|\\hat|\\top)[^$]*\$", markdown)
    return lines * (max(line, MATH_LINE) if tall else line)


def formula_height(tex: str) -> float:
    """A displayed formula with its margins: taller with fractions, sums or derivatives, and a
    row more for each line break."""
    tall = re.search(r"\\(frac|dfrac|sum|begin|partial)", tex)
    return (TALL_FORMULA if tall else FORMULA) + FORMULA_ROW * tex.count(r"\\")


def table_height(block: str) -> float:
    """A markdown table: each row as tall as its most wrapped cell, its columns sharing the width
    as their longest cells do."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in block.strip().splitlines() if not re.match(r"^\s*\|?[\s:|-]+\|?\s*$", line)]
    columns = max(len(row) for row in rows)
    longest = [max((shown_chars(row[i]) for row in rows if i < len(row)), default=1) + 2
               for i in range(columns)]
    width = [(TEXT_WIDTH - TABLE_CELL_PADDING * columns) * n / sum(longest) for n in longest]
    def row_height(row: list[str]) -> float:
        matrix = max(cell.count("\\\\") + 1 if "\\begin" in cell else 0 for cell in row)
        lines = max(math.ceil(shown_chars(cell) * TEXT_CHAR / width[i]) for i, cell in enumerate(row))
        return max(TABLE_ROW + TEXT_LINE * (lines - 1), TABLE_ROW + FORMULA_ROW * (matrix - 1))
    return LIST_MARGINS + sum(row_height(row) for row in rows)


def folded(markdown: str) -> str:
    """Markdown as a slide shows it: each <details> closed, showing only its summary."""
    def summary(match: re.Match) -> str:
        found = SUMMARY.search(match[0])
        return "\n\n" + (found[1] if found else "Details") + "\n\n"
    return DETAILS.sub(summary, markdown)


def list_height(block: str) -> float:
    """A list: each item's paragraphs at the list's line height and indent (loose items, with
    blank lines inside, get a paragraph's margins)."""
    items = re.split(r"\n(?=\s*(?:[-*+]|\d+[.)])\s)", block)
    height = LIST_MARGINS
    for item in items:
        paragraphs = [part for part in re.split(r"\n\s*\n", item) if part.strip()]
        loose = len(paragraphs) > 1
        for paragraph in paragraphs:
            height += paragraph_height(paragraph, LIST_LINE, TEXT_WIDTH - 40, PARAGRAPH_MARGINS * loose)
    return height


def paragraph_height(text: str, line: float = TEXT_LINE, width: float = TEXT_WIDTH,
                     margins: float = PARAGRAPH_MARGINS) -> float:
    """A paragraph, its $$ formulas on lines of their own."""
    height = margins
    for part in re.split(r"(\$\$.*?\$\$)", text, flags=re.DOTALL):
        if part.startswith("$$"):
            height += formula_height(part)
        elif part.strip():
            height += prose_height(part, line, width)
    return height


def block_height(block: str) -> float:
    """One block of markdown (see markdown_blocks) with its margins."""
    block = folded(block).strip("\n")
    first = block.lstrip().split("\n", 1)[0]
    if heading := HEADING_LINE.match(first):
        rest = block.split("\n", 1)[1] if "\n" in block else ""
        return HEADING[min(len(heading[1]), 4)] + (block_height(rest) - HEADING_MARGIN if rest.strip() else 0)
    if first.startswith("|"):
        return table_height(block)
    if LIST_ITEM.match(first):
        return list_height(block)
    return paragraph_height(block)


# ---------------------------------------------------------------- cutting cells into pieces

@dataclass
class Piece:
    """A part of one cell that a slide can end after: a markdown block, some code lines, an output.
    Its height does not count the cell's frame, which the slide it lands on adds (frame())."""

    cell: dict                      # the cell it comes from
    source: str = ""
    outputs: list = field(default_factory=list)
    height: float = 0.0
    shows_code: bool = True         # False for a code cell's outputs shown without their code
    picture_scale: float = 1.0      # a picture shrunk to fit the space left on its slide


def markdown_blocks(text: str) -> list[str]:
    """A markdown cell cut into top-level blocks that add up to it again: paragraphs, list items
    (with everything indented under them), tables, formulas. A block starts at an unindented line
    after a blank line, or at an unindented list item inside a list; never inside a fenced code
    block or a $$ formula. A heading stays with the block after it."""
    blocks: list[list[str]] = []
    fenced = formula = False
    for line in text.splitlines(keepends=True):
        current = blocks[-1] if blocks else []
        unindented = line.strip() and not line[0].isspace() and not fenced and not formula
        after_blank = current and not current[-1].strip()
        next_item = LIST_ITEM.match(line) and any(LIST_ITEM.match(above) for above in current)
        heading_only = current and HEADING_LINE.match(current[0]) and not "".join(current[1:]).strip()
        if not blocks or unindented and (after_blank or next_item) and not heading_only:
            blocks.append([])
        blocks[-1].append(line)
        fenced ^= bool(FENCE.match(line))
        formula ^= line.count("$$") % 2 == 1
    return ["".join(block) for block in blocks]


def code_chunks(source: str, rows: int) -> list[str]:
    """Code cut into chunks of at most `rows` rows that add up to it again, each cut after the
    last blank line before the limit if there is one, else at the limit."""
    lines, chunks = source.splitlines(keepends=True), []
    while lines:
        take = used = 0
        while take < len(lines) and used + text_rows(lines[take].rstrip("\n") or " ") <= rows:
            used += text_rows(lines[take].rstrip("\n") or " ")
            take += 1
        if take < len(lines):
            blank = [i for i in range(1, take) if not lines[i].strip()]
            take = blank[-1] + 1 if blank else max(take, 1)
        chunks.append("".join(lines[:take]))
        lines = lines[take:]
    return chunks


def table_chunks(block: str, room: float) -> list[str]:
    """A block holding a table taller than `room` cut between rows, each part with the table's
    header again (what comes before the table stays with the first part)."""
    lines = block.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("|"))
    head, rows = lines[first:first + 2], [line for line in lines[first + 2:] if line.strip()]
    chunks, current, rows_in_current = [], lines[:first + 2], 0
    for row in rows:
        if rows_in_current and block_height("".join(current + [row])) > room:
            chunks.append("".join(current))
            current, rows_in_current = list(head), 0
        current.append(row)
        rows_in_current += 1
    return chunks + ["".join(current)]


def markdown_pieces(cell: dict) -> list[Piece]:
    """A markdown cell's blocks, a table too tall for a slide cut between its rows."""
    room = FILL - CONTINUED_HEIGHT - CELL_FRAME
    found = []
    for block in markdown_blocks(cell["source"]):
        table = any(line.startswith("|") for line in block.splitlines())
        parts = table_chunks(block, room) if table and block_height(block) > room else [block]
        found += [Piece(cell, part, height=block_height(part)) for part in parts]
    return found or [Piece(cell)]


def code_pieces(cell: dict) -> list[Piece]:
    """A code cell whole if it fits a slide (its pictures shrunk if need be), else its code
    (cut between lines if it is taller than a slide) and each output apart."""
    room = FILL - CONTINUED_HEIGHT - CELL_FRAME
    outputs = list(cell.get("outputs", []))
    whole = Piece(cell, cell["source"], outputs,
                  height=code_height(cell["source"]) + sum(map(output_height, outputs)))
    if fitted([whole], room):
        return [whole]
    rows = int((room - CODE_FRAME) // CODE_ROW)
    return [Piece(cell, chunk, height=code_height(chunk))
            for chunk in code_chunks(cell["source"], rows) if chunk.strip()] + \
        [Piece(cell, outputs=[output], height=output_height(output), shows_code=False)
         for output in outputs]


def pieces(cell: dict) -> list[Piece]:
    """The pieces of a cell, each with its estimated height."""
    if slide_type(cell) in ("skip", "notes"):
        return [Piece(cell, cell.get("source", ""), list(cell.get("outputs", [])))]
    if cell["cell_type"] == "markdown":
        return markdown_pieces(cell)
    if cell["cell_type"] == "code":
        return code_pieces(cell)
    return [Piece(cell, cell["source"], height=TEXT_LINE * text_rows(cell["source"]))]


# ---------------------------------------------------------------- filling slides

def frame(piece: Piece, before: Piece | None) -> float:
    """What a piece adds to a slide besides its own height: a cell's frame when it starts a cell
    there (its cell is not the one of the piece before it); less a margin when it continues the
    markdown of the piece before it (their margins collapse into one)."""
    if not piece.height:
        return 0.0
    if before is None or before.cell is not piece.cell:
        return CELL_FRAME
    return -COLLAPSED_MARGIN if piece.cell["cell_type"] == "markdown" else 0.0


def slide_height(slide: list[Piece]) -> float:
    """The estimated height of pieces on one slide."""
    return sum(piece.height + frame(piece, before) for before, piece in zip([None, *slide], slide))


def pictures_height(piece: Piece, scale: float) -> int:
    """The height of a piece's pictures at `scale` of their size."""
    return sum(picture_size(output, scale)[1] for output in piece.outputs
               if "image/png" in output.get("data", {}))


def rescaled(piece: Piece, scale: float) -> Piece:
    """The piece with its pictures (if any) at `scale` of their size."""
    if not pictures_height(piece, 1.0):
        return piece
    height = piece.height - pictures_height(piece, piece.picture_scale) + pictures_height(piece, scale)
    return Piece(piece.cell, piece.source, piece.outputs, height, piece.shows_code, scale)


def fitted(slide: list[Piece], limit: float) -> list[Piece] | None:
    """The pieces as they fit `limit`: as they are, or with all their pictures scaled alike to
    what fits (at most their size, at least MIN_PICTURE_SCALE of it); None if they do not fit."""
    height = slide_height(slide)
    if height <= limit:
        return slide
    natural = sum(pictures_height(piece, 1.0) for piece in slide)
    if not natural:
        return None
    now = sum(pictures_height(piece, piece.picture_scale) for piece in slide)
    scale = (limit - (height - now) - len(slide)) / natural          # less a pixel each: rounding
    if scale < MIN_PICTURE_SCALE:
        return None
    return [rescaled(piece, min(scale, 1.0)) for piece in slide]


def leads_on(piece: Piece) -> bool:
    """A markdown piece that introduces what follows: a lone heading, or text ending in a colon."""
    text = piece.source.strip()
    return piece.cell["cell_type"] == "markdown" and bool(
        text.endswith(":") or HEADING_LINE.match(text) and "\n" not in text)


def pack(found: list[Piece], room: float = FILL) -> list[list[Piece]]:
    """Fill slides in order, shrinking the pictures of a slide (not below MIN_PICTURE_SCALE) to
    make room; a piece that still does not fit starts the next slide, which has the "continued"
    line less room. A heading or a sentence ending in a colon moves on with what it introduces.
    A piece taller than a whole slide (a picture) is shrunk to fit one if it can."""
    slides: list[list[Piece]] = [[]]
    for index, piece in enumerate(found):
        if not piece.height:                      # speaker notes, skipped cells: never a slide's start
            slides[-1].append(piece)
            continue
        limit = room - CONTINUED_HEIGHT * (len(slides) > 1)
        together = fitted(slides[-1] + [piece], limit)
        following = found[index + 1:index + 2]
        if together and slides[-1] and following and leads_on(piece) \
                and not fitted(together + following, limit) \
                and fitted([piece, *following], room - CONTINUED_HEIGHT):
            together = None
        if together is not None or not slides[-1]:
            slides[-1] = together or [piece]
            continue
        slides.append(fitted([piece], room - CONTINUED_HEIGHT) or [piece])
    return slides


# ---------------------------------------------------------------- back to cells

def slide_type(cell: dict) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def sized_outputs(outputs: list, scale: float) -> list:
    """The outputs with each picture's displayed width and height in its metadata (nbconvert
    writes them as the <img>'s attributes)."""
    sized = []
    for output in outputs:
        if "image/png" in output.get("data", {}):
            output = copy.deepcopy(output)
            width, height = picture_size(output, scale)
            output.setdefault("metadata", {}).setdefault("image/png", {}).update(width=width, height=height)
        sized.append(output)
    return sized


def joined(group: list[Piece], part: int) -> dict:
    """One cell made of consecutive pieces of the same cell; `part` counts the cells made of it
    before (a later part gets its own id and no slide type of its own)."""
    cell = copy.deepcopy(group[0].cell)
    sources = [piece.source for piece in group if piece.source.strip()]
    cell["source"] = "".join(sources).strip("\n")
    if cell["cell_type"] == "code":
        cell["outputs"] = [output for piece in group
                           for output in sized_outputs(piece.outputs, piece.picture_scale)]
        if not any(piece.shows_code and piece.source.strip() for piece in group):
            cell.setdefault("metadata", {}).setdefault("transient", {})["remove_source"] = True
    if part:
        cell["id"] = f"{cell.get('id', 'cell')}"[:56] + f"-part{part}"
        cell.setdefault("metadata", {}).setdefault("slideshow", {})["slide_type"] = "-"
    return cell


def rebuilt(slides: list[list[Piece]]) -> list[dict]:
    """The cells of packed slides: the pieces of one cell on one slide joined again; each slide
    after the first starts a sub-slide that names the heading it continues (unless it starts with
    a heading of its own)."""
    cells, parts, title = [], {}, ""
    for number, slide in enumerate(slides):
        runs: list[list[Piece]] = []
        for piece in slide:
            if runs and runs[-1][-1].cell is piece.cell:
                runs[-1].append(piece)
            else:
                runs.append([piece])
        for index, run in enumerate(runs):
            part = parts[id(run[0].cell)] = parts.get(id(run[0].cell), -1) + 1
            cell = joined(run, part)
            if number and not index:
                show = cell.setdefault("metadata", {}).setdefault("slideshow", {})
                show["slide_type"] = "subslide"
                if title and not starts_with_heading(run[0]):
                    show["data"] = {**show.get("data", {}), "continued": title}
            cells.append(cell)
        title = next((heading_of(piece) for piece in reversed(slide) if heading_of(piece)), title)
    return cells


def starts_with_heading(piece: Piece) -> bool:
    return piece.cell["cell_type"] == "markdown" and bool(HEADING_LINE.match(piece.source.lstrip()))


def heading_of(piece: Piece) -> str:
    """The last heading in a markdown piece, as plain text (no TeX, no markup); "" if none."""
    if piece.cell["cell_type"] != "markdown":
        return ""
    headings = [line for line in piece.source.splitlines() if HEADING_LINE.match(line)]
    return re.sub(r"\s+", " ", re.sub(r"[#*`$\\{}]", "", headings[-1])).strip() if headings else ""


def slide_groups(cells: list[dict]) -> list[list[dict]]:
    """The cells slide by slide: a new group at each `slide` or `subslide` cell."""
    groups: list[list[dict]] = []
    for cell in cells:
        if not groups or slide_type(cell) in ("slide", "subslide"):
            groups.append([])
        groups[-1].append(cell)
    return groups


def fit_cells(cells: list[dict]) -> list[dict]:
    """The cells of a notebook with every slide that would be taller than the screen cut into
    sub-slides that fit (see the module's docstring); pictures get their displayed size."""
    out = []
    for group in slide_groups(cells):
        found = [piece for cell in group for piece in pieces(cell)]
        if slide_height(found) <= FILL:
            slides = [[Piece(cell, cell.get("source", ""), list(cell.get("outputs", [])))
                       for cell in group]]
        else:
            slides = pack(found)
        out.extend(rebuilt(slides))
    return out
