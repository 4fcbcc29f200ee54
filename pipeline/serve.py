"""The local web app (`kehoach serve`): upload a document, see its review page, download every export.

Guarantees:
- binds 127.0.0.1 unless told otherwise, and then answers only to Host names of this machine
  (so a web page elsewhere cannot reach it by DNS rebinding);
- a request body over the upload limit gets 413 and a message on the page; an unsupported or
  malformed file gets 415/422 and the reader's one-line message, never a traceback;
- the upload is parsed in memory and written only into a `TemporaryDirectory` inside the app's
  own temporary folder, removed before the response leaves; exports are written there too;
- nothing uploaded outlives the response unless the user ticks "keep": the plan and its text are
  then held in memory (never on disk), at most `KEEP_LIMIT` of them, until "forget" or shutdown.
  Without "keep", downloads post the plan JSON from the page back to the server, which validates it
  and runs the exporter in a fresh temporary folder.

`create_app()` returns the Starlette app; `register(subparsers)` adds the command.
"""
from __future__ import annotations

import argparse
import html
import io
import logging
import mimetypes
import re
import secrets
import shutil
import sys
import tempfile
import zipfile
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kehoach.pipeline.report import plan_and_text, render_page, render_report
from kehoach.schemas import Plan

__all__ = ["create_app", "register", "SUPPORTED", "KEEP_LIMIT"]

log = logging.getLogger("kehoach.serve")

SUPPORTED = (".txt", ".docx", ".pdf", ".doc")
"""File name endings the upload form accepts."""

KEEP_LIMIT = 20
"""Plans kept in memory at most; the oldest is forgotten first."""

DEFAULT_MAX_UPLOAD_MB = 20.0
_FORM_OVERHEAD = 64 * 1024  # multipart headers and the small fields around the file
_DRAIN_FACTOR = 8  # read (and drop) an oversize body up to this multiple of the limit, so browsers see the 413 page

_MEDIA_TYPES = {
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".graphml": "application/graphml+xml",
    ".svg": "image/svg+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".zip": "application/zip",
}

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

_FORMAT_LABELS = {
    "json": "JSON",
    "md": "Markdown (checklist)",
    "md-units": "Markdown (mỗi đơn vị)",
    "csv": "CSV",
    "csv-bom": "CSV (Excel, BOM)",
    "xlsx": "Excel (XLSX)",
    "ics": "Lịch (ICS)",
    "docx": "Word (DOCX)",
    "graphml": "GraphML",
    "svg": "SVG (sơ đồ)",
}


class _TooLarge(Exception):
    pass


@dataclass
class _Kept:
    plan: Plan
    text: str


