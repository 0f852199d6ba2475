"""The SIP passwords a render needs: one phone account per agent's and supervisor's desk phone."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError

from callcenter.accounts.models import Role, User
from callcenter.audit.actions import record
from callcenter.pbx.models import PhoneAccount
from callcenter.pbx.snapshot.sources import phone_sources


def ensure_phone_accounts(actor: Any) -> list[str]:
    """Give every active agent's PJSIP phone and every supervisor's phone a random SIP password if it has none."""
    have = set(PhoneAccount.objects.values_list("extension", flat=True))
    wanted: set[str] = set()
    for source in phone_sources():
        wanted.update(source())
    wanted.update(
        User.objects.filter(is_active=True, role=Role.SUPERVISOR)
        .exclude(phone_extension="")
        .values_list("phone_extension", flat=True)
    )
    created = []
    for extension in sorted(wanted - have):
        account = PhoneAccount(extension=extension, secret=secrets.token_urlsafe(18))
        try:
            account.save()
        except ValidationError as exc:  # a hostile extension: the render reports it with the rest
            record(actor, "phone_account_refused", object_type="pbx.phoneaccount", object_repr=extension[:40],
                   result="refused", detail=str(exc))  # fmt: skip
            continue
        record(actor, "create", account, changes={"extension": [None, extension], "secret": [None, "***"]})
        created.append(extension)
    return created
