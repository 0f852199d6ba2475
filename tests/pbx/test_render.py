"""Rendering the center into Asterisk files: layout, every queue option, the dialplan parts, endpoints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from callcenter.pbx.apply import ensure_phone_accounts, render_to_directory
from callcenter.pbx.models import AsteriskServer, PhoneAccount, Queue, Trunk
from callcenter.pbx.render import render_center
from callcenter.pbx.snapshot import ConfigInvalid, collect
from tests.factories import AgentFactory, AsteriskServerFactory
from tests.harness import personas
from tests.pbx.audio_factories import MusicOnHoldFileFactory
from tests.pbx.conf_sections import section

pytestmark = pytest.mark.django_db

EXPECTED_FILES = {
    "queues.conf",
    "extensions.conf",
    "pjsip.conf",
    "callcenter/generated.conf",
    "callcenter/dialplans/agent_features.conf",
    "callcenter/dialplans/callback.conf",
    "callcenter/dialplans/common.conf",
    "callcenter/dialplans/dialer.conf",
    "callcenter/dialplans/outbound.conf",
    "callcenter/dialplans/recording.conf",
    "callcenter/dialplans/spy.conf",
    "callcenter/dialplans/survey.conf",
    "musiconhold.conf",
}


def render(tmp_path: Path) -> dict[str, str]:
    ensure_phone_accounts(None)
    rendered, report = render_to_directory(None, tmp_path / "out")
    assert report.errors == []
    return rendered.files


def test_demo_center_renders_a_complete_checked_directory(db: None, tmp_path: Path) -> None:
    from callcenter.demo.actions import seed_demo_center

    seed_demo_center()
    ensure_phone_accounts(None)
    rendered, report = render_to_directory(None, tmp_path / "out")
    assert set(rendered.files) == EXPECTED_FILES
    written = {
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()
    }
    assert written == EXPECTED_FILES
    assert report.errors == [] and report.warnings == []
    extensions = (tmp_path / "out" / "extensions.conf").read_text()
    root = str((tmp_path / "out").resolve())
    assert f'#include "{root}/callcenter/generated.conf"' in extensions
    assert f'#include "{root}/callcenter/dialplans/survey.conf"' in extensions


def test_queue_section_carries_every_option(full_center: Queue, tmp_path: Path) -> None:
    MusicOnHoldFileFactory(moh_class__name="vipmoh")
    Queue.objects.filter(name="vip").update(
        strategy="linear", timeout=21, retry=3, wrapuptime=7, maxlen=12, weight=4, service_level=15,
        joinempty="paused,unavailable,invalid", leavewhenempty="strict", ringinuse=True,
        announce_position="limit", announce_holdtime="once", announce_frequency=60, announce_round_seconds=15,
        periodic_announce="custom/vip-hold", periodic_announce_frequency=30, music_class="vipmoh",
    )  # fmt: skip
    queues = render(tmp_path)["queues.conf"]
    assert section(queues, "vip").split("\n") == [
        "strategy = linear",
        "timeout = 21",
        "retry = 3",
        "wrapuptime = 7",
        "maxlen = 12",
        "weight = 4",
        "servicelevel = 15",
        "joinempty = paused,unavailable,invalid",
        "leavewhenempty = strict",
        "ringinuse = yes",
        "announce-position = limit",
        "announce-holdtime = once",
        "announce-frequency = 60",
        "announce-round-seconds = 15",
        "periodic-announce-frequency = 30",
        "musicclass = vipmoh",
        "setinterfacevar = yes",
        "setqueueentryvar = yes",
        "setqueuevar = yes",
        "periodic-announce = custom/vip-hold",
        "member => PJSIP/1001,0,Agent 1001",
        "member => PJSIP/1002,0,Agent 1002",
        "member => PJSIP/1009,0,Agent 1009",
        "member => PJSIP/1010,0,Agent 1010",
    ]


def test_static_members_carry_penalty_and_member_name_and_dynamic_ones_log_in(
    full_center: Queue, tmp_path: Path
) -> None:
    files = render(tmp_path)
    support = section(files["queues.conf"], "support")
    assert "member => PJSIP/1005,1,Agent 1005" in support
    assert "context = cc-queue-exit-support" in support
    # The dynamic member (1011) is not in queues.conf; its phone's *70 adds it with its member name.
    assert "1011" not in files["queues.conf"]
    login = section(files["callcenter/generated.conf"], "cc-agent-login")
    assert (
        "exten => 1011,1,NoOp(Queue log-in of 1011)\n same => n,AddQueueMember(support,PJSIP/1011,2,,Agent 1011,PJSIP/1011)"
        in login
    )
    logout = section(files["callcenter/generated.conf"], "cc-agent-logout")
    assert " same => n,RemoveQueueMember(support,PJSIP/1011)" in logout


def test_inbound_route_checks_schedule_and_holidays_in_the_schedule_time_zone(
    full_center: Queue, tmp_path: Path
) -> None:
    generated = render(tmp_path)["callcenter/generated.conf"]
    schedule = section(generated, "cc-schedule-business-hours").split("\n")
    assert schedule[1] == "exten => s,1,Set(CC_TODAY=${STRFTIME(${EPOCH},Europe/Moscow,%Y-%m-%d)})"
    assert schedule[2] == ' same => n,GotoIf($["${CC_TODAY}" = "2027-01-01"]?closed)'
    assert schedule[3] == " same => n,GotoIfTime(08:00-20:00,mon,*,*,Europe/Moscow?open)"
    assert schedule[7] == " same => n,GotoIfTime(08:00-20:00,fri,*,*,Europe/Moscow?open)"
    assert schedule[8:] == [" same => n(closed),Return(closed)", " same => n(open),Return(open)"]
    inbound = section(generated, "cc-inbound")
    assert (
        "exten => 74950000001,1,NoOp(Inbound route 74950000001)\n"
        " same => n,Set(__CC_DID=74950000001)\n"
        " same => n,Gosub(cc-schedule-business-hours,s,1)\n"
        ' same => n,GotoIf($["${GOSUB_RETVAL}" = "open"]?open)\n'
        " same => n,Answer()\n"
        " same => n,Playback(custom/closed)\n"
        " same => n,Hangup()\n"
        " same => n(open),Goto(cc-queue-support,s,1)"
    ) in inbound
    assert (
        "exten => 74950000003,1,NoOp(Inbound route 74950000003)\n same => n,Set(__CC_DID=74950000003)\n same => n,Goto(cc-ivr-main,s,1)"
        in inbound
    )


def test_ivr_menu_has_prompts_options_timeout_and_retry_handling(full_center: Queue, tmp_path: Path) -> None:
    menu = section(render(tmp_path)["callcenter/generated.conf"], "cc-ivr-main").split("\n")
    assert menu == [
        "exten => s,1,Answer()",
        " same => n,Set(CC_IVR_TRIES=0)",
        " same => n(menu),Background(custom/main-menu)",
        " same => n,WaitExten(7)",
        " same => n(retry),Set(CC_IVR_TRIES=$[${CC_IVR_TRIES} + 1])",
        " same => n,GotoIf($[${CC_IVR_TRIES} <= 2]?menu)",
        " same => n,Goto(cc-queue-support,s,1)",
        "exten => i,1,Playback(option-is-invalid)",
        " same => n,Goto(s,retry)",
        "exten => t,1,Goto(s,retry)",
        "exten => 0,1,Goto(cc-hangup,s,1)",
        "exten => 1,1,Goto(cc-queue-support,s,1)",
        "exten => 2,1,Goto(cc-queue-sales,s,1)",
        "exten => 9,1,Goto(cc-internal,1001,1)",
    ]


def test_queue_entry_records_with_the_callid_and_runs_the_survey_after_the_agent_hangs_up(
    full_center: Queue, tmp_path: Path
) -> None:
    files = render(tmp_path)
    entry = section(files["callcenter/generated.conf"], "cc-queue-support").split("\n")
    assert entry == [
        "exten => s,1,NoOp(Queue support)",
        " same => n,Gosub(cc-vip,s,1(support))",
        ' same => n,GotoIf($["${GOSUB_RETVAL}" != ""]?cc-queue-${GOSUB_RETVAL},s,1)',
        " same => n,Answer()",
        " same => n,Set(__CC_QUEUE=support)",
        " same => n,Set(CDR(userfield)=queue=support)",
        " same => n,Gosub(cc-record,s,1(support))",
        " same => n,Queue(support,c,,,)",
        " same => n,Gosub(cc-survey,s,1(support))",
        " same => n,Hangup()",
    ]
    recording = files["callcenter/dialplans/recording.conf"]
    assert "${ARG1}-${UNIQUEID}.wav" in recording
    assert "MixMonitor(${CC_RECORDING},b)" in recording
    survey = files["callcenter/dialplans/survey.conf"]
    assert "QueueLog(${ARG1},${UNIQUEID},${MEMBERNAME},SURVEY,${CC_SCORE})" in survey
    sales = section(files["callcenter/generated.conf"], "cc-queue-sales")
    assert "Queue(sales,,,,)" in sales and "cc-survey" not in sales and "cc-record" not in sales


def test_callback_key_leaves_the_queue_into_the_callback_subroutine(
    full_center: Queue, tmp_path: Path
) -> None:
    exit_context = section(render(tmp_path)["callcenter/generated.conf"], "cc-queue-exit-support").split("\n")
    assert exit_context[1:] == [
        "exten => *,1,Gosub(cc-callback,s,1(support))",
        " same => n,Hangup()",
        "include => leave-queue",
    ]


def test_spy_is_reachable_only_from_supervisor_phones(full_center: Queue, tmp_path: Path) -> None:
    personas.supervisor("boss", phone_extension="901")
    personas.manager("notasupervisor", phone_extension="950")
    files = render(tmp_path)
    generated = files["callcenter/generated.conf"]
    assert section(generated, "cc-supervisors").split("\n")[1:] == [
        "exten => 900,1,Return(yes)",
        "exten => 901,1,Return(yes)",
    ]
    assert "exten => 1001,1,Return(PJSIP/1001-)" in section(generated, "cc-spy-targets")
    assert "include => cc-spy-features" in section(generated, "cc-supervisor-phones")
    assert "cc-spy" not in section(generated, "cc-phones")
    pjsip = files["pjsip.conf"]
    assert "context = cc-supervisor-phones" in section(pjsip, "900")
    assert "context = cc-phones" in section(pjsip, "1001")
    assert "[950]" not in pjsip
    spy = files["callcenter/dialplans/spy.conf"]
    for code, options in (("81", "q"), ("82", "qw"), ("83", "qB")):
        assert f"exten => _*{code}X.,1,Gosub(cc-spy,s,1({options},${{FILTER(0-9,${{EXTEN:3}})}}))" in spy


def test_spy_target_prefix_of_an_agent_never_matches_another_agents_channel(
    full_center: Queue, tmp_path: Path
) -> None:
    AgentFactory(extension="10011", member_name="Agent 10011", display_name="Agent Longer")
    AgentFactory(
        extension="7001",
        member_name="Agent 7001",
        display_name="Agent Local",
        interface="Local/7001@agents/n",
    )
    targets = section(render(tmp_path)["callcenter/generated.conf"], "cc-spy-targets")
    prefixes = dict(re.findall(r"^exten => (\d+),1,Return\((.*)\)$", targets, re.MULTILINE))
    assert (prefixes["1001"], prefixes["10011"], prefixes["7001"]) == (
        "PJSIP/1001-",
        "PJSIP/10011-",
        "Local/7001@agents-",
    )
    assert not "PJSIP/10011-0000001a".startswith(prefixes["1001"])
    assert "Local/7001@agents-0000000c;2".startswith(prefixes["7001"])


def test_recordings_directory_is_the_servers(full_center: Queue, tmp_path: Path) -> None:
    server = AsteriskServerFactory(name="node7", recordings_dir="/srv/recordings/node7")
    ensure_phone_accounts(None)
    extensions = render_center(collect(server), "/etc/asterisk/callcenter/live").files["extensions.conf"]
    assert "CC_RECORDINGS=/srv/recordings/node7\n" in section(extensions, "globals") + "\n"
    assert "/var/spool/asterisk/monitor" not in extensions


def test_recordings_directory_defaults_to_the_spool_directory(full_center: Queue, tmp_path: Path) -> None:
    extensions = render(tmp_path)["extensions.conf"]
    assert "CC_RECORDINGS=/var/spool/asterisk/monitor/callcenter" in section(extensions, "globals")


def test_a_hostile_recordings_directory_written_around_validation_is_refused_at_render_time(
    full_center: Queue,
) -> None:
    server = AsteriskServerFactory(name="node7")
    AsteriskServer.objects.filter(pk=server.pk).update(recordings_dir="/srv/rec\nCC_SURVEY_PROMPT=x")
    server.refresh_from_db()
    ensure_phone_accounts(None)
    with pytest.raises(ConfigInvalid) as refused:
        render_center(collect(server), "/etc/asterisk/callcenter/live")
    assert any(error.startswith("server 'node7': recordings_dir:") for error in refused.value.errors)


def test_outbound_routes_use_prefixes_and_fall_back_between_trunks(
    full_center: Queue, tmp_path: Path
) -> None:
    Trunk.objects.create(name="carrier-c", host="192.0.2.20", max_channels=5)
    outbound = section(render(tmp_path)["callcenter/generated.conf"], "cc-outbound").split("\n")
    body = [line for line in outbound if not line.startswith(";")]
    assert body == [
        "exten => _9X.,1,Gosub(cc-dial-trunk,s,1(carrier-b,${FILTER(0-9+,${EXTEN:1})},30,))",
        " same => n,Hangup()",
        "exten => _X.,1,Gosub(cc-dial-trunk,s,1(carrier-a,${FILTER(0-9+,${EXTEN})},30,74950000001))",
        ' same => n,GotoIf($["${GOSUB_RETVAL}" != "CHANUNAVAIL" & "${GOSUB_RETVAL}" != "CONGESTION"]?done)',
        " same => n,Gosub(cc-dial-trunk,s,1(carrier-c,${FILTER(0-9+,${EXTEN})},5,))",
        " same => n(done),Hangup()",
    ]


def test_endpoints_take_their_secrets_from_the_database_and_nothing_else_does(
    full_center: Queue, tmp_path: Path
) -> None:
    files = render(tmp_path)
    pjsip = files["pjsip.conf"]
    assert "password = agent-1001-Secret" in section(pjsip, "1001-auth")
    assert section(pjsip, "carrier-a-auth").split("\n") == [
        "type = auth",
        "auth_type = userpass",
        "username = acct77",
        "password = trunk-Secret-42",
    ]
    assert "client_uri = sip:acct77@sip.carrier-a.example:5060" in section(pjsip, "carrier-a-reg")
    assert "transport = cc-transport-tcp" in section(pjsip, "carrier-b")
    assert "carrier-b-auth" not in pjsip
    secrets = [*PhoneAccount.objects.values_list("secret", flat=True), "trunk-Secret-42"]
    for relative, text in files.items():
        if relative != "pjsip.conf":
            assert not any(secret in text for secret in secrets), relative
    templates = "".join(p.read_text() for p in Path("asterisk_conf").glob("*"))
    assert not any(secret in templates for secret in secrets)
    assert (tmp_path / "out" / "pjsip.conf").stat().st_mode & 0o007 == 0


def test_every_phone_gets_a_random_password_once(full_center: Queue) -> None:
    created = ensure_phone_accounts(None)
    assert "1001" not in created and {"1002", "1011", "900"} <= set(created)
    assert ensure_phone_accounts(None) == []
    assert PhoneAccount.objects.get(extension="1001").secret == "agent-1001-Secret"


def test_a_value_written_around_validation_is_refused_at_render_time(
    full_center: Queue, tmp_path: Path
) -> None:
    Queue.objects.filter(name="sales").update(music_class="default\nmember => PJSIP/666")
    ensure_phone_accounts(None)
    with pytest.raises(ConfigInvalid) as refused:
        render_to_directory(None, tmp_path / "out")
    assert any("queue 'sales': music_class" in error for error in refused.value.errors)
    assert not (tmp_path / "out").exists()


def test_a_route_to_a_queue_of_another_server_is_refused(full_center: Queue) -> None:
    from tests.factories import AsteriskServerFactory

    other = AsteriskServerFactory(name="other")
    Queue.objects.filter(name="sales").update(server=other)
    here = AsteriskServerFactory(name="here")
    ensure_phone_accounts(None)
    with pytest.raises(ConfigInvalid) as refused:
        render_center(collect(here), "/etc/asterisk/callcenter/live")
    assert "inbound route '74950000002': queue 'sales' is not rendered on this server" in refused.value.errors


def test_rendering_is_deterministic(full_center: Queue, tmp_path: Path) -> None:
    ensure_phone_accounts(None)
    first = render_center(collect(), "/etc/asterisk/callcenter/live").files
    second = render_center(collect(), "/etc/asterisk/callcenter/live").files
    assert first == second


def test_pbx_render_command_writes_the_directory(
    full_center: Queue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("pbx_render", "--out", str(tmp_path / "cmd"), skip_checks=True)
    out = capsys.readouterr().out
    assert f"rendered {len(EXPECTED_FILES)} files into {tmp_path / 'cmd'}" in out
    assert "warning: " in out and "leave-queue" in out
    assert (tmp_path / "cmd" / "queues.conf").read_text().startswith("; queues.conf rendered")


def test_pbx_render_command_renders_one_server_and_refuses_an_unknown_one(
    full_center: Queue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.factories import AsteriskServerFactory

    other = AsteriskServerFactory(name="other")
    Queue.objects.filter(name="vip").update(server=other)
    here = AsteriskServerFactory(name="here")
    call_command("pbx_render", "--out", str(tmp_path / "here"), "--server", here.name, skip_checks=True)
    queues = (tmp_path / "here" / "queues.conf").read_text()
    assert "[support]" in queues and "[vip]" not in queues
    assert "(server: here)" in queues
    with pytest.raises(CommandError, match="no Asterisk server named 'nowhere'"):
        call_command("pbx_render", "--out", str(tmp_path / "x"), "--server", "nowhere", skip_checks=True)


def test_a_re_render_removes_subroutine_files_that_are_gone(full_center: Queue, tmp_path: Path) -> None:
    stale = tmp_path / "out" / "callcenter" / "dialplans" / "removed.conf"
    stale.parent.mkdir(parents=True)
    stale.write_text("[cc-old]\n")
    render(tmp_path)
    assert not stale.exists()
    assert (tmp_path / "out" / "callcenter" / "dialplans" / "survey.conf").exists()


def test_sip_transports_listen_on_the_servers_sip_port(full_center: Queue) -> None:
    server = AsteriskServerFactory(name="node8", sip_port=5070)
    ensure_phone_accounts(None)
    pjsip = render_center(collect(server), "/etc/asterisk/callcenter/live").files["pjsip.conf"]
    assert "bind = 0.0.0.0:5070\n" in pjsip
    assert "bind = 0.0.0.0:5060" not in pjsip


def test_a_sip_port_below_1024_is_refused(db: None) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        AsteriskServerFactory(name="node9", sip_port=80).full_clean()
    assert "sip_port" in error.value.message_dict
