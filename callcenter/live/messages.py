"""The shapes of the live state on the wire: the snapshot, the delta, their views, the channel-layer
messages the bridge publishes. JSON-ready; docs/ami.md documents them and they must stay stable.

The reducer (``callcenter.live.state``) builds them, the store (``callcenter.live.store``) keeps them,
and the wallboard (``callcenter.wallboard``) reads them.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict


class CallView(TypedDict):
    """One caller's visit to one queue (``Call.to_dict``)."""

    callid: str
    queue: str
    caller: str
    caller_name: str
    channel: str
    position: int | None
    joined_at: float | None
    state: str  # see CALL_STATES
    outcome: str  # see OUTCOMES
    agent: str | None
    agent_interface: str | None
    answered_at: float | None
    ended_at: float | None
    wait_s: float | None
    talk_s: float | None
    transferred_to: str | None
    ended_by: str | None
    final: bool
    server: NotRequired[str]  # read_all() only: the node the call is on


class MembershipView(TypedDict):
    """An agent's place in one queue."""

    penalty: int
    paused: bool
    pause_reason: str | None
    paused_since: float | None
    membership: str


class AgentView(TypedDict):
    """A queue member (``Agent.to_dict``), keyed by interface."""

    interface: str
    name: str
    state: str  # see AGENT_STATES
    state_since: float
    pause_reason: str | None
    paused: bool
    paused_since: float | None
    queues: dict[str, MembershipView]
    current_call: str | None
    answered_today: int
    device_status: int
    server: NotRequired[str]  # read_all() only


class WaitingCaller(TypedDict):
    """A caller waiting in a queue, in join order."""

    callid: str
    caller: str
    caller_name: str
    position: int | None
    joined_at: float | None
    wait_s: float | None
    state: str


class QueueView(TypedDict):
    """A queue's live figures."""

    name: str
    strategy: str
    service_level_s: int
    waiting: list[WaitingCaller]
    waiting_count: int
    longest_wait_s: float
    agents: dict[str, int]  # members by state (AGENT_STATES) and "total"
    today: dict[str, int]  # "offered", "answered_within_sl" and one counter per final outcome
    service_level_pct: float | None


class ChannelsView(TypedDict):
    """Active channels: how many, by technology and by trunk."""

    total: int
    by_tech: dict[str, int]
    by_trunk: dict[str, int]


class ContactView(TypedDict):
    """One registered (or static) contact of an endpoint."""

    uri: str
    status: str  # reachable | unqualified | unknown | unreachable
    roundtrip_ms: float | None  # the last qualify's round trip, when reachable


class RegistrationView(TypedDict):
    """A trunk's outbound registration."""

    name: str
    client_uri: str
    server_uri: str
    status: str  # registered | unregistered | rejected | failed
    since: float


class EndpointView(TypedDict):
    """One PJSIP endpoint as the snapshot and the deltas carry it (key: the endpoint's name)."""

    name: str
    kind: str  # trunk | phone
    agent: str | None  # the logged-in queue member whose phone this is (its interface)
    status: str  # see callcenter.live.endpoints.STATUSES
    since: float | None  # when the status last changed (None: not seen since the bridge started)
    roundtrip_ms: float | None
    contacts: list[ContactView]
    registration: RegistrationView | None
    alarm: str | None  # see callcenter.live.endpoints.ALARMS; None when all is well
    server: NotRequired[str]  # read_all() only


# One item of a keyed section of the live state.
LiveItem = AgentView | QueueView | CallView | EndpointView


class Snapshot(TypedDict):
    """The whole live state of one node (``LiveState.snapshot``)."""

    version: int
    server: str
    generated_at: float | None  # None only in the empty snapshot of a node never stored
    day: str | None  # the local day of the daily counters (ISO date)
    calls: dict[str, CallView]
    recent_calls: list[CallView]  # finished calls, oldest first
    agents: dict[str, AgentView]
    queues: dict[str, QueueView]
    channels: ChannelsView
    endpoints: dict[str, EndpointView]


