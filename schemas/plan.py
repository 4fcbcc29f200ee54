"""Pydantic models of the plan JSON (schema_version 1).

Every extracted item carries a `span` (start, end character offsets into the normalised text,
end exclusive) and the 1-based `line` of the normalised text where it starts, so a reader can
check it against the document. Ids are derived from the document's own structure and are
stable: the same input gives byte-identical JSON.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_serializer

SCHEMA_VERSION = 1

IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
"""A calendar date written YYYY-MM-DD."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A half-open character range [start, end) in the normalised text."""

    start: int = Field(ge=0, description="Offset of the first character, 0-based.")
    end: int = Field(ge=0, description="Offset one past the last character.")


class SourceLocation(_Model):
    """Where an item stands in the original file, beyond its line in the normalised text."""

    line: Optional[int] = Field(
        None, ge=1,
        description="1-based line of the original text file where the item's paragraph starts, given when "
                    "the reader rebuilt the lines (hard-wrapped text rejoined, a saved web page split into "
                    "paragraphs, a repaired crawler copy); left out otherwise.",
    )
    page: Optional[int] = Field(None, ge=1, description="1-based page of a PDF.")
    paragraph: Optional[int] = Field(None, ge=0, description="0-based index of the body paragraph in a Word file.")
    table: Optional[int] = Field(None, ge=0, description="0-based index of the table (Word file, or PDF page).")
    row: Optional[int] = Field(None, ge=0, description="0-based row of that table.")
    cell: Optional[int] = Field(None, ge=0, description="0-based column of the cell in that row.")

    @model_serializer(mode="wrap")
    def _without_null_line(self, handler):
        # `line` appears only where the reader rebuilt the lines, so the locations of Word, PDF and
        # tab-table files read as before.
        data = handler(self)
        if isinstance(data, dict) and data.get("line") is None:
            data.pop("line", None)
        return data


class SourceInfo(_Model):
    file: str = Field(description="File name of the input (no directory).")
    format: Literal["txt", "docx", "pdf", "doc", "json", "image"] = Field(description="Input format as read.")
    sha256: str = Field(description="SHA-256 of the input file's bytes, hex.")
    characters: int = Field(description="Length of the normalised text in characters.")
    encoding: str = Field(description="Text encoding the input was decoded from.")
    conversions: list[str] = Field(
        default_factory=list,
        description="Normalisation steps that changed the text (e.g. 'nfc', 'tone-marks', 'spaces').",
    )


class DocumentInfo(_Model):
    doc_type: Optional[str] = Field(None, description="Document type as printed, e.g. 'KẾ HOẠCH', 'CHỈ THỊ'.")
    title: Optional[str] = Field(None, description="The trích yếu (subject line) under the type.")
    number_symbol: Optional[str] = Field(None, description="Số ký hiệu, e.g. '308/KH-UBND'; null when left blank.")
    place: Optional[str] = Field(None, description="Place in the date line, e.g. 'Hà Nội'.")
    date: Optional[IsoDate] = Field(None, description="Date of issue, ISO; null when left blank.")
    issuer: Optional[str] = Field(None, description="Issuing body, written out in full, e.g. 'Ủy ban nhân dân tỉnh Bắc Ninh'.")
    issuer_as_printed: Optional[str] = Field(None, description="Issuer line as printed in the header block.")
    signer: Optional[str] = Field(None, description="Name of the person who signs.")
    signer_title: Optional[str] = Field(None, description="Signer's title, e.g. 'PHÓ CHỦ TỊCH'.")
    signing_authority: Optional[str] = Field(None, description="Authority formula, e.g. 'KT. CHỦ TỊCH', 'TM. ỦY BAN NHÂN DÂN'.")
    recipients: list[str] = Field(default_factory=list, description="The 'Nơi nhận' list, one entry per line or item.")
    is_draft: bool = Field(False, description="True when the text is marked DỰ THẢO (draft).")
    span: Optional[Span] = Field(None, description="Span of the header block.")


