"""A node's configuration directory: numbered versions written whole, the live link swapped, old ones pruned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callcenter.pbx.apply import NodeDirectory
from callcenter.pbx.audio import sha256_hex
from callcenter.pbx.render import Rendered
from callcenter.pbx.snapshot import AudioConf, ConfigInvalid
from tests.pbx.audio_factories import tone_wav

TONE = tone_wav(0.2)


def _rendered(text: str = "[support]\n") -> Rendered:
    return Rendered(files={"queues.conf": text})


def test_an_empty_directory_has_no_version_and_nothing_live(tmp_path: Path) -> None:
    node = NodeDirectory(tmp_path / "node")
    assert (node.existing_versions(), node.live_version()) == ([], None)
    assert node.include_root == str(tmp_path / "node" / "live")


def test_versions_are_numbered_above_every_kept_one_and_above_after(tmp_path: Path) -> None:
    node = NodeDirectory(tmp_path)
    assert node.write_version(_rendered()) == 1
    assert node.write_version(_rendered(), after=7) == 8
    assert node.write_version(_rendered()) == 9
    assert node.existing_versions() == [1, 8, 9]
    assert (node.version_dir(8) / "queues.conf").read_text() == "[support]\n"


def test_the_live_link_points_at_a_version_relatively_and_can_be_removed(tmp_path: Path) -> None:
    node = NodeDirectory(tmp_path)
    first, second = node.write_version(_rendered("[a]\n")), node.write_version(_rendered("[b]\n"))
    node.point_live_at(first)
    node.point_live_at(second)
    assert os.readlink(node.live) == "versions/0002"
    assert (node.live / "queues.conf").read_text() == "[b]\n"
    assert node.live_version() == second
    node.point_live_at(None)
    assert node.live_version() is None
    node.point_live_at(None)  # nothing live: nothing to remove


def test_a_version_refused_while_written_leaves_nothing_behind(tmp_path: Path) -> None:
    node = NodeDirectory(tmp_path)
    bad = Rendered(
        files={"queues.conf": "[a]\n"}, audio={"sounds/custom/x.wav": AudioConf("0" * 64, data=TONE)}
    )
    with pytest.raises(ConfigInvalid):
        node.write_version(bad)
    assert node.existing_versions() == []
    assert [path.name for path in node.versions.iterdir()] == []


def test_audio_the_live_version_holds_is_linked_not_written_again(tmp_path: Path) -> None:
    node = NodeDirectory(tmp_path)
    audio = {"sounds/custom/welcome.wav": AudioConf(sha256_hex(TONE), data=TONE)}
    first = node.write_version(Rendered(files={}, audio=audio))
    second = node.write_version(Rendered(files={}, audio=audio), reuse_from=node.version_dir(first))
    kept, linked = (node.version_dir(v) / "sounds/custom/welcome.wav" for v in (first, second))
    assert linked.read_bytes() == TONE
    assert linked.stat().st_ino == kept.stat().st_ino


def test_pruning_keeps_the_newest_and_the_live_version(tmp_path: Path) -> None:
    node = NodeDirectory(tmp_path)
    for _ in range(5):
        node.write_version(_rendered())
    node.point_live_at(1)
    assert node.prune(2) == [2, 3]
    assert node.existing_versions() == [1, 4, 5]
    assert node.prune(0) == []
    assert node.existing_versions() == [1, 4, 5]
