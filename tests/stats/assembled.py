"""The rows the assembly makes of queue_log lines, column by column: what two loads of one file must agree on."""

from __future__ import annotations

from typing import Any

from django.db import models

from callcenter.stats.models import AgentSession, Call, CallbackTurn, Pause, RingNoAnswer

# The tables the assembly fills, in the order it fills them.
ASSEMBLED_MODELS: tuple[type[models.Model], ...] = (Call, RingNoAnswer, Pause, AgentSession, CallbackTurn)


def assembled_columns(model: type[models.Model]) -> list[str]:
    """Every stored column of ``model`` the queue_log lines decide: all but the row's id, its server and its
    links to other rows."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.is_relation or field.name == "server")
    ]


def assembled_rows(model: type[models.Model], server: str) -> list[tuple[Any, ...]]:
    """The assembled columns of ``server``'s rows of ``model``, sorted."""
    return sorted(model._default_manager.filter(server=server).values_list(*assembled_columns(model)))


def assembled(server: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything assembled for ``server``, table by table."""
    return {model._meta.db_table: assembled_rows(model, server) for model in ASSEMBLED_MODELS}
