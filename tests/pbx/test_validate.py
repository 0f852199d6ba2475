"""The structural checker finds what would break or mis-route a real Asterisk, and passes what is sound."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcenter.pbx.validate import (
    Report,
    check_directory,
    parse_config,
    parse_dialplan,
    pattern_regex,
    split_args,
)

GOOD_QUEUES = (
    "[general]\nautofill = yes\n\n[support]\nstrategy = rrmemory\nmember => PJSIP/1001,0,Agent 1001\n"
)
GOOD_PJSIP = (
    "[cc-transport-udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5060\n\n"
    "[1001]\ntype = endpoint\ntransport = cc-transport-udp\ncontext = phones\nauth = 1001-auth\naors = 1001\n\n"
    "[1001-auth]\ntype = auth\nauth_type = userpass\nusername = 1001\npassword = x\n\n"
    "[1001]\ntype = aor\nmax_contacts = 1\n"
)
GOOD_DIALPLAN = """[general]
static=yes

[phones]
exten => 100,1,Answer()
 same => n(again),Gosub(sub,s,1(support))
 same => n,GotoIf($["${X}" = "1"]?again:done)
 same => n(done),Goto(queues,s,1)
exten => _*72X.,1,Playback(beep)

[sub]
exten => s,1,Return()

[queues]
exten => s,1,Queue(support,c,,,)
 same => n,Hangup()
