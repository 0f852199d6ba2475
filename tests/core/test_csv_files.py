"""Reading an imported CSV: its text, a header without a required column, values repeated in the file."""

from __future__ import annotations

import pytest

from callcenter.core.csv_files import UniqueColumns, csv_text, refuse_missing_columns
from callcenter.core.imports import ImportRefused, ImportRowError


class _Refused(ImportRefused):
    """The refusal of one import kind."""


@pytest.mark.parametrize(
    "content",
    [b"name,extension\r\n", "name,extension\r\n".encode("utf-8-sig"), "\ufeffname,extension\r\n"],
    ids=["bytes", "bytes-with-bom", "text-with-bom"],
)
def test_the_text_is_utf8_without_a_byte_order_mark(content: str | bytes) -> None:
    assert csv_text(content) == "name,extension\r\n"


def test_text_is_kept_as_it_is() -> None:
    assert csv_text("Иван,1001\n") == "Иван,1001\n"


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(UnicodeDecodeError):
        csv_text("Иван".encode("cp1251"))


def test_a_header_with_every_required_column_passes() -> None:
    refuse_missing_columns(["extension", "name", "note"], ["name", "extension"], _Refused)


def test_a_missing_column_refuses_the_file_at_line_1_naming_each_missing_column() -> None:
    with pytest.raises(_Refused) as refused:
        refuse_missing_columns(["name"], ["name", "extension", "team"], _Refused)
    assert refused.value.result.errors == [ImportRowError(1, "missing column(s): extension, team")]
    assert str(refused.value) == "line 1: missing column(s): extension, team"


def test_a_row_of_new_values_is_no_repeat() -> None:
    unique = UniqueColumns(("extension", "name"))
    assert unique.repeat({"extension": "1001", "name": "a"}, 2) is None
    assert unique.repeat({"extension": "1002", "name": "b"}, 3) is None


def test_a_repeated_value_names_its_column_and_first_line() -> None:
    unique = UniqueColumns(("extension", "name"))
    unique.repeat({"extension": "1001", "name": "a"}, 2)
    assert unique.repeat({"extension": "1002", "name": "a"}, 5) == "name 'a' repeats line 2"


def test_empty_values_never_repeat() -> None:
    unique = UniqueColumns(("extension",))
    unique.repeat({"extension": ""}, 2)
    assert unique.repeat({"extension": ""}, 3) is None


def test_a_refused_row_is_not_remembered() -> None:
    unique = UniqueColumns(("extension", "name"))
    unique.repeat({"extension": "1001", "name": "a"}, 2)
    assert unique.repeat({"extension": "1002", "name": "a"}, 3) is not None
    assert unique.repeat({"extension": "1002", "name": "b"}, 4) is None


def test_columns_outside_the_unique_ones_may_repeat() -> None:
    unique = UniqueColumns(("extension",))
    unique.repeat({"extension": "1001", "team": "North"}, 2)
    assert unique.repeat({"extension": "1002", "team": "North"}, 3) is None
