#!/bin/bash
# Starts Asterisk in the foreground as the asterisk user, after writing the node's settings from the
# environment (manager.conf with the AMI secret is never baked into the image or the repository).
# On SIGTERM (docker stop) it asks Asterisk to stop gracefully: no new calls, and it exits when the
# calls in progress have ended or compose's stop_grace_period runs out.
set -euo pipefail

asterisk-render-node-config /etc/asterisk
chown root:asterisk /etc/asterisk/manager.conf
chmod 0640 /etc/asterisk/manager.conf

# Named volumes mounted over these directories may come up owned by root; Asterisk writes here.
install -d -o asterisk -g asterisk -m 0755 /var/log/asterisk /var/log/asterisk/cdr-csv \
    /var/log/asterisk/cdr-custom /var/spool/asterisk/monitor
install -d -o asterisk -g asterisk -m 0750 /var/lib/asterisk/db /var/run/asterisk

if [[ $# -gt 0 ]]; then
    exec "$@"
fi

asterisk -f -U asterisk -G asterisk -vvv &
pid=$!

# shellcheck disable=SC2317  # called by the trap below
stop_gracefully() {
    asterisk -rx "core stop gracefully" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
}
trap stop_gracefully TERM INT

status=0
while :; do
    if wait "$pid"; then status=0; else status=$?; fi
    kill -0 "$pid" 2>/dev/null || break
done
exit "$status"
