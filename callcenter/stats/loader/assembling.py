"""Assembling committed batches on a second connection while the next batch is stored."""

from __future__ import annotations

import queue
import threading

from django.db import connections

from callcenter.stats import assembly, stages


class Assembler(threading.Thread):
    """Assembles committed batches on its own connection while the loading thread stores the next one.

    On two cores this overlaps the two halves of a bulk load (storing the lines, building the calls
    from them), which are each bound by one PostgreSQL backend.
    """

    _DONE = -1

    def __init__(self, server: str) -> None:
        super().__init__(name="queue-log-assembler", daemon=True)
        self.server = server
        # One committed batch waiting is enough to keep both connections busy.
        self.ranges: queue.Queue[int | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.times = stages.current() or stages.StageTimes()

    def run(self) -> None:
        try:
            with stages.recording(self.times):
                while (upto_id := self.ranges.get()) != self._DONE:
                    if self.error is None:
                        try:
                            # Statistics that describe the lines stored so far, before planning over them.
                            with stages.timed(stages.STATISTICS):
                                assembly.refresh_statistics(self.server)
                            assembly.catch_up(self.server, upto_id)
                        except BaseException as exc:  # handed to the loading thread, which raises it
                            self.error = exc
        finally:
            connections.close_all()  # this thread's connection only

    def submit(self, upto_id: int | None) -> None:
        """Assemble the server's lines up to ``upto_id`` (committed; None: every stored line) next."""
        if self.error is not None:
            raise self.error
        with stages.timed(stages.WAIT_ASSEMBLER):
            self.ranges.put(upto_id)

    def finish(self) -> None:
        """Wait until everything submitted is assembled (or failed)."""
        with stages.timed(stages.WAIT_ASSEMBLER):
            self.ranges.put(self._DONE)
            self.join()
