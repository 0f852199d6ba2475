"""The Asterisk image's own files: node settings rendered from the environment and the base config."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from callcenter.pbx.apply import LIVE_LINK
from callcenter.pbx.models import AsteriskServer
from tests.deploy.conftest import DOCKER_DIR

ASTERISK_DIR = DOCKER_DIR / "asterisk"
RENDER_SCRIPT = ASTERISK_DIR / "render-node-config.sh"
BASE_CONF = ASTERISK_DIR / "conf"

GOOD_ENV = {
    "AMI_USERNAME": "callcenter",
    "AMI_SECRET": "0123456789abcdef0123456789abcdef",
    "AMI_PERMIT": "172.31.250.0/24",
    "RTP_PORT_START": "10000",
    "RTP_PORT_END": "10999",
    "SIP_EXTERNAL_ADDRESS": "203.0.113.10",
    "SIP_LOCAL_NETS": "10.0.0.0/8, 192.168.0.0/16",
}


def render(out_dir: Path, **overrides: str | None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", **GOOD_ENV}
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        ["bash", str(RENDER_SCRIPT), str(out_dir)], capture_output=True, text=True, env=env, timeout=30
    )


def sections(text: str) -> dict[str, list[tuple[str, str]]]:
    """Asterisk config text -> section name -> (option, value) pairs in order, comments dropped."""
    parsed: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.split(";", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        header = re.fullmatch(r"\[([^\]]+)\](\(.*\))?", line)
        if header:
            current = header.group(1)
            parsed.setdefault(current, [])
            continue
        key, _, value = line.partition("=")
        parsed.setdefault(current, []).append((key.strip(), value.lstrip(">").strip()))
    return parsed


def test_manager_conf_lets_only_the_internal_network_log_in(tmp_path: Path) -> None:
    result = render(tmp_path)
    assert result.returncode == 0, result.stderr
    manager = sections((tmp_path / "manager.conf").read_text())
    assert dict(manager["general"])["enabled"] == "yes"
    assert dict(manager["general"])["port"] == "5038"
    user = manager["callcenter"]
    assert ("secret", GOOD_ENV["AMI_SECRET"]) in user
    # deny everything first, then permit the internal network: Asterisk applies them in order
    rules = [(key, value) for key, value in user if key in {"deny", "permit"}]
    assert rules == [("deny", "0.0.0.0/0.0.0.0"), ("permit", "172.31.250.0/24")]
    assert oct((tmp_path / "manager.conf").stat().st_mode & 0o777) == "0o640"


def test_manager_conf_keeps_the_permissions_the_recorded_client_used(
    tmp_path: Path, asterisk_fixtures: Path
) -> None:
    render(tmp_path)
    ours = dict(sections((tmp_path / "manager.conf").read_text())["callcenter"])
    recorded = dict(sections((asterisk_fixtures / "conf" / "manager.conf").read_text())["ccadmin"])
    assert (ours["read"], ours["write"]) == (recorded["read"], recorded["write"])


@pytest.mark.parametrize(
    "secret",
    [
        "short",
        "0123456789abcdef;comment",
        "0123456789abcdef\n[evil]\nread=all",
        "0123456789abcdef with space",
        "0123456789abcdef#include",
    ],
)
def test_a_secret_that_could_inject_config_is_refused(tmp_path: Path, secret: str) -> None:
    result = render(tmp_path, AMI_SECRET=secret)
    assert result.returncode == 2
    assert "AMI_SECRET" in result.stderr
    assert not (tmp_path / "manager.conf").exists()


@pytest.mark.parametrize("missing", ["AMI_USERNAME", "AMI_SECRET", "AMI_PERMIT"])
def test_a_missing_ami_setting_is_refused(tmp_path: Path, missing: str) -> None:
    result = render(tmp_path, **{missing: None})
    assert result.returncode == 2
    assert f"{missing} is required" in result.stderr


def test_a_permit_that_is_not_a_network_is_refused(tmp_path: Path) -> None:
    result = render(tmp_path, AMI_PERMIT="172.31.250.0/24\npermit=0.0.0.0/0")
    assert result.returncode == 2
    assert not (tmp_path / "manager.conf").exists()


def test_rtp_conf_uses_the_published_range(tmp_path: Path) -> None:
    render(tmp_path)
    rtp = dict(sections((tmp_path / "rtp.conf").read_text())["general"])
    assert (rtp["rtpstart"], rtp["rtpend"]) == ("10000", "10999")


@pytest.mark.parametrize(
    ("start", "end"), [("10001", "10999"), ("20000", "10000"), ("80", "1000"), ("10000", "70000")]
)
def test_an_unusable_rtp_range_is_refused(tmp_path: Path, start: str, end: str) -> None:
    result = render(tmp_path, RTP_PORT_START=start, RTP_PORT_END=end)
    assert result.returncode == 2
    assert "RTP_PORT" in result.stderr


def nat_options(out_dir: Path) -> list[tuple[str, str]]:
    """pjsip_nat.conf holds options only: they land in the section that includes the file."""
    parsed = sections((out_dir / "pjsip_nat.conf").read_text())
    assert set(parsed) == {""}, "pjsip_nat.conf must not open a section of its own"
    return parsed[""]


def test_the_nat_options_carry_the_external_address_and_local_nets(tmp_path: Path) -> None:
    render(tmp_path)
    options = nat_options(tmp_path)
    assert ("external_media_address", "203.0.113.10") in options
    assert ("external_signaling_address", "203.0.113.10") in options
    assert [value for key, value in options if key == "local_net"] == ["10.0.0.0/8", "192.168.0.0/16"]


def test_without_an_external_address_no_nat_rewriting_is_configured(tmp_path: Path) -> None:
    render(tmp_path, SIP_EXTERNAL_ADDRESS="")
    assert {key for key, _value in nat_options(tmp_path)} == {"local_net"}


def test_an_external_address_that_could_inject_config_is_refused(tmp_path: Path) -> None:
    result = render(tmp_path, SIP_EXTERNAL_ADDRESS="203.0.113.10\n[evil]")
    assert result.returncode == 2
    assert "SIP_EXTERNAL_ADDRESS" in result.stderr


def test_the_base_config_includes_what_the_control_plane_renders() -> None:
    # pbx_apply swaps config_dir/live to the applied version; Asterisk resolves relative includes
    # against /etc/asterisk, where the config volume is mounted at config_dir.
    config_dir = AsteriskServer._meta.get_field("config_dir").get_default()
    live = f"{config_dir.removeprefix('/etc/asterisk/')}/{LIVE_LINK}"
    for name in ("extensions.conf", "queues.conf", "pjsip.conf"):
        text = (BASE_CONF / name).read_text()
        assert f"#tryinclude {live}/{name}" in text.splitlines(), name


def test_queue_log_is_written_the_way_the_fixtures_were_recorded(asterisk_fixtures: Path) -> None:
    ours = dict(sections((BASE_CONF / "logger.conf").read_text())["general"])
    recorded = dict(sections((asterisk_fixtures / "conf" / "logger.conf").read_text())["general"])
    for option in ("queue_log", "queue_log_to_file", "queue_log_name"):
        assert ours[option] == recorded[option], option
    log_dir = str(Path(AsteriskServer._meta.get_field("queue_log_path").get_default()).parent)
    assert ("astlogdir", log_dir) in sections((BASE_CONF / "asterisk.conf").read_text())["directories"]


def test_cdr_files_have_the_recorded_shape(asterisk_fixtures: Path) -> None:
    for name in ("cdr.conf", "cdr_custom.conf"):
        assert sections((BASE_CONF / name).read_text()) == sections(
            (asterisk_fixtures / "conf" / name).read_text()
        ), name


def test_no_secret_is_baked_into_the_image() -> None:
    # manager.conf is written at container start; the image's config carries no AMI user at all.
    assert not (BASE_CONF / "manager.conf").exists()
    dockerfile = (ASTERISK_DIR / "Dockerfile").read_text()
    assert "AMI_SECRET" not in dockerfile


def test_the_image_is_built_from_the_release_the_fixtures_were_recorded_on(asterisk_fixtures: Path) -> None:
    recorded = re.search(r"Asterisk (\d+\.\d+\.\d+) built", (asterisk_fixtures / "README.md").read_text())
    assert recorded
    dockerfile = (ASTERISK_DIR / "Dockerfile").read_text()
    pinned = set(re.findall(r"^ARG ASTERISK_VERSION=(\S+)$", dockerfile, flags=re.MULTILINE))
    assert pinned == {recorded.group(1)}
    assert "asterisk-${ASTERISK_VERSION}.tar.gz" in dockerfile
    env_example = (DOCKER_DIR / ".env.example").read_text()
    assert f"ASTERISK_VERSION={recorded.group(1)}" in env_example.splitlines()
