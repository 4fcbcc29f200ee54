"""OCR'd pages → the canonical line layout, through the PDF reader's own layout code.

Tesseract gives each word with its box, as pdfplumber gives the words of a text layer; the words
are turned into the PDF reader's words (points, 1/72 inch) and laid out by the same functions
(`pipeline/read/pdf.py`): lines grouped by height, the two-column header block, ruled tables
(their grid found in the image, `engine.rules`) as `cell | cell` rows with merged cells repeated,
running lines and page numbers dropped, paragraphs rejoined by `reflow.py` across lines and pages.
Every output line keeps the page it starts on.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from kehoach.ocr.engine import OcrPage
from kehoach.ocr.repair import _STRAY, label_words

_STRAY_FIRST = _STRAY.match
from kehoach.pipeline.read import pdf as _pdf
from kehoach.pipeline.read.base import SourceLocation

_NOISE = re.compile(r"^[|_\-–—=~.,:;'\"`!\[\](){}/\\]+$")
"""A 'word' of rule-drawing characters only: what Tesseract reads a table border as."""
TALL = 2.2
"""A "word" taller than this many times the page's median word is a stamp, a signature or
handwriting read as letters, not printed text (a 20-point title is 1.5 times a 13-point body);
left out, it can no longer chain two printed lines into one."""
_LINE_HEIGHT = 1.3
"""A printed line's box (marks above capitals to descenders) over the font size."""


