"""Core actions: Ping, Events, ListCommands, CoreSettings, CoreStatus and the Command CLI."""

from __future__ import annotations

import datetime as dt

from callcenter.simulator.ami_server.catalog import ACTION_HELP, ASTERISK_VERSION, VERSION_LINE
from callcenter.simulator.ami_server.queue_snapshots import QueueSnapshots
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.system_actions import SystemActions
from callcenter.simulator.ami_server.wire import Message, event_mask


class CoreActions(QueueSnapshots, SystemActions):
    """The node-wide actions and the CLI commands the control plane sends."""

    def _ping(self, session: Session, message: Message) -> None:
        now = self.engine.now()
        self._reply(session, message, "Success", ("Ping", "Pong"), ("Timestamp", f"{now:.6f}"))

    def _events(self, session: Session, message: Message) -> None:
        session.events = event_mask(message.get("EventMask", "off"))
        self._reply(session, message, "Success", ("Events", "Off" if session.events == set() else "On"))

    def _list_commands(self, session: Session, message: Message) -> None:
        rows = [(name, f"{text}  (Priv: {priv})") for name, (text, priv) in sorted(ACTION_HELP.items())]
        self._reply(session, message, "Success", *rows)

    def _core_settings(self, session: Session, message: Message) -> None:
        self._reply(
            session,
            message,
            "Success",
            ("AMIversion", "11.0.0"),
            ("AsteriskVersion", ASTERISK_VERSION),
            ("SystemName", ""),
            ("CoreMaxCalls", "0"),
            ("CoreMaxLoadAvg", "0.000000"),
            ("CoreRunUser", ""),
            ("CoreRunGroup", ""),
            ("CoreMaxFilehandles", "0"),
            ("CoreRealTimeEnabled", "No"),
            ("CoreCDRenabled", "No"),
            ("CoreHTTPenabled", "No"),
            ("SoundsSearchCustomDir", "No"),
        )

    def _core_status(self, session: Session, message: Message) -> None:
        started = dt.datetime.fromtimestamp(self.engine.started, tz=dt.UTC)
        reloaded = dt.datetime.fromtimestamp(self.engine.last_reload, tz=dt.UTC)
        calls = len({channel.linkedid for channel in self.engine.channels.values()})
        self._reply(
            session,
            message,
            "Success",
            ("CoreStartupDate", started.strftime("%Y-%m-%d")),
            ("CoreStartupTime", started.strftime("%H:%M:%S")),
            ("CoreReloadDate", reloaded.strftime("%Y-%m-%d")),
            ("CoreReloadTime", reloaded.strftime("%H:%M:%S")),
            ("CoreCurrentCalls", str(calls)),
            ("CoreProcessedCalls", str(self.engine.processed_calls)),
        )

    # ------------------------------------------------------------------ Command (CLI)
    def _command(self, session: Session, message: Message) -> None:
        command = " ".join(message.get("Command").split())
        output: list[str]
        ok = True
        if command == "core show version":
            output = [VERSION_LINE]
        elif command in ("module reload app_queue.so", "module reload app_queue", "queue reload all"):
            self._reload_queues()
            output = ["Module 'app_queue.so' reloaded successfully."] if command.startswith("module") else []
            self._reply(
                session,
                message,
                "Success",
                ("Message", "Command output follows"),
                *[("Output", o) for o in output],
            )
            self.engine.emit("Reload", "system,all", [("Module", "app_queue.so"), ("Status", "0")])
            return
        elif command == "dialplan reload":
            output = ["Dialplan reloaded."]
        elif command.startswith("queue show"):
            output = self._queue_show(command[len("queue show") :].strip())
        else:
            ok = False
            output = [
                f"No such command '{command}' (type 'core show help {command}' for other possible commands)"
            ]
        self._reply(
            session,
            message,
            "Success" if ok else "Error",
            ("Message", "Command output follows"),
            *[("Output", line) for line in output],
        )
