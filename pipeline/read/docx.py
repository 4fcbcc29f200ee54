"""The Word reader: a .docx file → `RawText` in the canonical line layout, with a location per line.

What comes out (see `kehoach.pipeline.read` for the layout every reader shares):
- the body in document order, paragraphs and tables interleaved; one paragraph a line, a blank line
  between paragraphs; soft line breaks and tabs inside a paragraph become spaces;
- Word auto-numbering written in front of its paragraph as Word draws it ("1.", "a)", "II.", "-"),
  rebuilt by `numbering.Numbering`; where the author typed the number, the typed text wins;
- a table row a line, cells joined by " | " (a cell's paragraphs joined by spaces): the two-column
  header block gives "ỦY BAN NHÂN DÂN TỈNH X ------- | CỘNG HÒA …" and "Số: 125/KH-UBND | Ninh
  Thuận, ngày …"; a vertically merged cell repeats its top cell's text in every row it covers; a
  horizontally merged cell appears once; a two-row table header is merged into one line; a group
  row ("I | Cải cách thể chế |  | ") becomes a plain line "I. Cải cách thể chế";
- tracked insertions kept, deletions dropped; text of hyperlinks, content controls and field
  results kept, field instructions dropped; hidden text, headers, footers, comments, footnotes and
  text boxes left out;
- runs in a legacy font (.VnTime, .VnTimeH, VNI-Times …) whose text really is 8-bit legacy are
  converted to Unicode by `kehoach.pipeline.read.legacy` when that module is present.

Bad and hostile files raise `InputError` before anything large is read: not a zip, a zip without
word/document.xml, a part inflating past `MAX_PART_BYTES` (a zip bomb), XML declaring a DTD or
entities, a password-protected (encrypted) file, a document with no text.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read.base import RawText, SourceLocation, read_bytes
from kehoach.pipeline.read.numbering import Numbering

MAX_PART_BYTES = 200 * 1024 * 1024
"""An XML part that inflates past this is refused (a zip bomb), before it is inflated."""
MAX_TOTAL_BYTES = 400 * 1024 * 1024
"""The whole package, inflated, may not exceed this."""
MAX_ENTRIES = 5000
"""A .docx has a few dozen parts; a zip with more entries than this is refused."""
PROLOG_BYTES = 64 * 1024
"""How much of each XML part is inflated to check that no DTD precedes the root element."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

# Inline containers whose runs Word shows as text.
_INLINE_CONTAINERS = {_W + t for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple",
                                       "dir", "bdo", "r")}
# Inline elements whose content Word does not show (deletions, the source of a move).
_INLINE_DROPPED = {_W + t for t in ("del", "moveFrom", "pPr", "rPr", "proofErr", "bookmarkStart", "bookmarkEnd",
                                    "commentRangeStart", "commentRangeEnd")}
# Legacy 8-bit Vietnamese font families: name prefix → encoding for `legacy.to_unicode`.
_LEGACY_FONTS = (("vni-", "vni"), ("vni ", "vni"), (".vn", "tcvn3"), ("vn", "tcvn3"))
# A number typed by hand at the start of a paragraph: "1.", "1.2.", "a)", "đ)", "II.", "-", "+", "Điều 3."
_TYPED_MARKER = re.compile(
    r"^\s*(?:[-+•–—*]\s|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zđA-ZĐ]|[IVXLCivxlc]{1,6})[.):]|(?:Điều|Chương|Mục|Phần)\s+(?:\d+|[IVXLC]+)\b)"
)
# A header typed with tabs instead of a table: the right-hand side or the left-hand side of a line.
HEADER_ZONE_PARAGRAPHS = 12
_HEADER_RIGHT = re.compile(r"CỘNG H[ÒO]A|Độc lập|ĐỘC LẬP|,\s*ngày\b", re.I)
_HEADER_LEFT = re.compile(r"^(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|BỘ |SỞ |BAN |TỈNH |THÀNH PHỐ|HUYỆN|CHÍNH PHỦ|Số\b|SỐ\b)")
_ROMAN_CELL = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")
_NUMBER_CELL = re.compile(r"^\(?\d{1,3}\)?\.?$")
# Header words of an assignment table (folded, without diacritics).
_HEADER_WORDS = re.compile(r"\b(?:tt|stt|noi dung|nhiem vu|chu tri|phoi hop|thoi gian|thoi han|san pham|ghi chu|theo doi|"
                           r"co quan|don vi|trach nhiem)\b")


