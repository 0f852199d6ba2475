"""Factories of quality's rows (recordings, QA forms, evaluations)."""

from __future__ import annotations

import datetime as dt

import factory

from callcenter.quality.models import Evaluation, EvaluationForm, FormSection, Question, Recording

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class RecordingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recording

    server = "pbx1"
    callid = factory.Sequence(lambda n: f"1700000000.{n}")  # apart from the callids logged_call writes
    queue = "support"
    agent = "Agent 1001"
    caller = "79161110001"
    started_at = T0
    logged_at = factory.LazyAttribute(lambda rec: rec.started_at + dt.timedelta(seconds=60))
    duration_s = 60
    path = factory.LazyAttribute(
        lambda rec: f"/var/spool/asterisk/monitor/callcenter/{rec.queue}-{rec.callid}.wav"
    )
    format = "wav"
    size = 960044
    status = Recording.Status.OK


class EvaluationFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationForm
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Form {n}")


class FormSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormSection

    form = factory.SubFactory(EvaluationFormFactory)
    title = factory.Sequence(lambda n: f"Section {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(FormSectionFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.YES_NO
    weight = 1


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    recording = factory.SubFactory(RecordingFactory)
    form = factory.SubFactory(EvaluationFormFactory)
    server = factory.LazyAttribute(lambda e: e.recording.server)
    callid = factory.LazyAttribute(lambda e: e.recording.callid)
    queue = factory.LazyAttribute(lambda e: e.recording.queue)
    agent = factory.LazyAttribute(lambda e: e.recording.agent)
    agent_ref = factory.LazyAttribute(lambda e: e.recording.agent_ref)
    call_started_at = factory.LazyAttribute(lambda e: e.recording.started_at)