class StoredSnapshot(Snapshot):
    """A snapshot as the store returns it (``read_snapshot``): with the node's link state."""

    connected: bool


class SnapshotMeta(TypedDict):
    """The scalar part of a snapshot, stored apart from its keyed sections."""

    version: int
    server: str
    generated_at: float | None
    day: str | None
    channels: ChannelsView


class Delta(TypedDict):
    """What changed since the last delta (``LiveState.take_delta``); None: removed."""

    calls: dict[str, CallView | None]
    agents: dict[str, AgentView | None]
    queues: dict[str, QueueView | None]
    channels: NotRequired[ChannelsView]  # only when channels changed
    endpoints: NotRequired[dict[str, EndpointView | None]]  # only when PJSIP trunks or phones changed


class ServerLink(TypedDict):
    """One node in ``read_all``."""

    connected: bool
    generated_at: float | None
    day: str | None


class AllNodes(TypedDict):
    """Every node merged (``read_all``): calls, agents and endpoints carry ``server``."""

    version: int
    servers: dict[str, ServerLink]
    calls: dict[str, CallView]
    recent_calls: list[CallView]
    agents: dict[str, AgentView]
    queues: dict[str, QueueView]
    channels: ChannelsView
    endpoints: dict[str, EndpointView]  # keyed "<server>/<name>"


class LiveDeltaMessage(TypedDict):
    """``live.delta`` on the channel layer: a delta of one node, in order (``seq``)."""

    type: Literal["live.delta"]
    server: str
    seq: int
    calls: dict[str, CallView | None]
    agents: dict[str, AgentView | None]
    queues: dict[str, QueueView | None]
    channels: NotRequired[ChannelsView]
    endpoints: NotRequired[dict[str, EndpointView | None]]


class LiveResyncMessage(TypedDict):
    """``live.resync``: the node's state was rebuilt; re-read ``read_snapshot(server)``."""

    type: Literal["live.resync"]
    server: str
    seq: int


class LiveStatusMessage(TypedDict):
    """``live.status``: the node's AMI link came up or went down."""

    type: Literal["live.status"]
    server: str
    seq: int
    connected: bool


LiveMessage = LiveDeltaMessage | LiveResyncMessage | LiveStatusMessage


# -- the wallboard ---------------------------------------------------------------------------------------
# The board's collections of live items (each keyed by ``board.frame_key``).
Collection = Literal["agents", "queues", "calls", "endpoints"]


class BoardAgent(TypedDict):
    """A queue member on the board (key: its interface), with what the configuration knows of the agent."""

    id: str  # the interface
    server: str
    interface: str
    member_name: str
    name: str  # the configured display name, else the member name
    extension: str
    agent_id: int | None  # None: a member nobody configured
    team_id: int | None
    team: str
    can_act: bool  # the viewer may log in, log out, pause or spy on this agent
    state: str  # see AGENT_STATES
    state_since: float | None
    paused: bool
    pause_reason: str | None
    paused_queues: dict[str, str]  # queue -> pause reason ("" without one), the queues it is paused in
    queues: list[str]  # the queues it is a member of, sorted
    dynamic_queues: list[str]  # configured memberships the supervisor may log it in to or out of
    static_queues: list[str]
    paused_since: float | None
    pause_alarm_at: float | None  # when the pause runs over its reason's limit
    pause_limit_s: float | None
    pause_limit_reason: str
    current_call: str | None
    answered_today: int


class BoardCaller(TypedDict):
    """Who calls and where the call stands (a waiting entry of a queue, a call of the board)."""

    caller: str
    caller_name: str
    position: int | None
    joined_at: float | None
    state: str | None  # see CALL_STATES


class BoardWaiting(BoardCaller):
    """A caller waiting in a queue, in join order."""

    callid: str | None


class BoardQueue(TypedDict):
    """A queue of one node on the board (key ``<node>/<queue>``)."""

    id: str
    server: str
    name: str
    display_name: str
    team_ids: list[int]
    waiting: list[BoardWaiting]
    waiting_count: int
    oldest_joined_at: float | None
    agents: dict[str, int]  # members by state and "total"
    offered: int
    answered: int
    abandoned: int
    sl_pct: float | None
    sl_target_s: int | None
    sl_goal_pct: int
    wait_amber_s: int
    wait_red_s: int


