"""The numbers and names the simulated PBX reports as Asterisk does."""

from __future__ import annotations

import re

# Device states as QueueMemberStatus/QueueMember report them in "Status".
DEVICE_NOT_INUSE = 1
DEVICE_INUSE = 2
DEVICE_UNAVAILABLE = 5
DEVICE_RINGING = 6

# An agent phone auto-answers a dialer call after this long (the contact waits at most 2 s).
DIALER_AUTO_ANSWER_S = 0.3

# OriginateResponse reasons (s07).
REASON_NO_SUCH_EXTEN = 0
REASON_NO_ANSWER = 3
REASON_ANSWERED = 4
REASON_BUSY = 5
REASON_CONGESTION = 8

DIALER_OUTCOMES = ("answer", "busy", "noanswer", "congestion")
PHONE_NUMBER = re.compile(r"^\+?[0-9]{3,}$")
PJSIP_PREFIX = "PJSIP/"
PHONE_ROUNDTRIP_US = 1500  # a registered phone's qualify round trip
# The context a phone's outgoing channel reports (PJSIP's default endpoint context).
DEVICE_CONTEXT = "default"
