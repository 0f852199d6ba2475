"""``pbx_render``: a plain render of one node (or the whole center) into a directory, checked."""

from __future__ import annotations

from pathlib import Path

from callcenter.pbx.apply.diffs import audio_tree, read_tree
from callcenter.pbx.models import AsteriskServer
from callcenter.pbx.render import Rendered, render_center
from callcenter.pbx.snapshot import collect
from callcenter.pbx.validate import Report, check_directory


def render_to_directory(
    server: AsteriskServer | None,
    out: Path,
    *,
    include_root: str | None = None,
    sounds_dir: Path | None = None,
) -> tuple[Rendered, Report]:
    """``pbx_render``: render one node (or the whole center) into ``out`` and check it; nothing live is touched.

    Queue exit contexts are the admin's own dialplan, outside the rendered files: a missing one is a warning.
    """
    center = collect(server)
    root = include_root or str(out.resolve())
    rendered = render_center(center, root)
    # A re-render into the same directory must not leave a subroutine or audio file that no longer exists
    # behind: nothing would use it, but a reader of DIR would take it for part of the render.
    for stale in sorted(
        set(read_tree(out / "callcenter")) - {p[len("callcenter/") :] for p in rendered.files}
    ):
        (out / "callcenter" / stale).unlink()
    for stale_audio in sorted(set(audio_tree(out)) - set(rendered.audio)):
        (out / stale_audio).unlink()
    rendered.write(out)
    external = {queue.exit_context for queue in center.queues if queue.exit_context}
    report = check_directory(out, include_root=root, sounds_dir=sounds_dir, external_contexts=external)
    return rendered, report