def _safe_name(filename: str) -> str:
    """The upload's file name reduced to a harmless base name (no folders, no control characters)."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = re.sub(r"[^\w.\- ]+", "_", name).strip(" .")[-120:]
    return name or "upload"


def _ascii_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "plan"


def _mb(n: float) -> str:
    return f"{n:g} MB"


def _parts():
    """The macros of pipeline/templates/serve.html.j2 (the same Jinja2 environment as the review page)."""
    from kehoach.pipeline.report import _environment

    return _environment().get_template("serve.html.j2").module


def _form_args(max_mb: float) -> dict:
    return {"max_bytes": int(max_mb * 1024 * 1024), "max_mb": _mb(max_mb), "accept": ",".join(SUPPORTED)}


def _upload_form(max_mb: float, *, compact: bool = False) -> str:
    return str(_parts().upload_form(compact=compact, **_form_args(max_mb)))


def _banner(plan: Plan, formats: list[str], max_mb: float, token: str | None) -> str:
    labels = [(f, _FORMAT_LABELS.get(f, f.upper())) for f in formats]
    return str(_parts().banner(labels, token, "" if token else plan.model_dump_json(), **_form_args(max_mb)))


def _home(max_mb: float, message: str | None = None) -> str:
    body = str(_parts().home(message or "", **_form_args(max_mb)))
    return render_page("kehoach — rà soát kế hoạch", body)


def create_app(
    *,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    tmp_root: Path | None = None,
    allowed_hosts: list[str] | None = None,
    keep_limit: int = KEEP_LIMIT,
    db: Path | None = None,
):
    """Return the Starlette app.

    `tmp_root` is the only folder the app writes to (a fresh one, removed at shutdown, when None);
    `allowed_hosts` limits the Host header (None accepts any, as the test client needs); `db`, a
    collection database, adds its page and read-only JSON API (`kehoach.collection.api`).
    """
    try:
        from starlette.applications import Starlette
        from starlette.concurrency import run_in_threadpool
        from starlette.formparsers import MultiPartException, MultiPartParser
        from starlette.middleware import Middleware
        from starlette.middleware.trustedhost import TrustedHostMiddleware
        from starlette.requests import Request
        from starlette.responses import HTMLResponse, RedirectResponse, Response
        from starlette.routing import Route
    except ModuleNotFoundError as exc:
        raise SystemExit(f"kehoach serve needs {exc.name}: pip install 'starlette>=0.37' uvicorn python-multipart") from None

    from pydantic import ValidationError

    from kehoach.pipeline.errors import InputError, KehoachError
    from kehoach.pipeline.export import EXPORTERS, exporter

    limit = int(max_upload_mb * 1024 * 1024)
    own_root = tmp_root is None
    root = Path(tempfile.mkdtemp(prefix="kehoach-serve-")) if own_root else Path(tmp_root)
    root.mkdir(parents=True, exist_ok=True)
    kept: OrderedDict[str, _Kept] = OrderedDict()

    def page(html_text: str, status: int = 200) -> Response:
        return HTMLResponse(html_text, status_code=status, headers=_SECURITY_HEADERS)

    def error_page(message: str, status: int) -> Response:
        return page(_home(max_upload_mb, message), status)

    async def read_body(request: Request, cap: int) -> bytes:
        declared = request.headers.get("content-length", "")
        too_big = declared.isdigit() and int(declared) > cap
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > cap:
                too_big = True
            if too_big:
                chunks.clear()
                if size > cap * _DRAIN_FACTOR:
                    break
                continue
            chunks.append(chunk)
        if too_big:
            raise _TooLarge
        return b"".join(chunks)

    async def parse_form(request: Request, cap: int):
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise MultiPartException("expected a multipart/form-data form")
        body = await read_body(request, cap)

        async def stream():
            yield body

        parser = MultiPartParser(request.headers, stream(), max_files=1, max_fields=8, max_part_size=len(body) + 1)
        parser.spool_max_size = len(body) + 1  # the file stays in memory: nothing spills to the system temp folder
        return await parser.parse()

    def formats() -> list[str]:
        return list(EXPORTERS)

    async def home(request: Request) -> Response:
        return page(_home(max_upload_mb))

    async def upload(request: Request) -> Response:
        try:
            form = await parse_form(request, limit + _FORM_OVERHEAD)
        except _TooLarge:
            return error_page(f"the file is larger than the {_mb(max_upload_mb)} upload limit (tệp quá lớn)", 413)
        except MultiPartException as exc:
            return error_page(f"the upload form was malformed ({exc.message})", 400)
        upload_file = form.get("file")
        if upload_file is None or isinstance(upload_file, str) or not upload_file.filename:
            return error_page("no file was chosen (chưa chọn tệp)", 400)
        name = _safe_name(upload_file.filename)
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED:
            return error_page(
                f"{name}: unsupported file type “{suffix or 'no extension'}”; upload a {', '.join(SUPPORTED)} file "
                "(định dạng không được hỗ trợ)",
                415,
            )
        data = await upload_file.read()
        await upload_file.close()
        keep = form.get("keep") == "1"
        try:
            with tempfile.TemporaryDirectory(dir=root, prefix="req-") as tmp:
                path = Path(tmp) / name
                path.write_bytes(data)
                plan, text = await run_in_threadpool(plan_and_text, path)
                token = secrets.token_urlsafe(16) if keep else None
                graph_dir = Path(tmp) / "graph"
                graph_dir.mkdir()
                html_text = await run_in_threadpool(
                    render_report, plan, text, work_dir=graph_dir, banner=_banner(plan, formats(), max_upload_mb, token)
                )
        except InputError as exc:
            return error_page(f"{name}: {exc.problem}", 422)
        except KehoachError as exc:
            return error_page(f"{name}: {str(exc).replace(str(root), '…')}", 422)
        except Exception:
            log.exception("failed on upload %s", name)
            return error_page(f"{name}: kehoach failed on this file (internal error; see the server log)", 500)
        if token:
            kept[token] = _Kept(plan, text)
            while len(kept) > keep_limit:
                kept.popitem(last=False)
        return page(html_text)

    def export_response(plan: Plan, fmt: str) -> Response:
        if fmt not in EXPORTERS:
            return error_page(f"unknown export format “{fmt}”; choose from {', '.join(EXPORTERS)}", 400)
        stem = Path(_safe_name(plan.source.file)).stem or "plan"
        try:
            with tempfile.TemporaryDirectory(dir=root, prefix="export-") as tmp:
                paths = [Path(p) for p in exporter(fmt)(plan, Path(tmp), stem)]
                if len(paths) == 1:
                    filename, content = paths[0].name, paths[0].read_bytes()
                else:
                    buf = io.BytesIO()
                    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                        for p in sorted(paths):
                            zf.write(p, p.relative_to(tmp).as_posix())
                    filename, content = f"{stem}.{fmt}.zip", buf.getvalue()
        except Exception as exc:  # an exporter is other code, possibly with a missing optional package
            log.exception("export %s failed", fmt)
            return error_page(f"export {fmt} failed: {type(exc).__name__}: {exc}", 500)
        suffix = Path(filename).suffix.lower()
        media = _MEDIA_TYPES.get(suffix) or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        headers = dict(_SECURITY_HEADERS)
        headers["Content-Disposition"] = f"attachment; filename=\"{_ascii_name(filename)}\"; filename*=UTF-8''{quote(filename)}"
        return Response(content, media_type=media, headers=headers)

    async def export_posted(request: Request) -> Response:
        try:
            form = await parse_form(request, 4 * limit + _FORM_OVERHEAD)
        except _TooLarge:
            return error_page("the plan sent back for export is too large", 413)
        except MultiPartException as exc:
            return error_page(f"the export form was malformed ({exc.message})", 400)
        raw = form.get("plan")
        if not isinstance(raw, str) or not raw:
            return error_page("no plan was sent for export; upload the document again", 400)
        try:
            plan = Plan.model_validate_json(raw)
        except ValidationError as exc:
            return error_page(f"the plan sent for export is not a valid kehoach plan ({exc.error_count()} errors)", 422)
        fmt = str(form.get("format") or "")
        return await run_in_threadpool(export_response, plan, fmt)

    def find_kept(request: Request) -> _Kept | None:
        return kept.get(request.path_params["token"])

    async def kept_page(request: Request) -> Response:
        item = find_kept(request)
        if item is None:
            return error_page("this result is no longer kept (forgotten or the server restarted); upload the file again", 404)
        token = request.path_params["token"]
        with tempfile.TemporaryDirectory(dir=root, prefix="graph-") as tmp:
            html_text = await run_in_threadpool(
                render_report, item.plan, item.text, work_dir=Path(tmp), banner=_banner(item.plan, formats(), max_upload_mb, token)
            )
        return page(html_text)

    async def kept_export(request: Request) -> Response:
        item = find_kept(request)
        if item is None:
            return error_page("this result is no longer kept; upload the file again", 404)
        fmt = request.path_params.get("fmt") or ""
        if request.method == "POST":
            try:
                form = await parse_form(request, _FORM_OVERHEAD)
            except (_TooLarge, MultiPartException):
                return error_page("the export form was malformed", 400)
            fmt = str(form.get("format") or "")
        return await run_in_threadpool(export_response, item.plan, fmt)

    async def forget(request: Request) -> Response:
        kept.pop(request.path_params["token"], None)
        return RedirectResponse("/", status_code=303, headers=_SECURITY_HEADERS)

    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            kept.clear()
            if own_root:
                shutil.rmtree(root, ignore_errors=True)

    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)] if allowed_hosts else []
    app = Starlette(
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/upload", upload, methods=["POST"]),
            Route("/export", export_posted, methods=["POST"]),
            Route("/kept/{token}", kept_page, methods=["GET"]),
            Route("/kept/{token}/export", kept_export, methods=["POST"]),
            Route("/kept/{token}/export/{fmt}", kept_export, methods=["GET"]),
            Route("/kept/{token}/forget", forget, methods=["POST"]),
            *(_collection_routes(db) if db is not None else []),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.tmp_root = root
    app.state.kept = kept
    return app


def _collection_routes(db: Path) -> list:
    from kehoach.collection.api import routes

    return routes(Path(db))


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ModuleNotFoundError:
        print("kehoach: error: kehoach serve needs uvicorn: pip install uvicorn starlette python-multipart", file=sys.stderr)
        return 1
    if args.max_upload_mb <= 0:
        print("kehoach: error: --max-upload-mb must be positive", file=sys.stderr)
        return 2
    hosts = None
    if args.host in _LOOPBACK:
        hosts = ["127.0.0.1", "localhost", "[::1]", "::1"]
    else:
        print(
            f"kehoach: warning: serving on {args.host}: the app has no login, anyone who reaches this address can upload",
            file=sys.stderr,
        )
    if args.db:
        from kehoach.collection.db import CollectionError, connect_readonly

        try:
            connect_readonly(args.db).close()
        except CollectionError as exc:
            print(f"kehoach: error: {exc}", file=sys.stderr)
            return 2
    app = create_app(max_upload_mb=args.max_upload_mb, allowed_hosts=hosts, db=Path(args.db) if args.db else None)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"kehoach serve: http://{shown}:{args.port}/  (Ctrl+C to stop)", file=sys.stderr, flush=True)
    if args.db:
        print(f"kehoach serve: the collection {args.db} at http://{shown}:{args.port}/collection, "
              f"its API at /api/ (/api/openapi.json)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `kehoach serve [--host] [--port] [--max-upload-mb]` to the command line."""
    p = subparsers.add_parser(
        "serve",
        help="start the local web app: upload a document, review it, download exports",
        description="Start a local web app: upload a .txt/.docx/.pdf/.doc, see its review page, download every export. "
        "Uploads are deleted after each response unless you tick 'keep'.",
        epilog="example:\n  kehoach serve --port 8765   # then open http://127.0.0.1:8765/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--max-upload-mb", type=float, default=DEFAULT_MAX_UPLOAD_MB, metavar="MB",
                   help="largest upload accepted, in MB (default: %(default)g)")
    p.add_argument("--db", metavar="FILE", help="also serve this collection (kehoach index): its page at /collection "
                   "and a read-only JSON API at /api/ (OpenAPI at /api/openapi.json)")
    p.set_defaults(func=cmd_serve)
    return p
