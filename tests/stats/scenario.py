"""A hand-written day of queue_log in Asterisk 22's format, covering every outcome the fixtures lack.

T0 is 2026-11-23 09:00:00 UTC. Expected figures in the tests are worked out from these lines by hand.
"""

from __future__ import annotations

from tests.stats.conftest import T0

LINES = [
    # c1: answered by Agent 1001 after Agent 1002 rang without answering; waited 18 s, talked 60 s, survey 4.
    f"{T0}|c1|support|NONE|ENTERQUEUE||5551001|1",
    f"{T0 + 15}|c1|support|Agent 1002|RINGNOANSWER|15000",
    f"{T0 + 18}|c1|support|Agent 1001|CONNECT|18|c1.9|3",
    f"{T0 + 78}|c1|support|Agent 1001|COMPLETEAGENT|18|60|1",
    f"{T0 + 80}|c1|support|Agent 1001|SURVEY|4",
    f"{T0 + 80}|c1|support|NONE|RECORDING|/recordings/c1.wav",
    # c2: caller 5551002 times out after 60 s.
    f"{T0 + 100}|c2|support|NONE|ENTERQUEUE||5551002|1",
    f"{T0 + 160}|c2|support|NONE|EXITWITHTIMEOUT|1|1|60",
    # c3: caller 5551003 leaves an empty queue after 5 s.
    f"{T0 + 200}|c3|support|NONE|ENTERQUEUE||5551003|1",
    f"{T0 + 205}|c3|support|NONE|EXITEMPTY|1|1|5",
    # c4: caller 5551004 presses 5 after 12 s.
    f"{T0 + 300}|c4|support|NONE|ENTERQUEUE||5551004|1",
    f"{T0 + 312}|c4|support|NONE|EXITWITHKEY|5|1|1|12",
    # c5: Agent 1002 answers after 25 s and blind-transfers to 2000@default after 40 s; survey 2.
    f"{T0 + 400}|c5|support|NONE|ENTERQUEUE||5551005|1",
    f"{T0 + 425}|c5|support|Agent 1002|CONNECT|25|c5.9|2",
    f"{T0 + 465}|c5|support|Agent 1002|BLINDTRANSFER|2000|default|25|40|1",
    f"{T0 + 470}|c5|support|Agent 1002|SURVEY|2",
    # c6: sales, Agent 1201 answers after 5 s, attended transfer after 30 s.
    f"{T0 + 500}|c6|sales|NONE|ENTERQUEUE||5551006|1",
    f"{T0 + 505}|c6|sales|Agent 1201|CONNECT|5|c6.9|1",
    f"{T0 + 535}|c6|sales|Agent 1201|ATTENDEDTRANSFER|BRIDGE|b-1|5|30|1",
    # c7: caller 5551002 again, abandons after 9 s.
    f"{T0 + 600}|c7|support|NONE|ENTERQUEUE||5551002|1",
    f"{T0 + 609}|c7|support|NONE|ABANDON|1|1|9",
    # c8: caller 5551003 gets through: waited 40 s, talked 20 s.
    f"{T0 + 700}|c8|support|NONE|ENTERQUEUE||5551003|1",
    f"{T0 + 740}|c8|support|Agent 1001|CONNECT|40|c8.9|1",
    f"{T0 + 760}|c8|support|Agent 1001|COMPLETECALLER|40|20|1",
    # c10: the dynamic member Agent 1401 answers at once and talks 720 s.
    f"{T0 + 800}|c10|support|NONE|ENTERQUEUE||5551010|1",
    f"{T0 + 800}|c10|support|Agent 1401|CONNECT|0|c10.9|1",
    f"{T0 + 1520}|c10|support|Agent 1401|COMPLETECALLER|0|720|1",
    # Agent 1001 pauses in all queues for lunch (600 s): PAUSEALL plus the per-queue PAUSE, counted once.
    f"{T0 + 1000}|NONE|NONE|Agent 1001|PAUSEALL|lunch",
    f"{T0 + 1000}|NONE|support|Agent 1001|PAUSE|lunch",
    f"{T0 + 1600}|NONE|NONE|Agent 1001|UNPAUSEALL|",
    f"{T0 + 1600}|NONE|support|Agent 1001|UNPAUSE|",
    # Agent 1002 in a paid meeting for 300 s.
    f"{T0 + 1000}|NONE|support|Agent 1002|PAUSE|meeting",
    f"{T0 + 1300}|NONE|support|Agent 1002|UNPAUSE|",
    # The dynamic member logs in at 08:00 and out at 10:00 (by interface), lunch 600 s in between.
    f"{T0 - 3600}|MANAGER|support|Local/1401@agents/n|ADDMEMBER|",
    f"{T0 + 2000}|NONE|support|Agent 1401|PAUSE|lunch",
    f"{T0 + 2600}|NONE|support|Agent 1401|UNPAUSE|",
    f"{T0 + 3600}|MANAGER|support|Local/1401@agents/n|REMOVEMEMBER|",
]
