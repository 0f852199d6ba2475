"""The rendered configuration on a real Asterisk 22: it loads cleanly, phones register, the bridge agrees."""

from __future__ import annotations

import re

from tests.asterisk.conftest import AGENTS, SUPERVISOR, Center, assert_live_equals_asterisk


def test_the_node_loads_our_files_without_a_warning(center: Center) -> None:
    problems = center.node.problems()
    assert problems == [], "Asterisk logged warnings or errors:\n" + "\n".join(problems)


def test_every_module_the_rendered_files_need_is_running(center: Center) -> None:
    modules = center.node.cli("module show like .so")
    for module in ("app_queue.so", "chan_pjsip.so", "res_pjsip.so", "app_chanspy.so", "app_mixmonitor.so"):
        assert re.search(rf"^{re.escape(module)}\s.*Running", modules, re.M), module


def test_the_applied_queues_are_the_centers(center: Center) -> None:
    output = center.node.cli("queue show")
    for queue, strategy in (("support", "rrmemory"), ("sales", "leastrecent"), ("vip", "ringall")):
        assert re.search(rf"^{queue} has \d+ calls .* in '{strategy}' strategy", output, re.M), output


def test_agent_and_supervisor_phones_register_with_the_rendered_passwords(center: Center) -> None:
    contacts = center.node.cli("pjsip show contacts")
    for endpoint in [*AGENTS, SUPERVISOR]:
        assert re.search(rf"Contact:\s+{endpoint}/sip:{endpoint}@127\.0\.0\.1:\d+", contacts), endpoint


def test_the_trunk_is_identified_by_address_and_phones_by_user_name(center: Center) -> None:
    identify = center.node.cli("pjsip show identifies")
    assert "carrier-identify/carrier" in identify
    assert "127.0.0.1" in identify


def test_live_state_equals_asterisk_at_start(center: Center) -> None:
    assert_live_equals_asterisk(center)


def test_a_reload_of_every_file_logs_no_warning(center: Center) -> None:
    start = len(center.node.log_lines())
    for command in ("module reload res_pjsip.so", "module reload app_queue.so", "dialplan reload"):
        center.node.cli(command)
    center.node.cli("core show uptime")
    problems = center.node.problems(start)
    assert problems == [], "a reload logged warnings or errors:\n" + "\n".join(problems)
    assert_live_equals_asterisk(center)
