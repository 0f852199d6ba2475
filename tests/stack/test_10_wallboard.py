"""A supervisor's wallboard, over the stack's own WebSocket, equals what Asterisk says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.asterisk.compare import asterisk_truth
from tests.asterisk.conftest import MAIN_DID, SUPPORT, all_paused
from tests.asterisk.node import wait_agreement
from tests.asterisk.phones import caller_phone
from tests.stack.board import Board
from tests.stack.conftest import Stack, sign_in, wait_stack


@pytest.fixture
def board(stack: Stack) -> Iterator[Board]:
    from callcenter.demo.actions import demo_password

    session = sign_in(stack, "supervisor", demo_password("supervisor"))
    client = Board(f"ws://127.0.0.1:{stack.web_port}/ws/wallboard/", session).open()
    yield client
    client.close()


def _wait_agree(stack: Stack, board: Board, what: str) -> None:
    def differences() -> list[str]:
        stack.check_running()
        return _agree(stack, board)

    try:
        wait_agreement(differences, 5, what, interval=0.2)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{stack.service_logs()}") from None


def _agree(stack: Stack, board: Board) -> list[str]:
    """The board shows the supervisor's team: its agents with every queue membership, and its queues' callers."""
    if board.error is not None:
        raise AssertionError(f"the WebSocket failed: {board.error!r}")
    truth = asterisk_truth(stack.node)
    _queues, members, waiting = board.view()
    shown_agents = {interface for _queue, interface in members}
    problems = []
    want_members = {key: paused for key, paused in truth.members.items() if key[1] in shown_agents}
    if want_members != members:
        problems.append(f"members: asterisk {want_members} board {members}")
    want_waiting = {queue: callers for queue, callers in truth.waiting.items() if queue in waiting}
    if want_waiting != waiting:
        problems.append(f"waiting: asterisk {want_waiting} board {waiting}")
    return problems


def test_the_board_shows_the_queues_and_members_asterisk_has(stack: Stack, board: Board) -> None:
    wait_stack(stack, lambda: board.frames > 0, 15, "the first frame")
    assert set(board.view()[2]) >= {"support", "vip"}  # the supervisor's team's queues
    shown = {interface for _queue, interface in board.view()[1]}
    assert shown == {f"PJSIP/100{n}" for n in range(1, 6)}  # Team A
    _wait_agree(stack, board, "the board to equal Asterisk")


def test_a_waiting_caller_appears_on_the_board_and_leaves_it(stack: Stack, board: Board) -> None:
    caller = caller_phone("79162220001")
    with all_paused("support", SUPPORT):
        try:
            since = caller.call(MAIN_DID, stack.node.sip_port)
            caller.choose(since, "1")
            wait_stack(stack, lambda: board.view()[2].get("support"), 10, "the caller on the support tile")
            _wait_agree(stack, board, "the board to equal Asterisk with a caller waiting")
            caller.hangup()
            caller.wait_disconnected(since)
            wait_stack(stack, lambda: not board.view()[2].get("support"), 10, "the caller to leave the tile")
            _wait_agree(stack, board, "the board to equal Asterisk again")
        finally:
            caller.stop()