class Section(_Model):
    id: str = Field(description="Dotted path of labels, e.g. 'B.II.2.a'; 'Thứ nhất' gives '1'.")
    label: str = Field(description="The marker's label as read: 'B', 'II', '2', '1.1', 'a', 'đ'.")
    marker: str = Field(description="Marker kind: upper, roman, arabic, arabic_dotted, lower, paren ('(1)'), ordinal, chapter, article, appendix.")
    level: int = Field(ge=1, description="Depth in the outline, 1 for top-level headings.")
    heading: str = Field(description="The heading line, or its first sentence where the heading runs into the body.")
    parent_id: Optional[str] = Field(None, description="Id of the enclosing section, null at the top.")
    span: Span = Field(description="Span of the heading line.")
    line: int = Field(ge=1, description="1-based line of the heading.")
    location: Optional[SourceLocation] = Field(None, description="Where it stands in the original file (Word, PDF, or the file line of a rebuilt text); null for text files read line for line.")


class UnitRef(_Model):
    """One unit's part in a task."""

    unit_id: str = Field(description="Id of the unit in `units`.")
    role: Literal["lead", "support", "advise", "monitor", "report_to"] = Field(description="What the unit does for the task.")
    text: str = Field(description="The unit as written at this place.")
    span: Span
    line: int = Field(ge=1)
    location: Optional[SourceLocation] = Field(None, description="Where it stands in the original file (Word, PDF, or the file line of a rebuilt text); null for text files read line for line.")


class Deadline(_Model):
    text: str = Field(description="The time phrase as written, e.g. 'trước ngày 30/11 hằng năm'.")
    start: Optional[IsoDate] = Field(None, description="First day of the period, when determined.")
    due: Optional[IsoDate] = Field(None, description="Last day (due date), when determined.")
    recurrence: Optional[Literal["daily", "weekly", "monthly", "quarterly", "half-yearly", "yearly", "monthly|quarterly"]] = Field(
        None, description="How often the deadline recurs."
    )
    day_month: Optional[str] = Field(None, description="Day and month of a yearly or monthly deadline, 'DD/MM' or 'DD'.")
    ongoing: bool = Field(False, description="True for 'thường xuyên' (continuous, no fixed date).")
    span: Optional[Span] = None
    line: Optional[int] = Field(None, ge=1)


class Task(_Model):
    id: str = Field(description="Stable id: 'T' + section id + ordinal within the section, e.g. 'T:B.II.2.a:1'.")
    section_id: Optional[str] = Field(None, description="Section the task stands in; null for closing requests.")
    text: str = Field(description="The whole task text.")
    title: str = Field(description="Its first clause, for lists and checklists.")
    lead_units: list[str] = Field(default_factory=list, description="Ids of the units that lead (chủ trì).")
    support_units: list[str] = Field(default_factory=list, description="Ids of the units that support (phối hợp).")
    assignments: list[UnitRef] = Field(default_factory=list, description="Every unit's role in the task, with where it is written.")
    deadline: Optional[Deadline] = None
    form: Optional[str] = Field(None, description="'Hình thức:' field when present.")
    product: Optional[str] = Field(None, description="'Sản phẩm:' field when present.")
    legal_ref_ids: list[str] = Field(default_factory=list, description="Ids of legal references cited in the task.")
    found_by: Literal["fields", "unit_heading", "sentence", "closing", "table", "item"] = Field(
        description="Which pattern found the task: field lines after an item, a unit heading in the implementation part, "
        "an assigning sentence, a closing request, an assignment table row, or a plain action item."
    )
    span: Span
    line: int = Field(ge=1)
    location: Optional[SourceLocation] = Field(None, description="Where it stands in the original file (Word, PDF, or the file line of a rebuilt text); null for text files read line for line.")


