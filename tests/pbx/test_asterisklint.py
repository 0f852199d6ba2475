"""asterisklint finds no error in the rendered dialplan.

asterisklint 0.4.3 predates Asterisk 22: it does not know app_amd's AMD() and counts Originate's seventh
argument (options, added in Asterisk 18) as one too many, and it cannot know the trunk patterns of a center
without trunks. Those three checks are silenced; every other error or warning class stays on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from callcenter.pbx.render import render_center
from tests.pbx.test_render_hostile import base_center

IGNORED = "E_APP_MISSING,E_APP_ARG_MANY,W_DP_GOTO_CONTEXT_NOEXTEN"


def test_asterisklint_passes_the_render(tmp_path: Path) -> None:
    render_center(base_center(), str(tmp_path)).write(tmp_path)
    linter = Path(sys.executable).with_name("asterisklint")
    result = subprocess.run(
        [str(linter), "dialplan-check", "extensions.conf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "ALINT_IGNORE": IGNORED},
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert " E_" not in output and " W_" not in output, output
    assert "generated.conf" in (tmp_path / "extensions.conf").read_text()
