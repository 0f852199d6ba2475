"""10,000 hostile values against the renderer: refused if a model validator refuses them, harmless otherwise.

Each example puts one hostile value into each of the 38 rendered free-text fields of a complete center. A value a model
field's validators refuse must make the whole render refuse (nothing written). A value they accept must
leave every rendered file with exactly the structure of the clean render: the same lines, sections,
option keys, applications and application argument counts, so it cannot have left its line or argument.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date, time
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcenter.pbx.audio import sha256_hex
from callcenter.pbx.render import render_center
from callcenter.pbx.snapshot import (
    FIELD_SOURCES,
    AgentConf,
    AudioConf,
    CenterConf,
    ConfigInvalid,
    IVRConf,
    MemberConf,
    MohClassConf,
    MohFileConf,
    OptionConf,
    PauseReasonConf,
    PromptConf,
    QueueConf,
    RouteConf,
    ScheduleConf,
    SupervisorConf,
    TrunkConf,
)
from callcenter.pbx.validate import split_args
from tests.pbx.audio_factories import tone_wav

PAYLOADS = [
    "\n", "\r", "\r\n[evil]\nmember => PJSIP/666", ",", ";", "(", ")", "${SHELL(id)}", "$[1+1]", "&", "|",
    '"', "\\", "\x00", "\u2028", "\u0085", "\t", "=", "=>", "[", "]", "{", "}", "<", ">", "#include /etc/passwd",
    "$", " ", "'", "/", "..", "*", "#", "_X.", "!", "\x0b", "\x0c", "\x1b", "\u200b", "ё", "a", "1", "-", "_",
    "support", "1001", "PJSIP/", "@", ":", "+", "%", "Ivan Petrov", "custom/hello", "Europe/Moscow",
]  # fmt: skip
TONE = tone_wav(0.1)
hostile_text = st.lists(
    st.one_of(st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=4)), min_size=1, max_size=4
).map("".join)


def base_center() -> CenterConf:
    """A center where every optional part is present, so the structure cannot depend on which value wins."""
    rules = [(day, time(9, 0), time(18, 0)) for day in range(5)]
    return CenterConf(
        server_name="node1",
        queues=[
            QueueConf(
                name="lonely",
                strategy="rrmemory",
                joinempty="yes",
                leavewhenempty="no",
                announce_position="yes",
                announce_holdtime="once",
                periodic_announce="custom/hold",
                music_class="default",
                exit_context="leave",
                recording="all",
                survey_enabled=True,
                callback_enabled=True,
                max_wait=300,
                members=[
                    MemberConf("PJSIP/2001", 0, "Agent 2001"),
                    MemberConf("PJSIP/2002", 1, "Agent 2002"),
                ],
            ),
            QueueConf(
                name="support", survey_enabled=True, members=[MemberConf("PJSIP/2001", 0, "Agent 2001")]
            ),
        ],
        agents=[
            AgentConf(
                "2001", "Agent 2001", "Ivan Petrov", "PJSIP/2001", "ru", "s3cret-2001", [("support", 1)]
            ),
            AgentConf(
                "2002", "Agent 2002", "Anna Smith", "PJSIP/2002", "en", "s3cret-2002", [("support", 0)]
            ),
        ],
        supervisors=[SupervisorConf("sam", "900", "s3cret-900")],
        pause_reasons=[PauseReasonConf(1, "lunch"), PauseReasonConf(2, "training")],
        trunks=[
            TrunkConf(
                "carrier",
                "sip.example.com",
                5060,
                "udp",
                "acct",
                "trunk-pass",
                "from77",
                "alaw,ulaw",
                30,
                "9",
                "74950000001",
            ),
        ],
        schedules=[
            ScheduleConf("hours", "Europe/Moscow", rules, [date(2027, 1, 1)]),
            ScheduleConf("lonely-hours", "Asia/Yekaterinburg", rules, [date(2027, 5, 9)]),
        ],
        menus=[
            IVRConf(
                "main",
                "custom/main",
                "option-is-invalid",
                5,
                3,
                "support",
                [OptionConf("1", "queue", "support")],
            ),
            IVRConf("lonely-menu", "custom/other", "custom/invalid", 5, 2, "", [OptionConf("2", "hangup")]),
        ],
        routes=[
            RouteConf(
                "74950000001", "Main", "ivr", ivr="main", schedule="hours", closed_prompt="custom/closed"
            ),
            RouteConf(
                "74950000002",
                "Second",
                "queue",
                queue="support",
                schedule="lonely-hours",
                closed_prompt="custom/closed2",
            ),
        ],
        prompts=[PromptConf("custom/unused", AudioConf(sha256_hex(TONE), data=TONE))],
        moh_classes=[
            MohClassConf("calm", "alpha", [MohFileConf("tune", AudioConf(sha256_hex(TONE), data=TONE))])
        ],
    )


# Per object of the center (its getter), the attributes whose free-text values reach a file.
_RENDERED_TEXT: list[tuple[Callable[[CenterConf], Any], tuple[str, ...]]] = [
    (
        lambda c: c.queues[0],
        (
            "name",
            "strategy",
            "joinempty",
            "leavewhenempty",
            "announce_position",
            "announce_holdtime",
            "periodic_announce",
            "music_class",
            "exit_context",
        ),
    ),
    (lambda c: c.queues[0].members[1], ("member_name", "interface")),
    (lambda c: c.agents[0], ("member_name", "display_name")),
    (lambda c: c.agents[1], ("extension", "language", "secret")),
    (lambda c: c.supervisors[0], ("extension", "secret")),
    (lambda c: c.pause_reasons[1], ("code",)),
    (
        lambda c: c.trunks[0],
        ("name", "host", "username", "secret", "from_user", "outbound_prefix", "caller_id", "codecs"),
    ),
    (lambda c: c.schedules[1], ("name", "time_zone")),
    (lambda c: c.menus[1], ("name", "greeting", "invalid_prompt")),
    (lambda c: c.routes[0], ("did", "name")),
    (lambda c: c.routes[1], ("closed_prompt",)),
    (lambda c: c.prompts[0], ("name",)),
    (lambda c: c.moh_classes[0], ("name",)),
    (lambda c: c.moh_classes[0].files[0], ("name",)),
]
# (object getter, attribute): every free-text value that reaches a file.
SLOTS = [(getter, attribute) for getter, attributes in _RENDERED_TEXT for attribute in attributes]
VALUES_PER_EXAMPLE = len(SLOTS)
EXAMPLES = -(-10_000 // VALUES_PER_EXAMPLE)
_CODEC = re.compile(r"[a-z0-9_]{2,16}")


def model_source(obj: object, attribute: str) -> tuple[str, str]:
    """The model field a rendered attribute comes from, as the render's own checks look it up; codecs are
    checked by the trunk model's clean instead of a field."""
    if isinstance(obj, TrunkConf) and attribute == "codecs":
        return ("pbx.Trunk", "codecs")
    return FIELD_SOURCES[type(obj)][attribute]


