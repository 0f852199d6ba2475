"""Reading a contact file: delimiters, encodings, blank lines, damaged files, the mapping guess, extra columns."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from callcenter.dialer.importing import ImportFileError, guess_mapping, preview_import, read_table
from callcenter.dialer.models import Campaign, Lead


def test_a_semicolon_separated_file_is_read_by_its_delimiter() -> None:
    header, rows = read_table(b"phone;name\n84951234567;Anna\n", "list.csv")
    assert header == ["phone", "name"]
    assert rows == [(2, ["84951234567", "Anna"])]


def test_a_byte_order_mark_does_not_reach_the_first_column_name() -> None:
    header, _rows = read_table("\ufeffphone\n84951234567\n".encode(), "list.csv")
    assert header == ["phone"]


def test_blank_lines_are_skipped_and_the_line_numbers_stay_the_files() -> None:
    _header, rows = read_table(b"phone\n\n84951234567\n,\n84951234568\n", "list.csv")
    assert [line for line, _row in rows] == [3, 5]


def test_cells_are_trimmed() -> None:
    _header, rows = read_table(b"phone,name\n 84951234567 , Anna \n", "list.csv")
    assert rows == [(2, ["84951234567", "Anna"])]


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"", "list.csv", "The file has no rows."),
        (b"\n\n", "list.csv", "The file has no rows."),
        ("телефон".encode("cp1251"), "list.csv", "The file is not UTF-8 text."),
        (b"PK\x03\x04 not really a workbook", "list.xlsx", "The file is not a readable XLSX workbook."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data: bytes, filename: str, reason: str) -> None:
    with pytest.raises(ImportFileError, match=reason):
        read_table(data, filename)


def test_empty_workbook_cells_read_as_empty_text() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["phone", "name"])
    sheet.append([84951234567, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    header, rows = read_table(buffer.getvalue(), "LIST.XLSX")
    assert (header, rows) == (["phone", "name"], [(2, ["84951234567", ""])])


def test_the_mapping_guess_reads_russian_headers() -> None:
    assert guess_mapping(["ФИО", "Номер телефона", "Часовой пояс"]) == {
        "phone": "Номер телефона",
        "name": "ФИО",
        "tz": "Часовой пояс",
    }


def test_the_mapping_guess_gives_each_column_one_role() -> None:
    assert guess_mapping(["phone number", "notes"]) == {"phone": "phone number"}


def test_unmapped_columns_become_the_leads_custom_fields(campaign: Campaign) -> None:
    data = b"phone,name,plan,region\n84951234567,Anna,gold,north\n"
    preview = preview_import(campaign, data, "list.csv", {"phone": "phone", "name": "name"})
    assert preview.good[0]["fields"] == {"plan": "gold", "region": "north"}


def test_a_long_name_is_cut_to_the_leads_field(campaign: Campaign) -> None:
    data = ("phone,name\n84951234567," + "A" * 200 + "\n").encode()
    preview = preview_import(campaign, data, "list.csv", {"phone": "phone", "name": "name"})
    assert len(preview.good[0]["name"]) == 120


def test_a_short_row_reads_its_missing_cells_as_empty(campaign: Campaign) -> None:
    data = b"name,phone\nAnna\nBoris,84951234567\n"
    preview = preview_import(campaign, data, "list.csv", {"phone": "phone", "name": "name"})
    assert [error.line for error in preview.errors] == [2]
    assert [row["name"] for row in preview.good] == ["Boris"]


def test_a_number_in_a_regions_local_format_is_read_with_that_region(campaign: Campaign) -> None:
    preview = preview_import(
        campaign, b"phone\n(212) 555-0199\n", "list.csv", {"phone": "phone"}, region="US"
    )
    assert preview.good[0]["phone"] == "+12125550199"
    assert not Lead.objects.exists()