class Unit(_Model):
    id: str = Field(description="Stable id derived from the canonical name, e.g. 'so-tai-chinh'.")
    name: str = Field(description="Canonical name.")
    aliases: list[str] = Field(default_factory=list, description="Every surface form seen in the document.")
    kind: str = Field(description="Kind of body: ministry, department, people_committee, party, mass_org, police, media, collective, other …")
    level: Optional[Literal["central", "province", "district", "commune"]] = Field(None, description="Administrative level, when known.")
    collective: bool = Field(False, description="True for phrases that stand for many bodies ('các Sở, ban, ngành liên quan').")
    resolved_name: Optional[str] = Field(None, description="Full name resolved from the document's context, e.g. 'Công an tỉnh Ninh Thuận' for 'Công an tỉnh'.")
    until: Optional[IsoDate] = Field(None, description="Last day the body existed under this name (e.g. merged in the 2025 reorganisation).")
    successors: list[str] = Field(default_factory=list, description="Names of the bodies that hold its duties at the plan's as-of date.")
    mentions: list[Span] = Field(default_factory=list, description="Where the unit is named.")


class Mention(_Model):
    span: Span
    line: int = Field(ge=1)
    section_id: Optional[str] = None
    text: str = Field(description="The mention as written.")
    resolved_to: Optional[str] = Field(None, description="For a short form, the id of the full reference it points at.")
    location: Optional[SourceLocation] = Field(None, description="Where it stands in the original file (Word, PDF, or the file line of a rebuilt text); null for text files read line for line.")


class LegalRef(_Model):
    id: str = Field(description="Stable id, e.g. 'ref:72/2015/NĐ-CP' or 'ref:luat-ngan-sach-nha-nuoc'.")
    doc_type: Optional[str] = Field(None, description="Type word as written in full: 'Nghị định', 'Quyết định', 'Luật' …")
    number_symbol: Optional[str] = Field(None, description="Số ký hiệu as written, e.g. '72/2015/NĐ-CP'.")
    number: Optional[str] = Field(None, description="The number part, e.g. '72'.")
    year: Optional[int] = Field(None, description="Year inside the symbol, when present.")
    type_code: Optional[str] = Field(None, description="Type code in the symbol, e.g. 'NĐ', 'QĐ', 'KL'.")
    issuer_code: Optional[str] = Field(None, description="Issuer code in the symbol, e.g. 'CP', 'TTg', 'TW'.")
    family: Optional[Literal["normative", "administrative", "party", "cong_van", "standard", "unnumbered"]] = None
    date: Optional[IsoDate] = Field(None, description="Date of the referenced document, ISO.")
    issuer: Optional[str] = Field(None, description="Issuer as the text states it.")
    title: Optional[str] = Field(None, description="Title where stated, or the name of an unnumbered law.")
    pinpoints: list[str] = Field(default_factory=list, description="Cited parts, smallest first: 'Điều 3', 'khoản 2 Điều 3'.")
    is_basis: bool = Field(False, description="True when cited as the legal basis of the document (opening 'Căn cứ'/'Thực hiện').")
    mentions: list[Mention] = Field(default_factory=list)


class Finding(_Model):
    code: str = Field(description="Stable code of the rule, e.g. 'ref.issuer_mismatch'.")
    severity: Literal["info", "warning", "error"]
    message: str = Field(description="One sentence saying what is wrong, naming the value.")
    suggestion: Optional[str] = None
    ref_id: Optional[str] = None
    task_id: Optional[str] = None
    unit_id: Optional[str] = None
    span: Optional[Span] = None
    line: Optional[int] = None


class Plan(_Model):
    schema_version: Literal[1] = Field(SCHEMA_VERSION, description="Version of this contract.")
    generator: str = Field(description="kehoach and its version, e.g. 'kehoach 0.1.0'.")
    as_of: Optional[IsoDate] = Field(None, description="Date at which units were checked against the reorganisation data; null when not checked.")
    source: SourceInfo
    document: DocumentInfo
    sections: list[Section] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    legal_refs: list[LegalRef] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
