#!/bin/sh
# Healthy when the daemon answers on its control socket and app_queue, PJSIP and the manager are up.
set -eu

cli() { asterisk -rx "$1" 2>/dev/null; }

cli "core show uptime" | grep -q "System uptime" || { echo "asterisk: no answer on the control socket"; exit 1; }
cli "module show like app_queue.so" | grep -q "Running" || { echo "asterisk: app_queue not running"; exit 1; }
cli "module show like res_pjsip.so" | grep -q "Running" || { echo "asterisk: res_pjsip not running"; exit 1; }
cli "manager show settings" | grep -Eq "Manager \(AMI\):[[:space:]]+Yes" || { echo "asterisk: AMI disabled"; exit 1; }
echo "asterisk: ok"
