"""The one place that writes for quality: recordings (import, file checks, retention), forms and evaluations.

Every change a person makes is authorised and audited here, whoever calls it (a view, the API, a command,
a task); so is every play and download of a recording, and every recording retention deletes.
"""

from callcenter.quality.actions.access import DOWNLOAD, PLAY, playable_path, record_access, recording_for
from callcenter.quality.actions.checks import CheckResult, check_recordings, flag_unreadable
from callcenter.quality.actions.config import QualityError, delete, save
from callcenter.quality.actions.evaluations import (
    can_evaluate,
    discard_evaluation,
    evaluation_answers,
    may_edit,
    parse_answers,
    questions_of,
    save_evaluation,
    start_evaluation,
)
from callcenter.quality.actions.imports import ImportResult, import_recordings
from callcenter.quality.actions.retention import (
    PURGED,
    PurgeItem,
    PurgeReport,
    purge_recordings,
    retention_days,
)

__all__ = [
    "DOWNLOAD",
    "PLAY",
    "PURGED",
    "CheckResult",
    "ImportResult",
    "PurgeItem",
    "PurgeReport",
    "QualityError",
    "can_evaluate",
    "check_recordings",
    "delete",
    "discard_evaluation",
    "evaluation_answers",
    "flag_unreadable",
    "import_recordings",
    "may_edit",
    "parse_answers",
    "playable_path",
    "purge_recordings",
    "questions_of",
    "record_access",
    "recording_for",
    "retention_days",
    "save",
    "save_evaluation",
    "start_evaluation",
]