def model_refuses(label: str, name: str, value: str) -> bool:
    """Would the model (field validators, choices, and the model's clean for codecs) refuse this value?"""
    model_field = apps.get_model(label)._meta.get_field(name)
    try:
        model_field.clean(value, None)
    except ValidationError:
        return True
    if label == "pbx.Trunk" and name == "codecs":
        return not all(_CODEC.fullmatch(codec) for codec in value.split(","))
    return False


def shape(text: str) -> list[tuple[Any, ...]]:
    """The structure of a rendered file: per line, its kind and the parts a value must not change."""
    result: list[tuple[Any, ...]] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            result.append(("blank",))
        elif stripped.startswith(";"):
            result.append(("comment",))
        elif stripped.startswith("#include"):
            result.append(("include",))
        elif stripped.startswith("["):
            result.append(("section", stripped.endswith("]"), stripped.count("["), stripped.count("]")))
        elif stripped.startswith(("exten =>", "same =>")):
            head, _sep, rest = stripped.partition("=>")
            body = rest.strip()
            if head.strip() == "exten":
                body = body.split(",", 1)[1]
            app_match = re.match(r"^[^,]*,([A-Za-z]+)\((.*)\)$", body)
            assert app_match, line
            result.append(
                ("app", head.strip(), app_match.group(1), len(split_args(app_match.group(2))), ";" in line)
            )
        else:
            key, sep, value = stripped.partition("=")
            extra = len(value.split(",")) if key.strip() == "member" else 0
            result.append(("option", key.strip(), sep, extra, ";" in value))
    return result


