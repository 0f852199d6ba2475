"""The one place that writes audit entries, and the validated save/delete every app's actions use."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.forms.models import model_to_dict

from callcenter.audit.models import AuditEntry

M = TypeVar("M", bound=models.Model)

# Never written into the audit log in clear.
_SECRET_FIELDS = {"password", "ami_secret", "secret", "sip_secret"}


def _actor_name(actor: Any) -> str:
    if actor is None:
        return "system"
    return str(getattr(actor, "username", actor))


def _snapshot(instance: models.Model) -> dict[str, Any]:
    data = model_to_dict(instance)
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SECRET_FIELDS:
            clean[key] = "***" if value else ""
        elif isinstance(value, list):
            clean[key] = [getattr(item, "pk", item) for item in value]
        else:
            clean[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    return clean


def _secrets_changed(before: models.Model | None, after: models.Model) -> list[str]:
    """The secret fields whose value changed: masked the same on both sides, so compared here."""
    if before is None:
        return []
    old, new = model_to_dict(before), model_to_dict(after)
    return [
        key
        for key in _SECRET_FIELDS & new.keys()
        if old.get(key) != new.get(key) and old.get(key) and new.get(key)
    ]


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    result: str = "ok",
    detail: str = "",
    object_type: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one audit entry."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_actor_name(actor),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        changes=changes or {},
        result=result,
        detail=detail,
    )


# Actions of the sign-in entries (callcenter.audit.signals), all of object type "accounts.user".
SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_LOCKED_OUT = "sign_in_locked_out"
SIGN_OUT = "sign_out"
_USER_TYPE = "accounts.user"


# The longest user name written: a client may post any length, the "who" column holds 150 characters.
_MAX_USERNAME = 150


def _sign_in_changes(username: str, ip_address: str | None) -> dict[str, Any]:
    return {"username": username, "ip_address": ip_address or ""}


def record_sign_in(user: Any, ip_address: str | None) -> AuditEntry:
    """A user signed in."""
    return record(user, SIGN_IN, user, changes=_sign_in_changes(user.get_username(), ip_address))


def record_sign_out(user: Any, ip_address: str | None) -> AuditEntry:
    """A user signed out (``user`` is None when the session had already ended)."""
    username = user.get_username() if user is not None else ""
    return record(
        user,
        SIGN_OUT,
        user,
        changes=_sign_in_changes(username, ip_address),
        object_type=_USER_TYPE,
    )


def _named_user(username: str) -> Any:
    user_model = get_user_model()
    return user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()


def _record_refused(username: str, ip_address: str | None, action: str, result: str) -> AuditEntry:
    # The entry's "who" is the user name the client claimed; it refers to a user only if one has that name.
    username = username[:_MAX_USERNAME]
    return record(
        username or "anonymous",
        action,
        _named_user(username),
        changes=_sign_in_changes(username, ip_address),
        result=result,
        object_type=_USER_TYPE,
        object_repr=username,
    )


def record_sign_in_failed(username: str, ip_address: str | None) -> AuditEntry:
    """A sign-in was refused: the user name tried and the client's address, never the password."""
    return _record_refused(username, ip_address, SIGN_IN_FAILED, "failed")


def record_sign_in_locked_out(username: str, ip_address: str | None) -> AuditEntry:
    """A user name was locked out from an address after too many failed sign-ins."""
    return _record_refused(username, ip_address, SIGN_IN_LOCKED_OUT, "locked")


def save_validated(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Validate and save a model instance (and its many-to-many values), auditing the field changes."""
    is_new = instance.pk is None
    before: dict[str, Any] = {}
    previous: models.Model | None = None
    if not is_new:
        previous = type(instance)._default_manager.filter(pk=instance.pk).first()
        before = _snapshot(previous) if previous is not None else {}
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
        after = _snapshot(instance)
        changes = {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
        for key in _secrets_changed(previous, instance):
            changes[key] = ["***", "*** (changed)"]  # a new secret, never written in clear
        record(actor, "create" if is_new else "update", instance, changes=changes)
    return instance


def delete_audited(actor: Any, instance: models.Model) -> None:
    """Delete a model instance and audit what it was."""
    with transaction.atomic():
        record(actor, "delete", instance, changes=_snapshot(instance))
        instance.delete()
