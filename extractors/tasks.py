"""Tasks: every actionable item of a plan, with its lead (chủ trì) and supporting (phối hợp) units.

A task is found by one of these patterns (`Task.found_by`):
- `fields`: an item followed by field lines ("Đơn vị chủ trì: …", "Đơn vị phối hợp: …",
  "Thời gian thực hiện: …"), blank lines between allowed; one block of fields applies to every
  item above it back to the previous block, within the section that holds the block;
- `unit_heading`: a duty under a heading that names a unit ("2. Sở Tài chính"), led by that unit;
- `sentence`: a sentence that assigns ("Sở X chủ trì, phối hợp với Sở Y …", "Giao Sở X …",
  "Sở X có trách nhiệm …");
- `closing`: the closing request ("yêu cầu các cơ quan, đơn vị báo cáo … trước ngày 30/11 hằng năm");
- `table`: a row of an assignment table;
- `item`: an action item of a task part that names no unit.
Background parts (mục đích, yêu cầu, mục tiêu, tình hình, kinh phí) give no tasks, except an item
there that opens with a named body ("3. Sở Tài chính, trên cơ sở đề xuất …, chủ trì tổng hợp …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kehoach.extractors.deadlines import find_deadline, parse_deadline
from kehoach.extractors.header import Layout
from kehoach.extractors.legal_refs import opens_with_citation
from kehoach.extractors.sections import HeadingLine, aims_part, is_label, scope_part, section_roles
from kehoach.extractors.units import UnitGrammar, UnitMatch, UnitTable, fold
from kehoach.pipeline.document import Doc, Line, first_sentence, is_table_row
from kehoach.schemas import Deadline, Section, Span, Task, UnitRef

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load((DATA / "task_patterns.yaml").read_text(encoding="utf-8"))


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    d = _data()
    labels = [(role, label) for role, ls in d["fields"].items() for label in ls]
    return {
        "field": re.compile(
            rf"^(?:[-+•*–]\s*|[a-zđ]\)\s*)?(?P<label>{_alt([lab for _, lab in labels])})\s*(?:\([^)]*\))?\s*:\s*(?P<value>.*)$",
            re.I,
        ),
        "spec": re.compile(rf"^(?:[-+•*–]\s*)?(?:{_alt(d['specification_labels'])})(?:[ ,][^:;.]{{0,80}})?:\s*\S", re.I),
        "time_nocolon": re.compile(rf"^(?:[-+•*–]\s*)?(?P<label>{_alt(d['time_without_colon'])})\s+(?P<value>\S.*)$", re.I),
        "assign": re.compile(rf"(?<!\w)(?P<verb>{_alt(d['assigning_verbs'])})\s+", re.I),
        "assign_start": re.compile(rf"(?P<verb>{_alt(d['assigning_verbs'])})\s+", re.I),
        "fronted": re.compile(rf"(?:{_alt(d['fronted_clauses'])})\b", re.I),
        "fronted_time": re.compile(rf"(?:{_alt(d['fronted_times'])})\b", re.I),
        "closing": re.compile(rf"^(?:{_alt(d['closing_openers'])})\b"),
        "not_task": re.compile(rf"^(?:{_alt(d['not_tasks'])})\b", re.I),
        "notice": re.compile(rf"\b(?:{_alt(d['notice_formulas'])})\b", re.I),
        "decision": re.compile(rf"^(?:{_alt(d['decision_clauses'])})\b"),
        "effect": re.compile(rf"(?:{_alt(d['effect_clauses'])})\b", re.I),
        "scope_label": re.compile(rf"(?:{_alt(d['scope_labels'])})\s*:", re.I),
        # "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Phú Thọ và các Bộ, cơ quan liên
        # quan biết, thực hiện./.": who the notice is for; the sentence itself is no task.
        "notice_for": re.compile(r"\bthông báo\b[^.;:]{0,120}?\bđể\s+(?P<who>[^.;:]{3,300}?)\s+biết\b", re.I),
        "heading_predicate": re.compile(rf"\b(?:{_alt(d['heading_predicates'])})\b"),
        "support": re.compile(rf"(?<!\w)(?:{_alt(d['support_markers'])})\s+", re.I),
        "heading_prefix": re.compile(rf"^(?:{_alt(d['heading_prefixes'])})\s+"),
        "heading_suffix": re.compile(rf"\s+(?:{_alt(d['heading_suffixes'])})\s*:?\s*$"),
        "report": re.compile(r"(?<!\w)báo cáo\b[^.;]{0,120}?\s(?:về|gửi)\s+(?=\S)", re.I),
        "generic_leadin": _generic_leadin_pattern(d["generic_leadin"]),
        "announces_parts": re.compile(rf"(?:^|:\s+)(?:{_alt(d['duty_verbs'])})\s[^:]*?\s(?P<tail>(?:\S+\s+){{0,5}}?)(?:{_alt(d['part_announcers'])})\s*:\s*$", re.I),
        "duty_noun": re.compile(rf"\b(?:{_alt(d['generic_leadin']['nouns'])})\b", re.I),
        "chu_tri": re.compile(r"\s*,?\s*(?:chủ trì|có trách nhiệm|chịu trách nhiệm)\b", re.I),
    }


def _generic_leadin_pattern(g: dict) -> re.Pattern[str]:
    """"[verb] [các|một số] [noun [≤ 8 words]] [end] :" with every part optional but the colon."""
    verb = rf"(?:(?:{_alt(g['verbs'])})\s*)?"
    noun = rf"(?:(?:các|một số|những)\s+)?(?:{_alt(g['nouns'])})(?:\s+[^\s:;.]+){{0,8}}?\s*"
    return re.compile(rf"{verb}(?:{noun})?(?:(?:{_alt(g['ends'])})\s*)?[:.]?", re.I)


_ROLE_OF_LABEL: dict[str, str] = {}


def _role_of(label: str) -> str:
    if not _ROLE_OF_LABEL:
        for role, labels in _data()["fields"].items():
            for lab in labels:
                _ROLE_OF_LABEL[fold(lab)] = role
    return _ROLE_OF_LABEL.get(fold(label), "content")


@dataclass(eq=False)
class Draft:
    """A task being built."""

    section_id: str | None
    start: int
    end: int
    line: int
    found_by: str
    tentative: bool = False  # a heading that is a task only if its body holds no tasks of its own
    tasks_before: int = 0  # tasks of its section counted when the tentative heading was read
    dropped: bool = False
    background: bool = False  # an item of a background part: a task only if field lines assign it
    fields: dict[str, list] = field(default_factory=dict)  # role -> list of UnitMatch / values
    deadline: Deadline | None = None
    form: str | None = None
    product: str | None = None
    extra: list[tuple[int, int]] = field(default_factory=list)  # "+" lines joined to the text
    lead_hint: list[UnitMatch] = field(default_factory=list)
    support_hint: list[UnitMatch] = field(default_factory=list)
    line_end: int = 0


@dataclass
class FieldLine:
    role: str
    label: str
    value_start: int
    value_end: int
    line: int


class TaskExtractor:
    def __init__(self, doc: Doc, layout: Layout, sections: list[Section], headings: list[HeadingLine],
                 grammar: UnitGrammar, table: UnitTable, doc_year: int | None, doc_type: str | None = None) -> None:
        self.doc = doc
        self.doc_type = (doc_type or "").upper()
        # The bodies a notice is for ("… thông báo để Ủy ban nhân dân tỉnh Phú Thọ … biết, thực
        # hiện"): they carry out the conclusions that name no body.
        self.addressees: list[UnitMatch] = []
        self._closing_lead: list[UnitMatch] = []
        self.open_field: tuple[FieldLine, list[Draft]] | None = None
        self.content_items: Section | None = None  # a "- Nội dung:" with "+" duties below it
        self.parts_owner: Draft | None = None  # a duty whose lead-in announced the items below as its parts
        self.text = doc.text
        self.layout = layout
        self.sections = sections
        self.by_line = {h.line_index: (h, s) for h, s in zip(headings, sections)}
        # Sections opened by a table's group row ("II | NHÓM TỔ CHỨC CUNG CẤP DỊCH VỤ CHI TRẢ").
        self.group_rows = {s.id for h, s in zip(headings, sections) if " | " in doc.lines[h.line_index].text}
        self.by_id = {s.id: s for s in sections}
        self.has_children = {s.parent_id for s in sections if s.parent_id}
        self.roles = section_roles(sections)
        self.grammar = grammar
        self.units = table
        self.doc_year = doc_year
        self.p = _patterns()
        self.unit_context: dict[str, list[UnitMatch]] = {}
        self.support_context: dict[str, list[UnitMatch]] = {}  # "8.1. Sở X chủ trì, phối hợp Y": Y
        self.drafts: list[Draft] = []
        self.pending: list[Draft] = []
        self.after_fields = False
        self.last_field: FieldLine | None = None
        self.last_task: Draft | None = None
        self.para_context: tuple[str | None, list[UnitMatch], list[UnitMatch]] | None = None
        # Lead-ins that name the bodies for what follows them ("…, các sở, ban, ngành … triển
        # khai … các nội dung chủ yếu sau:", "9. Ủy ban nhân dân các xã … tập trung một số nhiệm
        # vụ cụ thể sau:"): section id -> (offset, lead, support). Items after the offset in that
        # section or below it inherit the roles when they name no body of their own.
        self.inherited: dict[str, tuple[int, list[UnitMatch], list[UnitMatch]]] = {}
        # Headings that are duties with a subject of their own, (start, end): read as a lead-in for
        # the bullets below only when one of them names no body (`_inherited_at`).
        self.duty_headings: dict[str, tuple[int, int]] = {}
        self.decided: list[tuple[str, int]] = []
        # Sections whose units in charge come from the issuer's request ("…, yêu cầu các bộ, ngành
        # tập trung thực hiện một số nhiệm vụ như sau:"), where an item may still name its own.
        self.leadin_context: set[str] = set()  # (section id, offset) of "… quyết định … như sau:"
        self.open_tentatives: list[Draft] = []
        self.tasks_in_section: dict[str | None, int] = {}
        self.table_end = -1  # line index of the last row of the last assignment table
        self.table_columns: dict[str, int] = {}

    # ------------------------------------------------------------------ helpers
    def _line_body(self, line: Line) -> tuple[int, int]:
        """Offsets of the line without its bullet mark."""
        t = line.text
        m = re.match(r"^\s*[-+•*–]\s*", t)
        start = line.start + (m.end() if m else 0)
        return start, line.end

    def _scope(self, section: Section | None) -> str | None:
        if section is None:
            return None
        head = section.heading.split(":")[0]
        if is_label(head) or self.p["field"].match(section.heading + (":" if ":" not in section.heading else "")):
            return section.parent_id
        return section.id

    def _in_scope(self, draft: Draft, scope: str | None) -> bool:
        if scope is None:
            return True
        sid = draft.section_id or ""
        return sid == scope or sid.startswith(scope + ".")

    def _unit_heading(self, section: Section, h: HeadingLine) -> list[UnitMatch] | None:
        """The units a heading names when the heading is only a unit (or list of units)."""
        rest = h.rest.rstrip(" :.")
        start = h.rest_start
        pm = self.p["heading_prefix"].match(rest)
        if pm:
            start += pm.end()
            rest = rest[pm.end():]
        # Strip every closing phrase: "… theo chức năng, nhiệm vụ chịu trách nhiệm".
        while (sm := self.p["heading_suffix"].search(rest)) is not None:
            rest = rest[: sm.start()]
        end = start + len(rest)
        units, stop = self.grammar.parse_list(self.text, start, end, field=True)
        if not units or not _strong(units[0], self.grammar):
            return None
        leftover = self.text[stop:end].strip(" ,;:.")
        if leftover and (rm := _ROLE_HEADING.fullmatch(leftover)):
            # "8.1. Sở Tài chính chủ trì, phối hợp các sở, ban, ngành": the heading gives both
            # roles for every item below it, and nothing else.
            if rm.group("rest") is None:
                return units
            segment = self.text[stop:end]
            rest_start = stop + len(segment) - len(segment.lstrip(" ,;:.")) + rm.start("rest")
            supports, upto = self.grammar.parse_list(self.text, rest_start, end, field=True)
            if supports and not self.text[upto:end].strip(" ,;:."):
                self.support_context[section.id] = supports
                return units
            return None
        if leftover:
            # "Các tổ chức, cá nhân và hộ gia đình khai thác sử dụng … trên địa bàn": a descriptive
            # tail with no verb of assignment still belongs to the name.
            # A tail of more than fifteen words is a sentence ("2. Các ngành, các cấp thành phố
            # tiếp tục rà soát các văn bản … để kiến nghị sửa đổi …"), not part of a name.
            if re.search(r"[.;]", leftover) or self.grammar.c["stop"].match(leftover) \
                    or self.p["heading_predicate"].search(leftover) or len(leftover.split()) > 15:
                return None
            last = units[-1]
            units[-1] = UnitMatch(last.start, end, self.text[last.start:end], " ".join(self.text[last.start:end].split()),
                                  last.kind, last.level, last.collective, False)
        return units

    def _context_section(self, section_id: str | None) -> str | None:
        """The nearest section, this one or an ancestor, whose heading named the units in charge."""
        sid = section_id
        while sid:
            if sid in self.unit_context:
                return sid
            sec = self.by_id.get(sid)
            sid = sec.parent_id if sec else None
        return None

    def _support_context(self, section_id: str | None) -> list[UnitMatch]:
        """The supporting bodies a heading names for the items below it: a role sub-heading
        ("a) Chủ trì, phối hợp với …") nearer than the heading that names the lead, or that heading."""
        sid, stop = section_id, self._context_section(section_id)
        while sid:
            if sid in self.support_context:
                return self.support_context[sid]
            if sid == stop:
                break
            sec = self.by_id.get(sid)
            sid = sec.parent_id if sec else None
        return []

    def _named_by_heading(self, section_id: str | None) -> bool:
        """True when the units in charge come from a heading that names them ("2. Sở Tài chính"),
        not from a lead-in that announces the items ("…, yêu cầu các bộ, ngành … như sau:")."""
        sid = self._context_section(section_id)
        return bool(sid) and sid not in self.leadin_context

    def _lead_context(self, section_id: str | None) -> list[UnitMatch]:
        sid = self._context_section(section_id)
        return self.unit_context[sid] if sid else []

    # ------------------------------------------------------------------ the walk
    def run(self) -> list[Task]:
        lines = self.doc.lines
        ranges = [(self.layout.body_start, self.layout.body_end)]
        if self.layout.appendix_start is not None:
            ranges.append((self.layout.appendix_start, len(lines)))
        heading_lines = sorted(self.by_line)
        last_heading_line = max((i for i in heading_lines if i < self.layout.body_end), default=-1)
        for lo, hi in ranges:
            current: Section | None = None
            i = lo
            while i < hi:
                line = lines[i]
                if line.blank:
                    i += 1
                    continue
                if is_table_row(line):
                    j = i
                    while j < hi and (is_table_row(lines[j]) or lines[j].blank):
                        j += 1
                    # Group rows ("I. Cải cách thể chế") are heading lines between the rows of one
                    # table: a run of rows that follows them with no blank line keeps the columns.
                    between = lines[self.table_end + 1:i] if self.table_end >= 0 else []
                    continuing = bool(between) and len(between) <= 3 and all(not b.blank for b in between)
                    self._table(lines[i:j], current, continuing=continuing)
                    last_row = j - 1
                    while last_row > i and lines[last_row].blank:
                        last_row -= 1
                    self.table_end = last_row
                    i = j
                    continue
                if i in self.by_line:
                    h, current = self.by_line[i]
                    self.para_context = None
                    self.parts_owner = None
                    self.content_items = None
                    self._close_tentative(current)
                    self._heading(h, current)
                else:
                    self._line(line, current, i, first_heading=heading_lines[0] if heading_lines else None,
                               last_heading=last_heading_line)
                i += 1
            self._close_tentative(None)
        return self._finish()

    def _close_tentative(self, next_section: Section | None) -> None:
        """Drop a title-like heading whose body held tasks of its own, once its section ends."""
        still_open = []
        for d in self.open_tentatives:
            sec = self.by_id.get(d.section_id or "")
            if next_section is not None and sec is not None and next_section.id.startswith(sec.id + "."):
                still_open.append(d)  # its section goes on in a child section
                continue
            d.tentative = False
            if self.tasks_in_section.get(d.section_id, 0) > d.tasks_before:
                d.dropped = True
        self.open_tentatives = still_open

    def _new_task(self, section: Section | None, start: int, end: int, line: int, found_by: str, *,
                  tentative: bool = False) -> Draft:
        if self.after_fields:
            self.pending = []
            self.after_fields = False
        d = Draft(section.id if section else None, start, end, line, found_by, tentative)
        d.line_end = self.doc.line_of(end)
        if tentative:
            d.tasks_before = self.tasks_in_section.get(d.section_id, 0)
            self.open_tentatives.append(d)
        else:
            self.tasks_in_section[d.section_id] = self.tasks_in_section.get(d.section_id, 0) + 1
        self.drafts.append(d)
        self.pending.append(d)
        self.last_task = d
        return d

    def _heading(self, h: HeadingLine, section: Section) -> None:
        rest = h.rest
        line = self.doc.lines[h.line_index]
        if h.kind == "appendix":
            return
        fm = self.p["field"].match(rest)
        if fm and _role_of(fm.group("label")) != "content":
            self._field(fm, h.rest_start, line.number, section)
            return
        if fm and fold(fm.group("label")) in ("nhiem vu", "noi dung thuc hien") and fm.group("value").strip():
            # "a) Nhiệm vụ: Tham mưu UBND Thành phố …": the task is the text after the label.
            self._new_task(section, h.rest_start + fm.start("value"), line.end, line.number, "item")
            return
        if is_label(h.heading) or self.p["not_task"].match(rest) or self._not_a_duty(section, h.rest_start, line.end):
            return
        if self._in_plain_table(h.line_index) or (section.id in self.group_rows and not self.table_columns):
            return  # "II. Môi trường ao nuôi tôm đại diện": a group row of a table that assigns nothing
        supports = self._roles_only(h.rest_start, line.end)
        if supports:
            # "1. Sở Công Thương" / "a) Chủ trì, phối hợp với các sở, ban, ngành, UBND các xã,
            # phường và cơ quan, đơn vị có liên quan" / "- Tổ chức …": the body of the heading above
            # leads the items, the bodies named here support them.
            self.support_context[section.id] = supports
            return
        handed = self._handed_over(h.rest_start, line.end)
        if handed:
            # "3. Về nội dung dự thảo …, giao Trung tâm Xúc tiến Đầu tư:": the items below are its duties.
            self.unit_context[section.id] = handed
            return
        units = self._unit_heading(section, h)
        if not units and rest.rstrip().endswith(":") and (leadin := self._leadin(h.rest_start, line.end)) is not None:
            if not leadin[0]:
                self.decided.append((section.id, h.rest_start))
                return
            if self._generic_leadin(h.rest_start, line.end):
                # "5. Sở Y tế chủ trì, phối hợp với Sở … thực hiện các chương trình có liên quan như:"
                self.unit_context[section.id] = leadin[0]
                if self._spoken_by_issuer(h.rest_start, line.end):
                    self.leadin_context.add(section.id)
                if leadin[1]:
                    self.support_context[section.id] = leadin[1]
                return
            self.inherited[section.id] = (h.rest_start, *leadin)
        role = self.roles.get(section.id, "action")
        if units and (section.id in self.has_children or not re.search(r"[.;]\s*$", rest) or len(rest) < 80):
            for u in units:
                self.grammar.learn(u)
            self.unit_context[section.id] = units
            return
        if section.id in self.has_children or _MEMBERSHIP.search(rest) or self._only_units(h.rest_start, line.end):
            return
        if role == "background":
            if not self._in_part(section, scope_part) and \
                    self._opens_with_named_body(h.rest_start, line.end, aims=self._in_part(section, aims_part)):
                self._new_task(section, h.rest_start, line.end, line.number, "sentence")
            else:
                self._new_task(section, h.rest_start, line.end, line.number, "item").background = True
            return
        # A heading is a task of its own when it reads as a sentence: it ends like one, runs on
        # into a second sentence, opens with its subject ("Sở X theo dõi …") or is long.
        run_in = (bool(re.search(r"[.:;]\s*$", rest)) or first_sentence(rest) != rest
                  or len(rest.split()) > 30 or bool(self._subject(h.rest_start, line.end)[0]))
        if _TOPIC.match(rest) and not self._subject(h.rest_start, line.end)[0] \
                and not re.search(r"[:.]\s+[Gg]iao\s", rest):
            # "3. Về kiến nghị liên quan đến tổ chức bộ máy …:" names a topic; the duties on it
            # follow ("Bộ Nội vụ … khẩn trương nghiên cứu, xử lý kiến nghị …"). It is a task only
            # when nothing below it is.
            run_in = False
        self._new_task(section, h.rest_start, line.end, line.number, "item", tentative=not run_in)
        # A short line with no end ("5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công
        # nghiệp") may be a body's name that the grammar reads only in part: not such a heading.
        sentence = bool(re.search(r"[.;]\s*$", rest)) or len(rest.split()) > 20
        if run_in and sentence and section.id not in self.inherited and not rest.rstrip().endswith(":"):
            # "1. Các cơ quan, đơn vị, địa phương, doanh nghiệp căn cứ chức năng … xây dựng kế hoạch
            # …" over "- Giới thiệu điển hình tiên tiến …", "- Khen thưởng theo thẩm quyền …": the
            # bullets under a duty go on with it, so the body that heads it leads those that name
            # no body of their own.
            self.duty_headings[section.id] = (h.rest_start, line.end)

    def _roles_only(self, start: int, end: int) -> list[UnitMatch]:
        """The supporting bodies of a line that gives the roles and nothing else ("Chủ trì, phối hợp
        với các sở, ban, ngành …", "Phối hợp với các sở, ngành, UBND các xã, phường:"), else []."""
        rm = _ROLE_SUBHEADING.match(self.text, start, end)
        if not rm:
            return []
        supports, upto = self.grammar.parse_list(self.text, rm.end(), end, bare_ok=True)
        return supports if supports and not self.text[upto:end].strip(" .:;") else []

    def _handed_over(self, start: int, end: int) -> list[UnitMatch]:
        """Units after a closing "giao" of a lead-in ending with ":" ("…, giao Sở Tài chính:")."""
        text = self.text[start:end].rstrip()
        if not text.endswith(":"):
            return []
        m = None
        for m in re.finditer(r"(?:^|[,.;]\s+)[Gg]iao\s+", text):
            pass
        if m is None:
            return []
        stop = start + len(text) - 1
        units, upto = self.grammar.parse_list(self.text, start + m.end(), stop, field=True)
        if units and not self.text[upto:stop].strip(" ,;"):
            return units
        return []

    def _not_a_duty(self, section: Section | None, start: int, end: int) -> bool:
        """True for text that states, cites or decides rather than assigns: a clause of effect
        ("Quyết định này có hiệu lực kể từ ngày ký"), an item that only cites a document
        ("1. Quyết định số 104/2000/QĐ-TTg ngày 25 tháng 8 năm 2000 của Thủ tướng Chính phủ về …"),
        and, in the articles of a Quyết định, what it decides ("Điều 1. Ban hành kèm theo …")."""
        text = self.text[start:end]
        sentence = first_sentence(text)
        # Every clause of effect says "hiệu lực"; looking for it first spares the long pattern.
        effect = self.p["effect"].search(sentence) if "hiệu lực" in sentence or "HIỆU LỰC" in sentence else None
        if effect and not (self.p["assign"].search(text, 0, effect.start())
                           or self.p["chu_tri"].search(text, 0, effect.start())):
            # "Đồng thời, giao Công an tỉnh chủ trì, … cập nhật … ngay sau khi Luật … được Quốc hội
            # thông qua và có hiệu lực thi hành.": the duty comes first; the law's effect is its time.
            return True
        if opens_with_citation(text) and not self.p["assign"].search(text) and not self.p["chu_tri"].search(text):
            return True
        if self.doc_type.startswith("QUYẾT ĐỊNH") and self.p["decision"].match(text) and self._in_article(section):
            return True
        return False

    def _in_article(self, section: Section | None) -> bool:
        while section is not None:
            if section.marker == "article":
                return True
            if section.marker == "appendix":
                return False
            section = self.by_id.get(section.parent_id) if section.parent_id else None
        return False

    def _notice_for(self, start: int, end: int) -> bool:
        """True for the sentence that says whom a notice is for; records them as its addressees.

        Ví dụ: "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Phú Thọ và các Bộ, cơ quan
        liên quan biết, thực hiện./." → addressees: Ủy ban nhân dân tỉnh Phú Thọ, các Bộ, cơ quan
        liên quan.
        """
        m = self.p["notice_for"].search(self.text, start, end)
        if m is None:
            return False
        subject = self.grammar.match_at(self.text, start)
        if subject is None or not self.text[subject.end:m.start()].strip() in ("", "trân trọng", "xin"):
            return False  # "… kịp thời thông báo để người dân biết": a duty that informs, not the formula
        units, _ = self.grammar.parse_list(self.text, m.start("who"), m.end("who"))
        self.addressees = units
        return True

    def _leadin(self, start: int, end: int, colon: bool = True) -> tuple[list[UnitMatch], list[UnitMatch]] | None:
        """Lead and supporting units named by a lead-in that ends with ":", or None. With
        `colon=False`, the same for a heading that is a duty of its own, whatever its end.

        Ví dụ: "Sở Y tế chủ trì, phối hợp với Sở Nông nghiệp và Môi trường thực hiện các chương
        trình có liên quan như:" → lead Sở Y tế, support Sở Nông nghiệp và Môi trường;
        "Sở Nông nghiệp và Môi trường chỉ đạo Chi cục Biển đảo và Thủy sản thực hiện các nội dung
        sau:" → both lead (the one directs, the other carries out).
        """
        if colon and not self.text[start:end].rstrip().endswith(":"):
            return None
        lead, stop = self._subject(start, end)
        if not lead:
            return None
        if not colon and _STATIVE.match(self.text, stop, end):
            return None
        speaks = _SPEAKS.match(self.text, stop, end)
        if speaks and speaks.group("decides"):
            return [], []  # "… quyết định sắp xếp … như sau:": what follows is decided, not assigned
        if speaks:
            # "Ủy ban Thường vụ Quốc hội quyết định sắp xếp … như sau:", "Ủy ban nhân dân tỉnh yêu
            # cầu các sở, ngành …:": the issuer speaks; those it asks (if any) lead, not itself.
            if not speaks.group("asks"):
                return None
            asked, upto = self.grammar.parse_list(self.text, speaks.end(), end)
            if not asked:
                return None
            lead, stop = asked, upto
        directed = _DIRECTS.match(self.text, stop, end)
        if directed:
            more, upto = self.grammar.parse_list(self.text, directed.end(), end)
            if more and re.match(r"\s*(?:có|chịu) trách nhiệm\b", self.text[upto:end]):
                lead = more  # "… chỉ đạo các đơn vị kinh doanh hạ tầng … có trách nhiệm:": they answer for the items
            else:
                lead = lead + more
        return lead, self._supports_in_text(stop, end)

    def _spoken_by_issuer(self, start: int, end: int) -> bool:
        """True for a lead-in that asks ("Trong thời gian tới, yêu cầu các bộ, ngành …:"), the
        issuer speaking, rather than one that names the body in charge as its subject."""
        text = self.text
        cur = start
        adverbial = _ADVERBIAL.match(text, cur, end)
        if adverbial:
            cur = adverbial.end()
        return bool(self.p["assign_start"].match(text, cur))

    def _generic_leadin(self, start: int, end: int) -> bool:
        """True when what a lead-in says after its units only announces the items below
        ("… thực hiện các chương trình có liên quan như:", "…:"), not a duty of its own."""
        units, stop = self._subject(start, end)
        if not units:
            return False
        rest = self.text[stop:end].strip()
        rest = _ROLE_WORDS.sub("", rest)
        while (sm := self.p["support"].match(rest) or _DIRECTS.match(rest)) is not None:
            # "phối hợp với Sở Y, Sở Z", "chỉ đạo Chi cục Biển đảo và Thủy sản": the bodies of the items
            units_here, upto = self.grammar.parse_list(rest, sm.end(), len(rest))
            if not units_here:
                break
            rest = rest[upto:].lstrip(" ,;")
            rest = _ROLE_WORDS.sub("", rest)
        return bool(self.p["generic_leadin"].fullmatch(rest))

    def _only_units(self, start: int, end: int) -> bool:
        """True for an item that only names bodies or office-holders ("Giám đốc Sở Tài chính;"),
        or a short lead-in naming them ("Các thành viên Ban Chỉ đạo:"): a list, not a duty."""
        text = self.text[start:end].rstrip(" .;:,")
        if not text:
            return True
        stop = start + len(text)
        units, upto = self.grammar.parse_list(self.text, start, stop, field=True)
        if units and not self.text[upto:stop].strip(" ,;.:"):
            return True
        return self.text[start:end].rstrip().endswith(":") and len(text.split()) <= 6 and not re.search(
            r"\b(?:giao|chủ trì|phối hợp|thực hiện|triển khai|tổ chức|tham mưu|hướng dẫn)\b", text, re.I)

    def _plus_items_follow(self, index: int) -> bool:
        """True when the next non-blank line after line `index` is a "+" item."""
        for line in self.doc.lines[index + 1:]:
            if not line.blank:
                return line.text.lstrip().startswith("+")
        return False

    def _body_key(self, u: UnitMatch) -> str:
        """The folded name of the body a unit is or heads ("Chủ tịch Ủy ban nhân dân xã, phường" →
        the key of "Ủy ban nhân dân xã, phường")."""
        title = self.grammar.c["title"].match(u.canonical)
        return fold(u.canonical[title.end():].strip() if title else u.canonical)

    def _in_part(self, section: Section | None, names_part) -> bool:
        """True under a heading for which `names_part` holds: the aims of the plan ("I. MỤC ĐÍCH,
        YÊU CẦU", `aims_part`), whom it covers ("1. Đối tượng thi đua", `scope_part`)."""
        while section is not None:
            if names_part(section.heading):
                return True
            section = self.by_id.get(section.parent_id) if section.parent_id else None
        return False

    def _opens_with_named_body(self, start: int, end: int, aims: bool = False) -> bool:
        """True for text that assigns a duty to a body it names first, after an optional fronted
        clause or label: "3. Sở Tài chính, trên cơ sở đề xuất …, chủ trì tổng hợp …", "Khen thưởng
        cấp Nhà nước: Sở Nội vụ phối hợp với …", "Căn cứ vào tình hình thực tiễn, … Thủ trưởng các cơ
        quan, đơn vị … khen thưởng …". In a background part only such text is a task."""
        m = self.grammar.match_at(self.text, start)
        if m and m.known and not m.collective:
            return True
        at = start
        label = _LABEL.match(self.text, start, end) or _LONG_LABEL.match(self.text, start, end)
        if label and self.p["scope_label"].match(self.text, start):
            return False  # "Đối tượng: Các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc …": who is covered
        if label and not self.grammar.match_at(self.text, start):
            # "Khen thưởng cấp Nhà nước: Sở Nội vụ …", "Giấy khen của Thủ trưởng các cơ quan, đơn vị;
            # Chủ tịch UBND xã, phường: Căn cứ …, Thủ trưởng các cơ quan, đơn vị … xét tặng …"
            at = label.end()
        units, stop = self._subject(at, end)
        if units and not aims and re.match(r"\s*(?:có|chịu) trách nhiệm\b", self.text[stop:end]):
            return True  # "2. Các sở, ngành, địa phương có liên quan có trách nhiệm chủ động cân đối …" under KINH PHÍ
        if not units or _STATIVE.match(self.text, stop, end):
            return False  # "Ban Chỉ đạo … đã được kiện toàn …": a fact, not a duty
        # Named bodies and office-holders ("Thủ trưởng các cơ quan, đơn vị"), also in a list with
        # collectives ("Các Sở, ban, ngành, Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể …, Ủy ban
        # nhân dân xã, phường quy định số lượng khen thưởng …"); a bare collective ("Các cá nhân có
        # thành tích …") more often describes than assigns in such parts.
        if re.match(r"\s*(?:căn cứ|chủ động)\b", self.text[stop:end]):
            return True  # "Các cơ quan, đơn vị căn cứ thành tích … để bình xét khen thưởng …": a duty framed by its grounds
        # A body of government named as a whole ("Ủy ban nhân dân phường, xã, đặc khu") counts as
        # named, but not in the aims of a plan ("3. Các Sở, ban ngành và Ủy ban nhân dân các huyện,
        # thành phố triển khai thực hiện tốt nhiệm vụ …" under "I. MỤC ĐÍCH, YÊU CẦU": a requirement).
        return any((u.kind != "collective" and not (aims and u.collective)) or self.grammar.c["title"].match(u.text)
                   for u in units)

    def _takes_on_duty(self, start: int, end: int) -> bool:
        """True for a paragraph whose subject takes on a duty in so many words: "Các cơ quan, đơn vị
        căn cứ thành tích … để bình xét khen thưởng …", "Sở Nội vụ chủ trì …". A paragraph of a
        background part that only tells what a body did or set ("Ủy ban nhân dân tỉnh Ninh Thuận
        đã triển khai …", "Ủy ban nhân dân tỉnh Cà Mau xác định khung cân đối …") is no task."""
        units, stop = self._subject(start, end)
        return bool(units) and _TAKES_ON.match(self.text, stop, end) is not None

    def _line(self, line: Line, section: Section | None, index: int, *, first_heading: int | None,
              last_heading: int) -> None:
        text = line.text.strip()
        fm = self.p["field"].match(text)
        if fm and _role_of(fm.group("label")) not in ("content",):
            self._field(fm, line.start + (len(line.text) - len(line.text.lstrip())), line.number, section)
            return
        if fm and fold(fm.group("label")) in ("noi dung", "noi dung thuc hien"):
            # "- Nội dung: …" describes the item above; under a heading that only names an
            # activity ("a) Hoạt động 1"), it is the duty itself, and "+" lines under an empty
            # "- Nội dung:" are one duty each.
            named = self._named_activity(section)
            if named is not None:
                vstart = line.start + (len(line.text) - len(line.text.lstrip())) + fm.start("value")
                if fm.group("value").strip():
                    named.start, named.end, named.line = vstart, line.end, line.number
                    named.line_end = line.number
                    self._confirm(named)
                else:
                    named.dropped = True
                    self.content_items = section
            return
        if self.content_items is not None and text.startswith("+") and section is self.content_items:
            start, end = self._line_body(line)
            d = self._new_task(section, start, end, line.number, "item")
            d.background = self.roles.get(section.id, "action") == "background" if section else False
            return
        if self.p["spec"].match(text):
            return  # "- Số lượng: 5.000 cuốn.": a detail of the item above
        tm = self.p["time_nocolon"].match(text)
        if tm:
            self._field(tm, line.start, line.number, section, role="time")
            return
        if text.startswith("+") and self.open_field is not None and self.after_fields \
                and self._plus_value(line, section):
            return
        # A lower-case line right after a field continues its value ("… địa phương" / "liên quan.").
        if self.last_field is not None and self.after_fields and text[:1].islower():
            self._extend_field(line)
            return
        bullet = text[:1] in "-+•*–"
        if " | " in text and self._in_plain_table(index):
            return  # "3 | Cửa sông lạch Trường": a short row of a table that assigns nothing
        if section is not None and section.id in self.group_rows and not self.table_columns:
            return  # text under a group row of a table that assigns nothing (scoring rules, sites)
        if text[:1].islower() and self.last_task is not None and not self.after_fields \
                and self.last_task.line_end < line.number \
                and all(ln.blank for ln in self.doc.lines[self.last_task.line_end:line.number - 1]):
            # A paragraph broken in two by the conversion: "… trong công tác" / "cải cách hành chính."
            self.last_task.end = line.end
            self.last_task.line_end = line.number
            return
        if self.parts_owner is not None and (bullet or text.startswith("+")) \
                and self.parts_owner.section_id == (section.id if section else None):
            self.parts_owner.extra.append(self._line_body(line))  # "- Cửa sông lạch Càn: Lấy mẫu …"
            return
        self.parts_owner = None
        if text.startswith("+"):
            if self.last_task is not None and not self.after_fields:
                self.last_task.extra.append(self._line_body(line))
            return
        if first_heading is None or index < first_heading:
            if not (self.p["closing"].match(text) and index > last_heading >= 0):
                return
        start, end = self._line_body(line)
        body = self.text[start:end]
        if self.p["not_task"].match(body) or self.p["notice"].search(body):
            return
        if self._notice_for(start, end) or self._not_a_duty(section, start, end):
            return
        if not bullet and (body.startswith("(") and body.rstrip(".").endswith(")") or body.isupper()):
            return  # "(Kèm theo Kế hoạch số …)", an appendix title: not a task
        if not bullet and index > last_heading and self.p["closing"].match(body):
            if self._is_closing(body):
                self._closing(line, start, end)
            return  # "UBND tỉnh trân trọng thông báo …": the closing formula, not a task
        role = self.roles.get(section.id, "action") if section else "action"
        if section is not None and section.marker == "appendix":
            return  # the title block of an appendix or of an attached document
        if _MEMBERSHIP.search(body) or self._only_units(start, end):
            return  # "Phó Chủ tịch UBND tỉnh Nguyễn Văn A, Phó Trưởng ban": a member list, not a task
        if body.rstrip().endswith(":"):
            handed = self._handed_over(start, end)
            sid = section.id if section else None
            if handed and not bullet:
                self.para_context = (sid, handed, [])
            elif not bullet and (leadin := self._leadin(start, end)) is not None:
                if not leadin[0]:
                    # "Ủy ban Thường vụ Quốc hội quyết định sắp xếp … như sau:": the items below are
                    # what the document decides, not duties.
                    if sid is not None:
                        self.decided.append((sid, start))
                    return
                # "Căn cứ tình hình thực tế, các cơ quan, đơn vị, địa phương phối hợp thực hiện các
                # hoạt động sau:": the bodies it names lead the items below it.
                self.para_context = (sid, *leadin)
                if sid is not None:
                    self.inherited[sid] = (start, *leadin)
                return
            if not bullet and not handed and (named := self._lead_context(sid)) \
                    and (supports := self._roles_only(start, end)):
                # "4. Sở Khoa học và Công nghệ" / "Chủ trì, phối hợp với các sở, ngành … :" / "- …":
                # the heading's body leads the items, the bodies named here support them.
                self.para_context = (sid, list(named), supports)
                return
            am = self.p["announces_parts"].search(body)
            if am and not handed and not self.p["duty_noun"].search(am.group("tail") or "") \
                    and not self._lead_context(sid):
                # "Điểm quan trắc: Thực hiện quan trắc …, lấy mẫu tại 15 vị trí như sau:"
                d = self._new_task(section, start, end, line.number, "item")
                d.background = role == "background"
                self.parts_owner = d
                return
            last = self.last_task
            under_heading_task = (last is not None and section is not None and last.section_id == section.id
                                  and last.line == section.line)
            named = self._lead_context(section.id if section else None)
            if handed or under_heading_task or not named or not self._plus_items_follow(index):
                # A lead-in to the items below ("Các nội dung hỗ trợ … bao gồm:"); under a heading
                # that is itself the task, its "+" lines are parts of that task.
                return
            # "- Tham mưu Ủy ban nhân dân tỉnh:" over "+" lines, under a heading that names the unit
            # in charge: one duty of that unit, the "+" lines its parts.
        if not bullet:
            self.para_context = None
            if section is not None and section.id in self.inherited and self.inherited[section.id][0] < start:
                del self.inherited[section.id]  # a paragraph of its own ends what a lead-in named
            if section is not None and section.id in self.duty_headings and self.duty_headings[section.id][0] < start:
                del self.duty_headings[section.id]
        found_by = "unit_heading" if self._lead_context(section.id if section else None) else "item"
        d = self._new_task(section, start, end, line.number, found_by)
        # In a background part a paragraph is a task only where it gives a duty to a body it names
        # first ("Các cơ quan, đơn vị căn cứ thành tích … để bình xét khen thưởng …" under "b) Tiêu
        # chuẩn khen thưởng"), as a heading there is.
        d.background = role == "background" and (bullet or not self._takes_on_duty(start, end))
        if bullet and self.para_context and self.para_context[0] == (section.id if section else None):
            d.lead_hint = list(self.para_context[1])
            d.support_hint = list(self.para_context[2])

    def _named_activity(self, section: Section | None) -> Draft | None:
        """The task drafted from a heading that only names an activity ("a) Hoạt động 1"), while
        it is still waiting for its content and fields."""
        d = self.last_task
        if d is None or section is None or d.section_id != section.id or d.line != section.line \
                or d.fields or d.dropped or not _ACTIVITY_NAME.fullmatch(section.heading.strip(" .:")):
            return None
        return d

    def _confirm(self, d: Draft) -> None:
        """A tentative heading draft that turned out to be a task of its own."""
        if d.tentative:
            d.tentative = False
            self.open_tentatives = [t for t in self.open_tentatives if t is not d]
            self.tasks_in_section[d.section_id] = self.tasks_in_section.get(d.section_id, 0) + 1

    def _is_closing(self, body: str) -> bool:
        if body.startswith("Trên đây"):
            return True
        return bool(self.p["assign"].search(body[:160]))

    # ------------------------------------------------------------------ fields
    def _field(self, m: re.Match[str], base: int, line_no: int, section: Section | None, role: str | None = None) -> None:
        role = role or _role_of(m.group("label"))
        vstart = base + m.start("value")
        vend = base + m.end("value")
        f = FieldLine(role, m.group("label"), vstart, vend, line_no)
        self.last_field = f
        scope = self._scope(section)
        targets = [d for d in self.pending if self._in_scope(d, scope) and not d.dropped]
        if not targets and self.last_task is not None and self.after_fields:
            targets = []
        for d in targets:
            d.fields.setdefault(role, []).append(f)
        self.after_fields = True
        # "- Cơ quan thực hiện:" with nothing after it: its value stands on the "+" lines below.
        self.open_field = (f, targets) if not self.text[vstart:vend].strip() and role in ("lead", "responsible") else None

    def _plus_value(self, line: Line, section: Section | None) -> bool:
        """A "+" line under an empty field: a value of that field ("+ Sở Văn hóa và Thể thao chủ
        trì, phối hợp với …"), or, when it also says what its body does ("+ Sở Xây dựng đăng tải
        thông điệp …"), a duty of its own. Returns False when the line is neither."""
        assert self.open_field is not None
        f, targets = self.open_field
        start, end = self._line_body(line)
        start += len(self.text[start:end]) - len(self.text[start:end].lstrip(" +"))
        units, stop = self._subject(start, end)
        if not units:
            return False
        rest = _ROLE_WORDS.sub("", self.text[stop:end].strip())
        while (sm := self.p["support"].match(rest)) is not None:
            _, upto = self.grammar.parse_list(rest, sm.end(), len(rest), bare_ok=True)
            rest = _ROLE_WORDS.sub("", rest[upto:].lstrip(" ,;"))
        if rest.strip(" .;"):
            self._new_task(section, start, end, line.number, "sentence")
            self.after_fields = True
            return True
        value = FieldLine("responsible", f.label, start, end, line.number)
        for d in targets:
            d.fields.setdefault("responsible", []).append(value)
        return True

    def _extend_field(self, line: Line) -> None:
        f = self.last_field
        assert f is not None
        f.value_end = line.end
        # The same FieldLine object is shared by the drafts it applies to.

    # ------------------------------------------------------------------ closing
    def _closing(self, line: Line, start: int, end: int) -> None:
        """The closing paragraph: one task per sentence that asks something of someone.

        "Trên đây là Kế hoạch …" only sums the document up; the request may follow after ";" or in
        the next sentences ("Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện. Định kỳ
        hằng năm (trước ngày 30 tháng 11) báo cáo kết quả thực hiện về Sở Xây dựng …"). A sentence
        with no body of its own is asked of the bodies of the sentence before it.
        """
        body = self.text[start:end]
        sentences = [start] + [start + m.end() for m in _SENTENCE_BREAK.finditer(body)]
        clauses = sentences
        if body.startswith("Trên đây"):
            # The request may start after ";" inside the summing-up sentence: "Trên đây là kế
            # hoạch …; các cơ quan, đơn vị, địa phương … nghiêm túc tổ chức, triển khai thực hiện./."
            starts = sorted(set(sentences) | {start + m.end() for m in re.finditer(r";\s+", body)})
            first = next((c for c in starts if c > start and self._asks(c, end)), None)
            if first is None:
                # "Trên đây là Kế hoạch …, Ủy ban nhân dân tỉnh đề nghị các cơ quan …"
                m = re.search(r",\s+(?=\S)", body)
                while m is not None and first is None:
                    at = start + m.end()
                    subject = self.grammar.match_at(self.text, at)
                    if subject is not None and self.p["assign_start"].match(self.text.lstrip(), 0) is None \
                            and re.match(r"\s*(?:yêu cầu|đề nghị|giao)\b", self.text[subject.end:end], re.I):
                        first = at
                    m = re.search(r",\s+(?=\S)", body[m.end():]) and re.compile(r",\s+(?=\S)").search(body, m.end())
            if first is None:
                return
            clauses = [first] + [c for c in sentences if c > first]
        bounds = clauses + [end]
        for s_start, s_end in zip(bounds, bounds[1:]):
            sentence = self.text[s_start:s_end].rstrip()
            if not sentence or self.p["not_task"].match(sentence) or re.match(r"(?:Trong quá trình|Quá trình)\b", sentence):
                continue
            d = self._new_task(None, s_start, s_start + len(sentence.rstrip(" ;")), line.number, "closing")
            d.section_id = None

    def _asks(self, start: int, end: int) -> bool:
        """True when the clause at `start` asks something: "Đề nghị …", "Yêu cầu …", "Giao …",
        or a body as its subject ("các cơ quan, đơn vị, địa phương … nghiêm túc tổ chức …")."""
        if self.p["assign_start"].match(self.text, start):
            return True
        units, _ = self._subject(start, end)
        return bool(units)

    # ------------------------------------------------------------------ tables
    def _in_plain_table(self, index: int) -> bool:
        """True when line `index` stands among the rows of the last table read and that table has
        no column of duties (sampling sites, budget lines): a Word group row written as a heading,
        or a row of two cells, is part of it and no task."""
        if self.table_end < 0 or self.table_columns or not 0 < index - self.table_end <= 4:
            return False
        following = [ln for ln in self.doc.lines[index + 1:index + 4] if not ln.blank][:1]
        return bool(following) and " | " in following[0].text

    def _table(self, rows: list[Line], section: Section | None, *, continuing: bool = False) -> None:
        rows = [r for r in rows if not r.blank]
        header_idx, columns = None, {}
        for k, row in enumerate(rows[:3]):
            cols = self._table_columns(row)
            if cols:
                header_idx, columns = k, cols
                break
        if header_idx is None:
            if not (continuing and self.table_columns):
                self.table_columns = {}
                return
            header_idx, columns = -1, self.table_columns
        self.table_columns = columns
        numbered = False
        for row in rows[header_idx + 1:]:
            cells = row.cells()
            content = columns.get("content")
            if content is None or content >= len(cells):
                continue
            first = cells[0][1].strip()
            shift = 0
            if not re.match(r"^\d+(?:\.\d+){0,2}[.)]?$", first):  # "7", "7.", "7.6" (a row under group 7)
                # A row under a merged "TT" cell has no number: its cells start one column later
                # ("Thực hiện sao lưu dữ liệu … | Sở Khoa học và Công nghệ | Sở Tài chính").
                if not (numbered and content >= 1 and len(first.split()) >= 4
                        and not re.match(r"^[IVXLC]+[.)]?$|^[A-Z][.)]?$", first)):
                    continue
                shift = 1
            else:
                numbered = True
                if columns.get("content") == 0:
                    # A header that leaves out the "TT" column ("Nội dung | Đơn vị thực hiện | …") over
                    # numbered rows ("1.1 | Xây dựng … | Sở Nông nghiệp và Môi trường | …"): the row's
                    # cells start one column later than the header's.
                    shift = -1
            columns_here = {role: idx - shift for role, idx in columns.items()}
            content = columns_here["content"]
            c_off, c_text = cells[content]
            lead_off = c_off + (len(c_text) - len(c_text.lstrip()))
            d = self._new_task(section, lead_off, c_off + len(c_text.rstrip()), row.number, "table")
            for role in ("lead", "support", "responsible", "monitor", "time", "product"):
                idx = columns_here.get(role)
                if idx is None or idx >= len(cells) or idx < 0:
                    continue
                off, val = cells[idx]
                lstrip = len(val) - len(val.lstrip())
                f = FieldLine(role, role, off + lstrip, off + len(val.rstrip()), row.number)
                if val.strip():
                    d.fields.setdefault(role, []).append(f)
        self.pending = []
        self.after_fields = False

    def _table_columns(self, row: Line) -> dict[str, int]:
        cols: dict[str, int] = {}
        cells = row.cells()
        # A header row names its columns in a few words; a numbered row is data, not a header.
        if re.match(r"^\s*\d", cells[0][1]) or any(len(c.split()) > 12 for _, c in cells):
            return cols
        for k, (_, cell) in enumerate(cells):
            c = fold(cell)
            if re.search(r"\bdon vi (?:tinh|do)\b", c):
                continue  # "Đơn vị tính": the unit of measure of a budget table, not a body
            if re.search(r"\bchu tri\b", c):
                cols["lead"] = k
            elif re.search(r"\bphoi hop\b", c):
                cols["support"] = k
            elif re.search(r"\btheo doi\b", c):
                cols["monitor"] = k
            elif re.search(r"\b(thoi gian|thoi han|tien do)\b", c):
                cols["time"] = k
            elif re.search(r"\bsan pham\b", c):
                cols["product"] = k
            elif re.search(r"\b(trach nhiem|don vi thuc hien|co quan thuc hien|don vi|co quan)\b", c) and k > 0:
                cols.setdefault("responsible", k)  # one column for both roles: "Trách nhiệm thực hiện"
            elif re.search(r"\b(noi dung|nhiem vu|ten nhiem vu)\b", c) and "content" not in cols:
                cols["content"] = k
        if "lead" in cols:
            cols.pop("responsible", None)
        elif "support" in cols and "responsible" in cols:
            # "Đơn vị thực hiện | Đơn vị phối hợp": beside a column of supporters, the bodies that
            # carry the task out lead it.
            cols["lead"] = cols.pop("responsible")
        return cols if "content" in cols and ({"lead", "support", "responsible"} & set(cols)) else {}

    # ------------------------------------------------------------------ resolution
    def _parse_units(self, start: int, end: int, *, field_value: bool) -> list[UnitMatch]:
        units: list[UnitMatch] = []
        cur = start
        # A field value may be prose ("Sở X tiến hành rà soát …; các sở, ngành … rà soát …"):
        # read a list at the start of each clause.
        while cur < end:
            found, stop = self.grammar.parse_list(self.text, cur, end, field=field_value)
            units.extend(found)
            nxt = self.text.find(";", max(stop, cur), end)
            if nxt < 0:
                break
            cur = nxt + 1
            while cur < end and self.text[cur] == " ":
                cur += 1
        return units

    def _responsibility(self, start: int, end: int) -> tuple[list[UnitMatch], list[UnitMatch]]:
        """Lead and supporting units of a "Trách nhiệm thực hiện" cell.

        Ví dụ: "Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp" → lead Sở Nội vụ, support Sở Tư pháp;
        "Chủ trì: Sở Y tế; Phối hợp: các đơn vị liên quan"; "Lãnh đạo Sở Công Thương" → lead only.
        """
        cell = self.text[start:end]
        marker = re.search(r"(?:^|[,;.]\s*)(?:phối hợp|Phối hợp)(?:\s+với)?\s*:?\s*", cell)
        lead_end = start + (marker.start() if marker else len(cell))
        lead_start = start
        label = re.match(r"\s*(?:Chủ trì|chủ trì)\s*:?\s*", cell)
        if label:
            lead_start = start + label.end()
        lead = self._parse_units(lead_start, lead_end, field_value=True)
        support = self._parse_units(start + marker.end(), end, field_value=True) if marker else []
        return lead, support

    def _decided(self, d: Draft) -> bool:
        """True for an item under a lead-in by which the issuer decides ("… quyết định … như sau:"),
        unless it assigns a body by name itself."""
        sid = d.section_id or ""
        for scope, offset in self.decided:
            if offset < d.start and (sid == scope or sid.startswith(scope + ".")):
                return not (d.fields or self.p["assign_start"].match(self.text, d.start)
                            or self._subject(d.start, d.end)[0])
        return False

    def _inherited_scope_nearer(self, d: Draft) -> bool:
        """True when a lead-in's section is nearer to the draft than the heading that named units."""
        sid = d.section_id
        while sid:
            found = self._inherited_at(sid)
            if found is not None and found[0] < d.start and found[1]:
                return True
            if sid in self.unit_context:
                return False
            sec = self.by_id.get(sid)
            sid = sec.parent_id if sec else None
        return False

    def _inherited_at(self, sid: str) -> tuple[int, list[UnitMatch], list[UnitMatch]] | None:
        """What a lead-in of section `sid` names, reading a duty heading's subject when first asked."""
        found = self.inherited.get(sid)
        if found is None and sid in self.duty_headings:
            start, end = self.duty_headings.pop(sid)
            leadin = self._leadin(start, end, colon=False)
            if leadin and leadin[0]:
                found = self.inherited[sid] = (start, leadin[0], [])
        return found

    def _inherited(self, d: Draft) -> tuple[list[UnitMatch], list[UnitMatch]] | None:
        """The roles a lead-in above the draft gives it: in its own section or an ancestor's."""
        sid = d.section_id
        while sid:
            found = self._inherited_at(sid)
            if found is not None and found[0] < d.start and found[1]:
                return found[1], found[2]
            sec = self.by_id.get(sid)
            sid = sec.parent_id if sec else None
        return None

    def _subject(self, start: int, end: int) -> tuple[list[UnitMatch], int]:
        """Units that open a sentence as its subject, and where they end."""
        text = self.text
        cur = start
        am = self.p["assign_start"].match(text, cur)
        if am:
            cur = am.end()
        if not am:
            # "Trong thời gian tới, yêu cầu các bộ, ngành …": a short adverbial before the request
            adverbial = _ADVERBIAL.match(text, cur, end)
            if adverbial:
                cur = adverbial.end()
                am = self.p["assign_start"].match(text, cur)
                if am:
                    cur = am.end()
        polite = _POLITE.match(text, cur)
        if polite:
            cur = polite.end()  # "Các ông (bà) Chánh Văn phòng UBND tỉnh, Giám đốc các sở …"
        tm = self.p["fronted_time"].match(text, cur)
        if tm:
            # "Định kỳ (trước ngày 31 tháng 10 hằng năm), Ủy ban nhân dân cấp xã có trách nhiệm …":
            # the time ends at its first comma outside brackets, and the subject follows it.
            comma = _first_comma(text, tm.end(), min(end, cur + 160))
            if comma < 0:
                return [], start
            units, stop = self.grammar.parse_list(text, comma + 2, end)
            tail = text[stop:end].strip()
            return (units, stop) if units and tail and tail[0] not in ".;:" else ([], start)
        fm = self.p["fronted"].match(text, cur)
        if fm and fold(fm.group(0)) == "ve" and ":" in text[cur:min(end, cur + 400)].split(";")[0].split(". ")[0]:
            return [], start  # "Về …: đề nghị các Tập đoàn …": the topic label is read by the caller
        if fm and fold(fm.group(0)) == "doi voi":
            # "Đối với các cơ quan Trung ương đóng trên địa bàn tỉnh: …": the bodies addressed lead.
            units, stop = self.grammar.parse_list(text, fm.end() + 1, end)
            if units and text[stop:stop + 2].strip()[:1] in (":", ","):
                return units, stop
        if fm:
            # The subject follows the fronted clause after "," or ";" ("Để toàn dân đồng lòng, thi
            # đua hành động, …; các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc tỉnh … triển khai …").
            # A ";" ends the fronted clause for sure; a "," may stand inside it.
            limit = min(end, cur + 400)
            semicolon = text.find("; ", cur, limit)
            if semicolon >= 0:
                units, stop = self.grammar.parse_list(text, semicolon + 2, end)
                if units:
                    return units, stop
            comma = text.find(", ", cur, min(end, cur + 220))
            while comma >= 0:
                # "Khi nhà đầu tư có … vướng mắc, yêu cầu các sở, ngành, địa phương liên quan …"
                at = comma + 2
                request = self.p["assign_start"].match(text, at)
                units, stop = self.grammar.parse_list(text, request.end() if request else at, end)
                if units:
                    return units, stop
                comma = text.find(", ", comma + 2, min(end, cur + 220))
            return [], start
        units, stop = self.grammar.parse_list(text, cur, end)
        if not units:
            return [], start
        # A subject is followed by its verb, not by the end of the text; "Sở Xây dựng: Tiếp tục
        # duy trì …" names the unit as a label before its duty.
        tail = text[stop:end].strip()
        if not tail or tail[0] in ".;" or (tail[0] == ":" and not tail[1:].strip()):
            return [], start
        return units, stop

    def _supports_in_text(self, start: int, end: int) -> list[UnitMatch]:
        out: list[UnitMatch] = []
        for m in self.p["support"].finditer(self.text, start, end):
            # After "phối hợp với" come bodies, named or not ("… với doanh nghiệp, viện nghiên cứu");
            # after a bare "phối hợp" a verb may come ("phối hợp tổ chức …"), so there a noun that is
            # also a verb is read as the verb; other nouns are bodies ("Phối hợp chặt chẽ lực lượng
            # Công an …", "Phối hợp cơ quan báo chí và hệ thống truyền thông …").
            with_object = m.group(0).rstrip().endswith(("với", "cùng")) or not _VERB_NOUN.match(self.text, m.end())
            units, _ = self.grammar.parse_list(self.text, m.end(), end, bare_ok=with_object)
            out.extend(units)
        return out

    def _reports_in_text(self, start: int, end: int) -> list[UnitMatch]:
        out: list[UnitMatch] = []
        for m in self.p["report"].finditer(self.text, start, end):
            units, _ = self.grammar.parse_list(self.text, m.end(), end)
            out.extend(units[:1])
        return out

    def _finish(self) -> list[Task]:
        tasks: list[Task] = []
        counters: dict[str, int] = {}
        # Background parts hold tasks only where field lines assign them ("Đơn vị chủ trì: …").
        self.drafts = [d for d in self.drafts if not d.dropped and not self._decided(d)
                       and (not d.background or d.fields.get("lead") or d.fields.get("support"))]
        for d in sorted(self.drafts, key=lambda d: d.start):
            tasks.append(self._resolve(d, counters))
        return tasks

    def _resolve(self, d: Draft, counters: dict[str, int]) -> Task:
        text_end = d.end
        body = self.text[d.start:text_end]
        lead: list[UnitMatch] = []
        support: list[UnitMatch] = []
        monitor: list[UnitMatch] = []
        found_by = d.found_by
        title_from = text_from = d.start
        for f in d.fields.get("lead", []):
            if re.search(r"\bphối hợp\b", self.text[f.value_start:f.value_end], re.I):
                # "Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành …"
                led, supporting = self._responsibility(f.value_start, f.value_end)
                lead += led
                support += supporting
            else:
                lead += self._parse_units(f.value_start, f.value_end, field_value=True)
        for f in d.fields.get("support", []):
            support += self._parse_units(f.value_start, f.value_end, field_value=True)
        for f in d.fields.get("monitor", []):
            monitor += self._parse_units(f.value_start, f.value_end, field_value=True)
        for f in d.fields.get("responsible", []):
            led, supporting = self._responsibility(f.value_start, f.value_end)
            lead += led
            support += supporting
        has_fields = bool(d.fields.get("lead") or d.fields.get("support") or d.fields.get("responsible"))
        if has_fields and found_by not in ("table",):
            found_by = "fields"
        if not lead:
            am = self.p["assign_start"].match(self.text, d.start)
            context = self._lead_context(d.section_id)
            if context and self._inherited_scope_nearer(d):
                # "d) Giao Ban Quản lý … chỉ đạo các đơn vị kinh doanh hạ tầng … có trách nhiệm:"
                # under "8. Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành": the nearer lead-in names
                # the bodies of its items.
                context = []
            if found_by == "closing":
                vm = self.p["assign"].search(self.text, d.start, min(text_end, d.start + 200))
                if vm:
                    lead, _ = self.grammar.parse_list(self.text, vm.end(), text_end)
                if not lead and not self._subject(d.start, text_end)[0] and self._closing_lead:
                    lead = list(self._closing_lead)  # "… Định kỳ hằng năm báo cáo kết quả …"
            elif am and (fold(am.group("verb")) == "giao" or not self._named_by_heading(d.section_id)):
                # "Giao Sở X …", and under the issuer's lead-in "Đề nghị Ủy ban Kinh tế và Tài chính
                # của Quốc hội …": the bodies an item itself asks lead it. Under a heading that
                # names the body in charge ("4. Sở Khoa học và Công nghệ"), "- Yêu cầu các cơ quan
                # thông tấn …" is that body's own request.
                lead, upto = self.grammar.parse_list(self.text, am.end(), text_end)
                found_by = "sentence" if lead else found_by
                colon = re.match(r"\s*:\s*", self.text[upto:text_end]) if lead else None
                if colon:  # "Đề nghị các doanh nghiệp viễn thông (VNPT, …): Đảm bảo thông tin …"
                    title_from = text_from = upto + colon.end()
            if not lead and context and not d.lead_hint and not has_fields:
                # An item with a subject of its own keeps it, whatever body the heading or lead-in
                # above named: "(4) Sau khi được Quốc hội thông qua, các Bộ, cơ quan, địa phương tập
                # trung …"; under "17. Ủy ban nhân dân xã, phường": "c) Chủ tịch Ủy ban nhân dân xã,
                # phường chịu trách nhiệm trực tiếp …". A subject that speaks gives those it asks:
                # "b) Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành … triển khai …".
                own, stop = self._subject(d.start, text_end)
                context_keys = {fold(u.canonical) for u in context}
                if own and {fold(u.canonical) for u in own} != context_keys and not _STATIVE.match(self.text, stop, text_end):
                    speaks = _SPEAKS.match(self.text, stop, text_end)
                    if speaks and speaks.group("asks"):
                        own, _ = self.grammar.parse_list(self.text, speaks.end(), text_end)
                    elif speaks:
                        own = []
                    elif self._named_by_heading(d.section_id) and {self._body_key(u) for u in own} <= context_keys:
                        # "3. Công an Thành phố, Bộ Tư lệnh Thành phố" / "Công an Thành phố chủ trì …":
                        # one of them leads; "17. Ủy ban nhân dân xã, phường" / "c) Chủ tịch Ủy ban
                        # nhân dân xã, phường chịu trách nhiệm …": the head of that body answers.
                        pass
                    elif self._named_by_heading(d.section_id):
                        # Under a heading that names the body in charge, other bodies named as
                        # subjects work with it ("b) Sở Tài chính và các đơn vị có liên quan tham
                        # mưu …" under "1. Công an tỉnh"): the heading's body leads. (Reading them as
                        # supporting bodies fitted one document and lowered the held-out half.)
                        own = []
                    if own:
                        lead = own
                        found_by = "sentence" if found_by == "item" else found_by
            if not lead and found_by != "closing":
                # "Sau khi VCCI công bố kết quả …, giao Trung tâm X chủ trì …": giao after a fronted clause.
                gm = re.search(r"[,;]\s+giao\s+|[.:]\s+[Gg]iao\s+", self.text[d.start:min(text_end, d.start + 300)])
                if gm:
                    lead, _ = self.grammar.parse_list(self.text, d.start + gm.end(), text_end)
                    found_by = "sentence" if lead and found_by == "item" else found_by
            if lead:
                pass  # found above: "giao X" at the start or after a fronted clause
            elif d.lead_hint:
                lead = list(d.lead_hint)
                found_by = "sentence" if found_by == "item" else found_by
            elif context:
                lead = list(context)
                found_by = "unit_heading" if not has_fields else found_by
            else:
                subj, stop = self._subject(d.start, text_end)
                label = None if subj else (_LABEL.match(self.text, d.start, text_end)
                                           or _TOPIC_LABEL.match(self.text, d.start, text_end))
                if not subj and label is None and (long := _LONG_LABEL.match(self.text, d.start, text_end)):
                    # "Giấy khen của Thủ trưởng …; Chủ tịch UBND xã, phường: Căn cứ vào tình hình
                    # thực tiễn, … Thủ trưởng các cơ quan, đơn vị … xét tặng": the duty after the label.
                    subj, stop = self._subject(long.end(), text_end)
                    if subj and not _STATIVE.match(self.text, stop, text_end):
                        title_from = text_from = long.end()
                    else:
                        subj = []
                if label and not subj:
                    # "2. Về dự án …: Bộ Xây dựng khẩn trương rà soát …", "3. Về …: giao Tập đoàn X …"
                    asked = self.p["assign_start"].match(self.text, label.end())
                    if asked:
                        subj, stop = self.grammar.parse_list(self.text, asked.end(), text_end)
                        if subj:
                            title_from = label.end()
                            label = None
                if label:  # "Giải pháp khắc phục: Sở Tư pháp tập trung triển khai …"
                    subj, stop = self._subject(label.end(), text_end)
                    if subj:
                        title_from = label.end()
                if subj:
                    lead = subj
                    colon = re.match(r"\s*:\s*", self.text[stop:text_end])
                    if colon:
                        # "Sở Xây dựng: Tiếp tục duy trì …", "Đề nghị các doanh nghiệp viễn thông
                        # (VNPT, Viettel, …): Đảm bảo thông tin liên lạc …": the units are the
                        # assignment, the duty after the colon is the task's text.
                        title_from = text_from = stop + colon.end()
                    if found_by == "item":
                        found_by = "sentence"
        inherited = None if lead else self._inherited(d)
        if inherited is not None:
            lead = list(inherited[0])
            if found_by == "item":
                found_by = "unit_heading"
        elif not lead and found_by == "item" and self.addressees and self.doc_type.startswith("THÔNG BÁO"):
            # A conclusion that names no body is for the bodies the notice is sent to, by name
            # ("để Ủy ban nhân dân tỉnh Phú Thọ và các Bộ, cơ quan liên quan biết, thực hiện").
            named = [u for u in self.addressees if not u.collective]
            if named:
                lead = named
                found_by = "closing"
        if not has_fields or not d.fields.get("support"):
            if not has_fields or (found_by == "table" and not support):
                # A table row whose support cell is empty, or that has none, may name its
                # supporting bodies in its duty ("Chủ trì, phối hợp với Bộ Tài chính xây dựng Đề án …").
                support = [u for u in self._supports_in_text(d.start, text_end)]
            if not support and d.support_hint:
                support = list(d.support_hint)
            if not support and inherited is not None:
                support = list(inherited[1])
        if not support and found_by == "unit_heading":
            support = list(self._support_context(d.section_id))
        lead_keys = {fold(u.canonical) for u in lead}
        if not d.fields.get("support"):
            # A unit found in the text both as subject and after "phối hợp với" leads; a unit that
            # the document itself lists under both fields keeps both roles, as written.
            support = [u for u in support if fold(u.canonical) not in lead_keys]
        seen: set[str] = set()  # a body named twice in the duty ("phối hợp với Bộ Công an … với Bộ Công an") once
        support = [u for u in support if not (fold(u.canonical) in seen or seen.add(fold(u.canonical)))]
        reports = [u for u in self._reports_in_text(d.start, text_end)
                   if fold(u.canonical) not in lead_keys]

        if found_by == "closing" and d.section_id is None and lead:
            self._closing_lead = lead
        deadline = None
        if d.fields.get("time"):
            f = d.fields["time"][0]
            deadline = parse_deadline(self.text[f.value_start:f.value_end], f.value_start, f.line, doc_year=self.doc_year)
        if deadline is None:
            deadline = find_deadline(body, d.start, d.line, doc_year=self.doc_year)
        form = product = None
        if d.fields.get("form"):
            f = d.fields["form"][0]
            form = self.text[f.value_start:f.value_end].strip()
        if d.fields.get("product"):
            f = d.fields["product"][0]
            product = self.text[f.value_start:f.value_end].strip()

        assignments: list[UnitRef] = []
        lead_ids: list[str] = []
        support_ids: list[str] = []
        for role, units, ids in (("lead", lead, lead_ids), ("support", support, support_ids),
                                 ("monitor", monitor, None), ("report_to", reports, None)):
            for u in units:
                uid = self.units.add(u)
                if ids is not None and uid not in ids:
                    ids.append(uid)
                assignments.append(UnitRef(unit_id=uid, role=role, text=" ".join(u.text.split()),
                                           span=Span(start=u.start, end=u.end), line=self.doc.line_of(u.start)))
        if d.section_id is None and found_by != "closing":
            key = "end"
        else:
            key = d.section_id or "end"
        counters[key] = counters.get(key, 0) + 1
        full = " ".join(self.text[text_from:text_end].split())
        for s, e in d.extra:
            full += " " + " ".join(self.text[s:e].split())
        return Task(
            id=f"T:{key}:{counters[key]}",
            section_id=d.section_id,
            text=full,
            title=_title(full if title_from == text_from else " ".join(self.text[title_from:text_end].split())),
            lead_units=lead_ids,
            support_units=support_ids,
            assignments=assignments,
            deadline=deadline,
            form=form,
            product=product,
            found_by=found_by,  # type: ignore[arg-type]
            span=Span(start=text_from, end=max(text_end, max((e for _, e in d.extra), default=text_end))),
            line=d.line,
        )


_LONG_LABEL = re.compile(r"[^\W\d_][^:\n]{2,160}?:[ ]+(?=[^\W\d_])")
"""A label of a part heading that names what it is about, up to its colon ("Giấy khen của Thủ
trưởng các cơ quan, đơn vị; Chủ tịch UBND xã, phường: …")."""

_LABEL = re.compile(r"[^\W\d_][^:;.,\n]{2,40}:[ ]+(?=[^\W\d_])")
"""A short label before the text of a duty ("Giải pháp khắc phục: …", "Nhiệm vụ trọng tâm: …")."""

_ROLE_HEADING = re.compile(
    r"chủ trì(?:\s+thực hiện)?(?:\s*,?\s*(?:và\s+)?phối hợp(?:\s+với)?\s+(?P<rest>\S.*))?", re.I | re.S)
"""What follows the units of a role heading: "chủ trì", "chủ trì, phối hợp (với) <units>"."""

_ACTIVITY_NAME = re.compile(r"(?:Hoạt động|Nhiệm vụ|Nội dung|Dự án|Tiểu dự án|Đề án|Chương trình|Mô hình)\s+(?:\d+|[IVX]+|[a-zđ])", re.I)
"""A heading that only names an activity: "Hoạt động 1", "Nhiệm vụ 2", "Tiểu dự án 3"."""

_SENTENCE_BREAK = re.compile(r"(?<![A-ZĐ])\.\s+(?=[A-ZĐÀ-Ỹ])")
"""The end of a sentence inside a paragraph ("… triển khai thực hiện. Định kỳ hằng năm …"), not
after an abbreviation ("TP. Hà Nội")."""

_STATIVE = re.compile(r"\s*(?:đã|được|là|có thành tích|có|vẫn|chưa)\s", re.I)
"""A subject followed by these states a fact about a body rather than giving it a duty."""

_VERB_NOUN = re.compile(r"(?:tổ chức|ban hành|ban\b|hội nghị|hội thảo|đoàn kiểm tra)", re.I)
"""Nouns of the unit grammar that, right after a bare "phối hợp", are verbs or events ("phối hợp tổ
chức hội nghị", "phối hợp ban hành")."""

_TAKES_ON = re.compile(r"\s*(?:căn cứ|chủ động|chủ trì|có trách nhiệm|chịu trách nhiệm|phối hợp)\b", re.I)
"""Words after a subject by which it takes on a duty in so many words."""

_TOPIC = re.compile(r"(?:Về|VỀ)\s")
"""A heading that names a topic ("Về chính quyền địa phương 02 cấp:") rather than a duty."""
_TOPIC_LABEL = re.compile(r"(?:Về|VỀ)\s[^:\n]{3,400}?:\s+(?=\S)")
"""A topic written before the duty on it: "Về điều chuyển số vốn dư … cho tỉnh Thanh Hóa: Ủy ban …"."""

_SPEAKS = re.compile(r"\s*(?:(?P<asks>yêu cầu|đề nghị|giao)|(?P<decides>quyết định|quyết nghị|ban hành)|thông báo|kết luận|chỉ thị|trân trọng)\s+", re.I)
"""A subject followed by these verbs is the issuer speaking, not a body taking on the items below."""

_DIRECTS = re.compile(r"\s*chỉ đạo\s+(?=\S)")
"""A body that directs another to carry out the items: "Sở X chỉ đạo Chi cục Y thực hiện …:"."""

_ROLE_WORDS = re.compile(r"^(?:[,;]?\s*(?:là cơ quan đầu mối|chủ trì|theo chức năng, nhiệm vụ(?: được giao)?|chủ động))+[,;]?\s*", re.I)
"""Role phrases between the units of a lead-in and what it announces."""

_POLITE = re.compile(r"(?:Các\s+)?(?:ông|Ông)\s*(?:\(\s*bà\s*\)|,\s*bà)\s+|(?:Đồng chí|đồng chí|Các đồng chí)\s+")

_ROLE_SUBHEADING = re.compile(r"(?:[Cc]hủ trì\s*,\s*phối hợp|Phối hợp)(?:\s+(?:chặt chẽ\s+)?với)?\s+(?=\S)")
"""A sub-heading that gives the roles only: "a) Chủ trì, phối hợp với các sở, ban, ngành …", "b)
Phối hợp với các sở, ngành, UBND các xã, phường" (the body above leads, these support, as in a
sentence "Phối hợp với Công an thành phố tham mưu …" under "2. Sở Tài chính")."""

_ADVERBIAL = re.compile(
    r"(?:Trong|Thời gian|Từ|Sau|Trước|Hằng|Hàng|Định kỳ|Đến|Ngay|Nhằm|Để|Khi|Trường hợp|Qua|Theo)\b"
    r"[^,;:.\n]{0,60},\s+(?=(?:yêu cầu|đề nghị|giao)\s)")
"""A short phrase of time or condition before the request it opens: "Trong thời gian tới, yêu cầu …"."""

_MEMBERSHIP = re.compile(
    r"[,\-–]\s*(?:Phó\s+)?(?:Trưởng ban|Trưởng Ban|Ủy viên|Thành viên|Tổ trưởng|Tổ phó|Thư ký|Trưởng đoàn|"
    r"Phó Trưởng đoàn|Thường trực)(?:\s+[\w ]{0,30})?[;.]?\s*$"
)
"""The end of a line of a member list ("…, Phó Trưởng ban Thường trực")."""


def _first_comma(text: str, start: int, end: int) -> int:
    """Where the first ", " outside brackets lies in text[start:end], or -1 (also at a sentence's end).

    Ví dụ: _first_comma("Định kỳ (trước ngày 31, hằng năm), Sở Y tế …", 7, 60) → 33.
    """
    depth = 0
    for i in range(start, min(end, len(text) - 1)):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif not depth and c in ".;:\n":
            return -1
        elif not depth and c == "," and text[i + 1] == " ":
            return i
    return -1


def _strong(unit: UnitMatch, grammar: UnitGrammar) -> bool:
    """A unit that can head a section on its own: a named body, an office-holder, or a collective
    with "các" or a list ("Sở, ban, ngành")."""
    if not unit.collective or unit.kind != "collective" or grammar.c["title"].match(unit.text):
        return True
    return bool(re.match(r"(?:các|những)\s", unit.text, re.I)) or "," in unit.text


def _title(text: str, limit: int = 140) -> str:
    """The first clause of a task: up to ";", ":" or the end of the first sentence."""
    cut = first_sentence(text)
    m = re.search(r"[;:]\s", cut)
    if m and m.start() > 15:
        cut = cut[: m.start()]
    cut = cut.rstrip(" .;:,")
    if len(cut) > limit:
        space = cut.rfind(" ", 0, limit)
        cut = cut[: space if space > 40 else limit] + " …"
    return cut


def extract_tasks(doc: Doc, layout: Layout, sections: list[Section], headings: list[HeadingLine],
                  grammar: UnitGrammar, table: UnitTable, doc_year: int | None = None,
                  doc_type: str | None = None) -> list[Task]:
    """Return the plan's tasks in document order, recording their units in `table`.

    Ví dụ: "b) Đổi mới nội dung … / Đơn vị chủ trì: Sở Thông tin và Truyền thông / Đơn vị phối
    hợp: Ban Tuyên giáo, Công an tỉnh" → one task, lead Sở Thông tin và Truyền thông, support Ban
    Tuyên giáo and Công an tỉnh.
    """
    return TaskExtractor(doc, layout, sections, headings, grammar, table, doc_year, doc_type).run()