tested_values: list[int] = []
rendered_ok: list[int] = []


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(st.lists(hostile_text, min_size=VALUES_PER_EXAMPLE, max_size=VALUES_PER_EXAMPLE))
def check_hostile_values(values: list[str]) -> None:
    hostile = copy.deepcopy(BASE)
    accepted_only = copy.deepcopy(BASE)
    final_values: dict[int, str] = {}
    for slot_index, value in enumerate(values):
        # A valid non-PJSIP interface legitimately renders other blocks, so interfaces stay PJSIP here.
        final_values[slot_index] = f"PJSIP/{value}" if SLOTS[slot_index][1] == "interface" else value
    refused = []
    for slot_index, final in final_values.items():
        getter, attribute = SLOTS[slot_index]
        setattr(getter(hostile), attribute, final)
        if model_refuses(*model_source(getter(hostile), attribute), final):
            refused.append(attribute)
        else:
            setattr(getter(accepted_only), attribute, final)
    tested_values.append(len(final_values))
    if refused:
        try:
            render_center(hostile, "/etc/asterisk/callcenter/live")
        except ConfigInvalid as exc:
            assert all(any(f": {attribute}: " in error for error in exc.errors) for attribute in refused)
        else:
            raise AssertionError(f"rendered although the models refuse values of {refused!r}")
    try:
        files = render_center(accepted_only, "/etc/asterisk/callcenter/live").files
    except ConfigInvalid as exc:
        # Only accepted values: refused only for cross-object reasons (two phones with one endpoint name...).
        allowed = ("same PJSIP name", "does not exist", "not rendered", "defined twice")
        assert all(any(reason in error for reason in allowed) for error in exc.errors), exc.errors
        return
    rendered_ok.append(1)
    for relative, text in files.items():
        assert shape(text) == CLEAN_SHAPES[relative], relative


BASE = base_center()
CLEAN_SHAPES = {
    relative: shape(text)
    for relative, text in render_center(BASE, "/etc/asterisk/callcenter/live").files.items()
}


def test_the_clean_base_center_renders() -> None:
    assert set(CLEAN_SHAPES) >= {"queues.conf", "pjsip.conf", "callcenter/generated.conf"}


def test_ten_thousand_hostile_values_never_reach_a_file_unescaped() -> None:
    tested_values.clear()
    rendered_ok.clear()
    check_hostile_values()
    assert sum(tested_values) >= EXAMPLES * VALUES_PER_EXAMPLE >= 10_000
    # Most examples also render their accepted values, so the "harmless once accepted" half is exercised.
    assert len(rendered_ok) > EXAMPLES // 2


def test_a_newline_in_a_member_name_is_refused() -> None:
    center = base_center()
    center.queues[0].members[0].member_name = "Agent 2001\nmember => PJSIP/666,0,Evil"
    try:
        render_center(center, "/etc/asterisk/callcenter/live")
    except ConfigInvalid as exc:
        assert any("member_name" in error for error in exc.errors)
    else:
        raise AssertionError("rendered a member name with a newline")


def test_an_accepted_unicode_display_name_is_rendered_verbatim() -> None:
    center = base_center()
    center.agents[0].display_name = "Пётр Д'Ямщиков"
    pjsip = render_center(center, "/etc/asterisk/callcenter/live").files["pjsip.conf"]
    assert 'callerid = "Пётр Д\'Ямщиков" <2001>' in pjsip
