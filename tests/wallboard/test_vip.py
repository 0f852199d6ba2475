"""VIP routing data: contact tiers, the AstDB keys pushed to the nodes over AMI, and the full sync."""

from __future__ import annotations

import importlib
import re
import socket
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.pbx.render import VIP_FAMILY
from callcenter.pbx.templating import load
from callcenter.wallboard import actions, tasks, vip
from callcenter.wallboard.models import Contact, ContactTier
from tests.factories import AsteriskServerFactory, ContactFactory, ContactTierFactory, QueueFactory
from tests.harness.astdb import AstDB
from tests.harness.background import BackgroundAMI
from tests.harness.personas import api_client

pytestmark = pytest.mark.django_db

RU_KEYS = ["+79161110000", "79161110000", "89161110000"]
tiers_migration = importlib.import_module("callcenter.wallboard.migrations.0003_contact_tiers")


@pytest.fixture(autouse=True)
def vip_tier() -> ContactTier:
    """The tier the migration creates (a test that flushed the database before this one removed it)."""
    tiers_migration.create_vip_tier(apps, None)
    return ContactTier.objects.get(code="vip")


@pytest.fixture
def node() -> Iterator[BackgroundAMI[AstDB]]:
    """A node with an AstDB, and its AsteriskServer row."""
    server = BackgroundAMI(AstDB())
    port = server.start()
    AsteriskServerFactory.create(name="node1", ami_port=port)
    yield server
    server.stop()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- keys and values -----------------------------------------------------------------------------------


def test_a_russian_number_is_keyed_in_e164_with_and_without_plus_and_in_the_national_form(
    settings: Settings,
) -> None:
    settings.PHONE_DEFAULT_REGION = "RU"
    assert vip.number_keys("+79161110000") == RU_KEYS


def test_a_number_of_another_region_has_no_national_key(settings: Settings) -> None:
    settings.PHONE_DEFAULT_REGION = "RU"
    assert vip.number_keys("+4930123456") == ["+4930123456", "4930123456"]


def test_the_national_form_follows_the_default_region(settings: Settings) -> None:
    settings.PHONE_DEFAULT_REGION = "DE"
    assert vip.number_keys("+4930123456") == ["+4930123456", "4930123456", "030123456"]


def test_an_extension_is_keyed_by_its_digits() -> None:
    assert vip.number_keys("1001") == ["1001"]


def test_a_tier_value_is_its_priority_and_its_own_queue() -> None:
    assert vip.tier_value(ContactTierFactory.create(priority=20)) == "20"
    queue = QueueFactory.create(name="vip-line")
    assert vip.tier_value(ContactTierFactory.create(priority=30, queue=queue)) == "30:vip-line"


def test_every_pushed_value_is_one_the_dialplan_accepts() -> None:
    """The dialplan checks the value with a REGEX before it uses it: every value the push writes passes."""
    block = load("dialplan.conf.tmpl").blocks["vip"]
    found = re.search(r'REGEX\("([^"]+)"', "".join(block.literals))
    assert found is not None
    pattern = found.group(1)
    queue = QueueFactory.create(name="Gold.line_2")
    values = [
        vip.tier_value(ContactTierFactory.create(priority=p, queue=q)) for p, q in ((999, queue), (1, None))
    ]
    assert values == ["999:Gold.line_2", "1"]
    assert all(re.fullmatch(pattern, value) for value in values)
    assert not re.fullmatch(pattern, "1000") and not re.fullmatch(pattern, "5:a,b")


# --- validation ----------------------------------------------------------------------------------------


def test_the_migration_creates_the_vip_tier_once() -> None:
    ContactTier.objects.all().delete()
    tiers_migration.create_vip_tier(apps, None)
    tiers_migration.create_vip_tier(apps, None)
    tier = ContactTier.objects.get(code="vip")
    assert (tier.name, tier.priority, tier.queue) == ("VIP", 10, None)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"priority": 1000}, "priority"),
        ({"priority": 0}, "priority"),
        ({"code": "v i p"}, "code"),
        ({"code": "vip;x"}, "code"),
        ({"name": "VIP\nline"}, "name"),
    ],
)
def test_a_bad_tier_is_refused_and_nothing_is_saved(
    values: dict[str, int] | dict[str, str], field: str
) -> None:
    tier = ContactTier(**{"code": "gold", "name": "Gold", "priority": 10, **values})
    with pytest.raises(ValidationError) as refused:
        actions.save(None, tier)
    assert field in refused.value.message_dict
    assert not ContactTier.objects.filter(name__startswith="Gold").exists()


