"""The PBX model: channels, app_queue's queues and members, Originate, ChanSpy and transfers.

Every flow emits the events of the matching recorded scenario in the recorded order (see
docs/simulator.md): the caller leg of ``Local/<queue>@queue-entry`` as in s01, a member that does not
answer as in s03, an abandon as in s02, ChanSpy as in s06 and dialer outcomes as in s07. The engine is
synchronous and driven by a Clock, so tests can step center time without sleeping.
"""

from __future__ import annotations

from callcenter.simulator.engine.answer import Answering
from callcenter.simulator.engine.completion import Completion
from callcenter.simulator.engine.phones import Phones
from callcenter.simulator.engine.transfers import Transfers


class Engine(Transfers, Completion, Answering, Phones):
    """The simulated Asterisk: owns all state, emits events to sinks, writes queue_log.

    Each base is one concern of the package, built on EngineState (state.py) and on the concerns it uses;
    the few calls that go the other way (kick, _answer, _end_attempt, _complete) are EngineState's
    abstract methods.
    """