"""


def write(
    tmp_path: Path, dialplan: str = GOOD_DIALPLAN, queues: str = GOOD_QUEUES, pjsip: str = GOOD_PJSIP
) -> Path:
    (tmp_path / "extensions.conf").write_text(dialplan)
    (tmp_path / "queues.conf").write_text(queues)
    (tmp_path / "pjsip.conf").write_text(pjsip)
    return tmp_path


def test_a_sound_directory_passes(tmp_path: Path) -> None:
    report = check_directory(write(tmp_path))
    assert report.errors == [] and report.warnings == []


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("Goto(queues,s,1)", "Goto(qeues,s,1)", "jump to context 'qeues', which does not exist"),
        ("Gosub(sub,s,1(support))", "Gosub(sub,x,1(support))", "jump to sub,x, which does not exist"),
        ("?again:done", "?again:finish", "jump to label 'finish' of phones,100, which does not exist"),
        ("Queue(support,c,,,)", "Queue(sales,c,,,)", "Queue(sales) but queues.conf has no such queue"),
        ("Playback(beep)", "Playbak(beep)", "unknown application Playbak"),
        ("Answer()", "Answer(", "malformed exten line"),
        ("same => n,Hangup()", "same => 5,Hangup()\n same => 3,Hangup()", "priority 3 of s is not after"),
        ("exten => s,1,Return()", "exten => s,2,Return()", "extension s starts at priority 2, not 1"),
        ("(done),Goto", "(again),Goto", "label again defined twice in 100"),
        ("[sub]", "include => nowhere\n[sub]", "include of context 'nowhere', which is not rendered"),
        ("[sub]", "junk line\n[sub]", "not a section, option or directive: 'junk line'"),
        ("[sub]", "[queues]\n[sub]", "context [queues] defined twice"),
    ],
)
def test_dialplan_mistakes_are_reported(tmp_path: Path, old: str, new: str, error: str) -> None:
    assert old in GOOD_DIALPLAN
    report = check_directory(write(tmp_path, dialplan=GOOD_DIALPLAN.replace(old, new, 1)))
    assert any(error in message for message in report.errors), report.errors


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("strategy = rrmemory", "strategy = roundrobin", "needs exactly one known strategy"),
        ("autofill = yes", "autofil = yes", "unknown [general] option 'autofil'"),
        ("member => PJSIP/1001,0,Agent 1001", "member => PJSIP/1001,x,Agent", "member line is not interface"),
        (
            "member => PJSIP/1001",
            "member => PJSIP/1002",
            "member PJSIP/1002 of support has no PJSIP endpoint",
        ),
        ("[support]", "[support]\ncontext = exit-nowhere", "exit context 'exit-nowhere' does not exist"),
    ],
)
def test_queue_mistakes_are_reported(tmp_path: Path, old: str, new: str, error: str) -> None:
    report = check_directory(write(tmp_path, queues=GOOD_QUEUES.replace(old, new, 1)))
    assert any(error in message for message in report.errors), report.errors


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ("[SUPPORT]\nstrategy = linear\n", "queue [SUPPORT] is the same queue as [support]"),
        ("[support]\nstrategy = linear\n", "queue [support] defined twice"),
        ("[General]\nstrategy = linear\n", "unknown [general] option 'strategy'"),
    ],
)
def test_queue_sections_are_compared_without_regard_to_case_as_app_queue_does(
    tmp_path: Path, extra: str, error: str
) -> None:
    report = check_directory(write(tmp_path, queues=GOOD_QUEUES + "\n" + extra))
    assert any(error in message for message in report.errors), report.errors


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("aors = 1001", "aors = 1002", "aors names aor '1002', not defined"),
        ("auth = 1001-auth", "auth = 1001-secret", "auth names auth '1001-secret', not defined"),
        ("context = phones", "context = nowhere", "context 'nowhere' does not exist"),
        ("type = aor", "type = aorr", "needs exactly one known type"),
        ("max_contacts = 1", "max_contact = 1", "unknown aor option 'max_contact'"),
    ],
)
def test_pjsip_mistakes_are_reported(tmp_path: Path, old: str, new: str, error: str) -> None:
    report = check_directory(write(tmp_path, pjsip=GOOD_PJSIP.replace(old, new, 1)))
    assert any(error in message for message in report.errors), report.errors


def test_an_external_context_is_only_a_warning(tmp_path: Path) -> None:
    dialplan = GOOD_DIALPLAN.replace("[sub]", "include => operator-own\n[sub]")
    report = check_directory(write(tmp_path, dialplan=dialplan), external_contexts={"operator-own"})
    assert report.errors == []
    assert report.warnings == ["extensions.conf:11: include of context 'operator-own', which is not rendered"]


def test_includes_under_the_include_root_are_read_from_the_checked_directory(tmp_path: Path) -> None:
    (tmp_path / "callcenter").mkdir()
    (tmp_path / "callcenter" / "sub.conf").write_text("[sub]\nexten => s,1,Return()\n")
    dialplan = GOOD_DIALPLAN.replace("[sub]\nexten => s,1,Return()\n", "")
    dialplan += '#include "/etc/asterisk/callcenter/live/callcenter/sub.conf"\n'
    report = check_directory(write(tmp_path, dialplan=dialplan), include_root="/etc/asterisk/callcenter/live")
    assert report.errors == []
    outside = check_directory(write(tmp_path, dialplan=dialplan))
    assert any("is outside the checked directory" in message for message in outside.errors)


def test_prompts_are_checked_against_a_sounds_directory(tmp_path: Path) -> None:
    sounds = tmp_path / "sounds"
    (sounds / "ru").mkdir(parents=True)
    (sounds / "ru" / "beep.alaw").write_bytes(b"")
    directory = tmp_path / "conf"
    directory.mkdir()
    assert check_directory(write(directory), sounds_dir=sounds).errors == []
    missing = check_directory(
        write(directory, dialplan=GOOD_DIALPLAN.replace("beep", "custom/nothing")), sounds_dir=sounds
    )
    assert any(
        "prompt 'custom/nothing' is not in the sounds directory" in message for message in missing.errors
    )


def test_the_recorded_asterisk_dialplan_parses_without_errors(asterisk_fixtures: Path) -> None:
    report = Report()
    parse_dialplan(parse_config(asterisk_fixtures / "conf", "extensions.conf", report), report)
    assert report.errors == []


def test_arguments_split_like_asterisk() -> None:
    assert split_args('a,b(c,d),"e,f",${X(1,2)}') == ["a", "b(c,d)", '"e,f"', "${X(1,2)}"]


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("_X.", "12", "1"),
        ("_*72X.", "*7212", "*72"),
        ("_[1-5]", "3", "6"),
        ("_NXX", "234", "123"),
        ("_9!", "9", "8"),
    ],
)
def test_extension_patterns_match_like_asterisk(pattern: str, matches: str, misses: str) -> None:
    assert pattern_regex(pattern).fullmatch(matches)
    assert not pattern_regex(pattern).fullmatch(misses)


# -- music on hold and uploaded prompts ---------------------------------------------------------------
ROOT = "/etc/asterisk/callcenter/live"


def write_moh(tmp_path: Path, musicclass: str = "calm", directory: str = f"{ROOT}/moh/calm") -> Path:
    from tests.pbx.audio_factories import tone_wav

    write(
        tmp_path,
        queues=GOOD_QUEUES.replace("strategy = rrmemory", f"strategy = rrmemory\nmusicclass = {musicclass}"),
    )
    (tmp_path / "musiconhold.conf").write_text(
        f"[calm]\nmode = files\ndirectory = {directory}\nsort = alpha\n"
    )
    (tmp_path / "moh" / "calm").mkdir(parents=True)
    (tmp_path / "moh" / "calm" / "tune.wav").write_bytes(tone_wav(0.2))
    return tmp_path


def test_a_queue_playing_a_rendered_music_class_passes(tmp_path: Path) -> None:
    assert check_directory(write_moh(tmp_path), include_root=ROOT).errors == []


def test_a_queue_playing_the_nodes_default_music_passes(tmp_path: Path) -> None:
    assert check_directory(write_moh(tmp_path, musicclass="default"), include_root=ROOT).errors == []


def test_a_queue_playing_a_class_musiconhold_conf_lacks_is_reported(tmp_path: Path) -> None:
    report = check_directory(write_moh(tmp_path, musicclass="loud"), include_root=ROOT)
    assert report.errors == [
        "queues.conf: queue support music on hold class 'loud' is not in musiconhold.conf"
    ]


def test_a_music_directory_outside_the_rendered_directory_is_reported(tmp_path: Path) -> None:
    report = check_directory(write_moh(tmp_path, directory="/var/lib/asterisk/moh"), include_root=ROOT)
    assert report.errors == [
        "musiconhold.conf:1: class calm directory '/var/lib/asterisk/moh' is not in the rendered directory"
    ]


def test_a_music_file_asterisk_cannot_play_is_reported(tmp_path: Path) -> None:
    from tests.pbx.audio_factories import tone_wav

    directory = write_moh(tmp_path)
    (directory / "moh" / "calm" / "tune.wav").write_bytes(tone_wav(0.2, rate=44100, channels=2))
    report = check_directory(directory, include_root=ROOT)
    assert report.errors == [
        "musiconhold.conf:1: class calm file tune.wav: 44100 Hz, 2 channel(s), 16-bit instead of 8000 Hz mono 16-bit"
    ]


def test_an_uploaded_prompt_must_be_in_the_rendered_directory(tmp_path: Path) -> None:
    from tests.pbx.audio_factories import tone_wav

    dialplan = GOOD_DIALPLAN.replace("Playback(beep)", f"Playback({ROOT}/sounds/custom/welcome)")
    directory = write(tmp_path, dialplan=dialplan)
    missing = check_directory(directory, include_root=ROOT)
    assert missing.errors == [
        f"extensions.conf:9: prompt '{ROOT}/sounds/custom/welcome' has no audio file in the rendered directory"
    ]
    (directory / "sounds" / "custom").mkdir(parents=True)
    (directory / "sounds" / "custom" / "welcome.wav").write_bytes(tone_wav(0.2))
    assert check_directory(directory, include_root=ROOT).errors == []
