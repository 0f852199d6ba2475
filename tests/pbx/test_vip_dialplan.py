"""The VIP routing subroutine of the rendered dialplan: one [cc-vip] context reading AstDB, called at the
entry of every queue before Queue()."""

from __future__ import annotations

import re

from callcenter.pbx.render import VIP_CONTEXT, VIP_FAMILY, render_center
from tests.pbx.test_render_hostile import base_center


def generated() -> str:
    return render_center(base_center(), "/x").files["callcenter/generated.conf"]


def context(text: str, name: str) -> list[str]:
    match = re.search(rf"^\[{re.escape(name)}\]\n(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"no [{name}]"
    return [line for line in match.group(1).strip().split("\n") if not line.startswith(";")]


def test_the_subroutine_is_rendered_once_and_reads_the_pushed_family() -> None:
    text = generated()
    assert text.count(f"\n[{VIP_CONTEXT}]\n") == 1
    lines = context(text, VIP_CONTEXT)
    assert lines[0] == "exten => s,1,Set(LOCAL(number)=${FILTER(0-9+,${CALLERID(num)})})"
    assert f"DB_EXISTS({VIP_FAMILY}/${{LOCAL(number)}})" in lines[2]


def test_the_value_is_checked_before_it_sets_the_priority_or_names_a_queue() -> None:
    lines = context(generated(), VIP_CONTEXT)
    check = next(i for i, line in enumerate(lines) if "REGEX(" in line)
    uses = [i for i, line in enumerate(lines) if "CUT(CC_VIP" in line]
    assert uses and all(check < i for i in uses)
    assert 'REGEX("^[0-9][0-9]?[0-9]?(:[A-Za-z0-9][A-Za-z0-9_.-]*)?$" ${CC_VIP})' in lines[check]
    assert any(line.endswith("Set(QUEUE_PRIO=${CUT(CC_VIP,:,1)})") for line in lines)


def test_another_queue_is_taken_only_when_it_is_not_this_one_and_exists_here() -> None:
    lines = context(generated(), VIP_CONTEXT)
    ret = next(i for i, line in enumerate(lines) if "Return(${LOCAL(queue)})" in line)
    assert '"${LOCAL(queue)}" = "${ARG1}"' in lines[ret - 2]
    assert "DIALPLAN_EXISTS(cc-queue-${LOCAL(queue)},s,1)" in lines[ret - 1]
    assert lines[-1] == " same => n(none),Return()"


def test_every_queue_calls_it_before_anything_else() -> None:
    text = generated()
    for name in ("lonely", "support"):
        lines = context(text, f"cc-queue-{name}")
        assert lines[1] == f" same => n,Gosub({VIP_CONTEXT},s,1({name}))"
        assert lines[2] == ' same => n,GotoIf($["${GOSUB_RETVAL}" != ""]?cc-queue-${GOSUB_RETVAL},s,1)'
        assert lines[3] == " same => n,Answer()"
        queue_at = next(i for i, line in enumerate(lines) if ",Queue(" in line)
        assert queue_at > 2