class _Safety:
    """Checks made on the zip before python-docx opens it."""

    @staticmethod
    def check(path: Path, data: bytes) -> None:
        if data.startswith(OLE_MAGIC):
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise InputError(str(path), "is password-protected (encrypted); open it in Word, remove the password "
                                            "(File → Info → Protect Document) and save it again")
            raise InputError(str(path), "is a Word 97-2003 .doc file, not .docx; read it as .doc")
        if not data.startswith(b"PK"):
            raise InputError(str(path), "is not a .docx file (not a zip archive); save it again from Word as .docx")
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(str(path), f"is a damaged .docx (bad zip: {exc}); save it again from Word") from None
        with zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise InputError(str(path), f"zip holds {len(infos)} entries, over the {MAX_ENTRIES} limit; not a Word document")
            names = {i.filename for i in infos}
            if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
                raise InputError(str(path), "is a zip without word/document.xml, not a Word document; "
                                            "save it again from Word as .docx")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > MAX_PART_BYTES:
                    raise InputError(str(path), f"part {info.filename} inflates to {info.file_size // (1024 * 1024)} MB, "
                                                f"over the {MAX_PART_BYTES // (1024 * 1024)} MB limit (a zip bomb?); refused")
                if total > MAX_TOTAL_BYTES:
                    raise InputError(str(path), f"inflates to over {MAX_TOTAL_BYTES // (1024 * 1024)} MB "
                                                "(a zip bomb?); refused")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    _Safety.check_prolog(path, zf, info)

    @staticmethod
    def check_prolog(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        """Refuse a part whose XML declares a DTD (entities, external references) before its root."""
        try:
            with zf.open(info) as fh:
                head = fh.read(PROLOG_BYTES)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise InputError(str(path), f"is a damaged .docx (part {info.filename}: {exc}); save it again from Word") from None
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = head.decode("utf-16", errors="replace")
        else:
            text = head.decode("latin-1")
        root = re.search(r"<[A-Za-z_]", text)
        prolog = text[: root.start()] if root else text
        if "<!DOCTYPE" in prolog.upper() or "<!ENTITY" in prolog.upper():
            raise InputError(str(path), f"part {info.filename} declares a DTD or entities, which Word never writes; "
                                        "refused (save the document again from Word)")
        if root is None and len(head) >= PROLOG_BYTES:
            raise InputError(str(path), f"part {info.filename} has no XML root element in its first "
                                        f"{PROLOG_BYTES // 1024} KB; refused")


@dataclass(frozen=True)
class _RunStyle:
    font: str | None = None
    caps: bool | None = None
    hidden: bool | None = None

    def over(self, base: "_RunStyle") -> "_RunStyle":
        return _RunStyle(
            self.font if self.font is not None else base.font,
            self.caps if self.caps is not None else base.caps,
            self.hidden if self.hidden is not None else base.hidden,
        )


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(_W + "val", "true").lower() not in ("0", "false", "off")


def _run_style(rpr: etree._Element | None) -> _RunStyle:
    if rpr is None:
        return _RunStyle()
    fonts = rpr.find(_W + "rFonts")
    font = None
    if fonts is not None:
        font = fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi") or fonts.get(_W + "cs")
    return _RunStyle(font, _on(rpr.find(_W + "caps")), _on(rpr.find(_W + "vanish")))


class _Styles:
    """Run properties (font, caps, hidden) of paragraph and character styles, through `basedOn`."""

    def __init__(self, styles_xml: etree._Element | None) -> None:
        self.own: dict[str, _RunStyle] = {}
        self.based_on: dict[str, str] = {}
        self.default = _RunStyle()
        self.default_paragraph: str | None = None
        self._cache: dict[str, _RunStyle] = {}
        if styles_xml is None:
            return
        dflt = styles_xml.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default = _run_style(dflt)
        for st in styles_xml.iter(_W + "style"):
            sid = st.get(_W + "styleId")
            if not sid:
                continue
            self.own[sid] = _run_style(st.find(_W + "rPr"))
            based = st.find(_W + "basedOn")
            if based is not None and based.get(_W + "val"):
                self.based_on[sid] = based.get(_W + "val")
            if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                self.default_paragraph = sid

    def resolve(self, sid: str | None) -> _RunStyle:
        if not sid:
            return _RunStyle()
        if sid not in self._cache:
            chain, cur = [], sid
            while cur and cur not in chain and len(chain) < 20:
                chain.append(cur)
                cur = self.based_on.get(cur)
            out = _RunStyle()
            for s in chain:  # nearest style first
                out = out.over(self.own.get(s, _RunStyle()))
            self._cache[sid] = out
        return self._cache[sid]


def _legacy_encoding(font: str | None) -> str | None:
    """The legacy encoding a run's font implies, or None; the legacy module's font table wins."""
    if not font:
        return None
    legacy = _legacy_module()
    if legacy is not None and hasattr(legacy, "font_encoding"):
        return legacy.font_encoding(font)
    f = font.strip().lower()
    if f.startswith("uvn"):  # UVnTime and friends: Unicode fonts with a legacy-looking name
        return None
    for prefix, enc in _LEGACY_FONTS:
        if f.startswith(prefix):
            return enc
    return None


def _capitals_font(font: str | None) -> bool:
    legacy = _legacy_module()
    if legacy is not None and hasattr(legacy, "is_capitals_font"):
        return bool(legacy.is_capitals_font(font))
    f = (font or "").strip().lower()
    return f.startswith((".vn", "vn")) and f.endswith("h")


def _looks_legacy(text: str) -> bool:
    """True when text is 8-bit (every character a Latin-1 or cp1252 one) with some non-ASCII in it."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return False
    for c in non_ascii:
        if ord(c) > 255:
            try:
                c.encode("cp1252")
            except UnicodeEncodeError:
                return False
    return True


def _legacy_module():
    try:
        from kehoach.pipeline.read import legacy  # written alongside this reader; optional until it lands
    except ImportError:
        return None
    return legacy if hasattr(legacy, "to_unicode") else None


def _fold(text: str) -> str:
    import unicodedata

    t = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in t if not unicodedata.combining(c))


@dataclass
class _Cell:
    col: int  # first grid column
    span: int
    text: str
    vmerge: str | None  # None, "restart" or "continue"
    paragraphs: list[str]



_WRAPPERS = (_W + "sdt", _W + "customXml")


def _wrapped(el: etree._Element) -> etree._Element | None:
    """The content of a content control (w:sdt) or a custom XML wrapper, or None."""
    return el.find(_W + "sdtContent") if el.tag == _W + "sdt" else el


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """The children of `parent` with `tag`, looking one level into content controls and custom XML."""
    found = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            content = _wrapped(child)
            if content is not None:
                found.extend(c for c in content if c.tag == tag)
    return found

class _Walker:
    """Walks the body once, in document order, producing lines and their source locations."""

    def __init__(self, numbering: Numbering, styles: _Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.lines: list[tuple[str, SourceLocation]] = []
        self.paragraph_index = 0
        self.table_index = 0
        self.fields: list[bool] = []  # one entry per open complex field: True while in its instruction
        self.legacy_runs: dict[str, int] = {}
        self.legacy_unconverted = 0
        self.typed_over_auto = 0
        self.header_zone = True  # until the header block is seen or a table starts
        self.pending_header: list[tuple[str, str, int]] = []
        self.last_raw = ""
        self.header_rows_merged = 0
        self.group_rows = 0
        self._legacy = _legacy_module()

    # ---------------------------------------------------------------- blocks
    def body(self, body: etree._Element) -> None:
        for child in body:
            self.block(child)
        self.flush_header()

    def block(self, el: etree._Element) -> None:
        tag = el.tag
        if tag == _W + "p":
            text = self.paragraph(el)
            if text and self._header_tab_line(self.last_raw):
                self.paragraph_index += 1
                return
            if text:
                self.flush_header()
                self.emit(text, SourceLocation(paragraph=self.paragraph_index), blank_before=True)
            self.paragraph_index += 1
        elif tag == _W + "tbl":
            self.flush_header()
            self.header_zone = False
            rows = self.table(el, self.table_index)
            first = True
            for text, loc in rows:
                self.emit(text, loc, blank_before=first)
                first = False
            self.table_index += 1
        elif tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                for child in content:
                    self.block(child)
        elif tag in (_W + "customXml", _W + "ins", _W + "moveTo"):
            for child in el:
                self.block(child)
        # w:sectPr, w:bookmark*, w:del, w:moveFrom, w:altChunk: nothing Word shows as body text

    def _header_tab_line(self, raw: str) -> bool:
        """Hold a header line typed with tabs ("ỦY BAN NHÂN DÂN<tab><tab>CỘNG HÒA …") for `flush_header`."""
        if not self.header_zone or self.paragraph_index > HEADER_ZONE_PARAGRAPHS:
            return False
        parts = [" ".join(x.split()) for x in re.split(r"\t+|\s{4,}", raw.strip())]
        parts = [x for x in parts if x]
        if len(parts) < 2:
            if parts and self.pending_header:
                self.header_zone = False  # the header block is over
            return False
        left, right = " ".join(parts[:-1]), parts[-1]
        if not (_HEADER_RIGHT.search(right) or _HEADER_LEFT.match(left)):
            return False
        self.pending_header.append((left, right, self.paragraph_index))
        return True

    def flush_header(self) -> None:
        """Write held tab-typed header lines the way a portal copy has them: two "left | right" lines."""
        if not self.pending_header:
            return
        held, self.pending_header = self.pending_header, []
        cut = next((k for k, (left, _, _) in enumerate(held) if re.match(r"^s[ốo]\b", left, re.I)), len(held))
        for group in (held[:cut], held[cut:]):
            if group:
                left = " ".join(g[0] for g in group)
                right = " ".join(g[1] for g in group)
                self.emit(f"{left} | {right}", SourceLocation(paragraph=group[0][2]), blank_before=True)
        self.header_zone = False

    def emit(self, text: str, loc: SourceLocation, blank_before: bool) -> None:
        if blank_before and self.lines:
            self.lines.append(("", SourceLocation()))
        self.lines.append((text, loc))

    # ---------------------------------------------------------------- paragraphs
    def paragraph(self, p: etree._Element) -> str:
        """The paragraph's text as Word shows it, its auto-number in front."""
        ppr = p.find(_W + "pPr")
        pstyle = None
        if ppr is not None and ppr.find(_W + "pStyle") is not None:
            pstyle = ppr.find(_W + "pStyle").get(_W + "val")
        base = self.styles.resolve(pstyle or self.styles.default_paragraph).over(self.styles.default)
        parts: list[str] = []
        self.inline(p, parts, base)
        self.last_raw = "".join(parts)
        text = " ".join(self.last_raw.split())
        label = self.numbering.label(p)
        if label and text:
            if _TYPED_MARKER.match(text):
                self.typed_over_auto += 1  # the author typed the number too: the typed text wins
            else:
                text = f"{label} {text}"
        return text

    def inline(self, el: etree._Element, out: list[str], base: _RunStyle) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _INLINE_DROPPED:
                continue
            if tag == _W + "r":
                self.run(child, out, base)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child, out, base)
            elif tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self.inline(content, out, base)
            elif tag == _M + "oMathPara" or tag == _M + "oMath":
                out.append("".join(t.text or "" for t in child.iter(_M + "t")))

    def run(self, r: etree._Element, out: list[str], base: _RunStyle) -> None:
        rpr = r.find(_W + "rPr")
        style = _run_style(rpr)
        if rpr is not None and rpr.find(_W + "rStyle") is not None:
            style = style.over(self.styles.resolve(rpr.find(_W + "rStyle").get(_W + "val")))
        style = style.over(base)
        pieces: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _W + "fldChar":
                kind = child.get(_W + "fldCharType")
                if kind == "begin":
                    self.fields.append(True)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = False
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if any(self.fields):
                continue  # inside a field instruction ("HYPERLINK …", "PAGE"): Word shows its result only
            if tag == _W + "t":
                pieces.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                pieces.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                pieces.append(" ")
            elif tag == _W + "softHyphen":
                pieces.append("\u00ad")  # invisible in Unicode text (normalisation drops it), "ư" in TCVN3
            elif tag == _W + "noBreakHyphen":
                pieces.append("-")
            elif tag == _W + "sym":
                pieces.append(" ")
        text = "".join(pieces)
        if not text or style.hidden:
            return
        enc = _legacy_encoding(style.font)
        if enc and _looks_legacy(text):
            if self._legacy is not None:
                # The font names the encoding; the text itself overrides a mislabelled font
                # (files mixing TCVN3 and VNI runs under one font exist).
                enc = (self._legacy.detect(text) if hasattr(self._legacy, "detect") else None) or enc
                text = self._legacy.to_unicode(text, enc)
                self.legacy_runs[enc] = self.legacy_runs.get(enc, 0) + 1
                if _capitals_font(style.font):
                    text = text.upper()  # .VnTimeH and kin draw every letter in capitals
            else:
                self.legacy_unconverted += 1
        if style.caps:
            text = text.upper()
        out.append(text)

    # ---------------------------------------------------------------- tables
    def cell_text(self, tc: etree._Element) -> list[str]:
        """The cell's paragraphs (nested tables flattened, one row a paragraph)."""
        paras: list[str] = []
        for child in tc:
            if child.tag == _W + "p":
                t = self.paragraph(child)
                if t:
                    paras.append(t)
            elif child.tag == _W + "tbl":
                for row in self._rows(child):
                    texts = [" ".join(self.cell_text(tc2)) for tc2 in self._cells(row)]
                    line = " ".join(t for t in texts if t)
                    if line:
                        paras.append(line)
            elif child.tag in _WRAPPERS:
                content = _wrapped(child)
                if content is not None:
                    paras.extend(self.cell_text(content))
        return paras

    @staticmethod
    def _rows(tbl: etree._Element) -> list[etree._Element]:
        return _children(tbl, _W + "tr")

    @staticmethod
    def _cells(tr: etree._Element) -> list[etree._Element]:
        return _children(tr, _W + "tc")

    def grid(self, tbl: etree._Element) -> list[list[_Cell]]:
        """Rows of cells placed on the table grid, vertically merged cells filled from the top."""
        grid: list[list[_Cell]] = []
        above: dict[int, _Cell] = {}
        for tr in self._rows(tbl):
            trpr = tr.find(_W + "trPr")
            col = 0
            if trpr is not None and trpr.find(_W + "gridBefore") is not None:
                try:
                    col = int(trpr.find(_W + "gridBefore").get(_W + "val", "0"))
                except ValueError:
                    col = 0
            row: list[_Cell] = []
            for tc in self._cells(tr):
                tcpr = tc.find(_W + "tcPr")
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(_W + "gridSpan")
                    if gs is not None:
                        try:
                            span = max(1, int(gs.get(_W + "val", "1")))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(_W + "vMerge")
                    if vm is not None:
                        vmerge = "restart" if vm.get(_W + "val") == "restart" else "continue"
                paras = self.cell_text(tc)
                text = " ".join(paras)
                if vmerge == "continue" and col in above:
                    top = above[col]
                    cell = _Cell(col, span, top.text, vmerge, top.paragraphs)
                else:
                    cell = _Cell(col, span, text, vmerge, paras)
                row.append(cell)
                above[col] = cell
                col += span
            grid.append(row)
        return grid

    def table(self, tbl: etree._Element, index: int) -> list[tuple[str, SourceLocation]]:
        grid = self.grid(tbl)
        width = max((len(r) for r in grid), default=0)
        out: list[tuple[str, SourceLocation]] = []
        if width <= 2:
            for r, row in enumerate(grid):
                out.extend(self._two_column_row(row, index, r))
            return out
        header_at = next((k for k, row in enumerate(grid[:3]) if _is_header_row(row)), None)
        r = 0
        while r < len(grid):
            row = grid[r]
            cells = row
            if header_at is not None and r == header_at and r + 1 < len(grid) and _continues_header(row, grid[r + 1]):
                cells = _merge_header(row, grid[r + 1])
                self.header_rows_merged += 1
                loc = SourceLocation(table=index, row=r, cells=tuple(c.col for c in cells))
                out.append((" | ".join(c.text for c in cells), loc))
                r += 2
                continue
            texts = [c.text.strip() for c in cells]
            if not any(texts):
                r += 1
                continue
            if header_at is not None and r > header_at and _is_column_numbers(texts):
                r += 1  # the "(1) | (2) | (3)" row under a header numbers the columns, it holds no content
                continue
            group = _group_text(cells) if (header_at is None or r > header_at) else None
            if group:
                self.group_rows += 1
                nonempty = next(c.col for c in cells if c.text.strip())
                out.append((group, SourceLocation(table=index, row=r, cells=(nonempty,))))
            else:
                out.append((" | ".join(texts), SourceLocation(table=index, row=r, cells=tuple(c.col for c in cells))))
            r += 1
        return out

    def _two_column_row(self, row: list[_Cell], index: int, r: int) -> list[tuple[str, SourceLocation]]:
        """A row of the header block or the signature table: "left | right", split at "Số:" / "V/v"."""
        cells = [c for c in row]
        if not any(c.text.strip() for c in cells):
            return []
        if len(cells) == 1:
            return [(cells[0].text.strip(), SourceLocation(table=index, row=r, cells=(cells[0].col,)))]
        left, right = cells[0].paragraphs, cells[1].paragraphs
        cut_left = next((k for k, t in enumerate(left) if k and re.match(r"^Số\b", t)), None)
        cut_right = next((k for k, t in enumerate(right) if k and re.search(r",\s*ngày\b|^ngày\b", t)), None)
        cols = (cells[0].col, cells[1].col)
        if cut_left is None or cut_right is None:
            text = " ".join(left) + " | " + " ".join(right)
            return [(text.strip(), SourceLocation(table=index, row=r, cells=cols))]
        # One row holding the whole header: issuer and number on the left, motto and date on the
        # right; written as the two lines a portal copy has, then "V/v …" (a công văn's subject) alone.
        vv = next((k for k, t in enumerate(left) if k > cut_left and re.match(r"^V/v\b", t, re.I)), None)
        first = " ".join(left[:cut_left]) + " | " + " ".join(right[:cut_right])
        second = " ".join(left[cut_left:vv]) + " | " + " ".join(right[cut_right:])
        out = [(first.strip(), SourceLocation(table=index, row=r, cells=cols)),
               (second.strip(), SourceLocation(table=index, row=r, cells=cols))]
        if vv is not None:
            out.append((" ".join(left[vv:]), SourceLocation(table=index, row=r, cells=(cols[0],))))
        return out


