"""Repairs of OCR's typical errors, only where the language and the document's own sequence make
them safe. Each repair is counted by name (`source.conversions` lists them); none changes the
number of lines, so every repaired item still maps back to its page and line.

On the words of a printed line, before the layout (`label_words`), so that the PDF reader's
layout sees the marker it would have seen in a text layer:
- a heading label read with a comma or semicolon for its dot: "1," / "II;" before a capitalised
  word → "1." / "II." (a list "3, 4 và 5" goes on with a digit or a lower-case word);
- a Roman label whose I's were read as l, L, | or 1: "L" / "Il." / "1I." before a heading in
  capitals → "I." / "II.";
- a stray mark read from a speck between a label and its text ("I. ˆ MỤC TIÊU") dropped.

On the laid-out lines (`repair`):
- heading labels told apart by the sequence around them: in a run of Roman headings "I., I.,
  III." the middle one is "II."; in a run of numbered items "1., 3., 3." whose neighbours say
  the middle one is 2, it becomes "2." (OCR confuses 2/3/5/8, I/1/l);
- a label torn from its line: "a)" or "2." alone on a line, its text on the next line, is joined
  to it (the layout keeps it apart when the gap after it looked like a column gap).
"""
from __future__ import annotations

import re
from collections import Counter

from kehoach.ocr import vocabulary

_UPPER = "A-ZĐÀ-ỸÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠ-Ỹ"
_COMMA_LABEL = re.compile(r"^(\d{1,2}|[IVX]{1,5})[,;:]$")
_ROMANISH = re.compile(r"^[IlL|1VX]{1,4}[.,]?$")
_DOTS_LABEL = re.compile(r"^(\d{1,2}|[IVX]{1,5})(?:\.[.,]+|,\.)$")
_STRAY = re.compile(r"^[ˆ˜`´^~¨'‘’_]$")


def _is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _is_capitals(words: list[str]) -> bool:
    letters = [c for w in words for c in w if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def label_words(texts: list[str], gap_after_first: float, line_height: float, counts: Counter) -> list[str]:
    """The words of one printed line with its label repaired (see the module's first list)."""
    if len(texts) < 2:
        return texts
    out = list(texts)
    if _STRAY.match(out[0]):  # a mark read apart from the capital below it: "^ ỦY BAN"
        del out[0]
        counts["stray mark"] += 1
        if len(out) < 2:
            return out
    # A stray mark between a label and its text.
    if len(out) >= 3 and _STRAY.match(out[1]) and re.match(r"^(\d{1,2}|[IVXL]{1,5}|[a-zđ])[.)]$", out[0]):
        del out[1]
        counts["stray mark"] += 1
    first, second = out[0], out[1]
    m = _DOTS_LABEL.match(first)
    if m and (_is_capitalised(second) or second[:1].isdigit()):
        out[0] = first = m.group(1) + "."  # "II..." → "II." (specks read as dots)
        counts["label punctuation"] += 1
    m = _COMMA_LABEL.match(first)
    if m and ((_is_capitalised(second) and not second[:1].isdigit()) or re.match(r"^\d+(?:[.,]\d+)?%$", second)):
        out[0] = m.group(1) + "."
        counts["label punctuation"] += 1
        first = out[0]
    if (_ROMANISH.match(first) and re.search(r"[lL|]", first) and not first.rstrip(".,").isdigit()
            and (first.endswith((".", ",")) or gap_after_first > 0.8 * line_height)
            and _is_capitals(out[1:6])):
        out[0] = re.sub(r"[lL|1]", "I", first.rstrip(".,")) + "."
        counts["roman label"] += 1
    elif re.fullmatch(r"[IVX]{1,4}", first) and first in _ROMAN and _is_capitals(out[1:6]):
        out[0] = first + "."  # "VI TỔ CHỨC THỰC HIỆN": the dot lost
        counts["label punctuation"] += 1
    return out


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}
_ROMAN_HEAD = re.compile(r"^([IVXLTHl1|!]{1,5})(?:\.\s+|\s+(?=[^\W\d_]{2}))(?=\S)")
_WILD = re.compile(r"[IlL1|TH!]{1,4}")
"""What OCR makes of I, II, III: l, L, 1, |, T, H, ! ("TL." for "II.")."""
_NUMBER_HEAD = re.compile(r"^(\d{1,2})\.\s+(?=[" + _UPPER + r"0-9%])")
_PART = re.compile(r"^(?:(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:[IVXLC]+|\d+|THỨ)\b|PHỤ LỤC\b|Phụ lục\b)")
_TORN = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[IVX]{1,5}\.|-|\+)$")


