"""Recording files on disk: where they may be, what they hold, and serving them in byte ranges.

The web and worker processes read the files at the path the node's Asterisk wrote (docker/compose.yaml
mounts the ``recordings`` volume at the same path in the node, web and worker). A file is served only if
it lies inside its node's recordings directory (AsteriskServer.recordings_dir), so a forged queue_log
line cannot make the web serve any other file.
"""

from __future__ import annotations

import os
import re
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext

CHUNK = 64 * 1024
# Browsers play WAV (Asterisk's 8 kHz 16-bit PCM), MP3, Ogg; the others are offered for download.
CONTENT_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "gsm": "audio/x-gsm",
    "wav49": "audio/x-wav",
    "sln": "application/octet-stream",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")
MAX_RANGE_HEADER = 200


@dataclass(frozen=True)
class FileFacts:
    """What the disk says about a recording: ``status`` is one of Recording.Status's values."""

    status: str
    size: int | None = None
    duration_s: int | None = None


def file_format(path: str) -> str:
    """The format Asterisk wrote, from the file's extension (MixMonitor picks the format by it)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix[:16]


def download_name(queue: str, callid: str, fmt: str) -> str:
    """``<queue>-<callid>.<format>`` with anything but letters, digits, "_", "-" and "." replaced."""
    stem = _UNSAFE_NAME.sub("_", f"{queue}-{callid}")[:100]
    return f"{stem}.{_UNSAFE_NAME.sub('_', fmt or 'bin')}"


def content_type(fmt: str) -> str:
    return CONTENT_TYPES.get(fmt, "application/octet-stream")


def inside(path: str, root: str) -> bool:
    """``path`` (links resolved) lies inside the directory ``root``."""
    if not path or not root or not os.path.isabs(path) or "\x00" in path:
        return False
    real_root = os.path.realpath(root)
    real_path = os.path.realpath(path)
    return real_path != real_root and os.path.commonpath([real_root, real_path]) == real_root


def wav_seconds(path: str) -> int | None:
    """The length of a WAV file from its header (frames / rate), or None if it is not a readable WAV."""
    try:
        with wave.open(path, "rb") as audio:
            rate = audio.getframerate()
            return round(audio.getnframes() / rate) if rate else None
    except (wave.Error, EOFError, OSError, ValueError):
        return None


def inspect(path: str, root: str) -> FileFacts:
    """Stat a recording: outside its directory, missing, empty, or playable with size and duration."""
    if not inside(path, root):
        return FileFacts("outside")
    try:
        stat = os.stat(path)
    except OSError:
        return FileFacts("missing")
    if not os.path.isfile(path) or not os.access(path, os.R_OK):
        return FileFacts("missing")
    if stat.st_size == 0:
        return FileFacts("empty", size=0)
    duration = wav_seconds(path) if file_format(path) == "wav" else None
    return FileFacts("ok", size=stat.st_size, duration_s=duration)


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class Unsatisfiable(Exception):
    """The Range header names no byte of the file (416)."""


def parse_range(header: str, size: int) -> ByteRange | None:
    """The one byte range of a ``Range: bytes=...`` header, or None to send the whole file.

    Several ranges, other units and malformed headers are ignored (the whole file, 200), as RFC 9110
    allows; a well-formed range that starts past the end raises Unsatisfiable.
    """
    if not header or len(header) > MAX_RANGE_HEADER:
        return None
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(0, size - suffix), size - 1)
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise Unsatisfiable
    return ByteRange(start, min(end, size - 1))


def _stream(path: str, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk


def _etag(stat: os.stat_result) -> str:
    return quote_etag(f"{stat.st_size:x}-{stat.st_mtime_ns:x}")


def ranged_response(
    request: HttpRequest, path: str, fmt: str, filename: str, *, attachment: bool
) -> JsonResponse | StreamingHttpResponse:
    """The file, whole (200) or the asked byte range (206 with Content-Range); 416 past its end.

    ``If-Range`` with another ETag or date than the file's sends the whole file, so a client never
    splices bytes of two versions. Raises OSError if the file cannot be opened.
    """
    stat = os.stat(path)
    size = stat.st_size
    etag = _etag(stat)
    last_modified = http_date(stat.st_mtime)
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range", "")
    if if_range and if_range not in (etag, last_modified):
        header = ""
    try:
        wanted = parse_range(header, size)
    except Unsatisfiable:
        refused = JsonResponse({"detail": gettext("The asked range lies outside the file.")}, status=416)
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    start, length = (wanted.start, wanted.length) if wanted else (0, size)
    response = StreamingHttpResponse(
        _stream(path, start, length) if request.method != "HEAD" else iter(()),
        status=206 if wanted else 200,
        content_type=content_type(fmt),
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["Cache-Control"] = "private, no-store"
    if wanted:
        response["Content-Range"] = f"bytes {wanted.start}-{wanted.end}/{size}"
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
