"""What a load did, and the sizes that bound its batches and chunks."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.stats import stages

# The most lines one transaction stores (~50 MB of COPY data for 500,000).
DEFAULT_BATCH_LINES = 500_000
# A batch commits once this much time went into it, whatever its size: a process stopped at any moment
# loses at most this much work. Per-batch work (the pause and session rebuild, the span look-ups, the
# commit) favours longer batches; a bulk load's first batch is stored and its last assembled with the
# other connection idle, which favours shorter ones.
DEFAULT_COMMIT_INTERVAL_S = 1.5
# Lines per COPY and INSERT statement: the unit a batch is made of and the granularity of its time bound.
CHUNK_LINES = 50_000
# A run's first batch is one chunk of at most this many lines: whatever stopped the previous run, this
# one commits something after a moment of work, even on a machine busy with other things.
FIRST_CHUNK_LINES = 5_000
READ_CHUNK = 4 * 1024 * 1024
# Below this much unread text a load is one or two batches: they are assembled in their own transaction
# instead of on a second connection (the --follow case, a few lines a second).
PIPELINE_MIN_BYTES = 16 * 1024 * 1024


@dataclass
class LoadResult:
    """What one run did: every line read is exactly one of loaded, duplicate or quarantined."""

    loaded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    files: list[str] = field(default_factory=list)
    # Where the time went (callcenter.stats.stages); not part of what was loaded.
    stages: stages.StageTimes = field(default_factory=stages.StageTimes, compare=False, repr=False)

    def add(self, other: LoadResult) -> None:
        self.loaded += other.loaded
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined
        if other.stages is not self.stages:
            self.stages.merge(other.stages)

    def as_dict(self) -> dict[str, int]:
        return {"loaded": self.loaded, "duplicates": self.duplicates, "quarantined": self.quarantined}
