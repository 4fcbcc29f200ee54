"""Tests of extractors/units.py: unit lists as written in real plans → units.

Every phrase below is copied from a real document: the dev corpus plans (field values "Đơn vị phối
hợp: …" and the gold lead/support names), the Word files of the corpus (assignment tables of
plans of 2025-2026) and, for abbreviations and pre-2025 names, the forms listed in issue 4.
Each row gives the phrase and the units it splits into: as written, canonical name (when it
differs), kind, level and whether it stands for many bodies (C).
"""
from __future__ import annotations

from typing import NamedTuple

import pytest

from conftest import plan_of, surfaces
from kehoach.extractors.units import UnitGrammar, name_parts, split_units
from kehoach.pipeline.normalize import normalize

C = True  # collective: the phrase stands for many bodies


class Expected(NamedTuple):
    text: str
    canonical: str
    kind: str
    level: str | None
    collective: bool


def u(text: str, *rest) -> Expected:
    """One expected unit: u(text, [canonical,] kind, level[, C])."""
    if len(rest) >= 3 and isinstance(rest[1], str) and rest[1] not in ("central", "province", "district", "commune"):
        canonical, kind, level, *coll = rest
    else:
        canonical, (kind, level, *coll) = text, rest
    return Expected(text, canonical, kind, level, bool(coll and coll[0]))


