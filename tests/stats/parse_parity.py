"""What the loader stored of a file, line by line beside what ``parse_line`` makes of the same line."""

from __future__ import annotations

from collections.abc import Iterator

from callcenter.stats.models import QuarantinedLine, QueueLogLine
from callcenter.stats.parser import MalformedLine, ParsedLine, parse_line


def stored_beside_parsed(lines: list[str]) -> Iterator[tuple[str, QueueLogLine, ParsedLine]]:
    """Each line of the loaded file ``lines`` that ``parse_line`` accepts, with the row stored from it (found by
    the offset of its first byte) and the parse; a line it refuses must have been quarantined with its
    message."""
    reasons = dict(QuarantinedLine.objects.values_list("line_number", "reason"))
    stored = {line.file_offset: line for line in QueueLogLine.objects.all()}
    offset = 0
    for number, text in enumerate(lines, start=1):
        try:
            expected = parse_line(text)
        except MalformedLine as exc:
            assert reasons[number] == str(exc), text
        else:
            yield text, stored[offset], expected
        offset += len(text.encode()) + 1
