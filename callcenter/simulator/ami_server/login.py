"""Login: credentials, the event mask, and the security events Asterisk raises for it."""

from __future__ import annotations

from callcenter.simulator.ami_server.base import AMIBase
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import Message, encode, event_mask, event_tv


class Login(AMIBase):
    """Login and its answers, as s00 and s10 recorded them."""

    def _login(self, session: Session, message: Message) -> bool:
        username, secret = message.get("Username"), message.get("Secret")
        user = self.users.get(username)
        if session.authenticated:
            self._success(session, message, "Already authenticated")
            return True
        if user is None or user.secret != secret:
            self._error(session, message, "Authentication failed")
            if user is None:
                self._security_event(
                    "InvalidAccountID",
                    [
                        *self._security_base(session, "Error", "1"),
                        ("AccountID", username),
                        *self._addresses(session),
                        ("SessionTV", "1970-01-01T00:00:00.000+0000"),
                    ],
                )
            else:
                self._security_event(
                    "InvalidPassword",
                    [
                        *self._security_base(session, "Error", "2"),
                        ("AccountID", username),
                        *self._addresses(session),
                        ("SessionTV", "1970-01-01T00:00:00.000+0000"),
                    ],
                )
            # Asterisk closes the socket after a failed login (s10_login_failure_client).
            return False
        session.authenticated = True
        session.username = username
        session.events = event_mask(message.get("Events", "on")) if message.has("Events") else None
        if session.events == set():
            self.action_only_logins += 1
        else:
            self.event_stream_logins += 1
        self._success(session, message, "Authentication accepted")
        if session.wants("system"):
            uptime = int(self.engine.now() - self.engine.started)
            session.write(
                encode(
                    [
                        ("Event", "FullyBooted"),
                        ("Privilege", "system,all"),
                        ("Uptime", str(uptime)),
                        ("LastReload", str(int(self.engine.now() - self.engine.last_reload))),
                        ("Status", "Fully Booted"),
                    ]
                )
            )
        self._security_event(
            "SuccessfulAuth",
            [
                *self._security_base(session, "Informational", "1"),
                ("AccountID", username),
                *self._addresses(session),
                ("UsingPassword", "0"),
                ("SessionTV", event_tv(session.opened)),
            ],
        )
        return True
