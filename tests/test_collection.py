"""The collection (issue 14): `kehoach index` into SQLite, the queries `tasks`, `cites`, `units`,
the audit across documents, and the database's safety (bad files, re-indexing, migrations).

Every expectation is computed from the plans `extract_plan` gives for the same real files, or
read from the files' own text; the database must agree with them.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.collection.db import SCHEMA_VERSION, fold_text, fts_query, symbol_key
from kehoach.collection.index import run_index
from kehoach.collection.query import find_cites, find_tasks, unit_query, unit_workload
from kehoach.pipeline.cli import main
from kehoach.pipeline.run import extract_plan
from conftest import FIXTURES, SAMPLES

COLLECTION = FIXTURES / "collection"
SEED = SAMPLES / "ninh-thuan-2017-ttdn.txt"
FILES = sorted(COLLECTION.glob("*.txt")) + [SEED, SAMPLES / "hanoi-310-kh-ubnd-2025-ha-tang-5g.txt",
                                             SAMPLES / "quangtri-06-ct-ubnd-2025-lan-chiem-rung.txt"]


def _copy(dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for f in FILES:
        shutil.copy(f, dest / f.name)
        out.append(dest / f.name)
    return out


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """The fixture documents copied into a folder and indexed; (db, folder, {file name: plan})."""
    root = tmp_path_factory.mktemp("collection")
    docs = root / "docs"
    paths = _copy(docs)
    db = root / "kehoach.db"
    summary = run_index([str(docs)], db, jobs=1, quiet=True)
    assert summary.failed == 0 and summary.indexed == len(FILES)
    plans = {p.name: extract_plan(p) for p in paths}
    return db, docs, plans


def _con(db: Path) -> sqlite3.Connection:
    from kehoach.collection.db import connect

    return connect(db)


def _tasks_of(plans, unit_ids: set[str], role: str | None = None) -> set[tuple[str, str]]:
    return {(name, t.id) for name, plan in plans.items() for t in plan.tasks
            if any(a.unit_id in unit_ids and (role is None or a.role == role) for a in t.assignments)}


def _found(rows) -> set[tuple[str, str]]:
    return {(Path(r["file"]).name, r["task_id"]) for r in rows}


# --- folding and keys -------------------------------------------------------------------------------


def test_folding_finds_words_typed_without_diacritics():
    assert fold_text("Sở Tài chính ĐIỀU PHỐI") == "so tai chinh dieu phoi"
    assert fts_query("Sở  tài-chinh") == '"so" "tai" "chinh"'
    assert fts_query('NEAR("x" *') == '"near" "x"'  # FTS5 syntax typed by a user is read as words
    assert fts_query("…") is None


def test_symbol_key_reads_one_document_in_any_spelling():
    assert symbol_key("72/2015/NĐ-CP") == symbol_key("72/2015/ND-CP") == symbol_key("072/2015/nđ–CP")
    assert symbol_key("72/2015/NĐ-CP") != symbol_key("73/2015/NĐ-CP")


# --- index ------------------------------------------------------------------------------------------


def test_index_holds_every_part_of_every_plan(indexed):
    db, docs, plans = indexed
    con = _con(db)
    try:
        assert con.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        for name, plan in plans.items():
            doc = con.execute("SELECT * FROM documents WHERE file = ?", (name,)).fetchone()
            assert doc["sha256"] == plan.source.sha256
            assert doc["number_symbol"] == plan.document.number_symbol
            counts = {t: con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", (doc["id"],)).fetchone()[0]
                      for t in ("sections", "tasks", "assignments", "units", "legal_refs", "findings")}
            assert counts == {"sections": len({s.id for s in plan.sections}), "tasks": len(plan.tasks),
                              "assignments": sum(len(t.assignments) for t in plan.tasks), "units": len(plan.units),
                              "legal_refs": len(plan.legal_refs), "findings": len(plan.findings)}
            mentions = con.execute("SELECT count(*) FROM ref_mentions WHERE doc_id = ?", (doc["id"],)).fetchone()[0]
            assert mentions == sum(len(r.mentions) for r in plan.legal_refs)
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()


def test_index_again_skips_what_is_unchanged_and_redoes_a_changed_file(tmp_path):
    docs = tmp_path / "docs"
    paths = _copy(docs)[:3]
    db = tmp_path / "k.db"
    assert run_index([str(p) for p in paths], db, jobs=1).indexed == 3
    again = run_index([str(p) for p in paths], db, jobs=1)
    assert (again.indexed, again.up_to_date) == (0, 3)
    con = _con(db)
    first_ids = dict(con.execute("SELECT file, id FROM documents").fetchall())
    con.close()
    # Cut the first plan to its first half: it must be re-extracted and replace its old rows.
    text = paths[0].read_text(encoding="utf-8")
    paths[0].write_text(text[: len(text) // 2], encoding="utf-8")
    third = run_index([str(p) for p in paths], db, jobs=1)
    assert (third.indexed, third.up_to_date) == (1, 2)
    plan = extract_plan(paths[0])
    con = _con(db)
    try:
        rows = con.execute("SELECT id, n_tasks FROM documents WHERE file = ?", (paths[0].name,)).fetchall()
        assert len(rows) == 1 and rows[0]["n_tasks"] == len(plan.tasks)
        assert con.execute("SELECT count(*) FROM tasks WHERE doc_id = ?", (rows[0]["id"],)).fetchone()[0] == len(plan.tasks)
        assert rows[0]["id"] != first_ids[paths[0].name]  # the old rows went, a new document came
        for table in ("sections", "tasks", "assignments", "units", "legal_refs", "ref_mentions", "findings"):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
        # The full-text index holds exactly one row per task: the replaced document left none behind.
        assert con.execute("SELECT count(*) FROM task_fts").fetchone()[0] == con.execute("SELECT count(*) FROM tasks").fetchone()[0]
    finally:
        con.close()


def test_prune_removes_the_documents_whose_files_are_gone(tmp_path, capsys):
    docs = tmp_path / "docs"
    paths = _copy(docs)
    other = tmp_path / "other"
    kept = _copy(other)[0]
    db = tmp_path / "k.db"
    assert main(["index", str(docs), str(kept), "--db", str(db), "-q"]) == 0
    paths[0].unlink()
    kept.unlink()
    assert main(["index", str(docs), "--db", str(db)]) == 0  # without --prune: kept
    assert "0 indexed" in capsys.readouterr().err
    con = _con(db)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(FILES) + 1
    con.close()
    assert main(["index", str(docs), "--db", str(db), "--prune"]) == 0
    assert "1 removed (file gone)" in capsys.readouterr().err
    con = _con(db)
    try:
        files = {Path(r[0]) for r in con.execute("SELECT abspath FROM documents")}
        # The file gone from the folder is removed; the one outside the folders named stays.
        assert files == {p.resolve() for p in paths[1:]} | {kept.resolve()}
        assert con.execute("SELECT count(*) FROM task_fts").fetchone()[0] == con.execute("SELECT count(*) FROM tasks").fetchone()[0]
    finally:
        con.close()


def test_a_bad_file_in_a_folder_is_reported_and_skipped(tmp_path, capsys):
    docs = tmp_path / "docs"
    _copy(docs)
    (docs / "empty.txt").write_text("", encoding="utf-8")
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip file")
    db = tmp_path / "k.db"
    status = main(["index", str(docs), "--db", str(db), "--jobs", "1", "-q"])
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    errors = [line for line in err if line.startswith("kehoach: error:")]
    assert len(errors) == 2
    assert any(f"{docs / 'empty.txt'}: " in line for line in errors)
    assert any(f"{docs / 'broken.docx'}: " in line for line in errors)
    con = _con(db)
    try:
        files = {r[0] for r in con.execute("SELECT file FROM documents")}
    finally:
        con.close()
    assert files == {f.name for f in FILES}


def test_a_database_that_cannot_be_used_is_one_line_and_status_2(tmp_path, capsys):
    not_db = tmp_path / "notes.db"
    not_db.write_text("these are notes, not a database\n", encoding="utf-8")
    before = not_db.read_bytes()
    assert main(["index", str(SEED), "--db", str(not_db), "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"kehoach: error: {not_db}: ")
    assert not_db.read_bytes() == before
    assert main(["tasks", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
    assert main(["index", str(SEED), "--db", str(tmp_path / "no" / "such" / "folder.db"), "-q"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_database_from_a_newer_kehoach_is_refused(tmp_path, capsys):
    db = tmp_path / "k.db"
    assert main(["index", str(SEED), "--db", str(db), "-q"]) == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    assert main(["tasks", "--db", str(db)]) == 2
    assert "newer than this kehoach" in capsys.readouterr().err


def test_queries_only_read_the_database(indexed, tmp_path, capsys):
    import os
    import stat

    db, _, _ = indexed
    copy = tmp_path / "copy.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute(f"VACUUM INTO '{copy}'")  # one self-contained file, as one sends a collection to someone
    con.close()
    before = copy.read_bytes()
    os.chmod(copy, stat.S_IRUSR)
    try:
        # (root may write to it anyway: the bytes compared below are the check)
        for command in (["tasks", "--unit", "Sở Tài chính"], ["cites", "72/2015/NĐ-CP"], ["units"], ["audit"]):
            assert main([*command, "--db", str(copy), "--format", "json"]) == 0, command
            assert json.loads(capsys.readouterr().out)
    finally:
        os.chmod(copy, stat.S_IRUSR | stat.S_IWUSR)
    assert copy.read_bytes() == before


def test_migrations_bring_an_empty_versioned_database_up_to_date(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    con.execute("INSERT INTO schema_version VALUES (0)")
    con.commit()
    con.close()
    assert run_index([str(SEED)], db, jobs=1).indexed == 1
    con = _con(db)
    try:
        assert [tuple(r) for r in con.execute("SELECT version FROM schema_version")] == [(SCHEMA_VERSION,)]
    finally:
        con.close()


# --- queries ----------------------------------------------------------------------------------------


def test_tasks_of_a_unit_are_those_of_every_plan_that_names_it(indexed):
    db, _, plans = indexed
    expected = _tasks_of(plans, {"so-tai-chinh"})
    assert len({name for name, _ in expected}) >= 3  # several plans give Sở Tài chính tasks
    con = _con(db)
    try:
        for typed in ("Sở Tài chính", "so tai chinh", "SỞ TÀI CHÍNH", "  Sở   Tài chính "):
            total, rows = find_tasks(con, unit=typed)
            assert _found(rows) == expected and total == len(expected), typed
        _, lead = find_tasks(con, unit="Sở Tài chính", role="lead")
        assert _found(lead) == _tasks_of(plans, {"so-tai-chinh"}, "lead")
        _, support = find_tasks(con, unit="Sở Tài chính", role="support")
        assert _found(support) == _tasks_of(plans, {"so-tai-chinh"}, "support")
        assert all(r["role"] == "support" or "support" in r["role"].split(",") for r in support)
    finally:
        con.close()


def test_unit_names_match_in_every_form_the_registry_knows(indexed):
    db, _, plans = indexed
    con = _con(db)
    try:
        # Old and new tone-mark placement, the abbreviation UBND.
        forms = [find_tasks(con, unit=u)[1] for u in ("Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh", "UBND tỉnh")]
        assert forms[0] and _found(forms[0]) == _found(forms[1]) == _found(forms[2])
        assert _found(forms[0]) == _tasks_of(plans, {"uy-ban-nhan-dan-tinh"})
        # A registry alias: the seed writes "Sở Thông tin và Truyền thông"; "Sở TT&TT" is the same body.
        _, tt = find_tasks(con, unit="Sở TT&TT")
        assert tt and _found(tt) == _tasks_of(plans, {"so-thong-tin-va-truyen-thong"})
        # A name with its place finds only the plans of that place (the name resolved from the plan's
        # issuer), the bare name finds them all.
        resolved = {(n, u.resolved_name) for n, p in plans.items() for u in p.units if u.id == "so-tai-chinh"}
        place = next(r for n, r in sorted(resolved) if r and n.startswith("cantho"))
        assert "Cần Thơ" in place
        _, local = find_tasks(con, unit=place)
        in_place = {n for n, r in resolved if r == place}
        assert _found(local) == {(n, t) for n, t in _tasks_of(plans, {"so-tai-chinh"}) if n in in_place}
        assert local and len(_found(local)) < len(_tasks_of(plans, {"so-tai-chinh"}))
        assert unit_query(place).base is None and unit_query("Sở Tài chính").base == "so-tai-chinh"
    finally:
        con.close()


def test_words_without_diacritics_find_the_tasks_that_hold_them(indexed):
    db, _, plans = indexed
    con = _con(db)
    try:
        for typed in ("phong chong ma tuy", "phòng, chống ma túy", "dau tu"):
            words = fold_text(typed).replace(",", " ").split()
            expected = {(name, t.id) for name, plan in plans.items() for t in plan.tasks
                        if all(w in re.findall(r"\w+", fold_text(t.text)) for w in words)}
            total, rows = find_tasks(con, q=typed)
            assert expected and _found(rows) == expected and total == len(expected), typed
    finally:
        con.close()


def test_due_before_keeps_the_tasks_due_on_or_before_the_date(indexed):
    db, _, plans = indexed
    dues = sorted({t.deadline.due for p in plans.values() for t in p.tasks if t.deadline and t.deadline.due})
    assert len(dues) >= 3
    cut = dues[len(dues) // 2]
    expected = {(name, t.id) for name, p in plans.items() for t in p.tasks if t.deadline and t.deadline.due and t.deadline.due <= cut}
    con = _con(db)
    try:
        _, rows = find_tasks(con, due_before=cut)
        assert _found(rows) == expected
        assert all(r["due"] <= cut for r in rows)
        # A period: due on or after one date and on or before another ("this quarter").
        start = dues[len(dues) // 4]
        period = {(name, t.id) for name, p in plans.items() for t in p.tasks
                  if t.deadline and t.deadline.due and start <= t.deadline.due <= cut}
        _, rows = find_tasks(con, due_after=start, due_before=cut)
        assert period and _found(rows) == period and period < expected
    finally:
        con.close()
    assert main(["tasks", "--due-before", "2025-02-30", "--db", str(db)]) == 2
    assert main(["tasks", "--due-after", "next week", "--db", str(db)]) == 2


def test_cites_names_the_seed_plan_with_section_and_line(indexed, capsys):
    db, docs, plans = indexed
    seed = plans[SEED.name]
    ref = next(r for r in seed.legal_refs if r.number_symbol == "72/2015/NĐ-CP")
    assert main(["cites", "72/2015/ND-CP", "--db", str(db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {Path(r["file"]).name for r in rows} == {SEED.name}
    assert sorted((r["line"], r["section"]) for r in rows) == sorted({(m.line, m.section_id) for m in ref.mentions})
    assert all(r["date"] == ref.date and r["issuer"] == ref.issuer for r in rows)
    # The line named is where the text writes the symbol.
    lines = (docs / SEED.name).read_text(encoding="utf-8").splitlines()
    assert all("72/2015/NĐ-CP" in lines[r["line"] - 1] for r in rows)


def test_units_gives_the_workload_across_plans(indexed):
    db, _, plans = indexed
    con = _con(db)
    try:
        _, rows = unit_workload(con)
    finally:
        con.close()
    row = next(r for r in rows if r["unit_id"] == "so-tai-chinh")
    assert row["plans"] == sum(any(u.id == "so-tai-chinh" for u in p.units) for p in plans.values())
    assert row["lead"] == len(_tasks_of(plans, {"so-tai-chinh"}, "lead"))
    assert row["support"] == len(_tasks_of(plans, {"so-tai-chinh"}, "support"))
    assert [r["lead"] for r in rows] == sorted((r["lead"] for r in rows), reverse=True)


def test_the_three_formats_say_the_same_and_repeat_byte_for_byte(indexed, capsys):
    db, _, _ = indexed
    outputs = {}
    for fmt in ("json", "csv", "table"):
        assert main(["tasks", "--unit", "Sở Tài chính", "--db", str(db), "--format", fmt]) == 0
        outputs[fmt] = capsys.readouterr().out
        assert main(["tasks", "--unit", "Sở Tài chính", "--db", str(db), "--format", fmt]) == 0
        assert capsys.readouterr().out == outputs[fmt]
    rows = json.loads(outputs["json"])
    table = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert [(r["file"], r["task_id"]) for r in table] == [(r["file"], r["task_id"]) for r in rows]
    assert outputs["table"].splitlines()[0].split()[:3] == ["FILE", "LINE", "TASK_ID"]
    assert outputs["table"].rstrip().endswith(f"({len(rows)} rows)")
    for command in (["units"], ["cites", "163/2024/QH15"]):
        assert main([*command, "--db", str(db), "--format", "csv"]) == 0
        assert len(capsys.readouterr().out.splitlines()) > 1


def test_the_same_files_give_the_same_answers_whatever_jobs_built_the_database(indexed, capsys):
    db, docs, _ = indexed  # built with --jobs 1
    other = db.parent / "jobs2.db"
    assert main(["index", str(docs), "--db", str(other), "--jobs", "2", "-q"]) == 0
    for command in (["tasks", "--unit", "UBND tỉnh"], ["tasks", "--q", "ma tuy"], ["cites", "163/2024/QH15"], ["units"],
                    ["audit", "--fail-on", "never"]):
        answers = []
        for database in (db, other):
            assert main([*command, "--db", str(database), "--format", "json"]) == 0
            answers.append(capsys.readouterr().out)
        assert answers[0] == answers[1] and len(json.loads(answers[0])) > 0, command


def test_a_reader_that_stops_early_gets_no_traceback(indexed):
    db, _, _ = indexed
    for command in (["tasks"], ["units"], ["audit", "--fail-on", "never"]):
        proc = subprocess.Popen([sys.executable, "-m", "kehoach", *command, "--db", str(db)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parents[1])
        proc.stdout.readline()  # `| head -1`
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.wait(timeout=60)
        assert "Traceback" not in err and proc.returncode == 0, (command, err)


# --- audit across documents ---------------------------------------------------------------------


def test_audit_names_the_majority_form_and_each_outlier_with_file_and_line(indexed, capsys):
    db, docs, _ = indexed
    assert main(["audit", "--db", str(db), "--format", "json", "--fail-on", "never"]) == 0
    findings = json.loads(capsys.readouterr().out)
    date = next(f for f in findings if f["symbol"] == "39/2022/NĐ-CP" and f["attribute"] == "date")
    # Read the files: which of them date the decree 18/6/2022, which 16/8/2022.
    def dated(day: int, month: int) -> list[str]:
        written = re.compile(rf"39/2022/NĐ-CP ngày 0?{day} tháng 0?{month} năm 2022")
        return sorted(p.name for p in docs.glob("nq-*.txt") if written.search(p.read_text(encoding="utf-8")))

    june, august = dated(18, 6), dated(16, 8)
    assert len(june) == 3 and len(august) == 1
    assert date["majority"]["value"] == "2022-06-18" and date["majority"]["plans"] == 3 and not date["majority"]["tie"]
    assert sorted(Path(f).name for f in date["majority"]["files"]) == june
    assert [(Path(o["file"]).name, o["value"]) for o in date["outliers"]] == [(august[0], "2022-08-16")]
    line = (docs / august[0]).read_text(encoding="utf-8").splitlines()[date["outliers"][0]["line"] - 1]
    assert "39/2022/NĐ-CP ngày 16 tháng 8 năm 2022" in line
    assert date["code"] == "collection.ref_date_differs" and date["severity"] == "warning"
    # Two plans that disagree: a tie, both forms named.
    tie = next(f for f in findings if f["symbol"] == "163/2024/QH15" and f["attribute"] == "date")
    assert tie["majority"]["tie"] and {tie["majority"]["value"], tie["outliers"][0]["value"]} == {"2024-11-27", "2025-11-27"}
    issuer = next(f for f in findings if f["symbol"] == "7619/QĐ-BCA" and f["attribute"] == "issuer")
    assert {issuer["majority"]["value"], issuer["outliers"][0]["value"]} == {"Bộ Công an", "Bộ trưởng Bộ Công an"}
    # Cited the same way everywhere: no finding.
    assert not [f for f in findings if f["symbol"] == "39/2022/NĐ-CP" and f["attribute"] in ("doc_type", "issuer")]
    assert main(["audit", "--db", str(db)]) == 0  # warnings only: below the default --fail-on error
    table = capsys.readouterr().out
    assert f"outlier 2022-08-16: {docs / august[0]}:{date['outliers'][0]['line']}" in table
    assert main(["audit", "--db", str(db), "--fail-on", "warning"]) == 1
    capsys.readouterr()


# --- concurrency and crashes ----------------------------------------------------------------------


def _whole(db: Path) -> tuple[str, int]:
    """PRAGMA integrity_check, and the number of documents; every document present must be whole."""
    con = sqlite3.connect(db)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        docs = con.execute("SELECT id, n_sections, n_tasks, n_assignments, n_units, n_refs, n_findings FROM documents").fetchall()
        for doc_id, *counts in docs:
            actual = [con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", (doc_id,)).fetchone()[0]
                      for t in ("sections", "tasks", "assignments", "units", "legal_refs", "findings")]
            assert actual == counts, doc_id
        tasks = con.execute("SELECT count(*) FROM tasks").fetchone()[0]
        assert con.execute("SELECT count(*) FROM task_fts").fetchone()[0] == tasks
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == con.execute(
            "SELECT count(DISTINCT abspath) FROM documents").fetchone()[0]
        return check, len(docs)
    finally:
        con.close()


def _kehoach(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kehoach", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parents[1], start_new_session=True)


def test_two_index_runs_at_once_leave_the_database_whole(tmp_path):
    docs = tmp_path / "docs"
    _copy(docs)
    db = tmp_path / "k.db"
    a = _kehoach("index", str(docs), "--db", str(db), "--jobs", "1", "--force", "-q")
    b = _kehoach("index", str(docs), "--db", str(db), "--jobs", "1", "--force", "-q")
    outs = [p.communicate(timeout=240) for p in (a, b)]
    assert (a.returncode, b.returncode) == (0, 0), outs
    check, n = _whole(db)
    assert check == "ok" and n == len(FILES)


def test_a_killed_index_leaves_a_consistent_database(tmp_path):
    import os
    import signal
    import time

    docs = tmp_path / "docs"
    for i in range(6):  # 54 files: the run is still busy when it is killed
        _copy(docs / f"copy{i}")
    total = len(list(docs.rglob("*.txt")))
    db = tmp_path / "k.db"
    proc = _kehoach("index", str(docs), "--db", str(db), "--jobs", "1", "-q")
    deadline = time.monotonic() + 120
    n = 0
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=5)
                n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                n = 0
            if n >= 3:
                break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert 3 <= n
    check, present = _whole(db)
    assert check == "ok" and 3 <= present < total
    # A new run finishes the job, redoing only what was missing.
    finish = _kehoach("index", str(docs), "--db", str(db), "--jobs", "1")
    _, err = finish.communicate(timeout=240)
    assert finish.returncode == 0, err
    assert f"{total - present} indexed, {present} up to date" in err.decode()
    assert _whole(db) == ("ok", total)
