"""The collection in `kehoach serve --db FILE`: a page to search tasks across plans, and a read-only
JSON API for tracking systems, documented in OpenAPI 3 (`/api/openapi.json`).

- `/collection`: a form (unit, role, due on or before, words) and the matching tasks, each with a
  link to its plan's review page (`/collection/plans/{id}`: the page `kehoach report` writes, made
  from the indexed file, which must still be there and unchanged); plain HTML, no script needed.
- `/api/tasks?unit=&role=&due_before=&due_after=&q=`, `/api/plans`, `/api/refs?symbol=`, `/api/units?unit=`:
  JSON, paginated with `limit` (1–500, default 50) and `offset`; the answer carries `total`,
  `limit`, `offset`, `next` (the URL of the next page, or null) and `items`.
  A bad parameter gives status 400 and `{"error": "…"}` naming it.

Every request opens the database read-only (SQLite `mode=ro`): the server cannot change it, and
`kehoach index` may add documents while it runs (WAL: readers never block the writer).
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

from kehoach.collection.db import CollectionError, connect_readonly
from kehoach.collection.query import ROLES, api_message, find_tasks, list_plans, list_refs, unit_workload

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def _page_params(params) -> tuple[int, int]:
    try:
        limit = int(params.get("limit", DEFAULT_LIMIT))
        offset = int(params.get("offset", 0))
    except ValueError:
        raise CollectionError("limit and offset must be whole numbers") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise CollectionError(f"limit {limit}: expected 1 to {MAX_LIMIT}")
    if offset < 0:
        raise CollectionError(f"offset {offset}: expected 0 or more")
    return limit, offset


def _text(params, name: str) -> str | None:
    value = params.get(name)
    return value.strip() or None if value is not None else None


def _paged(request, total: int, items: list[dict], limit: int, offset: int) -> dict:
    nxt = None
    if offset + limit < total:
        query = dict(request.query_params)
        query.update(limit=str(limit), offset=str(offset + limit))
        nxt = f"{request.url.path}?{urlencode(sorted(query.items()))}"
    return {"total": total, "limit": limit, "offset": offset, "next": nxt, "items": items}


def openapi_document() -> dict:
    """The OpenAPI 3.0 description of the JSON API."""
    page = [
        {"name": "limit", "in": "query", "required": False, "description": f"items per page (1–{MAX_LIMIT})",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
        {"name": "offset", "in": "query", "required": False, "description": "items to skip",
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
    ]
    nullable_str = {"type": "string", "nullable": True}
    strings = {"type": "array", "items": {"type": "string"}}

    def paged(item_ref: str) -> dict:
        return {"type": "object", "required": ["total", "limit", "offset", "next", "items"], "properties": {
            "total": {"type": "integer", "description": "items matching, over all pages"},
            "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "next": {"type": "string", "nullable": True, "description": "URL of the next page; null on the last"},
            "items": {"type": "array", "items": {"$ref": item_ref}}}}

    def op(summary: str, params: list[dict], schema: str) -> dict:
        return {"get": {"summary": summary, "parameters": params + page, "responses": {
            "200": {"description": "one page of results", "content": {"application/json": {"schema": {"$ref": schema}}}},
            "400": {"description": "a parameter is invalid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        }}}

    def q(name: str, description: str, **schema) -> dict:
        return {"name": name, "in": "query", "required": False, "description": description, "schema": {"type": "string", **schema}}

    return {
        "openapi": "3.0.3",
        "info": {"title": "kehoach collection API", "version": "1",
                 "description": "Read-only access to the plans indexed with `kehoach index`: tasks across plans with their lead "
                                "(chủ trì) and supporting (phối hợp) units and due dates, the plans, and the documents they cite."},
        "paths": {
            "/api/tasks": op("Tasks across plans", [
                q("unit", "a unit in any written form the registry knows ('Sở Tài chính', 'UBND tỉnh', 'Sở TT&TT')"),
                q("role", "only tasks where the unit has this role (lead = chủ trì, support = phối hợp)", enum=list(ROLES)),
                q("due_before", "only tasks due on or before this date", format="date"),
                q("due_after", "only tasks due on or after this date (with due_before: a period, e.g. this month)", format="date"),
                q("q", "only tasks whose text holds every word; diacritics optional ('so tai chinh')"),
            ], "#/components/schemas/TaskPage"),
            "/api/plans": op("The indexed plans", [], "#/components/schemas/PlanPage"),
            "/api/refs": op("Documents cited across plans, one per số ký hiệu", [
                q("symbol", "only this số ký hiệu, any spelling ('72/2015/ND-CP')")], "#/components/schemas/RefPage"),
            "/api/units": op("Workload per unit across plans", [q("unit", "only this unit, any written form")],
                             "#/components/schemas/UnitPage"),
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            "Task": {"type": "object", "required": ["plan_id", "file", "task_id", "title", "lead", "support"], "properties": {
                "plan_id": {"type": "integer"}, "file": {"type": "string"}, "number_symbol": nullable_str,
                "task_id": {"type": "string", "description": "the task's id in its plan, e.g. 'T:B.II.2.a:1'"},
                "section": nullable_str, "line": {"type": "integer", "nullable": True}, "title": {"type": "string"},
                "lead": strings, "support": strings, "deadline": nullable_str,
                "due": {"type": "string", "format": "date", "nullable": True},
                "role": {"type": "string", "description": "the queried unit's roles in the task, comma-separated (with unit=)"}}},
            "Plan": {"type": "object", "required": ["plan_id", "file", "sha256", "tasks"], "properties": {
                "plan_id": {"type": "integer"}, "file": {"type": "string"}, "sha256": {"type": "string"},
                "doc_type": nullable_str, "title": nullable_str, "number_symbol": nullable_str,
                "date": {"type": "string", "format": "date", "nullable": True}, "issuer": nullable_str,
                "is_draft": {"type": "boolean"}, "tasks": {"type": "integer"}, "legal_refs": {"type": "integer"},
                "findings": {"type": "integer"}}},
            "Ref": {"type": "object", "required": ["symbol", "key", "plans", "cited_by"], "properties": {
                "symbol": {"type": "string"}, "key": {"type": "string", "description": "the normalised số ký hiệu"},
                "plans": {"type": "integer"}, "doc_types": strings, "dates": strings, "issuers": strings,
                "cited_by": {"type": "array", "items": {"type": "object", "properties": {
                    "plan_id": {"type": "integer"}, "file": {"type": "string"}}}}}},
            "Unit": {"type": "object", "required": ["unit_id", "name", "plans", "lead", "support"], "properties": {
                "unit_id": {"type": "string"}, "name": {"type": "string"}, "plans": {"type": "integer"},
                "lead": {"type": "integer"}, "support": {"type": "integer"}, "with_due": {"type": "integer"}}},
            "TaskPage": paged("#/components/schemas/Task"),
            "PlanPage": paged("#/components/schemas/Plan"),
            "RefPage": paged("#/components/schemas/Ref"),
            "UnitPage": paged("#/components/schemas/Unit"),
        }},
    }


def routes(db: Path) -> list:
    """The routes `kehoach serve --db` adds."""
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Route

    from kehoach.pipeline.serve import _SECURITY_HEADERS

    def json_response(data, status: int = 200):
        return JSONResponse(data, status_code=status, headers=_SECURITY_HEADERS)

    def api(handler):
        def endpoint(request):
            try:
                con = connect_readonly(db)
            except CollectionError as exc:
                return json_response({"error": str(exc)}, 503)
            try:
                return json_response(handler(request, con))
            except CollectionError as exc:
                return json_response({"error": api_message(exc)}, 400)
            finally:
                con.close()
        return endpoint

    def tasks(request, con):
        p = request.query_params
        limit, offset = _page_params(p)
        total, items = find_tasks(con, unit=_text(p, "unit"), role=_text(p, "role"), due_before=_text(p, "due_before"),
                                  due_after=_text(p, "due_after"), q=_text(p, "q"), limit=limit, offset=offset)
        return _paged(request, total, items, limit, offset)

    def plans(request, con):
        limit, offset = _page_params(request.query_params)
        total, items = list_plans(con, limit=limit, offset=offset)
        return _paged(request, total, items, limit, offset)

    def refs(request, con):
        limit, offset = _page_params(request.query_params)
        total, items = list_refs(con, symbol=_text(request.query_params, "symbol"), limit=limit, offset=offset)
        return _paged(request, total, items, limit, offset)

    def units(request, con):
        limit, offset = _page_params(request.query_params)
        total, items = unit_workload(con, unit=_text(request.query_params, "unit"), limit=limit, offset=offset)
        return _paged(request, total, items, limit, offset)

    def openapi(request):
        return json_response(openapi_document())

    def html_from(render):
        """An HTML answer made by `render(con)` on a read-only connection (503 when the database cannot be opened)."""
        try:
            con = connect_readonly(db)
        except CollectionError as exc:
            return HTMLResponse(f"<p>{exc}</p>", status_code=503, headers=_SECURITY_HEADERS)
        try:
            html_text, status = render(con)
        finally:
            con.close()
        return HTMLResponse(html_text, status_code=status, headers=_SECURITY_HEADERS)

    def page(request):
        from kehoach.collection.page import collection_page

        return html_from(lambda con: collection_page(con, request.query_params))

    def plan_page(request):
        from kehoach.collection.page import plan_review

        return html_from(lambda con: plan_review(con, request.path_params["plan_id"]))

    return [
        Route("/collection", page, methods=["GET"]),
        Route("/collection/plans/{plan_id:int}", plan_page, methods=["GET"]),
        Route("/api/tasks", api(tasks), methods=["GET"]),
        Route("/api/plans", api(plans), methods=["GET"]),
        Route("/api/refs", api(refs), methods=["GET"]),
        Route("/api/units", api(units), methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
    ]


def openapi_json() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n"
