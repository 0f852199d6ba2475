"""The strict template engine: every placeholder given, every value used, every value checked."""

from __future__ import annotations

import pytest

from callcenter.pbx.templating import Template, TemplateError, UnsafeValue, check_conf, check_token

TEXT = ";; == line ==\nexten => {{exten}},1,Queue({{queue}})\n;; == option ==\npassword = {{secret|conf}}\n"


def test_a_block_renders_its_values() -> None:
    template = Template("t", TEXT)
    assert template("line", exten="100", queue="support") == "exten => 100,1,Queue(support)\n"
    assert template("option", secret="a,b(c)$x") == "password = a,b(c)$x\n"


@pytest.mark.parametrize(
    "values", [{"exten": "100"}, {"exten": "100", "queue": "s", "extra": "x"}], ids=["missing", "unexpected"]
)
def test_missing_or_unexpected_values_are_refused(values: dict[str, str]) -> None:
    with pytest.raises(TemplateError):
        Template("t", TEXT)("line", **values)


@pytest.mark.parametrize(
    "value", ["a\nb", "a,b", "a;b", "a(b", "a)b", "${X}", "$[1]", "a&b", "a|b", 'a"b', "a=b", "a\x00"]
)
def test_a_token_that_could_break_out_is_refused(value: str) -> None:
    with pytest.raises(UnsafeValue):
        Template("t", TEXT)("line", exten="100", queue=value)
    with pytest.raises(UnsafeValue):
        check_token(value)


@pytest.mark.parametrize("value", ["a\nb", "a;b", " a", "a ", "a\rb"])
def test_a_config_value_that_could_end_its_line_is_refused(value: str) -> None:
    with pytest.raises(UnsafeValue):
        check_conf(value)


def test_booleans_must_be_spelled_out() -> None:
    with pytest.raises(TemplateError):
        Template("t", TEXT)("line", exten="100", queue=True)


def test_text_before_the_first_block_and_duplicate_blocks_are_template_errors() -> None:
    with pytest.raises(TemplateError):
        Template("t", "stray\n" + TEXT)
    with pytest.raises(TemplateError):
        Template("t", TEXT + TEXT)
