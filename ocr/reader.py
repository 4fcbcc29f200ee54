"""A scanned PDF or an image file → `RawText` in the canonical line layout, through OCR."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from kehoach import ocr
from kehoach.ocr import engine, layout, repair
from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read.base import RawText, check_file, file_sha256


def read_scanned(path: Path, *, on_page=None) -> RawText:
    """OCR every page of `path` (cached by the file's SHA-256 when a cache folder is set), lay the
    words out as the PDF reader does, repair what OCR typically gets wrong, and return the text
    with the page of every line, the conversions done and a finding with the confidence."""
    check_file(path)
    settings = ocr.current()
    sha = file_sha256(path)
    result = engine.ocr_file(path, jobs=ocr.jobs(), cache_dir=settings.cache_dir, sha=sha, on_page=on_page)
    word_repairs: Counter = Counter()
    is_pdf = engine._is_pdf(path)
    if not any(p.words for p in result.pages):
        pages = f"{len(result.pages)} page{'s' if len(result.pages) != 1 else ''}"
        raise InputError(str(path), f"has no usable text layer, and OCR found no text on its {pages} (blank pages?)"
                         if is_pdf else f"is an image in which OCR found no text ({pages})")
    lines, locations = layout.lay_out(result.pages, word_repairs)
    pairs: list[tuple[str, str]] = []
    lines, repairs = repair.repair(lines, pairs)
    repairs.update(word_repairs)
    dpis = sorted({round(p.dpi) for p in result.pages})
    conversions = [f"{'pdf' if is_pdf else 'image'}→ocr: {result.engine}, {len(result.pages)} "
                   f"page{'s' if len(result.pages) != 1 else ''} at {'/'.join(map(str, dpis))} dpi"]
    conversions += [f"ocr-repair: {name} ×{count}" for name, count in sorted(repairs.items())]
    return RawText(path.name, "pdf" if is_pdf else "image", sha, "ocr", "\n".join(lines), tuple(conversions),
                   tuple(locations), findings=(confidence_finding(result),), original_forms=tuple(dict.fromkeys(pairs)))


def with_original_forms(plan, forms: tuple[tuple[str, str], ...]):
    """The plan with the names OCR read with broken marks kept among their units' aliases: a unit
    whose name or alias is a repaired name ("Sở Tài chính") also gets the form read ("Sở Tài
    chinh"), so that a search for what the scan shows finds it."""
    from kehoach.ocr.vocabulary import fold

    if not forms:
        return plan
    units = []
    for unit in plan.units:
        known = {fold(a) for a in [unit.name, *unit.aliases]}
        seen = {unit.name, *unit.aliases}
        extra = [read for name, read in forms if fold(name) in known and read not in seen]
        units.append(unit.model_copy(update={"aliases": [*unit.aliases, *dict.fromkeys(extra)]}) if extra else unit)
    return plan.model_copy(update={"units": units})


def confidence_finding(result: engine.OcrResult) -> dict:
    """The `ocr.confidence` finding: the mean confidence, and the pages below `LOW_CONFIDENCE`."""
    mean = result.mean_confidence
    low = [p.number for p in result.pages if p.words and result.page_confidence(p) < ocr.LOW_CONFIDENCE]
    empty = [p.number for p in result.pages if not p.words]
    message = f"The text was read by OCR ({result.engine}) with a mean confidence of {mean:.1f}%"
    if low:
        message += f"; pages read with less than {ocr.LOW_CONFIDENCE:.0f}%: {', '.join(map(str, low))}"
    if empty:
        message += f"; pages with no text found: {', '.join(map(str, empty))}"
    severity = "warning" if low or mean < ocr.LOW_CONFIDENCE else "info"
    suggestion = ("Check names, numbers and dates against the page images" if severity == "warning"
                  else "Check names, numbers and dates of the items you use against the scan")
    return {"code": "ocr.confidence", "severity": severity, "message": message + ".", "suggestion": suggestion}
