"""The floor in the REST API: what supervisors and agents do on the wallboard and the agent page.

``/api/floor/agents/`` are the agents a supervisor (or an admin) may act on: pause with a reason, unpause,
log in to and out of queues, and listen / whisper / barge (``/api/floor/spy-sessions/`` lists the
sessions and ends one). ``/api/floor/me/`` is the signed-in agent: their state, log-in, log-out, pause
and unpause. ``/api/floor/callbacks/`` is the agent's own callback list: take, call and close.

Every write calls the same function of ``callcenter.wallboard.actions`` as the pages do: the same team
rules and the same audit entries. A refused action answers its status with ``{"detail": ...}``: 400 for
bad input, 403/404 for an agent who is not the user's, 409 when the state forbids it, 502 when Asterisk
refused or could not be reached and 503 when no Asterisk server is configured.
"""

from callcenter.wallboard.floorapi.me import MyCallbackViewSet, MyFloorViewSet
from callcenter.wallboard.floorapi.supervisors import FloorAgentViewSet, SpySessionViewSet

__all__ = ["FloorAgentViewSet", "MyCallbackViewSet", "MyFloorViewSet", "SpySessionViewSet"]