def _roman_fix(lines: list[str], counts: Counter) -> None:
    """Roman heading labels in sequence. The part headings of a document are numbered I, II, III …
    without a gap; OCR drops or adds a stroke (II → I, III → II) or reads "I." as "1.". In each run
    of headings in capitals (a run ends at a PHẦN / PHỤ LỤC heading):
    - when the run's last label is its length and every label is its position or one less, the
      labels are renumbered by position ("1., I., II., IV., V., VI." → "I. … VI.");
    - otherwise one label that breaks the run where its neighbours agree is the one they expect
      ("I., I., III." → "I., II., III.")."""
    runs: list[list[tuple[int, str]]] = [[]]
    for i, line in enumerate(lines):
        if _PART.match(line):
            runs.append([])
            continue
        m = _ROMAN_HEAD.match(line)
        if m and _is_capitals(line[m.end():].split()[:6]):
            label = m.group(1)
            if label in _ROMAN or _WILD.fullmatch(label) and not label.isdigit() or (label in ("1", "l") and not runs[-1]):
                runs[-1].append((i, label))
    for heads in runs:
        # A wild reading is taken for a label only before a real one: at the end of a run it may
        # be a signature's "TL." (thừa lệnh), not a part heading.
        while heads and heads[-1][1] not in _ROMAN:
            heads = heads[:-1]
        n = len(heads)
        values = [_ROMAN.get(label) for _, label in heads]
        if heads and heads[0][1] in ("1", "l"):
            values[0] = 1  # "1. MỤC ĐÍCH" before "II.": the first part's "I." read as a digit
        genuine = [(pos, v) for pos, v in enumerate(values, start=1) if v is not None]
        if (n >= 2 and len(genuine) >= 2 and all(pos - 1 <= v <= pos for pos, v in genuine)
                and (values[-1] is None or values[-1] >= n - 1) and values != list(range(1, n + 1))):
            for pos, (i, label) in enumerate(heads, start=1):
                if label != _ROMAN_OF[pos]:
                    rest = lines[i][len(label):]
                    lines[i] = _ROMAN_OF[pos] + (rest if rest.startswith(".") else "." + rest)
                    counts["roman label in sequence"] += 1
            continue
        heads = [(i, label) for i, label in heads if label in _ROMAN]
        for k in range(len(heads)):
            i, label = heads[k]
            value = _ROMAN.get(label)
            prev = _ROMAN.get(heads[k - 1][1]) if k > 0 else 0
            nxt = _ROMAN.get(heads[k + 1][1]) if k + 1 < len(heads) else None
            if value == prev + 1:
                continue
            # The neighbours agree on what this one must be: the next is two after the previous,
            # or this is the last and repeats the one before.
            if (nxt is not None and nxt == prev + 2) or (nxt is None and value == prev and k > 0):
                new = _ROMAN_OF.get(prev + 1)
                if new:
                    lines[i] = new + lines[i][len(label):]
                    heads[k] = (i, new)
                    counts["roman label in sequence"] += 1


_CONFUSED = {(2, 3), (3, 2), (3, 8), (8, 3), (5, 6), (6, 5), (3, 5), (5, 3), (1, 7), (7, 1), (4, 1), (1, 4),
             (8, 9), (9, 8), (6, 8), (8, 6), (0, 8), (8, 0)}
"""Digits Tesseract takes for one another in labels (measured on the dev scans: 2→3, 3→8, 6→5)."""
_SUB_LABEL = re.compile(r"^(\d{1,2})\.1\.?\s")


def _roman_heading(line: str) -> bool:
    m = re.match(r"^[IVXL]{1,5}\.\s+", line)
    return bool(m) and _is_capitals(line[m.end():].split()[:6])


def _first_child(lines: list[str], i: int) -> int | None:
    """N when the first heading after line i is a sub-item "N.1." (its parent is "N.")."""
    for line in lines[i + 1:i + 40]:
        m = _SUB_LABEL.match(line)
        if m:
            return int(m.group(1))
        if _NUMBER_HEAD.match(line) or _roman_heading(line):
            return None
    return None


