"""Audio for Asterisk: uploaded WAV or MP3 files converted to what Asterisk plays without a transcoder.

Every prompt and music-on-hold file is stored converted to 8 kHz mono 16-bit signed linear PCM in a WAV
container: the sample rate Asterisk's ``format_wav`` reads as ``.wav`` and the one the telephone codecs
(alaw, ulaw, GSM) are made from, so a call never needs a resampler. WAV rather than raw ``.sln``: the
header says the rate, channels and sample size, so a wrong file is refused here and by Asterisk instead
of being played at the wrong speed, and a browser can play it back in the admin.

The conversion is done by SoX (Debian packages ``sox`` and ``libsox-fmt-mp3``): the input type is told to
SoX from the file's own first bytes (RIFF/WAVE or MP3), never guessed from its name, so no other of
SoX's many readers ever sees an upload. Nothing here writes to the database: forms and serializers call
:func:`convert_upload` to validate an upload, and ``actions.save_audio`` stores the result.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SAMPLE_RATE = 8000
CHANNELS = 1
SAMPLE_WIDTH = 2  # bytes: 16-bit signed linear
EXTENSION = ".wav"
SOX = "sox"
SOX_TIMEOUT_S = 120
DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_MAX_SECONDS = 600
_READ_CHUNK = 1 << 16


class AudioKind:
    """The input formats accepted, by the name SoX gives them."""

    WAV = "wav"
    MP3 = "mp3"


@dataclass(frozen=True)
class ConvertedAudio:
    """An upload converted for Asterisk: the WAV bytes, their SHA-256, length and the uploaded file's name."""

    data: bytes
    sha256: str
    duration_ms: int
    original_name: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "PBX_AUDIO_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024


def max_seconds() -> int:
    return int(getattr(settings, "PBX_AUDIO_MAX_SECONDS", DEFAULT_MAX_SECONDS))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(head: bytes) -> str | None:
    """The format of a file from its first bytes: WAV (RIFF/WAVE), MP3 (ID3 tag or an MPEG audio frame)."""
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return AudioKind.WAV
    if head[:3] == b"ID3":
        return AudioKind.MP3
    # An MPEG audio frame header: 11 sync bits, then a version and a layer that are not "reserved".
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        version = (head[1] >> 3) & 0x3
        layer = (head[1] >> 1) & 0x3
        if version != 0x1 and layer != 0x0:
            return AudioKind.MP3
    return None


def wav_duration_ms(data: bytes) -> int:
    """The length of a WAV file in Asterisk's format (8 kHz, mono, 16-bit PCM); ValueError for anything else."""
    try:
        with wave.open(io.BytesIO(data)) as reader:
            params = reader.getparams()
    except (wave.Error, EOFError) as exc:
        raise ValueError(f"not a PCM WAV file: {exc}") from None
    if params.comptype != "NONE":
        raise ValueError(f"compressed WAV ({params.comptype})")
    if (params.framerate, params.nchannels, params.sampwidth) != (SAMPLE_RATE, CHANNELS, SAMPLE_WIDTH):
        raise ValueError(
            f"{params.framerate} Hz, {params.nchannels} channel(s), {params.sampwidth * 8}-bit "
            f"instead of {SAMPLE_RATE} Hz mono 16-bit"
        )
    if params.nframes == 0:
        raise ValueError("no samples")
    return int(params.nframes) * 1000 // SAMPLE_RATE


def check_stored(data: bytes, sha256: str) -> int:
    """Re-check stored audio before it leaves for a node: the hash it was stored with, and the format.

    Returns the length in milliseconds; raises ValueError naming the problem.
    """
    if sha256_hex(data) != sha256:
        raise ValueError("its content does not match its SHA-256 (changed outside the application)")
    return wav_duration_ms(data)


