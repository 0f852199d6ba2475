"""Reading the uploaded prompts and music on hold classes into a snapshot, without their bytes."""

from __future__ import annotations

from callcenter.pbx.models import MusicOnHoldClass, MusicOnHoldFile, Prompt
from callcenter.pbx.snapshot.conf.audio import AudioConf, MohClassConf, MohFileConf, PromptConf
from callcenter.pbx.snapshot.conf.center import CenterConf


def collect_audio(center: CenterConf) -> None:
    """The uploaded prompts and music on hold classes (shared by every node), without their bytes."""
    for pk, name, sha256 in Prompt.objects.order_by("name").values_list("pk", "name", "sha256"):
        center.prompts.append(PromptConf(name, AudioConf(sha256, row=("pbx.Prompt", pk))))
    by_class: dict[int, MohClassConf] = {}
    for pk, name, sort in MusicOnHoldClass.objects.order_by("name").values_list("pk", "name", "sort"):
        by_class[pk] = MohClassConf(name, sort)
        center.moh_classes.append(by_class[pk])
    files = MusicOnHoldFile.objects.order_by("moh_class_id", "name").values_list(
        "pk", "moh_class_id", "name", "sha256"
    )
    for pk, class_id, name, sha256 in files:
        by_class[class_id].files.append(MohFileConf(name, AudioConf(sha256, row=("pbx.MusicOnHoldFile", pk))))