def test_a_tier_with_priority_zero_and_its_own_queue_is_accepted() -> None:
    tier = actions.save(None, ContactTier(code="gold", name="Gold", priority=0, queue=QueueFactory.create()))
    assert tier.pk is not None


# --- the push on every change --------------------------------------------------------------------------


def test_saving_a_vip_contact_puts_its_keys_on_the_node(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.save(
            None, Contact(phone="8 916 111-00-00", name="Olga", tier=ContactTierFactory.create(priority=20))
        )
    assert node.behaviour.family(VIP_FAMILY) == dict.fromkeys(RU_KEYS, "20")
    assert [node.next_action("DBPut").get("Family") for _ in RU_KEYS] == [VIP_FAMILY] * 3


def test_an_ordinary_contact_pushes_nothing(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.save(None, Contact(phone="+79161110000", name="Olga"))
    assert node.behaviour.family(VIP_FAMILY) == {}
    assert node.actions.empty()


def test_a_new_number_moves_the_keys(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    contact = ContactFactory.create(phone="+79161110000", tier=ContactTierFactory.create(priority=20))
    node.behaviour.astdb.update({f"/{VIP_FAMILY}/{key}": "20" for key in RU_KEYS})
    contact.phone = "+74951234567"
    with django_capture_on_commit_callbacks(execute=True):
        actions.save(None, contact)
    assert node.behaviour.family(VIP_FAMILY) == dict.fromkeys(
        ["+74951234567", "74951234567", "84951234567"], "20"
    )


def test_dropping_the_tier_or_deleting_the_contact_deletes_the_keys(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    tier = ContactTierFactory.create(priority=20)
    olga = ContactFactory.create(phone="+79161110000", tier=tier)
    ivan = ContactFactory.create(phone="+74951234567", tier=tier)
    with django_capture_on_commit_callbacks(execute=True):
        vip.push(vip.wanted_entries())
    assert len(node.behaviour.family(VIP_FAMILY)) == 6
    olga.tier = None
    with django_capture_on_commit_callbacks(execute=True):
        actions.save(None, olga)
    assert set(node.behaviour.family(VIP_FAMILY)) == {"+74951234567", "74951234567", "84951234567"}
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete(None, ivan)
    assert node.behaviour.family(VIP_FAMILY) == {}


def test_changing_a_tier_updates_every_contact_of_it(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    tier = ContactTierFactory.create(priority=20)
    ContactFactory.create(phone="+79161110000", tier=tier)
    ContactFactory.create(phone="+74951234567", tier=tier)
    tier.priority, tier.queue = 50, QueueFactory.create(name="vip-line")
    with django_capture_on_commit_callbacks(execute=True):
        actions.save(None, tier)
    assert set(node.behaviour.family(VIP_FAMILY).values()) == {"50:vip-line"}
    assert len(node.behaviour.family(VIP_FAMILY)) == 6


def test_deleting_a_tier_makes_its_contacts_ordinary_callers(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    tier = ContactTierFactory.create(priority=20)
    contact = ContactFactory.create(phone="+79161110000", tier=tier)
    node.behaviour.astdb.update({f"/{VIP_FAMILY}/{key}": "20" for key in RU_KEYS})
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete(None, tier)
    contact.refresh_from_db()
    assert contact.tier is None
    assert node.behaviour.family(VIP_FAMILY) == {}


def test_a_change_is_audited(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    tier = ContactTierFactory.create(priority=20)
    with django_capture_on_commit_callbacks(execute=True):
        contact = actions.save(None, Contact(phone="+79161110000", name="Olga", tier=tier))
    entry = AuditEntry.objects.get(
        action="create", object_type="wallboard.contact", object_id=str(contact.pk)
    )
    assert entry.changes["tier"] == [None, tier.pk]


def test_an_unreachable_node_does_not_stop_the_save(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    AsteriskServerFactory.create(name="node0", ami_port=closed_port())
    with django_capture_on_commit_callbacks(execute=True):
        actions.save(None, Contact(phone="+79161110000", name="Olga", tier=ContactTierFactory.create()))
    assert Contact.objects.filter(phone="+79161110000").exists()
    assert node.behaviour.family(VIP_FAMILY) == dict.fromkeys(RU_KEYS, "10")


# --- the full sync -------------------------------------------------------------------------------------


def test_the_sync_puts_what_is_missing_and_deletes_what_is_stale(node: BackgroundAMI[AstDB]) -> None:
    ContactFactory.create(phone="+79161110000", tier=ContactTierFactory.create(priority=20))
    node.behaviour.astdb.update(
        {
            f"/{VIP_FAMILY}/+79161110000": "20",  # right already
            f"/{VIP_FAMILY}/79161110000": "5",  # wrong value
            f"/{VIP_FAMILY}/+74950000000": "20",  # a contact that is no VIP any more
            "/cc-callback/123.4": "handled",  # another family: untouched
        }
    )
    [result] = vip.sync(None)
    assert (result.put, result.deleted, result.unchanged, result.error) == (2, 1, 1, "")
    assert node.behaviour.family(VIP_FAMILY) == dict.fromkeys(RU_KEYS, "20")
    assert node.behaviour.astdb["/cc-callback/123.4"] == "handled"


def test_the_sync_is_idempotent_and_a_quiet_run_is_not_audited(node: BackgroundAMI[AstDB]) -> None:
    ContactFactory.create(phone="+79161110000", tier=ContactTierFactory.create(priority=20))
    vip.sync(None)
    audited = AuditEntry.objects.filter(action="wallboard.sync_vip").count()
    [again] = vip.sync(None)
    assert (again.put, again.deleted, again.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.filter(action="wallboard.sync_vip").count() == audited == 1


def test_an_unreachable_node_is_reported_and_the_others_are_synced(node: BackgroundAMI[AstDB]) -> None:
    AsteriskServerFactory.create(name="node0", ami_port=closed_port())
    ContactFactory.create(phone="+79161110000", tier=ContactTierFactory.create(priority=20))
    results = {result.server: result for result in vip.sync(None)}
    assert results["node0"].error and not results["node0"].ok
    assert results["node1"].ok and node.behaviour.family(VIP_FAMILY) == dict.fromkeys(RU_KEYS, "20")
    entry = AuditEntry.objects.get(action="wallboard.sync_vip")
    assert (entry.result, entry.detail.startswith("node0: ")) == ("error", True)


def test_a_disabled_node_is_left_alone(node: BackgroundAMI[AstDB]) -> None:
    AsteriskServerFactory.create(name="node0", ami_port=closed_port(), enabled=False)
    assert [result.server for result in vip.sync(None)] == ["node1"]


def test_the_command_syncs_one_node_and_reports(
    node: BackgroundAMI[AstDB], capsys: pytest.CaptureFixture[str]
) -> None:
    ContactFactory.create(phone="+79161110000", tier=ContactTierFactory.create(priority=20))
    call_command("sync_vip", "--server", "node1")
    assert capsys.readouterr().out.strip() == "node1: put 3, deleted 0, unchanged 0"
    assert AuditEntry.objects.get(action="wallboard.sync_vip").actor_name == "manage.py sync_vip"


def test_the_command_fails_for_an_unreachable_or_unknown_node(
    node: BackgroundAMI[AstDB], capsys: pytest.CaptureFixture[str]
) -> None:
    AsteriskServerFactory.create(name="node0", ami_port=closed_port())
    with pytest.raises(CommandError, match="not synced: node0"):
        call_command("sync_vip")
    assert "node1: put 0" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no enabled Asterisk server named nodeX"):
        call_command("sync_vip", "--server", "nodeX")


def test_the_beat_runs_the_sync(node: BackgroundAMI[AstDB]) -> None:
    assert settings.CELERY_BEAT_SCHEDULE["wallboard-sync-vip"]["task"] == tasks.sync_vip.name
    ContactFactory.create(phone="+79161110000", tier=ContactTierFactory.create(priority=20))
    assert tasks.sync_vip() == 0
    assert node.behaviour.family(VIP_FAMILY) == dict.fromkeys(RU_KEYS, "20")


# --- CSV import, API, admin ----------------------------------------------------------------------------


def test_the_import_sets_tiers_by_code_and_pushes_once(
    node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    ContactFactory.create(phone="+74951234567", tier=ContactTier.objects.get(code="vip"))
    data = "phone,name,tier\n89161110000,Olga,vip\n+7 495 123-45-67,Ivan,\n"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = actions.import_contacts(None, data.encode())
    assert (result.created, result.updated) == (1, 1)
    tier = Contact.objects.get(phone="+79161110000").tier
    assert tier is not None
    assert tier.code == "vip"
    assert Contact.objects.get(phone="+74951234567").tier is None
    assert len(callbacks) == 1
    assert node.behaviour.family(VIP_FAMILY) == dict.fromkeys(RU_KEYS, "10")


def test_an_unknown_tier_refuses_the_import_file() -> None:
    with pytest.raises(actions.ContactImportError) as refused:
        actions.import_contacts(None, b"phone,name,tier\n89161110000,Olga,platinum\n")
    assert [str(error) for error in refused.value.result.errors] == ["line 2: tier: no tier 'platinum'"]
    assert not Contact.objects.exists()


def test_an_import_without_the_tier_column_keeps_the_tiers() -> None:
    ContactFactory.create(phone="+79161110000", name="Old", tier=ContactTier.objects.get(code="vip"))
    actions.import_contacts(None, b"phone,name\n89161110000,Olga\n")
    tier = Contact.objects.get(phone="+79161110000").tier
    assert tier is not None
    assert tier.code == "vip"


def test_the_api_sets_a_contacts_tier_by_code(manager_user: User) -> None:
    api = api_client(manager_user)
    created = api.post(
        "/api/contacts/", {"phone": "89161110000", "name": "Olga", "tier": "vip"}, format="json"
    )
    assert (created.status_code, created.json()["tier"]) == (201, "vip")
    pk = created.json()["id"]
    assert api.patch(f"/api/contacts/{pk}/", {"tier": None}, format="json").json()["tier"] is None
    refused = api.patch(f"/api/contacts/{pk}/", {"tier": "platinum"}, format="json")
    assert (refused.status_code, list(refused.json())) == (400, ["tier"])


def test_only_an_admin_edits_tiers_and_a_bad_one_is_a_400(manager_user: User, admin_user: User) -> None:
    QueueFactory.create(name="vip-line")
    body = {"code": "gold", "name": "Gold", "priority": 50, "queue": "vip-line"}
    assert api_client(manager_user).get("/api/contact-tiers/").status_code == 200
    assert api_client(manager_user).post("/api/contact-tiers/", body, format="json").status_code == 403
    created = api_client(admin_user).post("/api/contact-tiers/", body, format="json")
    assert (created.status_code, created.json()["queue"]) == (201, "vip-line")
    bad = api_client(admin_user).post(
        "/api/contact-tiers/", {**body, "code": "x", "priority": 5000}, format="json"
    )
    assert (bad.status_code, list(bad.json())) == (400, ["priority"])
    none = api_client(admin_user).post(
        "/api/contact-tiers/", {**body, "code": "y", "priority": 0, "queue": None}, format="json"
    )
    assert (none.status_code, list(none.json())) == (400, ["priority"])


def test_the_admin_edits_tiers_and_a_contacts_tier(client: Client) -> None:
    from tests.factories import UserFactory

    root = UserFactory.create(username="root", role="admin", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get("/admin/wallboard/contacttier/").status_code == 200
    response = client.post(
        "/admin/wallboard/contacttier/add/", {"code": "gold", "name": "Gold", "priority": "40", "queue": ""}
    )
    assert response.status_code == 302
    gold = ContactTier.objects.get(code="gold")
    response = client.post(
        "/admin/wallboard/contact/add/",
        {"phone": "89161110000", "name": "Olga", "company": "", "notes": "", "tier": str(gold.pk)},
    )
    assert response.status_code == 302
    assert Contact.objects.get().tier == gold
    assert client.get("/admin/wallboard/contact/", {"tier__id__exact": gold.pk}).status_code == 200
