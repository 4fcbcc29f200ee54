"""The collection served by `kehoach serve --db`: the read-only JSON API (through an HTTP client:
Starlette's TestClient on httpx), its OpenAPI document, and the collection page's HTML."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kehoach.collection.api import openapi_document
from kehoach.collection.index import run_index
from kehoach.pipeline.run import extract_plan
from conftest import FIXTURES, SAMPLES

from starlette.testclient import TestClient

from kehoach.collection.db import symbol_key
from kehoach.pipeline.serve import create_app

FILES = sorted((FIXTURES / "collection").glob("*.txt")) + [SAMPLES / "ninh-thuan-2017-ttdn.txt"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("api")
    db = root / "kehoach.db"
    assert run_index([str(f) for f in FILES], db, jobs=1, quiet=True).indexed == len(FILES)
    plans = {f.name: extract_plan(f) for f in FILES}
    app = create_app(tmp_root=root / "tmp", db=db)
    with TestClient(app) as client:
        yield client, db, plans


def _all_pages(client, url: str, **params) -> tuple[int, list[dict]]:
    """Follow `next` from the first page to the last; return (total, every item)."""
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    total, items = body["total"], list(body["items"])
    while body["next"]:
        r = client.get(body["next"])
        assert r.status_code == 200
        body = r.json()
        assert body["total"] == total
        items += body["items"]
    return total, items


def test_tasks_api_pages_through_every_task_of_a_unit(served):
    client, _, plans = served
    expected = {(name, t.id) for name, p in plans.items() for t in p.tasks
                if any(a.unit_id == "so-tai-chinh" and a.role == "lead" for a in t.assignments)}
    assert len(expected) > 3
    total, items = _all_pages(client, "/api/tasks", unit="so tai chinh", role="lead", limit=3)
    assert total == len(items) == len(expected)
    assert {(Path(i["file"]).name, i["task_id"]) for i in items} == expected
    assert all("lead" in i["role"].split(",") and "Sở Tài chính" in i["lead"] for i in items)
    first = client.get("/api/tasks", params={"unit": "so tai chinh", "role": "lead", "limit": 3}).json()
    nxt = parse_qs(urlsplit(first["next"]).query)
    assert nxt["offset"] == ["3"] and nxt["limit"] == ["3"] and nxt["unit"] == ["so tai chinh"]


def test_tasks_api_filters_by_words_and_due_date(served):
    client, _, plans = served
    dues = sorted({t.deadline.due for p in plans.values() for t in p.tasks if t.deadline and t.deadline.due})
    cut = dues[len(dues) // 2]
    total, items = _all_pages(client, "/api/tasks", due_before=cut, limit=500)
    assert total == sum(1 for p in plans.values() for t in p.tasks if t.deadline and t.deadline.due and t.deadline.due <= cut)
    assert all(i["due"] <= cut for i in items)
    start = dues[len(dues) // 4]
    total, items = _all_pages(client, "/api/tasks", due_after=start, due_before=cut, limit=500)
    assert total == sum(1 for p in plans.values() for t in p.tasks
                        if t.deadline and t.deadline.due and start <= t.deadline.due <= cut) == len(items) > 0
    assert all(start <= i["due"] <= cut for i in items)
    _, plain = _all_pages(client, "/api/tasks", q="ma tuy")
    _, marked = _all_pages(client, "/api/tasks", q="ma túy")
    assert plain and plain == marked


@pytest.mark.parametrize("params, word", [
    ({"due_before": "2025-02-30"}, "due_before 2025-02-30"),
    ({"due_after": "soon"}, "due_after soon"),
    ({"role": "boss"}, "role boss"),
    ({"limit": "0"}, "limit"),
    ({"limit": "many"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"q": "!!!"}, "q"),
])
def test_a_bad_parameter_is_400_naming_it(served, params, word):
    client, _, _ = served
    r = client.get("/api/tasks", params=params)
    assert r.status_code == 400
    assert word in r.json()["error"]


def test_plans_and_refs(served):
    client, _, plans = served
    total, items = _all_pages(client, "/api/plans", limit=2)
    assert total == len(plans)
    assert {Path(i["file"]).name: i["tasks"] for i in items} == {n: len(p.tasks) for n, p in plans.items()}
    assert {i["sha256"] for i in items} == {p.source.sha256 for p in plans.values()}
    r = client.get("/api/refs", params={"symbol": "39/2022/ND-CP"}).json()
    citing = sorted(n for n, p in plans.items() if any(ref.number_symbol == "39/2022/NĐ-CP" for ref in p.legal_refs))
    assert r["total"] == 1 and r["items"][0]["plans"] == len(citing) == 4
    assert sorted(Path(c["file"]).name for c in r["items"][0]["cited_by"]) == citing
    assert set(r["items"][0]["dates"]) == {"2022-06-18", "2022-08-16"}
    total, refs = _all_pages(client, "/api/refs", limit=50)
    assert total == len({symbol_key(ref.number_symbol) for p in plans.values() for ref in p.legal_refs if ref.number_symbol})


def test_the_api_cannot_write_to_the_database(served):
    client, db, _ = served
    before = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
    for method in ("post", "put", "delete"):
        assert getattr(client, method)("/api/tasks").status_code == 405
    from kehoach.collection.db import connect_readonly

    con = connect_readonly(db)
    with pytest.raises(sqlite3.OperationalError):
        con.execute("DELETE FROM documents")
    con.close()
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == before


def test_openapi_document_is_valid_and_describes_every_route(served):
    client, _, _ = served
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    from openapi_spec_validator import validate

    validate(doc)
    assert set(doc["paths"]) == {"/api/tasks", "/api/plans", "/api/refs", "/api/units"}
    params = {p["name"] for p in doc["paths"]["/api/tasks"]["get"]["parameters"]}
    assert params == {"unit", "role", "due_before", "due_after", "q", "limit", "offset"}
    # Each answer of the API fits the schema the document gives for it.
    import jsonschema

    schemas = doc["components"]["schemas"]
    for path, schema in (("/api/tasks?unit=UBND tỉnh", "TaskPage"), ("/api/plans", "PlanPage"), ("/api/refs", "RefPage"),
                         ("/api/units", "UnitPage")):
        body = client.get(path).json()
        assert body["items"], path
        resolver_doc = {"components": {"schemas": {k: _nullable(v) for k, v in schemas.items()}}}
        jsonschema.validate(body, {**_nullable(schemas[schema]), **resolver_doc})
    assert openapi_document() == doc


def _nullable(schema):
    """OpenAPI 3.0's `nullable: true` as JSON Schema says it (a type list with "null")."""
    if isinstance(schema, dict):
        out = {k: _nullable(v) for k, v in schema.items() if k != "nullable"}
        if schema.get("nullable"):
            out["type"] = [schema["type"], "null"]
        return out
    if isinstance(schema, list):
        return [_nullable(v) for v in schema]
    return schema