def page_words(page: OcrPage, counts: Counter | None = None) -> list[_pdf._Word]:
    """The page's words in points, each as tall as Tesseract's line it is in (so that words of
    one printed line share a height), noise along table borders left out, labels repaired
    (`repair.label_words`)."""
    s = 72.0 / page.dpi
    rules = page.rules
    counts = Counter() if counts is None else counts
    by_line: dict[tuple[int, int, int], list] = {}
    verticals = [(at, a, b) for kind, at, a, b in rules if kind == "v"]
    heights = sorted(w.height for w in page.words)
    tall = TALL * heights[len(heights) // 2] if heights else 0
    for w in page.words:
        if _NOISE.match(w.text) and _on_rule(w, rules, page.dpi):
            continue
        if tall and w.height > tall:
            counts["stamp or handwriting left out"] += 1
            continue
        w = _off_rule(w, verticals, page.dpi, counts)
        if w.text:
            by_line.setdefault(w.line, []).append(w)
    kept = []
    for key, ws in by_line.items():
        ws.sort(key=lambda w: w.left)
        if len(ws) == 1 and _STRAY_FIRST(ws[0].text):  # a speck read as "^" or "`" on its own
            counts["stray mark"] += 1
            continue
        height = page.lines.get(key, (0, 0, 0, ws[0].height))[3]
        gap = ws[1].left - (ws[0].left + ws[0].width) if len(ws) > 1 else 0
        texts = label_words([w.text for w in ws], gap, height, counts)
        if len(texts) < len(ws) and _STRAY_FIRST(ws[0].text):  # a stray mark dropped before the line
            ws = ws[1:]
        if len(texts) < len(ws):  # and one after the label
            ws = ws[:1] + ws[2:]
        kept += [replace(w, text=t) for w, t in zip(ws, texts)]
    tallest: dict[tuple[int, int, int], int] = {}
    for w in kept:
        tallest[w.line] = max(tallest.get(w.line, 0), w.height)
    words = []
    for w in sorted(kept, key=lambda w: (w.top, w.left)):
        lx, ly, lw, lh = page.lines.get(w.line, (w.left, w.top, w.width, w.height))
        # A line box taller than its tallest word by half holds two printed lines (Tesseract joined
        # a line beside a stamp or in another cell to this one): the word's own box is used.
        top, bottom = (ly, ly + lh) if lh <= 1.5 * max(tallest[w.line], 1) else (w.top, w.top + w.height)
        size = (bottom - top) * s / _LINE_HEIGHT
        lead = w.width * s / max(1, len(w.text))
        words.append(_pdf._Word(w.text, w.left * s, (w.left + w.width) * s, top * s, bottom * s, False, size, lead))
    return words


_RULE_GLYPHS = "|[]!"


def _off_rule(w, verticals, dpi: float, counts: Counter):
    """A word next to a table's vertical rule with the rule read as a letter at its edge
    ("|172.033", "|%"): that letter is dropped. A "|" is never part of a Vietnamese word, so it
    is dropped from any word's edge."""
    tol = dpi / 8
    mid = w.top + w.height / 2
    text = w.text
    near_left = any(a <= mid <= b and abs(w.left - x) <= tol for x, a, b in verticals)
    near_right = any(a <= mid <= b and abs(w.left + w.width - x) <= tol for x, a, b in verticals)
    while len(text) > 1 and (text[0] == "|" or (near_left and text[0] in _RULE_GLYPHS)):
        text = text[1:]
    while len(text) > 1 and (text[-1] == "|" or (near_right and text[-1] in _RULE_GLYPHS)):
        text = text[:-1]
    if text != w.text:
        counts["table rule read as a letter"] += 1
        return replace(w, text=text)
    return w


def _on_rule(w, rules, dpi: float) -> bool:
    tol = dpi / 30
    for kind, at, a, b in rules:
        if kind == "v" and w.left - tol <= at <= w.left + w.width + tol and a - tol <= w.top + w.height / 2 <= b + tol:
            return True
        if kind == "h" and w.top - tol <= at <= w.top + w.height + tol and a - tol <= w.left + w.width / 2 <= b + tol:
            return True
    return False


# --- tables from ruling lines -------------------------------------------------------------------

@dataclass
class _Row:
    cells: list  # bbox (x0, top, x1, bottom) in points, or None where a merged cell covers the column


@dataclass
class _Table:
    rows: list[_Row]
    bbox: tuple[float, float, float, float]


class _Page:
    """What `pdf._tables` asks of a pdfplumber page: its tables."""

    def __init__(self, tables: list[_Table]) -> None:
        self._tables = tables

    def find_tables(self) -> list[_Table]:
        return self._tables


def _cluster(values: list[int], tol: float) -> list[float]:
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def tables(page: OcrPage) -> list[_Table]:
    """Ruled tables of the page: groups of horizontal and vertical rules that meet, cut into the
    grid they draw. A cell with no rule between it and the cell to its left (or above) is merged
    with it, as pdfplumber reports merged cells: the first column of the span holds the box, the
    others None; a cell merged down is None in the rows below."""
    tol = page.dpi / 20
    hs = [(at, a, b) for kind, at, a, b in page.rules if kind == "h"]
    vs = [(at, a, b) for kind, at, a, b in page.rules if kind == "v"]
    # Connected groups of rules that meet.
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - tol <= x <= x1 + tol and y0 - tol <= y <= y1 + tol:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    s = 72.0 / page.dpi
    out = []
    for gh, gv in sorted(groups.values(), key=lambda g: min([h[0] for h in g[0]] + [v[1] for v in g[1]])):
        if len(gh) < 2 or len(gv) < 2:
            continue
        ys = _cluster([h[0] for h in gh], tol)
        xs = _cluster([v[0] for v in gv], tol)
        if len(ys) < 2 or len(xs) < 2:
            continue

        def has_v(x: float, y0: float, y1: float) -> bool:
            mid = (y0 + y1) / 2
            return any(abs(vx - x) <= tol and a - tol <= mid <= b + tol for vx, a, b in gv)

        def has_h(y: float, x0: float, x1: float) -> bool:
            mid = (x0 + x1) / 2
            return any(abs(hy - y) <= tol and a - tol <= mid <= b + tol for hy, a, b in gh)

        grid: list[list] = []
        owner: dict[tuple[int, int], list] = {}  # (row, first column) → the cell's box, growing downwards
        for r in range(len(ys) - 1):
            y0, y1 = ys[r], ys[r + 1]
            if y1 - y0 < page.dpi / 20:
                continue  # a double rule
            row: list = [None] * (len(xs) - 1)
            c = 0
            while c < len(xs) - 1:
                end = c + 1
                while end < len(xs) - 1 and not has_v(xs[end], y0, y1):
                    end += 1
                merged_down = grid and not has_h(y0, xs[c], xs[end]) and (len(grid) - 1, c) in owner
                if merged_down:
                    box = owner.pop((len(grid) - 1, c))
                    box[3] = y1 * s
                    owner[(len(grid), c)] = box
                else:
                    box = [xs[c] * s, y0 * s, xs[end] * s, y1 * s]
                    owner[(len(grid), c)] = box
                    row[c] = box
                c = end
            grid.append(row)
        # A row whose every cell goes on from the row above adds nothing of its own.
        rows = [_Row([None if cell is None else tuple(cell) for cell in row]) for row in grid if any(row)]
        if rows:
            out.append(_Table(rows, (xs[0] * s, ys[0] * s, xs[-1] * s, ys[-1] * s)))
    return out


def lay_out(pages: list[OcrPage], counts: Counter | None = None) -> tuple[list[str], list[SourceLocation]]:
    """The text lines of the OCR'd pages in the canonical layout, and the location of each;
    `counts` counts the label repairs made on the words."""
    lines_by_page, table_blocks, sizes = [], [], []
    counts = Counter() if counts is None else counts
    for page in pages:
        words = page_words(page, counts)
        blocks, boxes = _pdf._tables(_Page(tables(page)), words, page.number) if words else ([], [])
        prose = [w for w in words if not any(_pdf._inside(w, box) for box in boxes)]
        lines_by_page.append(_pdf._group_lines(prose, page.number))
        table_blocks.append(blocks)
        s = 72.0 / page.dpi
        sizes.append((page.width * s, page.height * s))
    lines_by_page = _pdf._drop_running_lines(lines_by_page, [h for _, h in sizes])
    blocks = _pdf._assemble(lines_by_page, table_blocks, sizes)
    # Specks in the margins read as "!", "`" or "2 | `" alone: not text (a label alone, "2." or
    # "a)", is kept for the torn-label repair).
    blocks = [b for b in blocks if len(b.text.strip()) > 6 or any(c.isalpha() for c in b.text)
              or re.fullmatch(r"\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|[IVX]{1,4}\.)\s*", b.text)]
    return [_rejoin_pieces(b.text, counts) for b in blocks], [b.location for b in blocks]


PIECE_SHARE = 0.2
"""Share of pieces (no syllable, no abbreviation) above which a cell's words have come apart; in
running text it is a few in a hundred (names, numbers, OCR errors)."""


def _rejoin_pieces(row: str, counts: Counter | None) -> str:
    """A table row whose columns are a few letters wide (a saved web page pasted into Word, then
    printed and scanned): Tesseract reads every line of a cell as a word, so the words come apart
    ("ỦY BA N NH ÂN DÂ N"). Where more than `PIECE_SHARE` of a cell's words are no syllable (and
    no abbreviation), neighbours are joined when one of them is no syllable and the two make
    one ("BA" + "N" → "BAN", "NH" + "ÂN" → "NHÂN"); two syllables are never joined ("NHÂN DÂN")."""
    from kehoach.pipeline.read.legacy import is_syllable

    def piece(word: str) -> bool:
        letters = re.sub(r"[^\w]|\d|_", "", word)
        return bool(letters) and not is_syllable(letters) and not (letters.isascii() and len(letters) >= 3)

    cells = row.split(" | ")
    out = []
    for cell in cells:
        words = cell.split()
        if len(words) < 4 or sum(map(piece, words)) <= PIECE_SHARE * len(words):
            out.append(cell)
            continue
        joined: list[str] = []
        for word in words:
            if joined:
                head, core = joined[-1], word
                a = re.search(r"[^\W\d_]+$", head)
                b = re.match(r"[^\W\d_]+", core)
                if (a and b and a.end() == len(head) and b.start() == 0
                        and (not is_syllable(a.group(0)) or not is_syllable(b.group(0)))
                        and is_syllable(a.group(0) + b.group(0))):
                    joined[-1] = head + word
                    if counts is not None:
                        counts["word pieces joined"] += 1
                    continue
            joined.append(word)
        out.append(" ".join(joined))
    return " | ".join(out)
