"""Lint of the repository's Asterisk files: the hand-written subroutines in dialplans/ and the templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from callcenter.pbx.render import render_center
from callcenter.pbx.templating import load, templates_dir
from callcenter.pbx.validate import Report, check_directory, parse_config, parse_dialplan
from tests.pbx.test_render_hostile import base_center

DIALPLANS = sorted((Path(settings.BASE_DIR) / "dialplans").glob("*.conf"))


def test_the_dialplans_folder_holds_the_subroutines() -> None:
    assert [path.name for path in DIALPLANS] == [
        "agent_features.conf", "callback.conf", "common.conf", "dialer.conf", "outbound.conf", "recording.conf",
        "spy.conf", "survey.conf",
    ]  # fmt: skip


@pytest.mark.parametrize("path", DIALPLANS, ids=lambda path: path.name)
def test_each_hand_written_file_is_well_formed(path: Path) -> None:
    report = Report()
    dialplan = parse_dialplan(parse_config(path.parent, path.name, report), report)
    assert report.errors == []
    assert dialplan.contexts, "no context"
    assert all(name.startswith("cc-") for name in dialplan.contexts)


def test_generated_and_hand_written_dialplan_resolve_every_jump(tmp_path: Path) -> None:
    rendered = render_center(base_center(), str(tmp_path))
    rendered.write(tmp_path)
    report = check_directory(tmp_path, include_root=str(tmp_path), external_contexts={"leave"})
    assert report.errors == []
    assert report.warnings == [
        "callcenter/generated.conf:"
        + str(rendered.files["callcenter/generated.conf"].split("\n").index("include => leave") + 1)
        + ": include of context 'leave', which is not rendered"
    ]


def test_every_subroutine_the_generated_dialplan_calls_is_hand_written() -> None:
    generated = render_center(base_center(), "/x").files["callcenter/generated.conf"]
    called = set(re.findall(r"Gosub\((cc-[a-z-]+),", generated)) - {
        "cc-schedule-hours",
        "cc-schedule-lonely-hours",
        "cc-vip",
    }
    defined = set()
    for path in DIALPLANS:
        defined.update(re.findall(r"^\[(cc-[a-z-]+)\]", path.read_text(), re.MULTILINE))
    assert called == {"cc-record", "cc-survey", "cc-callback", "cc-dial-trunk"}
    assert called <= defined
    assert {"cc-spy", "cc-agent-run", "cc-agent-pause", "cc-hangup"} <= defined


def test_spy_options_per_mode_are_the_recorded_ones(asterisk_fixtures: Path) -> None:
    sent = (asterisk_fixtures / "transcripts" / "s06_spy.sent.ami").read_text()
    recorded = re.findall(r"Data: [^,\r\n]+,([A-Za-z]+)", sent)
    spy = (Path(settings.BASE_DIR) / "dialplans" / "spy.conf").read_text()
    used = re.findall(r"Gosub\(cc-spy,s,1\(([A-Za-z]+),", spy)
    assert sorted(used) == sorted(recorded) == ["q", "qB", "qw"]


def test_every_value_from_outside_is_filtered_before_it_reaches_an_argument() -> None:
    text = "".join(path.read_text() for path in DIALPLANS)
    # Dialled digits after a feature code and numbers typed by callers are reduced to digits.
    assert "${EXTEN:3}" not in text.replace("${FILTER(0-9,${EXTEN:3})}", "")
    assert "Read(CC_CB_NUMBER" in text and "Set(CC_CB_NUMBER=${FILTER(0-9,${CC_CB_NUMBER})})" in text
    # Variables set by the dialer over AMI are checked before Dial() and Queue() use them.
    dialer = (Path(settings.BASE_DIR) / "dialplans" / "dialer.conf").read_text()
    assert dialer.index('REGEX("^[A-Za-z0-9_.+@/-]+$" ${AGENT_INTERFACE})') < dialer.index(
        "Dial(${AGENT_INTERFACE}"
    )
    assert dialer.index('REGEX("^[0-9]+$" ${ATTEMPT_ID})') < dialer.index("UserEvent(DialerAbandon")


def test_dialer_contexts_match_what_the_dialer_originates() -> None:
    """The answered-call context is the campaigns' default, and a contact nobody takes within 2 s is
    reported with the user event the dialer counts as an abandon."""
    from callcenter.dialer.models import Campaign

    dialer = (Path(settings.BASE_DIR) / "dialplans" / "dialer.conf").read_text()
    assert f"[{Campaign._meta.get_field('dial_context').default}]" in dialer
    assert "[cc-dialer-out]" in dialer
    assert "Queue(${EXTEN},,,,2)" in dialer
    assert dialer.index("Queue(${EXTEN},,,,2)") < dialer.index(
        "UserEvent(DialerAbandon,AttemptID: ${ATTEMPT_ID})"
    )


@pytest.mark.parametrize("name", sorted(path.name for path in templates_dir().glob("*.tmpl")))
def test_templates_compile_and_hold_no_secret_or_value(name: str) -> None:
    template = load(name)
    assert template.blocks
    text = (templates_dir() / name).read_text()
    assert not re.search(r"password = (?!\{\{secret\|conf\}\})", text)


def test_the_survey_line_is_what_the_statistics_read() -> None:
    from callcenter.stats.parser import parse_line

    survey = (Path(settings.BASE_DIR) / "dialplans" / "survey.conf").read_text()
    found = re.search(r"QueueLog\(([^)]*)\)", survey)
    assert found is not None
    arguments = found.group(1).split(",")
    assert arguments == ["${ARG1}", "${UNIQUEID}", "${MEMBERNAME}", "SURVEY", "${CC_SCORE}"]
    # QueueLog(queue,uniqueid,agent,event,info) writes <epoch>|<uniqueid>|<queue>|<agent>|<event>|<info>.
    values = {
        "${ARG1}": "support",
        "${UNIQUEID}": "1795355864.20",
        "${MEMBERNAME}": "Agent 1001",
        "${CC_SCORE}": "4",
    }
    queue, callid, agent, event, info = (values.get(argument, argument) for argument in arguments)
    parsed = parse_line(f"1795355900|{callid}|{queue}|{agent}|{event}|{info}")
    assert (parsed.callid, parsed.queue, parsed.agent, parsed.verb, parsed.value) == (
        "1795355864.20", "support", "Agent 1001", "SURVEY", 4,
    )  # fmt: skip


def test_the_callback_keeps_the_turn_with_the_queue_position_argument() -> None:
    from callcenter.pbx.validate import split_args

    callback = (Path(settings.BASE_DIR) / "dialplans" / "callback.conf").read_text()
    found = re.search(r"^ same => n,Queue\((.*)\)$", callback, re.MULTILINE)
    assert found is not None
    data = found.group(1)
    arguments = split_args(data)
    # Asterisk 22: Queue(queuename,options,URL,announceoverride,timeout,AGI,gosub,rule,position).
    assert len(arguments) == 9
    assert (arguments[0], arguments[4]) == ("${CC_QUEUE}", "7200")
    assert "${CC_POS}" in arguments[8]


@pytest.mark.parametrize("dialled", ["*721", "*7212", "*70", "*71", "*73"])
def test_every_agent_feature_code_is_reachable(dialled: str) -> None:
    report = Report()
    dialplan = parse_dialplan(
        parse_config(Path(settings.BASE_DIR) / "dialplans", "agent_features.conf", report), report
    )
    assert dialplan.find_extension("cc-agent-features", dialled) is not None


@pytest.mark.parametrize("dialled", ["*811001", "*82100", "*83123456"])
def test_every_spy_code_is_reachable(dialled: str) -> None:
    report = Report()
    dialplan = parse_dialplan(parse_config(Path(settings.BASE_DIR) / "dialplans", "spy.conf", report), report)
    assert dialplan.find_extension("cc-spy-features", dialled) is not None