def test_collection_page_lists_tasks_and_opens_a_plan(served):
    client, _, plans = served
    r = client.get("/collection", params={"unit": "Sở Tài chính", "role": "lead"})
    assert r.status_code == 200
    expected = sum(1 for p in plans.values() for t in p.tasks if any(a.unit_id == "so-tai-chinh" and a.role == "lead" for a in t.assignments))
    assert f'<p id="count">{expected} nhiệm vụ' in r.text
    assert r.text.count('href="/collection/plans/') == min(expected, 50)
    link = r.text.split('href="/collection/plans/', 1)[1].split('"', 1)[0]
    page = client.get(f"/collection/plans/{link}")
    assert page.status_code == 200 and 'id="task-table"' in page.text
    assert client.get("/collection/plans/99999").status_code == 404
    bad = client.get("/collection", params={"due_before": "tomorrow"})
    assert bad.status_code == 400 and 'role="alert"' in bad.text


def test_a_plan_whose_file_changed_is_not_shown_from_stale_rows(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text((SAMPLES / "quangtri-06-ct-ubnd-2025-lan-chiem-rung.txt").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "k.db"
    run_index([str(doc)], db, jobs=1, quiet=True)
    with TestClient(create_app(tmp_root=tmp_path / "tmp", db=db)) as client:
        assert client.get("/collection/plans/1").status_code == 200
        doc.write_text("changed", encoding="utf-8")
        r = client.get("/collection/plans/1")
        assert r.status_code == 410 and "kehoach index" in r.text


def test_serve_refuses_a_database_that_is_not_there(tmp_path, capsys):
    from kehoach.pipeline.cli import main

    assert main(["serve", "--db", str(tmp_path / "none.db"), "--port", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such database" in err[0]
    assert not (tmp_path / "none.db").exists()
