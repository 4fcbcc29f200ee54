"""A PDF with a text layer on some pages and scanned pages among them (a typed plan whose signed
last page, or whose appendix, was scanned in): the pages without text are OCR'd, the others read
from their text layer, and all of them laid out together by the PDF reader's layout code, so a
paragraph or a table row that goes on from a typed page to a scanned one is joined as usual.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from kehoach import ocr
from kehoach.ocr import engine, layout, repair
from kehoach.pipeline.read import legacy
from kehoach.pipeline.read import pdf as _pdf
from kehoach.pipeline.read.base import RawText, file_sha256


def scanned_pages(path: Path) -> list[int]:
    """The pages (1-based) with almost no text whose area is mostly a picture."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        doc = pdfium.PdfDocument(str(path))
    except Exception:
        return []
    found = []
    try:
        for i in range(min(len(doc), _pdf.MAX_PAGES)):
            page = doc[i]
            textpage = page.get_textpage()
            letters = sum(c.isalpha() for c in textpage.get_text_range())
            textpage.close()
            if letters < _pdf.MIN_LETTERS_PER_PAGE:
                area = page.get_width() * page.get_height()
                for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                    x0, y0, x1, y1 = obj.get_bounds()
                    if (x1 - x0) * (y1 - y0) >= 0.25 * area:
                        found.append(i + 1)
                        break
            page.close()
    except Exception:
        return []
    finally:
        doc.close()
    return found


def read_mixed(path: Path, pages: list[int], encoding: str | None = None) -> RawText:
    """Read the PDF with `pages` OCR'd and the rest from their text layer (see the module)."""
    settings = ocr.current()
    sha = file_sha256(path)
    result = engine.ocr_file(path, jobs=ocr.jobs(), cache_dir=settings.cache_dir, sha=sha, pages=pages)
    by_number = {p.number: p for p in result.pages}
    forced = encoding.lower() if encoding else None
    used: Counter = Counter()
    counts: Counter = Counter()
    lines_by_page, tables, sizes = [], [], []
    with _pdf._open(path) as doc:
        for number, page in enumerate(doc.pages, start=1):
            scanned = by_number.get(number)
            if scanned is not None:
                words = layout.page_words(scanned, counts)
                found = layout.tables(scanned)
                blocks, boxes = _pdf._tables(layout._Page(found), words, number) if words else ([], [])
            else:
                words = _pdf._page_words(page, forced, used)
                blocks, boxes = _pdf._tables(page, words, number) if words else ([], [])
            prose = [w for w in words if not any(_pdf._inside(w, box) for box in boxes)]
            lines_by_page.append(_pdf._group_lines(prose, number))
            tables.append(blocks)
            sizes.append((page.width, page.height))
            page.close()
    lines_by_page = _pdf._drop_running_lines(lines_by_page, [h for _, h in sizes])
    blocks = _pdf._assemble(lines_by_page, tables, sizes)
    texts = [b.text for b in blocks]
    locations = [b.location for b in blocks]
    # The repairs are for what OCR read: lines of the typed pages are left as they are.
    on_scans = [i for i, loc in enumerate(locations) if loc.page in by_number]
    pairs: list[tuple[str, str]] = []
    fixed, repairs = repair.repair([texts[i] for i in on_scans], pairs)
    for i, text in zip(on_scans, fixed):
        texts[i] = text
    repairs.update(counts)
    conversions = ["pdf→text", f"pdf→ocr: {result.engine}, page{'s' if len(pages) != 1 else ''} "
                   f"{', '.join(map(str, pages))} (no text layer)"]
    if used:
        conversions += [f"{enc}→unicode" for enc in legacy.ENCODINGS if used[enc]]
    conversions += [f"ocr-repair: {name} ×{count}" for name, count in sorted(repairs.items())]
    from kehoach.ocr.reader import confidence_finding

    return RawText(path.name, "pdf", sha, "pdf+ocr", "\n".join(texts), tuple(conversions), tuple(locations),
                   findings=(confidence_finding(result),), original_forms=tuple(dict.fromkeys(pairs)))
