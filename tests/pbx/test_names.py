"""Names that become Asterisk section names: unique without regard to case where Asterisk folds case, and
never one of the names the rendered files reserve for themselves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from callcenter.pbx.models import Queue, Trunk
from callcenter.pbx.snapshot import CenterConf, QueueConf, TrunkConf, validate_center
from tests.factories import QueueFactory

pytestmark = pytest.mark.django_db

QUEUE_CASE_MESSAGE = (
    "The queue “support” already exists: queue names must differ in more than letter case, "
    "because Asterisk treats SUPPORT and support as the same queue."
)
GENERAL_MESSAGE = "“general” is reserved: queues.conf uses [general] for its own settings."


def test_queue_differing_only_in_case_is_refused_with_the_message() -> None:
    QueueFactory(name="support")
    with pytest.raises(ValidationError) as refused:
        Queue.objects.create(name="SUPPORT")
    assert refused.value.message_dict == {"name": [QUEUE_CASE_MESSAGE]}
    assert list(Queue.objects.values_list("name", flat=True)) == ["support"]


def test_renaming_a_queue_to_another_case_of_itself_is_allowed() -> None:
    queue = QueueFactory(name="support")
    queue.name = "Support"
    queue.save()
    assert list(Queue.objects.values_list("name", flat=True)) == ["Support"]


@pytest.mark.parametrize("name", ["general", "GENERAL", "General"])
def test_queue_named_general_is_refused(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Queue.objects.create(name=name)
    assert refused.value.message_dict == {
        "name": [f"“{name}” is reserved: queues.conf uses [{name}] for its own settings."]
    }
    assert not Queue.objects.exists()


def test_queue_name_taking_the_exit_context_prefix_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        Queue.objects.create(name="exit-support")
    assert refused.value.message_dict == {
        "name": ["Queue names may not start with “exit-”: that prefix is reserved for exit contexts."]
    }


@pytest.mark.parametrize("context", ["general", "Globals"])
def test_exit_context_may_not_be_a_settings_section_of_extensions_conf(context: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Queue.objects.create(name="support", exit_context=context)
    assert list(refused.value.message_dict) == ["exit_context"]


def test_database_refuses_a_queue_differing_only_in_case() -> None:
    QueueFactory(name="support")
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Queue.objects.bulk_create([Queue(name="SUPPORT")])  # bulk_create skips model validation
    assert "pbx_queue_name_ci_unique" in str(refused.value)
    assert Queue.objects.count() == 1


def test_database_constraint_is_on_the_lowered_name() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Queue._meta.db_table)
    assert constraints["pbx_queue_name_ci_unique"]["unique"] is True
    definition = constraints["pbx_queue_name_ci_unique"]["definition"]
    assert definition is not None
    assert "lower" in definition.lower()


def test_api_refuses_a_queue_differing_only_in_case(admin_api: APIClient) -> None:
    QueueFactory(name="support")
    response = admin_api.post("/api/queues/", {"name": "SUPPORT"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [QUEUE_CASE_MESSAGE]}
    assert list(Queue.objects.values_list("name", flat=True)) == ["support"]


def test_api_refuses_a_queue_named_general(admin_api: APIClient) -> None:
    response = admin_api.post("/api/queues/", {"name": "general"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [GENERAL_MESSAGE]}
    assert not Queue.objects.exists()


def test_api_renaming_a_queue_onto_another_case_of_another_queue_is_refused(admin_api: APIClient) -> None:
    QueueFactory(name="support")
    sales = QueueFactory(name="sales")
    response = admin_api.patch(f"/api/queues/{sales.pk}/", {"name": "Support"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [QUEUE_CASE_MESSAGE]}
    assert Queue.objects.get(pk=sales.pk).name == "sales"


def test_trunk_differing_only_in_case_is_refused() -> None:
    Trunk.objects.create(name="carrier", host="192.0.2.1")
    with pytest.raises(ValidationError) as refused:
        Trunk.objects.create(name="Carrier", host="192.0.2.2")
    assert list(refused.value.message_dict) == ["name"]
    assert "“carrier” already exists" in refused.value.message_dict["name"][0]


def test_database_refuses_a_trunk_differing_only_in_case() -> None:
    Trunk.objects.create(name="carrier", host="192.0.2.1")
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Trunk.objects.bulk_create([Trunk(name="CARRIER", host="192.0.2.2")])
    assert "pbx_trunk_name_ci_unique" in str(refused.value)


@pytest.mark.parametrize("name", ["cc-transport-udp", "CC-Transport-tls", "1001"])
def test_trunk_may_not_take_a_name_pjsip_conf_gives_a_transport_or_a_phone(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Trunk.objects.create(name=name, host="192.0.2.1")
    assert list(refused.value.message_dict) == ["name"]
    assert not Trunk.objects.exists()


def test_api_refuses_a_reserved_trunk_name(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/trunks/", {"name": "cc-transport-udp", "host": "192.0.2.1"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "name": ["Trunk names may not start with “cc-transport-”: pjsip.conf uses it for its transports."]
    }


def test_render_time_check_refuses_queue_and_trunk_names_differing_only_in_case() -> None:
    center = CenterConf(
        queues=[QueueConf(name="support"), QueueConf(name="SUPPORT")],
        trunks=[TrunkConf(name="carrier", host="192.0.2.1"), TrunkConf(name="Carrier", host="192.0.2.2")],
    )
    errors = validate_center(center)
    assert "queue names 'SUPPORT', 'support' differ only in letter case" in errors
    assert "trunk names 'Carrier', 'carrier' differ only in letter case" in errors


def test_render_time_check_refuses_a_queue_named_general() -> None:
    errors = validate_center(CenterConf(queues=[QueueConf(name="General")]))
    assert any(error.startswith("queue 'General': name: “General” is reserved") for error in errors), errors


@pytest.mark.parametrize("name", ["failed", "Agent"])
def test_a_queue_named_like_a_dialer_extension_is_refused(db: None, name: str) -> None:
    from django.core.exceptions import ValidationError

    from callcenter.pbx.models import Queue

    with pytest.raises(ValidationError) as error:
        Queue(name=name).full_clean()
    assert "reserved" in " ".join(error.value.message_dict["name"])