# (phrase as written, expected units in order)
CASES: list[tuple[str, list[Expected]]] = [
    ('Các Sở, ngành, đơn vị, UBND cấp xã', [u('Các Sở, ngành, đơn vị', 'Các sở, ngành, đơn vị', 'collective', None, C), u('UBND cấp xã', 'Ủy ban nhân dân cấp xã', 'people_committee', 'commune', C)]),
    ('Sở Nội vụ, Sở Tư pháp', [u('Sở Nội vụ', 'department', 'province'), u('Sở Tư pháp', 'department', 'province')]),
    ('Sở Tư pháp', [u('Sở Tư pháp', 'department', 'province')]),
    ('Các cơ quan, đơn vị, địa phương liên quan', [u('Các cơ quan, đơn vị, địa phương liên quan', 'collective', None, C)]),
    ('Sở Nội vụ', [u('Sở Nội vụ', 'department', 'province')]),
    ('Sở Tư pháp; các cơ quan, đơn vị, địa phương liên quan', [u('Sở Tư pháp', 'department', 'province'), u('các cơ quan, đơn vị, địa phương liên quan', 'Các cơ quan, đơn vị, địa phương liên quan', 'collective', None, C)]),
    ('Các cơ quan, đơn vị, địa phương', [u('Các cơ quan, đơn vị, địa phương', 'collective', None, C)]),
    ('Các cơ quan, đơn vị theo quy định', [u('Các cơ quan, đơn vị theo quy định', 'collective', None, C)]),
    ('Sở Tài chính, Sở Tư pháp', [u('Sở Tài chính', 'department', 'province'), u('Sở Tư pháp', 'department', 'province')]),
    ('Sở Khoa học và Công nghệ', [u('Sở Khoa học và Công nghệ', 'department', 'province')]),
    ('Báo và Phát thanh, Truyền hình tỉnh; Sở Tư pháp, các cơ quan, đơn vị, địa phương', [u('Báo và Phát thanh, Truyền hình tỉnh', 'media', 'province'), u('Sở Tư pháp', 'department', 'province'), u('các cơ quan, đơn vị, địa phương', 'Các cơ quan, đơn vị, địa phương', 'collective', None, C)]),
    ('Sở Khoa học và Công nghệ; Trung tâm Thông tin tỉnh; các cơ quan, đơn vị liên quan', [u('Sở Khoa học và Công nghệ', 'department', 'province'), u('Trung tâm Thông tin tỉnh', 'media', 'province'), u('các cơ quan, đơn vị liên quan', 'Các cơ quan, đơn vị liên quan', 'collective', None, C)]),
    ('Các cơ quan, đơn vị liên quan', [u('Các cơ quan, đơn vị liên quan', 'collective', None, C)]),
    ('Văn phòng UBND tỉnh; các cơ quan, đơn vị, địa phương', [u('Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province'), u('các cơ quan, đơn vị, địa phương', 'Các cơ quan, đơn vị, địa phương', 'collective', None, C)]),
    ('Các Sở, ban, ngành', [u('Các Sở, ban, ngành', 'Các sở, ban, ngành', 'collective', None, C)]),
    ('Sở Khoa học và Công nghệ, UBND xã, phường', [u('Sở Khoa học và Công nghệ', 'department', 'province'), u('UBND xã, phường', 'Ủy ban nhân dân xã, phường', 'people_committee', 'commune', C)]),
    ('Các Sở, ban, ngành Thành phố', [u('Các Sở, ban, ngành Thành phố', 'Các sở, ban, ngành thành phố', 'collective', None, C)]),
    ('Công an Thành phố', [u('Công an Thành phố', 'Công an thành phố', 'police', 'province')]),
    ('Các Sở, ban, ngành, UBND xã, phường', [u('Các Sở, ban, ngành', 'Các sở, ban, ngành', 'collective', None, C), u('UBND xã, phường', 'Ủy ban nhân dân xã, phường', 'people_committee', 'commune', C)]),
    ('Sở Khoa học và Công nghệ, Sở Tài chính', [u('Sở Khoa học và Công nghệ', 'department', 'province'), u('Sở Tài chính', 'department', 'province')]),
    ('Sở Khoa học và Công nghệ; Sở Tư pháp; Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh Truyền hình Lai Châu và các sở, ngành có liên quan', [u('Sở Khoa học và Công nghệ', 'department', 'province'), u('Sở Tư pháp', 'department', 'province'), u('Sở Văn hóa, Thể thao và Du lịch', 'department', 'province'), u('Báo và Phát thanh Truyền hình Lai Châu', 'Báo và Phát thanh, Truyền hình Lai Châu', 'media', 'province'), u('các sở, ngành có liên quan', 'Các sở, ngành có liên quan', 'collective', None, C)]),
    ('Các sở, ngành; Ủy ban nhân dân các xã, phường', [u('Các sở, ngành', 'collective', None, C), u('Ủy ban nhân dân các xã, phường', 'people_committee', 'commune', C)]),
    ('Các sở, ngành có liên quan và UBND các xã, phường', [u('Các sở, ngành có liên quan', 'collective', None, C), u('UBND các xã, phường', 'Ủy ban nhân dân các xã, phường', 'people_committee', 'commune', C)]),
    ('Các sở, ngành, UBND các xã, phường và các cơ quan, tổ chức, cá nhân có liên quan', [u('Các sở, ngành', 'collective', None, C), u('UBND các xã, phường', 'Ủy ban nhân dân các xã, phường', 'people_committee', 'commune', C), u('các cơ quan, tổ chức, cá nhân có liên quan', 'Các cơ quan, tổ chức, cá nhân có liên quan', 'collective', None, C)]),
    ('Sở Văn hóa, Thể thao và Du lịch', [u('Sở Văn hóa, Thể thao và Du lịch', 'department', 'province')]),
    ('Sở Thông tin và Truyền thông; các Sở, ban, ngành liên quan, Ủy ban nhân dân cấp huyện, thành phố', [u('Sở Thông tin và Truyền thông', 'department', 'province'), u('các Sở, ban, ngành liên quan', 'Các sở, ban, ngành liên quan', 'collective', None, C), u('Ủy ban nhân dân cấp huyện, thành phố', 'people_committee', 'district', C)]),
    ('Sở Thông tin và Truyền thông', [u('Sở Thông tin và Truyền thông', 'department', 'province')]),
    ('Ban Tuyên giáo, Công an tỉnh', [u('Ban Tuyên giáo', 'party', 'province'), u('Công an tỉnh', 'police', 'province')]),
    ('Sở Kế hoạch và Đầu tư', [u('Sở Kế hoạch và Đầu tư', 'department', 'province')]),
    ('Ủy ban nhân dân tỉnh, Sở Thông tin và Truyền thông, Các Sở, ban, ngành liên quan', [u('Ủy ban nhân dân tỉnh', 'people_committee', 'province'), u('Sở Thông tin và Truyền thông', 'department', 'province'), u('Các Sở, ban, ngành liên quan', 'Các sở, ban, ngành liên quan', 'collective', None, C)]),
    ('Các Sở, ban, ngành liên quan và Cơ quan báo chí địa phương', [u('Các Sở, ban, ngành liên quan', 'Các sở, ban, ngành liên quan', 'collective', None, C), u('Cơ quan báo chí địa phương', 'Các cơ quan báo chí địa phương', 'collective', None, C)]),
    ('Các Sở, ban, ngành liên quan, Ủy ban nhân dân cấp huyện, thành phố', [u('Các Sở, ban, ngành liên quan', 'Các sở, ban, ngành liên quan', 'collective', None, C), u('Ủy ban nhân dân cấp huyện, thành phố', 'people_committee', 'district', C)]),
    ('Ban Tuyên giáo; Các Sở, ban, ngành, Ủy ban nhân dân cấp huyện, thành phố, Đài Phát thanh và Truyền hình, Báo Ninh Thuận, Cổng Thông tin điện tử tỉnh', [u('Ban Tuyên giáo', 'party', 'province'), u('Các Sở, ban, ngành', 'Các sở, ban, ngành', 'collective', None, C), u('Ủy ban nhân dân cấp huyện, thành phố', 'people_committee', 'district', C), u('Đài Phát thanh và Truyền hình', 'media', 'province'), u('Báo Ninh Thuận', 'media', 'province'), u('Cổng Thông tin điện tử tỉnh', 'media', 'province')]),
    ('Sở Thông tin và Truyền thông, Các Sở, ban, ngành, Ủy ban nhân dân cấp huyện, thành phố', [u('Sở Thông tin và Truyền thông', 'department', 'province'), u('Các Sở, ban, ngành', 'Các sở, ban, ngành', 'collective', None, C), u('Ủy ban nhân dân cấp huyện, thành phố', 'people_committee', 'district', C)]),
    ('Các Sở, ban, ngành, Ủy ban nhân dân cấp huyện, thành phố', [u('Các Sở, ban, ngành', 'Các sở, ban, ngành', 'collective', None, C), u('Ủy ban nhân dân cấp huyện, thành phố', 'people_committee', 'district', C)]),
    ('các Sở, ngành', [u('các Sở, ngành', 'Các sở, ngành', 'collective', None, C)]),
    ('các xã, phường', [u('các xã, phường', 'Các xã, phường', 'collective', None, C)]),
    ('Các Sở, ngành, đơn vị', [u('Các Sở, ngành, đơn vị', 'Các sở, ngành, đơn vị', 'collective', None, C)]),
    ('UBND cấp xã', [u('UBND cấp xã', 'Ủy ban nhân dân cấp xã', 'people_committee', 'commune', C)]),
    ('các cơ quan, đơn vị, địa phương liên quan', [u('các cơ quan, đơn vị, địa phương liên quan', 'Các cơ quan, đơn vị, địa phương liên quan', 'collective', None, C)]),
    ('Sở Tài chính', [u('Sở Tài chính', 'department', 'province')]),
    ('Báo và Phát thanh, Truyền hình tỉnh', [u('Báo và Phát thanh, Truyền hình tỉnh', 'media', 'province')]),
    ('các cơ quan, đơn vị, địa phương', [u('các cơ quan, đơn vị, địa phương', 'Các cơ quan, đơn vị, địa phương', 'collective', None, C)]),
    ('Trung tâm Thông tin tỉnh', [u('Trung tâm Thông tin tỉnh', 'media', 'province')]),
    ('các cơ quan, đơn vị liên quan', [u('các cơ quan, đơn vị liên quan', 'Các cơ quan, đơn vị liên quan', 'collective', None, C)]),
    ('Văn phòng UBND tỉnh', [u('Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province')]),
    ('các Sở, ban, ngành, đơn vị', [u('các Sở, ban, ngành, đơn vị', 'Các sở, ban, ngành, đơn vị', 'collective', None, C)]),
    ('Các Sở, ngành, đơn vị liên quan', [u('Các Sở, ngành, đơn vị liên quan', 'Các sở, ngành, đơn vị liên quan', 'collective', None, C)]),
    ('UBND các xã, phường', [u('UBND các xã, phường', 'Ủy ban nhân dân các xã, phường', 'people_committee', 'commune', C)]),
    ('Các cơ quan quản lý nhà nước', [u('Các cơ quan quản lý nhà nước', 'collective', None, C)]),
    ('tổ chức, cá nhân liên quan', [u('tổ chức, cá nhân liên quan', 'Các tổ chức, cá nhân liên quan', 'collective', None, C)]),
    ('Sở Nông nghiệp và Môi trường', [u('Sở Nông nghiệp và Môi trường', 'department', 'province')]),
    ('Sở Xây dựng', [u('Sở Xây dựng', 'department', 'province')]),
    ('Sở Công Thương', [u('Sở Công Thương', 'department', 'province')]),
    ('Ủy ban nhân dân xã, phường', [u('Ủy ban nhân dân xã, phường', 'people_committee', 'commune', C)]),
    ('đơn vị có liên quan', [u('đơn vị có liên quan', 'Các đơn vị có liên quan', 'collective', None, C)]),
    ('các đơn vị cấp nước thuộc phạm vi quản lý', [u('các đơn vị cấp nước thuộc phạm vi quản lý', 'Các đơn vị cấp nước thuộc phạm vi quản lý', 'collective', None, C)]),
    ('các Sở, ban, ngành', [u('các Sở, ban, ngành', 'Các sở, ban, ngành', 'collective', None, C)]),
    ('Ủy ban nhân dân cấp xã', [u('Ủy ban nhân dân cấp xã', 'people_committee', 'commune', C)]),
    ('Sở Y tế', [u('Sở Y tế', 'department', 'province')]),
    ('các đơn vị liên quan', [u('các đơn vị liên quan', 'Các đơn vị liên quan', 'collective', None, C)]),
    ('Báo và Phát thanh, Truyền hình thành phố', [u('Báo và Phát thanh, Truyền hình thành phố', 'media', 'province')]),
    ('Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành', [u('Giám đốc Sở', 'collective', None, C), u('Thủ trưởng cơ quan, ban, ngành', 'collective', None, C)]),
    ('Thanh tra thành phố', [u('Thanh tra thành phố', 'department', 'province')]),
    ('Công an thành phố', [u('Công an thành phố', 'police', 'province')]),
    ('Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ', [u('Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ', 'agency', 'province')]),
    ('Ủy ban Mặt trận Tổ quốc Việt Nam thành phố', [u('Ủy ban Mặt trận Tổ quốc Việt Nam thành phố', 'front', 'province')]),
    ('Các đơn vị cấp nước sạch trên địa bàn thành phố', [u('Các đơn vị cấp nước sạch trên địa bàn thành phố', 'collective', None, C)]),
    ('Giám đốc sở, Thủ trưởng cơ quan, ban, ngành thành phố', [u('Giám đốc sở', 'collective', None, C), u('Thủ trưởng cơ quan, ban, ngành thành phố', 'collective', None, C)]),
    ('Chủ tịch Ủy ban nhân dân xã, phường', [u('Chủ tịch Ủy ban nhân dân xã, phường', 'people_committee', 'commune', C)]),
    ('các tổ chức, cá nhân có liên quan', [u('các tổ chức, cá nhân có liên quan', 'Các tổ chức, cá nhân có liên quan', 'collective', None, C)]),
    ('UBND xã, phường', [u('UBND xã, phường', 'Ủy ban nhân dân xã, phường', 'people_committee', 'commune', C)]),
    ('các cơ quan, tổ chức có liên quan', [u('các cơ quan, tổ chức có liên quan', 'Các cơ quan, tổ chức có liên quan', 'collective', None, C)]),
    ('Doanh nghiệp viễn thông', [u('Doanh nghiệp viễn thông', 'Các doanh nghiệp viễn thông', 'collective', None, C)]),
    ('Các doanh nghiệp viễn thông trên địa bàn Thành phố', [u('Các doanh nghiệp viễn thông trên địa bàn Thành phố', 'Các doanh nghiệp viễn thông trên địa bàn thành phố', 'collective', None, C)]),
    ('Ban Quản lý các khu công nghệ cao và khu công nghiệp', [u('Ban Quản lý các khu công nghệ cao và khu công nghiệp', 'agency', 'province')]),
    ('các Sở, Ban, ngành liên quan', [u('các Sở, Ban, ngành liên quan', 'Các sở, ban, ngành liên quan', 'collective', None, C)]),
    ('các cơ quan liên quan', [u('các cơ quan liên quan', 'Các cơ quan liên quan', 'collective', None, C)]),
    ('các doanh nghiệp viễn thông', [u('các doanh nghiệp viễn thông', 'Các doanh nghiệp viễn thông', 'collective', None, C)]),
    ('Các Sở, ban, ngành của Thành phố', [u('Các Sở, ban, ngành của Thành phố', 'Các sở, ban, ngành của thành phố', 'collective', None, C)]),
    ('UBND phường, xã', [u('UBND phường, xã', 'Ủy ban nhân dân phường, xã', 'people_committee', 'commune', C)]),
    ('Các doanh nghiệp viễn thông', [u('Các doanh nghiệp viễn thông', 'collective', None, C)]),
    ('tổ chức, cá nhân có liên quan', [u('tổ chức, cá nhân có liên quan', 'Các tổ chức, cá nhân có liên quan', 'collective', None, C)]),
    ('các Sở, ban, ngành Thành phố', [u('các Sở, ban, ngành Thành phố', 'Các sở, ban, ngành thành phố', 'collective', None, C)]),
    ('UBND các phường, xã', [u('UBND các phường, xã', 'Ủy ban nhân dân các phường, xã', 'people_committee', 'commune', C)]),
    ('Các doanh nghiệp đầu tư hạ tầng', [u('Các doanh nghiệp đầu tư hạ tầng', 'collective', None, C)]),
    ('Doanh nghiệp', [u('Doanh nghiệp', 'Các doanh nghiệp', 'collective', None, C)]),
    ('nhà cung cấp dịch vụ IoT', [u('nhà cung cấp dịch vụ IoT', 'Các nhà cung cấp dịch vụ IoT', 'collective', None, C)]),
    ('nhà đầu tư', [u('nhà đầu tư', 'Các nhà đầu tư', 'collective', None, C)]),
    ('Sở Giáo dục và Đào tạo', [u('Sở Giáo dục và Đào tạo', 'department', 'province')]),
    ('các sở, ngành', [u('các sở, ngành', 'Các sở, ngành', 'collective', None, C)]),
    ('địa phương', [u('địa phương', 'Các địa phương', 'collective', None, C)]),
    ('các sở, ngành liên quan', [u('các sở, ngành liên quan', 'Các sở, ngành liên quan', 'collective', None, C)]),
    ('Các sở, cơ quan trực thuộc Sở', [u('Các sở, cơ quan trực thuộc Sở', 'Các sở, cơ quan trực thuộc sở', 'collective', None, C)]),
    ('Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh', [u('Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh', 'front', 'province')]),
    ('Ủy ban nhân dân các xã, phường', [u('Ủy ban nhân dân các xã, phường', 'people_committee', 'commune', C)]),
    ('Giám đốc các sở', [u('Giám đốc các sở', 'collective', None, C)]),
    ('Thủ trưởng các ban, ngành, đoàn thể cấp tỉnh', [u('Thủ trưởng các ban, ngành, đoàn thể cấp tỉnh', 'collective', None, C)]),
    ('Chủ tịch Ủy ban nhân dân các xã, phường', [u('Chủ tịch Ủy ban nhân dân các xã, phường', 'people_committee', 'commune', C)]),
    ('Báo và Phát thanh Truyền hình Lai Châu', [u('Báo và Phát thanh Truyền hình Lai Châu', 'Báo và Phát thanh, Truyền hình Lai Châu', 'media', 'province')]),
    ('các sở, ngành có liên quan', [u('các sở, ngành có liên quan', 'Các sở, ngành có liên quan', 'collective', None, C)]),
    ('Các sở, ngành', [u('Các sở, ngành', 'collective', None, C)]),
    ('Các sở, ngành có liên quan', [u('Các sở, ngành có liên quan', 'collective', None, C)]),
    ('các cơ quan, tổ chức, cá nhân có liên quan', [u('các cơ quan, tổ chức, cá nhân có liên quan', 'Các cơ quan, tổ chức, cá nhân có liên quan', 'collective', None, C)]),
    ('các Sở, ban, ngành liên quan', [u('các Sở, ban, ngành liên quan', 'Các sở, ban, ngành liên quan', 'collective', None, C)]),
    ('Ủy ban nhân dân cấp huyện, thành phố', [u('Ủy ban nhân dân cấp huyện, thành phố', 'people_committee', 'district', C)]),
    ('Ban Tuyên giáo', [u('Ban Tuyên giáo', 'party', 'province')]),
    ('Công an tỉnh', [u('Công an tỉnh', 'police', 'province')]),
    ('Ủy ban nhân dân tỉnh', [u('Ủy ban nhân dân tỉnh', 'people_committee', 'province')]),
    ('Các Sở, ban, ngành liên quan', [u('Các Sở, ban, ngành liên quan', 'Các sở, ban, ngành liên quan', 'collective', None, C)]),
    ('Cơ quan báo chí địa phương', [u('Cơ quan báo chí địa phương', 'Các cơ quan báo chí địa phương', 'collective', None, C)]),
    ('Đài Phát thanh và Truyền hình', [u('Đài Phát thanh và Truyền hình', 'media', 'province')]),
    ('Báo Ninh Thuận', [u('Báo Ninh Thuận', 'media', 'province')]),
    ('Cổng Thông tin điện tử tỉnh', [u('Cổng Thông tin điện tử tỉnh', 'media', 'province')]),
    ('Ban Tuyên giáo tỉnh ủy', [u('Ban Tuyên giáo tỉnh ủy', 'party', 'province')]),
    ('Các sở, ban, ngành', [u('Các sở, ban, ngành', 'collective', None, C)]),
    ('Ủy ban nhân dân các huyện, thành phố', [u('Ủy ban nhân dân các huyện, thành phố', 'people_committee', 'district', C)]),
    ('các cơ quan, đơn vị', [u('các cơ quan, đơn vị', 'Các cơ quan, đơn vị', 'collective', None, C)]),
    ('Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ', [u('Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ', 'people_committee', 'commune', C)]),
    ('các cơ quan, đơn vị có liên quan', [u('các cơ quan, đơn vị có liên quan', 'Các cơ quan, đơn vị có liên quan', 'collective', None, C)]),
    ('Các chủ rừng là tổ chức', [u('Các chủ rừng là tổ chức', 'collective', None, C)]),
    ('các cơ quan chức năng', [u('các cơ quan chức năng', 'Các cơ quan chức năng', 'collective', None, C)]),
    ('chính quyền địa phương', [u('chính quyền địa phương', 'Các chính quyền địa phương', 'collective', None, C)]),
    ('Các sở, ban, ngành liên quan', [u('Các sở, ban, ngành liên quan', 'collective', None, C)]),
    ('các địa phương', [u('các địa phương', 'Các địa phương', 'collective', None, C)]),
    ('chủ rừng', [u('chủ rừng', 'Các chủ rừng', 'collective', None, C)]),
    ('Giám đốc các sở, ban, ngành', [u('Giám đốc các sở, ban, ngành', 'collective', None, C)]),
    ('Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ', [u('Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ', 'people_committee', 'commune', C)]),
    ('Thủ trưởng các cơ quan, đơn vị có liên quan', [u('Thủ trưởng các cơ quan, đơn vị có liên quan', 'collective', None, C)]),
    ('Các cơ quan Trung ương đóng trên địa bàn tỉnh', [u('Các cơ quan Trung ương đóng trên địa bàn tỉnh', 'collective', None, C)]),
    ('Văn phòng Ủy ban nhân dân tỉnh', [u('Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province')]),
    ('Thủ trưởng các sở, ban, ngành', [u('Thủ trưởng các sở, ban, ngành', 'collective', None, C)]),
    ('Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu', [u('Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu', 'people_committee', 'commune', C)]),
    ('các cơ quan Trung ương đóng trên địa bàn tỉnh', [u('các cơ quan Trung ương đóng trên địa bàn tỉnh', 'Các cơ quan Trung ương đóng trên địa bàn tỉnh', 'collective', None, C)]),
    ('Ủy ban nhân dân các xã, phường, đặc khu', [u('Ủy ban nhân dân các xã, phường, đặc khu', 'people_committee', 'commune', C)]),
    ('UBND các xã, phường, đặc khu', [u('UBND các xã, phường, đặc khu', 'Ủy ban nhân dân các xã, phường, đặc khu', 'people_committee', 'commune', C)]),
    ('Các sở, ban, ngành, địa phương', [u('Các sở, ban, ngành, địa phương', 'collective', None, C)]),
    ('Cơ quan, địa phương có liên quan', [u('Cơ quan, địa phương có liên quan', 'Các cơ quan, địa phương có liên quan', 'collective', None, C)]),
    ('Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh', [u('Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh', 'agency', 'province')]),
    ('Thanh tra tỉnh', [u('Thanh tra tỉnh', 'department', 'province')]),
    ('Cơ quan thuế', [u('Cơ quan thuế', 'Các cơ quan thuế', 'collective', None, C)]),
    ('các đơn vị cấp tỉnh', [u('các đơn vị cấp tỉnh', 'Các đơn vị cấp tỉnh', 'collective', None, C)]),
    ('Sở Tài nguyên và Môi trường', [u('Sở Tài nguyên và Môi trường', 'department', 'province')]),
    ('Các địa phương', [u('Các địa phương', 'collective', None, C)]),
    ('Sở Tư pháp; UBND các xã, phường, đặc khu', [u('Sở Tư pháp', 'department', 'province'), u('UBND các xã, phường, đặc khu', 'Ủy ban nhân dân các xã, phường, đặc khu', 'people_committee', 'commune', C)]),
    ('Sở Tư pháp; Văn phòng UBND tỉnh', [u('Sở Tư pháp', 'department', 'province'), u('Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province')]),
    ('Văn phòng UBND tỉnh; UBND các xã, phường, đặc khu', [u('Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province'), u('UBND các xã, phường, đặc khu', 'Ủy ban nhân dân các xã, phường, đặc khu', 'people_committee', 'commune', C)]),
    ('Các sở, ban, ngành, địa phương; Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh', [u('Các sở, ban, ngành, địa phương', 'collective', None, C), u('Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh', 'agency', 'province')]),
    ('Sở Nội vụ; Văn phòng UBND tỉnh', [u('Sở Nội vụ', 'department', 'province'), u('Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province')]),
    ('Sở Tài chính; UBND các xã, phường, đặc khu', [u('Sở Tài chính', 'department', 'province'), u('UBND các xã, phường, đặc khu', 'Ủy ban nhân dân các xã, phường, đặc khu', 'people_committee', 'commune', C)]),
    # "và" joins bodies of one kind only: departments and localities are two addressees.
    ('Các sở, ban, ngành và địa phương', [u('Các sở, ban, ngành', 'collective', None, C), u('địa phương', 'Các địa phương', 'collective', None, C)]),
    ('Các địa phương, các cơ quan có nguồn thu nộp ngân sách nhà nước', [u('Các địa phương', 'collective', None, C), u('các cơ quan có nguồn thu nộp ngân sách nhà nước', 'Các cơ quan có nguồn thu nộp ngân sách nhà nước', 'collective', None, C)]),
    ('Sở Tư pháp, Văn phòng UBND tỉnh, Công an tỉnh', [u('Sở Tư pháp', 'department', 'province'), u('Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province'), u('Công an tỉnh', 'police', 'province')]),
    ('Văn phòng UBND tỉnh; Sở Tư pháp; Sở Tài chính; Sở Khoa học và Công nghệ', [u('Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province'), u('Sở Tư pháp', 'department', 'province'), u('Sở Tài chính', 'department', 'province'), u('Sở Khoa học và Công nghệ', 'department', 'province')]),
    ('Văn phòng UBND tỉnh; Sở Tài nguyên và Môi trường; UBND các xã, phường, đặc khu', [u('Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'office', 'province'), u('Sở Tài nguyên và Môi trường', 'department', 'province'), u('UBND các xã, phường, đặc khu', 'Ủy ban nhân dân các xã, phường, đặc khu', 'people_committee', 'commune', C)]),
    ('Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh', [u('Viện Kiểm sát nhân dân tỉnh', 'Viện kiểm sát nhân dân tỉnh', 'court', 'province'), u('Tòa án nhân dân tỉnh', 'court', 'province')]),
    ('các Bộ, ngành liên quan và các địa phương', [u('các Bộ, ngành liên quan', 'Các bộ, ngành liên quan', 'collective', None, C), u('các địa phương', 'Các địa phương', 'collective', None, C)]),
    ('Sở TT&TT', [u('Sở TT&TT', 'Sở Thông tin và Truyền thông', 'department', 'province')]),
    ('Sở VH,TT&DL', [u('Sở VH,TT&DL', 'Sở Văn hóa, Thể thao và Du lịch', 'department', 'province')]),
    ('Sở VHTTDL, Sở TT&TT', [u('Sở VHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'department', 'province'), u('Sở TT&TT', 'Sở Thông tin và Truyền thông', 'department', 'province')]),
    ('Sở LĐ-TB&XH', [u('Sở LĐ-TB&XH', 'Sở Lao động - Thương binh và Xã hội', 'department', 'province')]),
    ('Sở KH&ĐT, Sở Tài chính', [u('Sở KH&ĐT', 'Sở Kế hoạch và Đầu tư', 'department', 'province'), u('Sở Tài chính', 'department', 'province')]),
    ('Sở GD&ĐT', [u('Sở GD&ĐT', 'Sở Giáo dục và Đào tạo', 'department', 'province')]),
    ('Sở NN&PTNT', [u('Sở NN&PTNT', 'Sở Nông nghiệp và Phát triển nông thôn', 'department', 'province')]),
    ('Sở TN&MT', [u('Sở TN&MT', 'Sở Tài nguyên và Môi trường', 'department', 'province')]),
    ('Sở GTVT', [u('Sở GTVT', 'Sở Giao thông vận tải', 'department', 'province')]),
    ('Sở KH&CN', [u('Sở KH&CN', 'Sở Khoa học và Công nghệ', 'department', 'province')]),
    ('Sở, ban, ngành', [u('Sở, ban, ngành', 'Các sở, ban, ngành', 'collective', None, C)]),
    ('UBND cấp huyện, thị xã, thành phố', [u('UBND cấp huyện, thị xã, thành phố', 'Ủy ban nhân dân cấp huyện, thị xã, thành phố', 'people_committee', 'district', C)]),
    ('Đài PT-TH tỉnh', [u('Đài PT-TH tỉnh', 'Đài Phát thanh và Truyền hình tỉnh', 'media', 'province')]),
    ('BCH Quân sự tỉnh', [u('BCH Quân sự tỉnh', 'Bộ Chỉ huy Quân sự tỉnh', 'military', 'province')]),
    ('Bộ Chỉ huy Bộ đội Biên phòng tỉnh', [u('Bộ Chỉ huy Bộ đội Biên phòng tỉnh', 'military', 'province')]),
    ('TT.Tỉnh ủy', [u('TT.Tỉnh ủy', 'Thường trực Tỉnh ủy', 'party', 'province')]),
    ('Ủy ban MTTQ Việt Nam tỉnh', [u('Ủy ban MTTQ Việt Nam tỉnh', 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh', 'front', 'province')]),
    ('Liên đoàn Lao động tỉnh, Hội Liên hiệp Phụ nữ tỉnh, Tỉnh đoàn, Hội Nông dân tỉnh, Hội Cựu chiến binh tỉnh', [u('Liên đoàn Lao động tỉnh', 'mass_org', 'province'), u('Hội Liên hiệp Phụ nữ tỉnh', 'mass_org', 'province'), u('Tỉnh đoàn', 'mass_org', 'province'), u('Hội Nông dân tỉnh', 'mass_org', 'province'), u('Hội Cựu chiến binh tỉnh', 'mass_org', 'province')]),
    ('Ban Tuyên giáo và Dân vận Tỉnh ủy', [u('Ban Tuyên giáo và Dân vận Tỉnh ủy', 'party', 'province')]),
    ('Ban Tổ chức Tỉnh ủy', [u('Ban Tổ chức Tỉnh ủy', 'party', 'province')]),
    ('Ủy ban Kiểm tra Tỉnh ủy', [u('Ủy ban Kiểm tra Tỉnh ủy', 'party', 'province')]),
    ('Ban Nội chính Tỉnh ủy', [u('Ban Nội chính Tỉnh ủy', 'party', 'province')]),
    ('Thường trực Tỉnh ủy', [u('Thường trực Tỉnh ủy', 'party', 'province')]),
    ('Kho bạc Nhà nước tỉnh, Cục Thuế tỉnh, Bảo hiểm xã hội tỉnh', [u('Kho bạc Nhà nước tỉnh', 'branch', 'province'), u('Cục Thuế tỉnh', 'branch', 'province'), u('Bảo hiểm xã hội tỉnh', 'branch', 'province')]),
    ('Ngân hàng Nhà nước chi nhánh tỉnh', [u('Ngân hàng Nhà nước chi nhánh tỉnh', 'branch', 'province')]),
    ('Phòng Văn hóa và Thông tin huyện', [u('Phòng Văn hóa và Thông tin huyện', 'office', 'district')]),
    ('Phòng Tài chính - Kế hoạch', [u('Phòng Tài chính - Kế hoạch', 'office', 'district')]),
    ('Bộ Thông tin và Truyền thông', [u('Bộ Thông tin và Truyền thông', 'ministry', 'central')]),
    ('Bộ Kế hoạch và Đầu tư', [u('Bộ Kế hoạch và Đầu tư', 'ministry', 'central')]),
    ('Bộ Lao động - Thương binh và Xã hội', [u('Bộ Lao động - Thương binh và Xã hội', 'Bộ Lao động - Thương binh và Xã hội', 'ministry', 'central')]),
    ('Bộ Giao thông vận tải', [u('Bộ Giao thông vận tải', 'ministry', 'central')]),
    ('Bộ Tài nguyên và Môi trường', [u('Bộ Tài nguyên và Môi trường', 'ministry', 'central')]),
    ('Bộ Nông nghiệp và Phát triển nông thôn', [u('Bộ Nông nghiệp và Phát triển nông thôn', 'ministry', 'central')]),
    ('Ủy ban Dân tộc', [u('Ủy ban Dân tộc', 'ministry', 'central')]),
    ('Văn phòng Chính phủ, Thanh tra Chính phủ, Ngân hàng Nhà nước Việt Nam', [u('Văn phòng Chính phủ', 'agency', 'central'), u('Thanh tra Chính phủ', 'agency', 'central'), u('Ngân hàng Nhà nước Việt Nam', 'agency', 'central')]),
    ('Sở Ngoại vụ, Sở Dân tộc và Tôn giáo', [u('Sở Ngoại vụ', 'department', 'province'), u('Sở Dân tộc và Tôn giáo', 'department', 'province')]),
    ('Sở Quy hoạch - Kiến trúc', [u('Sở Quy hoạch - Kiến trúc', 'department', 'province')]),
    ('Sở Lao động - Thương binh và Xã hội', [u('Sở Lao động - Thương binh và Xã hội', 'Sở Lao động - Thương binh và Xã hội', 'department', 'province')]),
    ('Sở Giao thông vận tải', [u('Sở Giao thông vận tải', 'department', 'province')]),
    ('Sở Nông nghiệp và Phát triển nông thôn', [u('Sở Nông nghiệp và Phát triển nông thôn', 'department', 'province')]),
    ('Ban Dân tộc tỉnh', [u('Ban Dân tộc tỉnh', 'department', 'province')]),
    ('Uỷ ban nhân dân tỉnh', [u('Ủy ban nhân dân tỉnh', 'people_committee', 'province')]),
    ('Công an huyện', [u('Công an huyện', 'police', 'district')]),
    ('Ủy ban nhân dân huyện Ninh Phước', [u('Ủy ban nhân dân huyện Ninh Phước', 'people_committee', 'district')]),
]


def parse(phrase: str) -> list[Expected]:
    text, _ = normalize(phrase)
    units, _ = UnitGrammar().parse_list(text, 0, len(text.rstrip(" .;,")), field=True)
    return [Expected(m.text, m.canonical, m.kind, m.level, m.collective) for m in units]


def test_enough_real_phrasings():
    assert len(CASES) >= 150
    assert len({phrase for phrase, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("phrase,expected", CASES, ids=[p[:60] for p, _ in CASES])
def test_unit_list(phrase, expected):
    assert parse(phrase) == expected


# --- the splitting rules of issue 4, named ------------------------------------------------------
SPLIT_RULES = [
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Sở, ban, ngành", ["Sở, ban, ngành"]),
    ("các sở, ban, ngành liên quan", ["các sở, ban, ngành liên quan"]),
    ("Ủy ban nhân dân các huyện, thành phố", ["Ủy ban nhân dân các huyện, thành phố"]),
    ("UBND cấp huyện, thị xã, thành phố", ["UBND cấp huyện, thị xã, thành phố"]),
    ("Ban Tuyên giáo, Công an tỉnh", ["Ban Tuyên giáo", "Công an tỉnh"]),
    ("Sở Tư pháp với Sở Tài chính", ["Sở Tư pháp", "Sở Tài chính"]),
    ("Sở Nội vụ và Sở Y tế", ["Sở Nội vụ", "Sở Y tế"]),
    ("Sở Tư pháp; Văn phòng UBND tỉnh.", ["Sở Tư pháp", "Văn phòng UBND tỉnh"]),
]


@pytest.mark.parametrize("phrase,names", SPLIT_RULES)
def test_split_rules(phrase, names):
    assert split_units(phrase) == names


def test_old_tone_marks_are_read():
    """ "Uỷ ban" (old tone placement) is the same body as "Ủy ban"."""
    assert split_units("Uỷ ban nhân dân tỉnh, Sở Tư pháp") == ["Ủy ban nhân dân tỉnh", "Sở Tư pháp"]


def test_list_in_running_text_stops_at_the_verb():
    text = "Sở Tài chính chủ trì, phối hợp với các Sở, ban, ngành, đơn vị và UBND cấp xã bố trí kinh phí"
    start = text.index("các Sở")
    units, end = UnitGrammar().parse_list(text, start)
    assert [m.text for m in units] == ["các Sở, ban, ngành, đơn vị", "UBND cấp xã"]
    assert text[end:].startswith(" bố trí")


def test_match_at_a_position():
    text = "Phối hợp với Sở Văn hóa, Thể thao và Du lịch, Công an tỉnh"
    m = UnitGrammar().match_at(text, 13)
    assert m is not None and m.text == "Sở Văn hóa, Thể thao và Du lịch" and m.known


# --- names taken apart (used by context resolution) ---------------------------------------------
NAME_PARTS = [
    ("Công an tỉnh Ninh Thuận", "Công an tỉnh", "Công an", "tỉnh", "Ninh Thuận"),
    ("Công an Thành phố", "Công an tỉnh", "Công an", "thành phố", None),
    ("Sở Tài chính", "Sở Tài chính", "Sở Tài chính", None, None),
    ("Ban Tuyên giáo tỉnh ủy", "Ban Tuyên giáo", "Ban Tuyên giáo", "tỉnh ủy", None),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", None, None),
    ("Báo và Phát thanh Truyền hình Lai Châu", "Báo và Phát thanh, Truyền hình", "Báo và Phát thanh, Truyền hình", None, "Lai Châu"),
]


@pytest.mark.parametrize("name,entry,base,word,place", NAME_PARTS)
def test_name_parts(name, entry, base, word, place):
    parts = name_parts(name)
    assert (parts.entry["name"], parts.base, parts.word, parts.place) == (entry, base, word, place)


@pytest.mark.parametrize("sentence, unit", [
    ("UBND Phường 2 Bảo Lộc chủ trì tổ chức kiểm tra.", "UBND Phường 2 Bảo Lộc"),
    ("UBND xã Bảo Lâm 2 chủ trì tổ chức kiểm tra.", "UBND xã Bảo Lâm 2"),
])
def test_numbered_place_names_keep_their_number(sentence, unit):
    plan = plan_of(f"II. NHIỆM VỤ\n1. {sentence}\n")
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == [unit]


def test_a_name_learned_from_a_heading_changes_later_answers_at_the_same_position():
    # match_at keeps its answers per position; learning a name must not leave a stale guess.
    grammar = UnitGrammar()
    running = "Trung tâm Phục vụ hành chính công tỉnh tổ chức tiếp nhận hồ sơ."
    guessed = grammar.match_at(running, 0)
    assert guessed is not None and not guessed.known
    heading = "Trung tâm Phục vụ hành chính công tỉnh"
    units, _ = grammar.parse_list(heading, 0, len(heading), field=True)
    for unit in units:
        grammar.learn(unit)
    learned = grammar.match_at(running, 0)
    assert learned is not None and learned.known and learned.text == heading


@pytest.mark.parametrize("sentence, unit", [
    ("Bộ tư lệnh Vùng Cảnh sát biển 3: Phối hợp với lực lượng chuyên trách tuần tra trên biển.",
     "Bộ tư lệnh Vùng Cảnh sát biển 3"),
    ("Bộ chỉ huy Bộ đội Biên phòng tỉnh chủ trì kiểm soát khu vực biên giới.", "Bộ chỉ huy Bộ đội Biên phòng tỉnh"),
])
def test_military_commands_written_in_lower_case(sentence, unit):
    plan = plan_of(f"IV. KIẾN NGHỊ\n1. {sentence}\n")
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == [unit]


@pytest.mark.parametrize("sentence, unit", [
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh chủ trì thực hiện.",
     "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"),
    ("Ban Quản lý chương trình mục tiêu quốc gia tỉnh phối hợp thực hiện.", "Ban Quản lý chương trình mục tiêu quốc gia tỉnh"),
])
def test_noun_pairs_do_not_end_a_name(sentence, unit):
    # "trình" alone is a verb ("Sở Tài chính trình UBND tỉnh"); in "công trình" it is part of a noun.
    plan = plan_of(f"II. NHIỆM VỤ\n1. {sentence}\n")
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == [unit]
    verb = plan_of("II. NHIỆM VỤ\n1. Sở Tài chính trình UBND tỉnh phê duyệt dự toán.\n")
    assert surfaces(verb, verb.tasks[0], "lead") == ["Sở Tài chính"]


@pytest.mark.parametrize("phrase, units", [
    ("Các trường trung học phổ thông chủ trì tổ chức ôn tập.", ["Các trường trung học phổ thông"]),
    ("Các trường học trên địa bàn phối hợp với Công an tỉnh.", ["Các trường học trên địa bàn"]),
    ("các trường mầm non tổ chức", ["các trường mầm non"]),
])
def test_schools_as_a_collective_body(phrase, units):
    found, _ = UnitGrammar().parse_list(phrase, 0, len(phrase))
    assert [u.text for u in found] == units and all(u.collective for u in found)


@pytest.mark.parametrize("sentence, unit", [
    # Verbs that open a body's duty end its name (real phrasings of three documents).
    ("Căn cứ vào quy định tại Điều 8 và Điều 10 của Nghị định số 116/2014/NĐ- CP, Cục Trồng trọt và "
     "Bảo vệ thực vật xác định cụ thể loại vật thể thuộc diện phải kiểm dịch.",
     "Cục Trồng trọt và Bảo vệ thực vật"),
    ("Căn cứ vào quy mô, tính chất của nhiệm vụ, Giám đốc Trung tâm Phục vụ hành chính công Thành phố "
     "xác định mức chi phù hợp.", "Giám đốc Trung tâm Phục vụ hành chính công Thành phố"),
    ("Sở Y tế tham gia thẩm định hồ sơ đề nghị cấp phép.", "Sở Y tế"),
    ("Sở Tài chính huy động các nguồn lực xã hội hóa để thực hiện.", "Sở Tài chính"),
    ("Các sở, ngành sử dụng kinh phí đúng mục đích, đúng quy định.", "Các sở, ngành"),
    ("Ủy ban nhân dân cấp xã tiếp nhận hồ sơ và trả kết quả.", "Ủy ban nhân dân cấp xã"),
])
def test_a_duty_verb_ends_the_name_before_it(sentence, unit):
    units, end = UnitGrammar().parse_list(sentence, sentence.index(unit))
    assert [m.text for m in units] == [unit]
    assert sentence[end:].startswith(" ")


def test_a_duty_heading_with_powers_names_the_committee():
    plan = plan_of("Điều 5. Tổ chức thực hiện\n1. Ủy ban nhân dân Thành phố có quyền hạn và trách nhiệm:\n"
                   "a) Chỉ đạo các cơ quan chuyên môn hướng dẫn thực hiện Nghị quyết.\n")
    leads = {u for t in plan.tasks for u in surfaces(plan, t, "lead")}
    assert leads == {"Ủy ban nhân dân Thành phố"}


@pytest.mark.parametrize("text, units", [
    # A centre's name that lists its fields with commas is one body (a recipient list of two
    # Hà Nội resolutions; the 2025 district centres).
    ("Trung tâm Truyền thông, Dữ liệu và Công nghệ số TP phối hợp", ["Trung tâm Truyền thông, Dữ liệu và Công nghệ số TP"]),
    ("Trung tâm Văn hóa, Thông tin và Thể thao huyện phối hợp", ["Trung tâm Văn hóa, Thông tin và Thể thao huyện"]),
    ("Phòng Kinh tế, Hạ tầng và Đô thị phối hợp", ["Phòng Kinh tế, Hạ tầng và Đô thị"]),
    # A list whose parts start bodies of their own stays a list.
    ("Trung tâm Y tế, Công an xã và Ủy ban nhân dân xã phối hợp", ["Trung tâm Y tế", "Công an xã", "Ủy ban nhân dân xã"]),
    ("Trung tâm Y tế, Công ty Điện lực và Ủy ban nhân dân xã phối hợp", ["Trung tâm Y tế", "Công ty Điện lực", "Ủy ban nhân dân xã"]),
])
def test_a_name_that_lists_its_fields(text, units):
    found, _ = UnitGrammar().parse_list(text, 0)
    assert [m.text for m in found] == units


@pytest.mark.parametrize("heading, lead", [
    # A unit heading that ends with the verb its items share (a 2026 anti-drug plan).
    ("3.9. Chủ tịch Ủy ban nhân dân địa bàn cấp xã chỉ đạo", "Chủ tịch Ủy ban nhân dân địa bàn cấp xã"),
    ("1. Ủy ban nhân dân Thành phố có quyền hạn và trách nhiệm:", "Ủy ban nhân dân Thành phố"),
    ("2. Ban Quản lý các khu công nghiệp tỉnh có nhiệm vụ:", "Ban Quản lý các khu công nghiệp tỉnh"),
])
def test_a_unit_heading_ending_with_its_verb(heading, lead):
    plan = plan_of(f"IV. TỔ CHỨC THỰC HIỆN\n{heading}\n- Đẩy mạnh hoạt động tuyên truyền tại các địa bàn dân cư.\n"
                   "- Tổ chức phát động phong trào toàn dân bảo vệ an ninh Tổ quốc.\n")
    assert len(plan.tasks) == 2
    assert all(surfaces(plan, t, "lead") == [lead] for t in plan.tasks)


def test_a_numbered_sentence_is_no_unit_heading():
    # A 2004 directive (TCVN3): the subject of a long sentence is not the whole sentence.
    plan = plan_of("B. TỔ CHỨC THỰC HIỆN\n2. Các ngành, các cấp thành phố tiếp tục rà soát các văn bản quy phạm pháp "
                   "luật do Trung ương, thành phố và quận, huyện ban hành trên tất cả các lĩnh vực để kiến nghị sửa "
                   "đổi hoặc sửa đổi theo thẩm quyền, trong đó cần tập trung:\n"
                   "2.1. Rà soát, xây dựng chức năng, nhiệm vụ, quyền hạn cho từng Sở, Ban ngành.\n")
    names = {a.text for t in plan.tasks for a in t.assignments}
    assert names and all(len(n.split()) <= 8 for n in names)


@pytest.mark.parametrize("text, units", [
    # A colon after "các xã, phường" opens a duty, not a list of places (a Thanh Hóa plan) …
    ("UBND các xã, phường: Phối hợp với Sở Nông nghiệp và Môi trường triển khai", ["UBND các xã, phường"]),
    ("UBND xã Bảo Lâm 2: Rà soát, thống kê hiện trạng", ["UBND xã Bảo Lâm 2"]),
    # … and after "các tỉnh:" it still lists them.
    ("Ủy ban nhân dân các tỉnh: Lào Cai, Đồng Nai và Thái Nguyên chủ trì", ["Ủy ban nhân dân các tỉnh: Lào Cai, Đồng Nai và Thái Nguyên"]),
    # Establishments as duty-bearers.
    ("Các cơ sở nuôi trồng thủy sản: Theo dõi, giám sát môi trường", ["Các cơ sở nuôi trồng thủy sản"]),
    ("Các cơ sở giáo dục có trách nhiệm quản lý các nguồn kinh phí", ["Các cơ sở giáo dục"]),
    ("các cơ sở sản xuất, kinh doanh trên địa bàn chấp hành", ["các cơ sở sản xuất, kinh doanh trên địa bàn"]),
])
def test_subjects_before_a_colon_or_a_duty(text, units):
    found, _ = UnitGrammar().parse_list(text, 0)
    assert [m.text for m in found] == units


@pytest.mark.parametrize("text, units", [
    # The office-holders a Công điện or a Thủ tướng's decision addresses, without "Các".
    ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các "
     "tỉnh chịu trách nhiệm thi hành Quyết định này.",
     ["Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan thuộc Chính phủ", "Chủ tịch Ủy ban nhân dân các tỉnh"]),
    ("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành", ["Các Bộ trưởng", "Thủ trưởng cơ quan ngang bộ"]),
    # A minister named with the ministry stays one office-holder; a minister alone is no list.
    ("Bộ trưởng Bộ Tài chính chỉ đạo Cục Thuế", ["Bộ trưởng Bộ Tài chính"]),
    ("Bộ trưởng chỉ đạo Cục Thuế", []),
])
def test_ministers_addressed_as_a_group(text, units):
    found, _ = UnitGrammar().parse_list(text, 0)
    assert [m.text for m in found] == units


def test_associations_are_a_collective_body():
    # A support cell of a Thủ tướng's plan for digital government.
    cell = "Bộ Khoa học và Công nghệ, Bộ Quốc phòng, Bộ Tài chính, các Hiệp hội và Doanh nghiệp công nghệ số Việt Nam"
    found, _ = UnitGrammar().parse_list(cell, 0, field=True)
    assert [m.text for m in found] == ["Bộ Khoa học và Công nghệ", "Bộ Quốc phòng", "Bộ Tài chính", "các Hiệp hội",
                                       "Doanh nghiệp công nghệ số Việt Nam"]