def _is_header_row(row: list[_Cell]) -> bool:
    hits = sum(1 for c in row if c.text.strip() and len(c.text) < 80 and _HEADER_WORDS.search(_fold(c.text)))
    return hits >= 2


def _continues_header(row: list[_Cell], nxt: list[_Cell]) -> bool:
    """True when the next row finishes a header split over two rows (merged cells, sub-headings)."""
    if not nxt or _NUMBER_CELL.match(nxt[0].text.strip()) or _ROMAN_CELL.match(nxt[0].text.strip()):
        return False
    continued = any(c.vmerge == "continue" for c in nxt)
    spanned = any(c.span > 1 for c in row)
    short = all(len(c.text) < 60 for c in nxt)
    return short and (continued or spanned) and not _is_column_numbers([c.text.strip() for c in nxt])


def _merge_header(row: list[_Cell], nxt: list[_Cell]) -> list[_Cell]:
    """One header line from two rows, on the finer row's cells ("Thời gian" + "Bắt đầu")."""
    merged = []
    for c in nxt:
        top = next((t for t in row if t.col <= c.col < t.col + t.span), None)
        parts = []
        if top is not None and top.text.strip():
            parts.append(top.text.strip())
        if c.text.strip() and (top is None or c.text.strip() != top.text.strip()):
            parts.append(c.text.strip())
        merged.append(_Cell(c.col, c.span, " ".join(parts), None, parts))
    return merged