def _number_fix(lines: list[str], counts: Counter, lost: bool = True) -> None:
    """Numbered items in sequence: between "1." and "3." an item labelled "3." (or "8.") is "2.";
    an item whose first sub-item is "2.1." is "2." when the sequence expects 2; the last item of a
    run is the next number when its label is a digit OCR confuses with it. A run is broken by a
    Roman heading or a part heading (numbering starts again under them)."""
    run: list[tuple[int, int]] = []

    def fix(k: int, value: int) -> None:
        i, b = run[k]
        lines[i] = str(value) + lines[i][len(str(b)):]
        run[k] = (i, value)
        counts["number label in sequence"] += 1

    def settle(run: list[tuple[int, int]]) -> None:
        for k in range(1, len(run)):
            (_, a), (i, b) = run[k - 1], run[k]
            if b == a + 1:
                continue
            c = run[k + 1][1] if k + 1 < len(run) else None
            child = _first_child(lines, i)
            if c == a + 2 or child == a + 1 or (c is None and (a + 1, b) in _CONFUSED):
                fix(k, a + 1)

    for i, line in enumerate(lines):
        if _roman_heading(line) or _PART.match(line):
            settle(run)
            run = []
            continue
        m = _NUMBER_HEAD.match(line)
        if m:
            n = int(m.group(1))
            if run and n == 1:
                settle(run)
                run = []
            run.append((i, n))
    settle(run)
    if lost:
        _lost_numbers(lines, counts)


_MISREAD = re.compile(r"^(\S{1,2}[.,;:]|[" + _UPPER + r"0-9]{1,2})\s+(?=[" + _UPPER + r"])")


def _lost_numbers(lines: list[str], counts: Counter) -> None:
    """A number label read as something else ("Đ;", "A.", "MÃ" for "2.", "4.", "7."): where a
    run of numbered items skips one number ("3." … "5.") and exactly one line between them starts
    with a short token like a label (one or two characters with a dot or a comma, or one or two
    capitals) before a capitalised word, that token is the missing label."""
    items = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := _NUMBER_HEAD.match(line))]
    for (i1, a), (i2, c) in zip(items, items[1:]):
        if c != a + 2 or any(_roman_heading(lines[i]) or _PART.match(lines[i]) for i in range(i1 + 1, i2)):
            continue
        found = [i for i in range(i1 + 1, i2) if (m := _MISREAD.match(lines[i]))
                 and not re.match(r"^(?:[a-zđ]\)|[-+•*]|\d{1,2}\.\d)", lines[i]) and not _roman_heading(lines[i])]
        if len(found) == 1:
            i = found[0]
            lines[i] = f"{a + 1}. " + lines[i][_MISREAD.match(lines[i]).end():]
            counts["number label in sequence"] += 1


def _torn_labels(lines: list[str], counts: Counter) -> None:
    """A label alone on its line ("a)", "2.") takes the next line's text; the next line is left
    empty rather than removed, so that line numbers (and pages) stay as they were."""
    for i in range(len(lines) - 1):
        if _TORN.match(lines[i].strip()) and lines[i + 1].strip() and not _TORN.match(lines[i + 1].strip()):
            lines[i] = lines[i].strip() + " " + lines[i + 1].lstrip()
            lines[i + 1] = ""
            counts["torn label"] += 1


def _table_fix(lines: list[str], counts: Counter) -> None:
    """The first column of assignment tables ("1 | duty | lead | …", group rows "II | HỖ TRỢ …")
    follows the same sequences as headings: its labels are repaired by the same rules, on a view
    of the table rows as headings."""
    view = [""] * len(lines)
    originals: dict[int, tuple[str, str]] = {}
    for i, line in enumerate(lines):
        if " | " not in line:
            continue
        first, rest = line.split(" | ", 1)
        label = first.strip().rstrip(".")
        if re.fullmatch(r"\d{1,3}|[IVXLTHl1|!]{1,5}", label):
            view[i] = f"{label}. {rest.split(' | ', 1)[0]}"
            originals[i] = (label, first)
    if not originals:
        return
    fixes: Counter = Counter()
    _roman_fix(view, fixes)
    _number_fix(view, fixes, lost=False)
    for i, (label, first) in originals.items():
        new = view[i].split(". ", 1)[0]
        if new != label:
            lines[i] = first.replace(label, new, 1) + lines[i][len(first):]
            counts["table label in sequence"] += 1


def repair(lines: list[str], pairs: list | None = None) -> tuple[list[str], Counter]:
    """The laid-out lines with known names given their marks back, heading labels repaired by
    their sequence and torn labels joined; each name replaced goes to `pairs` as (name, as read)."""
    out = list(lines)
    counts: Counter = Counter()
    for i, line in enumerate(out):
        fixed = i < 5 or line.startswith("Nơi nhận")  # the header block, the type line, the signature
        out[i] = vocabulary.repair_line(line, counts, fixed_text=fixed, pairs=pairs)
    _torn_labels(out, counts)
    _roman_fix(out, counts)
    _number_fix(out, counts)
    _table_fix(out, counts)
    return out, counts