def _refuse(message: Any, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _chunks(upload: object) -> Iterable[bytes]:
    chunks = getattr(upload, "chunks", None)
    if callable(chunks):
        yield from chunks()
        return
    read = getattr(upload, "read", None)
    if not callable(read):
        raise _refuse(_("Upload a WAV or MP3 file."), "audio_missing")
    while True:
        block = read(_READ_CHUNK)
        if not block:
            return
        yield block


def convert_upload(upload: object, *, timeout: float = SOX_TIMEOUT_S) -> ConvertedAudio:
    """Validate an uploaded file and convert it to 8 kHz mono 16-bit WAV; ValidationError says what is wrong.

    Refused: nothing uploaded, an empty file, a file over the size limit, anything that is not WAV or
    MP3 by its first bytes, a file SoX cannot decode, no sound at all, or a result longer than the limit.
    """
    if upload is None:
        raise _refuse(_("Upload a WAV or MP3 file."), "audio_missing")
    limit = max_upload_bytes()
    name = str(getattr(upload, "name", "") or "")[-255:]
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise _too_large(limit)
    with tempfile.TemporaryDirectory(prefix="cc-audio-") as work:
        source = Path(work) / "upload"
        size = 0
        head = b""
        with source.open("wb") as handle:
            for block in _chunks(upload):
                size += len(block)
                if size > limit:
                    raise _too_large(limit)
                if len(head) < 16:
                    head = (head + block)[:16]
                handle.write(block)
        if size == 0:
            raise _refuse(_("The uploaded file is empty."), "audio_empty")
        kind = sniff(head)
        if kind is None:
            raise _refuse(
                _("“%(name)s” is not a WAV or MP3 file: only those two formats are accepted."),
                "audio_format",
                name=name[:60] or "?",
            )
        target = Path(work) / f"converted{EXTENSION}"
        _run_sox(source, kind, target, name, timeout)
        data = target.read_bytes()
    try:
        duration_ms = wav_duration_ms(data)
    except ValueError:
        raise _refuse(
            _("“%(name)s” contains no sound that could be converted."), "audio_silent", name=name[:60] or "?"
        ) from None
    if duration_ms > max_seconds() * 1000:
        raise _refuse(
            _("The recording is longer than %(max)s seconds: shorten it or split it into several files."),
            "audio_too_long",
            max=max_seconds(),
        )
    return ConvertedAudio(data=data, sha256=sha256_hex(data), duration_ms=duration_ms, original_name=name)


def _too_large(limit: int) -> ValidationError:
    return _refuse(
        _("The file is larger than %(max)s MB: upload a shorter or more compressed recording."),
        "audio_too_large",
        max=limit // (1024 * 1024),
    )


def sox_binary() -> str | None:
    return shutil.which(SOX)


def _run_sox(source: Path, kind: str, target: Path, name: str, timeout: float) -> None:
    binary = sox_binary()
    if binary is None:
        raise _refuse(
            _(
                "Audio cannot be converted on this server: the sox program is not installed (docs/deployment.md)."
            ),
            "audio_no_converter",
        )
    # One second past the limit is enough to know the recording is too long; the rest is not decoded.
    command = [
        binary, "-R", "-V1", "-t", kind, str(source),
        "-t", "wav", "-e", "signed-integer", "-b", "16", "-c", str(CHANNELS), "-r", str(SAMPLE_RATE),
        str(target), "trim", "0", str(max_seconds() + 1),
    ]  # fmt: skip
    try:
        # A fixed program and options; the upload is only a path inside our own temporary directory.
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        raise _refuse(
            _("“%(name)s” took too long to convert."), "audio_timeout", name=name[:60] or "?"
        ) from None
    if result.returncode == 0 and target.exists():
        return
    message = result.stderr.strip()
    if "no handler for" in message:
        raise _refuse(
            _("This server cannot read %(kind)s files: install the Debian package libsox-fmt-mp3."),
            "audio_no_converter",
            kind=kind.upper(),
        )
    raise _refuse(
        _("“%(name)s” could not be read as a %(kind)s file."), "audio_unreadable", name=name[:60] or "?",
        kind=kind.upper(),
    )  # fmt: skip