def _is_column_numbers(texts: list[str]) -> bool:
    nums = [re.sub(r"[().\s]", "", t) for t in texts if t]
    return len(nums) >= 3 and all(n.isdigit() for n in nums) and [int(n) for n in nums] == list(range(1, len(nums) + 1))


def _group_text(cells: list[_Cell]) -> str | None:
    """The heading of a group row, or None: one merged cell, or "I" + a title with the rest empty.

    Ví dụ: cells "I", "Cải cách thể chế", "", "" → "I. Cải cách thể chế".
    """
    texts = [c.text.strip() for c in cells]
    filled = [t for t in texts if t]
    if not filled:
        return None
    if len(set(filled)) == 1 and (len(filled) == 1 or len(filled) == len(texts)):
        only = filled[0]
        if len(filled) == 1 and _NUMBER_CELL.match(only):
            return None
        return only
    first = texts[0]
    # A title has words; a row of two one-letter cells ("X | Y" over a table's coordinate columns)
    # is no group.
    if _ROMAN_CELL.match(first) and len(filled) == 2 and len(texts[1]) > 1:
        return f"{first.rstrip('.')}. {texts[1]}"
    return None


def read_docx(path: str | Path) -> RawText:
    """Return the text of a .docx file in the canonical line layout, with one location per line.

    Ví dụ: read_docx("Kế hoạch CCHC 2026.docx").text starts with
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM …"; a Word-numbered heading
    reads "1. Cải cách thể chế".
    """
    p = Path(path)
    data = read_bytes(p)
    if not data:
        raise InputError(str(path), "file is empty")
    return _read_docx_bytes(p, data, "docx", hashlib.sha256(data).hexdigest(), ())


