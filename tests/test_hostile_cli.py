"""Bad and hostile files through the real command line (issue 5): each is read or refused with a
one-line error naming the file, the rest of the batch runs, memory stays bounded, and nothing is
written outside -o DIR."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import SAMPLES
from ooxml import content_types, package_rels


def docx_with(path: Path, document_xml: bytes | str, *, stream_spaces_mb: int = 0) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", content_types())
        zf.writestr("_rels/.rels", package_rels())
        if stream_spaces_mb:
            with zf.open("word/document.xml", "w", force_zip64=True) as fh:
                fh.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
                chunk = b" " * (1024 * 1024)
                for _ in range(stream_spaces_mb):
                    fh.write(chunk)
                fh.write(b"</w:body></w:document>")
        else:
            zf.writestr("word/document.xml", document_xml)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    src = root / "in"
    src.mkdir()
    sample = (SAMPLES / "quangtri-06-ct-ubnd-2025-lan-chiem-rung.txt").read_text(encoding="utf-8")
    (src / "kế hoạch số 1.txt").write_text(sample, encoding="utf-8")  # spaces and Vietnamese letters
    (root / "..hai-cham.txt").write_text(sample, encoding="utf-8")  # named explicitly: "../" paths
    (src / "not-a-zip.docx").write_bytes(b"PK\x03\x04 but not really a zip archive")
    docx_with(src / "bomb.docx", b"", stream_spaces_mb=260)  # inflates past the 200 MB part limit
    docx_with(src / "entities.docx", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                     '<w:document xmlns:w="x"><w:body>&x;</w:body></w:document>')
    with open(src / "huge.txt", "wb") as fh:  # 51 MB, refused before it is read
        fh.truncate(51 * 1024 * 1024)
    (src / "scan.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
        b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
    )
    return root


@pytest.fixture(scope="module")
def run(hostile: Path) -> subprocess.CompletedProcess:
    # The run goes through a small wrapper whose only children are kehoach and its workers, so the
    # peak it reports is theirs, not that of a process an earlier test started (a browser).
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")
    result = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "kehoach", "extract", "in",
                             "in/../..hai-cham.txt", "-o", "out", "-q", "--jobs", "1"],
                            capture_output=True, text=True, cwd=hostile, timeout=300)
    *lines, peak = result.stderr.rstrip("\n").split("\n")
    result.stderr = "\n".join(lines) + ("\n" if lines else "")
    result.peak_kb = int(peak)  # type: ignore[attr-defined]
    return result


@pytest.mark.parametrize("name,message", [
    ("not-a-zip.docx", "damaged .docx"),
    ("bomb.docx", "zip bomb"),
    ("entities.docx", "DTD"),
    ("huge.txt", "over the 50 MB limit"),
    ("scan.pdf", "no usable text layer"),
])
def test_each_hostile_file_is_refused_in_one_line(run, hostile: Path, name: str, message: str):
    lines = [ln for ln in run.stderr.splitlines() if name in ln]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("kehoach: error: ") and message.lower() in lines[0].lower()


def test_odd_names_are_read_and_the_batch_goes_on(run, hostile: Path):
    assert run.returncode == 1
    out = hostile / "out"
    assert (out / "kế hoạch số 1.json").is_file() and (out / "..hai-cham.json").is_file()


def test_nothing_is_written_outside_the_output_folder(run, hostile: Path):
    made = sorted(p.relative_to(hostile).parts[0] for p in hostile.rglob("*") if p.is_file())
    assert set(made) <= {"in", "out", "..hai-cham.txt"}
    assert not [p for p in (hostile / "out").rglob("*") if p.name.endswith(".tmp")]


def test_memory_stays_bounded(run):
    # The bomb inflates to 260 MB and the huge file is 51 MB: neither may be read into memory.
    assert run.peak_kb < 400 * 1024, f"peak RSS {run.peak_kb // 1024} MB"