class BoardCall(BoardCaller):
    """An active call on the board (key: its call id); finished calls leave it."""

    id: str
    server: str
    queue: str | None
    answered_at: float | None
    agent_interface: str | None


class BoardEndpoint(TypedDict):
    """One trunk or phone on the board (key ``<node>/<endpoint>``)."""

    id: str
    server: str
    name: str
    kind: str  # trunk | phone
    status: str  # reachable | unqualified | unknown | unreachable | unregistered
    since: float | None
    roundtrip_ms: float | None
    contacts: int  # how many contacts are registered (a trunk: its static contact)
    registration: str | None  # a trunk's outbound registration: registered | unregistered | rejected | failed
    alarm: str | None  # trunk_unreachable | registration_failed | phone_unregistered | phone_unreachable
    agent_id: int | None
    agent_name: str
    extension: str
    team_id: int | None


# One agent, queue, call or endpoint as a viewer sees it (``callcenter.wallboard.board``'s views).
BoardItem = BoardAgent | BoardQueue | BoardCall | BoardEndpoint


class RosterEntry(TypedDict):
    """A configured agent the viewer may act on (``board.roster``), whether Asterisk has it or not."""

    agent_id: int
    interface: str
    member_name: str
    name: str
    extension: str
    team_id: int | None
    dynamic_queues: list[str]
    static_queues: list[str]


class SpyView(TypedDict):
    """One spy session (``callcenter.wallboard.spies.spy_dict``; key: its id)."""

    id: int
    server: str
    interface: str  # the agent listened to
    agent_id: int
    agent_name: str
    supervisor: str  # the username of who listens
    mode: str  # see SpySession.Mode
    mode_label: str
    status: str
    requested_at: float | None
    started_at: float | None
    ended_at: float | None
    error: str


class LinkMessage(TypedDict):
    """A node's heartbeat appeared or went away (the wallboard hub's own message; no ``seq``)."""

    type: Literal["live.link"]
    server: str
    connected: bool


class SpyMessage(TypedDict):
    """``wallboard.spy``: a spy session started, changed or ended."""

    type: Literal["wallboard.spy"]
    spy: SpyView


# What the wallboard hub hands its listeners.
HubMessage = LiveDeltaMessage | LiveResyncMessage | LiveStatusMessage | LinkMessage | SpyMessage


class ServerFrame(TypedDict, total=False):
    """A node's tile on the board: all of it in a snapshot frame, what changed in a delta frame."""

    connected: bool
    generated_at: float | None
    trunks_down: list[str]  # trunks in alarm, sorted


class SnapshotFrame(TypedDict):
    """The whole board for one viewer, sent to the browser first and after every gap or resync."""

    type: Literal["snapshot"]
    server_time: float
    servers: dict[str, ServerFrame]
    channels: dict[str, ChannelsView]  # by node
    agents: dict[str, BoardAgent]  # keyed by ``board.frame_key``
    queues: dict[str, BoardQueue]
    calls: dict[str, BoardCall]
    endpoints: dict[str, BoardEndpoint]
    spies: dict[str, SpyView]  # by session id


class DeltaFrame(TypedDict):
    """What changed on the board since the last frame; an item of None is removed."""

    type: Literal["delta"]
    server_time: float
    servers: NotRequired[dict[str, ServerFrame]]
    channels: NotRequired[dict[str, ChannelsView]]
    agents: NotRequired[dict[str, BoardAgent | None]]
    queues: NotRequired[dict[str, BoardQueue | None]]
    calls: NotRequired[dict[str, BoardCall | None]]
    endpoints: NotRequired[dict[str, BoardEndpoint | None]]
    spies: NotRequired[dict[str, SpyView | None]]


def empty_channels() -> ChannelsView:
    return {"total": 0, "by_tech": {}, "by_trunk": {}}