def _open_document(path: Path, data: bytes):
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise InputError(str(path), "is not a Word document package; save it again from Word as .docx") from None
    except KeyError as exc:
        raise InputError(str(path), f"is a damaged .docx (missing part {exc}); save it again from Word") from None
    except ValueError as exc:
        raise InputError(str(path), f"is not a plain Word document ({exc}); save it as .docx (Word Document)") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(str(path), f"is a damaged .docx (XML error: {exc}); save it again from Word") from None
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise InputError(str(path), f"is a damaged .docx ({exc}); save it again from Word") from None


def _part_element(part, path: Path):
    if part is None:
        return None
    try:
        return part.element
    except AttributeError:
        try:
            return etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
        except etree.XMLSyntaxError as exc:
            raise InputError(str(path), f"is a damaged .docx (XML error in {part.partname}: {exc})") from None


def _read_docx_bytes(path: Path, data: bytes, fmt: str, sha256: str, conversions: tuple[str, ...]) -> RawText:
    """Shared by the .docx and .doc readers: bytes of a .docx package → RawText."""
    _Safety.check(path, data)
    document = _open_document(path, data)
    doc_part = document.part
    numbering_xml = styles_xml = None
    for rel in doc_part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype.endswith("/numbering"):
            numbering_xml = _part_element(rel.target_part, path)
        elif rel.reltype.endswith("/styles"):
            styles_xml = _part_element(rel.target_part, path)
    walker = _Walker(Numbering(numbering_xml, styles_xml), _Styles(styles_xml))
    body = document.element.body
    walker.body(body)
    if not any(text.strip() for text, _ in walker.lines):
        raise InputError(str(path), "the document has no text (empty, or only images: a scan needs OCR first)")
    notes = list(conversions)
    if walker.numbering.rebuilt:
        notes.append(f"{fmt}: {walker.numbering.rebuilt} auto-numbers rebuilt")
    if walker.typed_over_auto:
        notes.append(f"{fmt}: {walker.typed_over_auto} typed numbers kept over auto-numbering")
    if walker.header_rows_merged:
        notes.append(f"{fmt}: {walker.header_rows_merged} two-row table headers merged")
    if walker.group_rows:
        notes.append(f"{fmt}: {walker.group_rows} table group rows written as headings")
    for enc, n in sorted(walker.legacy_runs.items()):
        notes.append(f"{enc}→unicode in {n} runs")
    if walker.legacy_unconverted:
        notes.append(f"{walker.legacy_unconverted} legacy-font runs left unconverted (legacy reader missing)")
    text = "\n".join(t for t, _ in walker.lines)
    locations = tuple(loc for _, loc in walker.lines)
    return RawText(path.name, fmt, sha256, "docx", text, tuple(notes), locations)
