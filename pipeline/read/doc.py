"""The Word 97-2003 reader: a .doc file → .docx through LibreOffice → the .docx reader.

LibreOffice (`soffice --headless --convert-to docx`) runs in a temporary folder of its own, with
its own throw-away user profile (so a LibreOffice already open on the desktop does not swallow the
request), and is stopped after `CONVERT_TIMEOUT_S` seconds. Word's 8-bit text pieces typed in
.VnTime or VNI-Times come out of LibreOffice as cp1252 characters in runs that keep the legacy
font name, so the .docx reader converts them run by run like any legacy .docx.

A .docx saved under a .doc name never reaches this reader: `read_document` looks at the bytes.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read.base import RawText, read_bytes
from kehoach.pipeline.read.docx import OLE_MAGIC, _read_docx_bytes

CONVERT_TIMEOUT_S = 120
"""LibreOffice gets this long to convert one .doc; a hung conversion is killed."""
SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = "install LibreOffice (apt-get install libreoffice-writer) to read it"


def find_soffice() -> str | None:
    """Path of the LibreOffice command, or None.

    Ví dụ: find_soffice() == "/usr/bin/soffice" once `apt-get install libreoffice-writer-nogui` ran.
    """
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _encrypted(data: bytes) -> bool:
    # An encrypted .docx is an OLE file holding an "EncryptedPackage" stream; a Word 97 file with
    # a password keeps its table stream but is unreadable. Directory names are UTF-16LE.
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def read_doc(path: str | Path) -> RawText:
    """Return the text of a Word 97-2003 .doc file, converted through LibreOffice.

    Ví dụ: read_doc("KẾ HOẠCH KMT UBND TỈNH NĂM 2026.doc").conversions[0] == "doc→docx via LibreOffice".
    """
    p = Path(path)
    data = read_bytes(p)
    if not data:
        raise InputError(str(path), "file is empty")
    sha = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK\x03\x04"):  # a .docx under a .doc name
        return _read_docx_bytes(p, data, "docx", sha, ("a .docx file named .doc",))
    if not data.startswith(OLE_MAGIC):
        raise InputError(str(path), "is not a Word .doc file (no OLE header); save it again from Word")
    if _encrypted(data):
        raise InputError(str(path), "is password-protected (encrypted); open it in Word, remove the password "
                                    "(File → Info → Protect Document) and save it again")
    soffice = find_soffice()
    if soffice is None:
        raise InputError(str(path), f"is a Word 97-2003 .doc file; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        tmpdir = Path(tmp)
        # A plain ASCII name inside the temporary folder: LibreOffice and the shell never see the
        # user's file name (spaces, Vietnamese letters, "..", a leading "-").
        src = tmpdir / "input.doc"
        src.write_bytes(data)
        outdir = tmpdir / "out"
        outdir.mkdir()
        profile = (tmpdir / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)]
        env = dict(os.environ, HOME=str(tmpdir))
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=CONVERT_TIMEOUT_S, env=env, cwd=tmpdir, start_new_session=True)
        except subprocess.TimeoutExpired:
            raise InputError(str(path), f"LibreOffice did not convert it within {CONVERT_TIMEOUT_S} s; "
                                        "open it in Word and save it as .docx") from None
        except OSError as exc:
            raise InputError(str(path), f"LibreOffice could not be started ({exc}); {INSTALL_HINT}") from None
        out = outdir / "input.docx"
        if not out.is_file() or out.stat().st_size == 0:
            detail = (proc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            why = f" ({detail[-1][:120]})" if detail else ""
            raise InputError(str(path), f"LibreOffice could not convert it{why}; the file may be damaged or "
                                        "password-protected: open it in Word and save it as .docx")
        converted = out.read_bytes()
    return _read_docx_bytes(p, converted, "doc", sha, ("doc→docx via LibreOffice",))
