"""CRM contacts: numbers in E.164, real names, the admin, the API, the CSV import and the external CRM link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.wallboard import actions, crm
from callcenter.wallboard.models import Contact, CRMLink
from tests.factories import ContactFactory, QueueFactory, UserFactory
from tests.harness.personas import api_client
from tests.wallboard.conftest import LiveStore

pytestmark = pytest.mark.django_db


# --- the model ------------------------------------------------------------------------------------------


def test_a_contact_number_is_stored_in_e164() -> None:
    contact = actions.save_contact(None, Contact(phone="8 (916) 111-00-00", name="Olga"))
    assert contact.phone == "+79161110000"


@pytest.mark.parametrize("name", ["Smith, John", "«Ромашка»", "O'Brien", "Jean-Luc"])
def test_real_names_are_accepted(name: str) -> None:
    assert actions.save_contact(None, Contact(phone="+79161110000", name=name)).name == name


def test_a_name_with_a_newline_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        actions.save_contact(None, Contact(phone="+79161110000", name="Olga\nPetrova"))
    assert "name" in refused.value.message_dict
    assert not Contact.objects.exists()


def test_the_same_number_in_another_form_is_the_same_contact() -> None:
    ContactFactory.create(phone="+79161110000")
    with pytest.raises(ValidationError) as refused:
        actions.save_contact(None, Contact(phone="89161110000", name="Twin"))
    assert "phone" in refused.value.message_dict


# --- CRM matching on the agent page ---------------------------------------------------------------------


@pytest.mark.parametrize("caller_id", ["79161110000", "89161110000", "+79161110000", "8 916 111-00-00"])
def test_the_caller_is_found_whatever_form_asterisk_wrote(caller_id: str) -> None:
    ContactFactory.create(phone="+79161110000", name="Olga Petrova")
    contact = crm.find_contact(caller_id)
    assert contact is not None
    assert contact.name == "Olga Petrova"


def test_the_queues_external_crm_opens_on_the_callers_number() -> None:
    CRMLink.objects.create(
        queue=QueueFactory.create(name="support"), url_template="https://crm.example/find?phone={number}"
    )
    card = crm.lookup("89161110000", "support")
    assert card["crm_url"] == "https://crm.example/find?phone=%2B79161110000"
    assert crm.lookup("89161110000", "sales")["crm_url"] == ""


def test_a_crm_link_with_an_unknown_placeholder_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        actions.save(None, CRMLink(queue=QueueFactory.create(), url_template="https://crm.example/{caller}"))
    assert "url_template" in refused.value.message_dict


# --- the CSV import, as the agents' import ----------------------------------------------------------------


def test_an_import_creates_and_updates_matched_by_the_normalised_number() -> None:
    ContactFactory.create(phone="+79161110000", name="Old name")
    data = 'phone,name,company\n89161110000,"Smith, John",«Ромашка»\n+7 495 123-45-67,O\'Brien,\n'
    result = actions.import_contacts(None, data.encode())
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert dict(Contact.objects.values_list("phone", "name")) == {
        "+79161110000": "Smith, John",
        "+74951234567": "O'Brien",
    }
    assert Contact.objects.get(phone="+79161110000").company == "«Ромашка»"
    assert AuditEntry.objects.get(action="wallboard.import_contacts").changes == {
        "created": 1, "updated": 1, "unchanged": 0,
    }  # fmt: skip


def test_a_semicolon_file_with_a_bom_is_read() -> None:
    data = "\ufeffphone;name;notes\n79161110000;Мария;VIP\n"
    assert actions.import_contacts(None, data.encode()).created == 1


def test_one_bad_row_refuses_the_file_and_every_bad_row_is_listed_with_its_line() -> None:
    ContactFactory.create(phone="+79161110000", name="Kept")
    data = (
        "phone,name\n"
        "79161110000,Changed\n"  # line 2: fine
        "no number,Ivan\n"  # line 3
        "89161110000,Duplicate\n"  # line 4: line 2's number written another way
        '+74951234567,"Bad\nname"\n'  # lines 5-6: a name with a newline
        "+74951234568,\n"  # line 7: no name
    )
    with pytest.raises(actions.ContactImportError) as refused:
        actions.import_contacts(None, data.encode())
    errors = [(error.line, error.message.split(":")[0]) for error in refused.value.result.errors]
    assert errors == [(3, "phone"), (4, "phone +79161110000 repeats line 2"), (6, "name"), (7, "name")]
    assert list(Contact.objects.values_list("name", flat=True)) == ["Kept"]
    assert not AuditEntry.objects.filter(action="create").exists()


def test_a_file_without_the_name_column_is_refused_at_line_one() -> None:
    with pytest.raises(actions.ContactImportError) as refused:
        actions.import_contacts(None, b"phone,company\n79161110000,X\n")
    assert str(refused.value) == "line 1: missing column(s): name"


def test_the_command_imports_or_lists_the_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.csv"
    good.write_text("phone,name\n79161110000,Olga\n", encoding="utf-8")
    call_command("import_contacts", str(good))
    assert "created 1, updated 0, unchanged 0" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("phone,name\nnone,Olga\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing imported: 1 bad row"):
        call_command("import_contacts", str(bad))


def test_the_import_page_shows_every_bad_row(client: Client, manager_user: User) -> None:
    client.force_login(manager_user)
    upload = SimpleUploadedFile("contacts.csv", b"phone,name\nnone,Olga\n79161110000,\n")
    response = client.post("/wallboard/contacts/import/", {"file": upload})
    assert response.status_code == 400
    assert [error.line for error in response.context["errors"]] == [2, 3]


def test_the_import_page_is_for_supervisors_and_managers(client: Client, db: None) -> None:
    client.force_login(UserFactory.create(username="ivan", role="agent"))
    assert client.get("/wallboard/contacts/import/").status_code == 403


# --- the API and the admin ------------------------------------------------------------------------------


def test_the_api_creates_updates_lists_and_deletes_contacts(manager_user: User) -> None:
    api = api_client(manager_user)
    created = api.post("/api/contacts/", {"phone": "89161110000", "name": "Smith, John"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["phone"] == "+79161110000"
    assert api.patch(f"/api/contacts/{pk}/", {"company": "«Ромашка»"}, format="json").status_code == 200
    listed = api.get("/api/contacts/", {"phone": "8 916 111 00 00"}).json()["results"]
    assert [(row["name"], row["company"]) for row in listed] == [("Smith, John", "«Ромашка»")]
    assert api.delete(f"/api/contacts/{pk}/").status_code == 204
    assert not Contact.objects.exists()
    assert AuditEntry.objects.filter(object_type="wallboard.contact").count() == 3


def test_the_api_refuses_a_bad_name_or_a_duplicate_with_a_400(manager_user: User) -> None:
    ContactFactory.create(phone="+79161110000")
    api = api_client(manager_user)
    twin = api.post("/api/contacts/", {"phone": "89161110000", "name": "Twin"}, format="json")
    assert (twin.status_code, list(twin.json())) == (400, ["phone"])
    bad = api.post("/api/contacts/", {"phone": "+74951234567", "name": "a\u202eb"}, format="json")
    assert (bad.status_code, list(bad.json())) == (400, ["name"])


def test_an_agent_reads_contacts_but_does_not_write_them(db: None) -> None:
    agent = UserFactory.create(username="ivan", role="agent")
    ContactFactory.create()
    api = api_client(agent)
    assert api.get("/api/contacts/").status_code == 200
    assert (
        api.post("/api/contacts/", {"phone": "+74951234567", "name": "X"}, format="json").status_code == 403
    )


def test_the_api_import_is_all_or_nothing(manager_user: User) -> None:
    api = api_client(manager_user)
    bad = api.post(
        "/api/contacts/import/",
        {"file": SimpleUploadedFile("c.csv", b"phone,name\n79161110000,Olga\nnone,Ivan\n")},
        format="multipart",
    )
    assert (bad.status_code, bad.json()) == (
        400,
        {"errors": [{"line": 3, "message": "phone: no phone number in 'none'"}]},
    )
    assert not Contact.objects.exists()
    good = api.post(
        "/api/contacts/import/",
        {"file": SimpleUploadedFile("c.csv", b"phone,name\n79161110000,Olga\n")},
        format="multipart",
    )
    assert (good.status_code, good.json()) == (200, {"created": 1, "updated": 0, "unchanged": 0})


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"phone,name\n\x00,\x00\n", b""])
def test_an_unreadable_import_is_a_400(manager_user: User, content: bytes) -> None:
    response = api_client(manager_user).post(
        "/api/contacts/import/", {"file": SimpleUploadedFile("c.csv", content)}, format="multipart"
    )
    assert response.status_code == 400


def test_only_an_admin_sets_a_queues_crm_link(manager_user: User, admin_user: User) -> None:
    queue = QueueFactory.create(name="support")
    body = {"queue": queue.pk, "url_template": "https://crm.example/find?phone={number}"}
    assert api_client(manager_user).post("/api/crm-links/", body, format="json").status_code == 403
    assert api_client(admin_user).post("/api/crm-links/", body, format="json").status_code == 201
    refused = api_client(admin_user).patch(
        f"/api/crm-links/{CRMLink.objects.get().pk}/", {"url_template": "ftp://x/{number}"}, format="json"
    )
    assert (refused.status_code, list(refused.json())) == (400, ["url_template"])


def test_the_admin_lists_and_adds_contacts(client: Client, db: None) -> None:
    root = UserFactory.create(username="root", role="admin", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get("/admin/wallboard/contact/").status_code == 200
    response = client.post(
        "/admin/wallboard/contact/add/",
        {"phone": "89161110000", "name": "Smith, John", "company": "", "notes": ""},
    )
    assert response.status_code == 302
    assert Contact.objects.get().phone == "+79161110000"
    assert AuditEntry.objects.filter(action="create", object_type="wallboard.contact").exists()


def test_the_agent_page_offers_the_queues_crm_for_the_current_caller(
    client: Client, center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    from tests.wallboard.conftest import event_named, state_until

    # s01 up to AgentConnect: Agent 1001 talks with "Customer One" <5550001> from support.
    state = state_until(asterisk_fixtures, "s01_inbound", "node1", event_named("AgentConnect"))
    live_store.write("node1", state)
    center["ivan"].interface = "Local/1001@agents/n"
    center["ivan"].save()
    CRMLink.objects.create(queue=center["support"], url_template="https://crm.example/c?d={digits}&q={queue}")
    ContactFactory.create(phone="5550001", name="Smith, John")
    client.force_login(center["agent_user"])
    data = client.get("/wallboard/agent/state.json").json()
    assert data["lookup"]["contact"]["name"] == "Smith, John"
    assert data["lookup"]["crm_url"] == "https://crm.example/c?d=5550001&q=support"
    page = client.get("/wallboard/agent/").content.decode()
    assert 'href="https://crm.example/c?d=5550001&amp;q=support"' in page
