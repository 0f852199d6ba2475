"""Audio for the tests: tones written with the standard library, and factories of prompts and music classes."""

from __future__ import annotations

import io
import math
import struct
import wave

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from callcenter.pbx.audio import sha256_hex
from callcenter.pbx.models import MusicOnHoldClass, MusicOnHoldFile, Prompt


def tone_wav(seconds: float = 0.5, hz: float = 440, *, rate: int = 8000, channels: int = 1) -> bytes:
    """A sine tone as 16-bit PCM WAV (by default exactly Asterisk's 8 kHz mono)."""
    frames = int(seconds * rate)
    samples = bytearray()
    for index in range(frames):
        value = int(8000 * math.sin(2 * math.pi * hz * index / rate))
        samples += struct.pack("<h", value) * channels
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(bytes(samples))
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "audio/wav") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


class PromptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prompt

    name = factory.Sequence(lambda n: f"custom/prompt-{n}")
    audio = factory.LazyFunction(tone_wav)
    sha256 = factory.LazyAttribute(lambda prompt: sha256_hex(bytes(prompt.audio)))
    original_name = "prompt.wav"


class MusicOnHoldClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MusicOnHoldClass
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"moh-{n}")


class MusicOnHoldFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MusicOnHoldFile

    moh_class = factory.SubFactory(MusicOnHoldClassFactory)
    name = factory.Sequence(lambda n: f"track-{n:02d}")
    audio = factory.LazyFunction(lambda: tone_wav(1.0, 330))
    sha256 = factory.LazyAttribute(lambda moh_file: sha256_hex(bytes(moh_file.audio)))
    original_name = "track.wav"
