"""``Template.fill``: placeholders read from a source's attributes unless given, a missing one refused."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from callcenter.pbx.templating import Template, TemplateError, UnsafeValue

TEXT = ";; == member ==\nmember => {{interface}},{{penalty}},{{name|conf}}\n;; == empty ==\n; nothing\n"


@dataclass
class _Member:
    interface: str
    penalty: int
    name: str


IVAN = _Member(interface="PJSIP/1001", penalty=2, name="Agent 1001")


def test_each_placeholder_is_read_from_the_attribute_of_its_name() -> None:
    assert Template("t", TEXT).fill("member", IVAN) == "member => PJSIP/1001,2,Agent 1001\n"


def test_a_value_given_overrides_the_attribute() -> None:
    filled = Template("t", TEXT).fill("member", IVAN, penalty=0, name="Ivan (night)")
    assert filled == "member => PJSIP/1001,0,Ivan (night)\n"


def test_a_source_without_the_attribute_is_a_template_error_naming_it() -> None:
    with pytest.raises(TemplateError, match="t: block member needs penalty"):
        Template("t", TEXT).fill("member", object(), interface="PJSIP/1001", name="x")


def test_the_source_need_not_have_an_attribute_given_as_a_value() -> None:
    filled = Template("t", TEXT).fill("member", object(), interface="PJSIP/1", penalty=1, name="x")
    assert filled == "member => PJSIP/1,1,x\n"


def test_a_value_the_block_has_no_placeholder_for_is_refused() -> None:
    with pytest.raises(TemplateError, match=r"unexpected \['queue'\]"):
        Template("t", TEXT).fill("member", IVAN, queue="support")


def test_an_unknown_block_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="t: no block nobody"):
        Template("t", TEXT).fill("nobody", IVAN)


def test_a_block_without_placeholders_reads_nothing() -> None:
    assert Template("t", TEXT).fill("empty", object()) == "; nothing\n"


def test_attribute_values_are_checked_like_given_ones() -> None:
    with pytest.raises(UnsafeValue, match=r"member\.interface"):
        Template("t", TEXT).fill("member", _Member(interface="PJSIP/1,evil", penalty=1, name="x"))


@dataclass
class _Unset:
    interface: str | None
    penalty: int
    name: str


def test_an_attribute_that_is_neither_text_nor_a_number_is_a_template_error_naming_it() -> None:
    with pytest.raises(TemplateError, match=r"interface is a NoneType"):
        Template("t", TEXT).fill("member", _Unset(interface=None, penalty=1, name="x"))
