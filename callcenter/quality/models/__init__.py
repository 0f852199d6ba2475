"""Call recordings tied to their calls, how long each queue keeps them, and QA evaluation forms and scores.

One module per concept; every model is imported here so the tables belong to the quality app.
"""

from callcenter.quality.models.evaluations import Answer, Evaluation
from callcenter.quality.models.forms import EvaluationForm, FormSection, Question
from callcenter.quality.models.recordings import MAX_RETENTION_DAYS, ImportMark, Recording, RetentionRule

__all__ = [
    "MAX_RETENTION_DAYS",
    "Answer",
    "Evaluation",
    "EvaluationForm",
    "FormSection",
    "ImportMark",
    "Question",
    "Recording",
    "RetentionRule",
]
