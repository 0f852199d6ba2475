#!/bin/bash
# Writes the node's own settings that come from the environment, never from the repository:
#   manager.conf           AMI user and secret (AMI_USERNAME, AMI_SECRET), reachable from AMI_PERMIT only,
#                          listening on AMI_BIND:AMI_PORT (default 0.0.0.0:5038)
#   rtp.conf               the RTP port range published by compose (RTP_PORT_START..RTP_PORT_END)
#   pjsip_nat.conf         the NAT options of a PJSIP transport (SIP_EXTERNAL_ADDRESS, SIP_LOCAL_NETS), without
#                          a section header: the transports the control plane renders #tryinclude it inside
#                          their own section (an #include continues the current section)
# Usage: asterisk-render-node-config [DIR]   (DIR defaults to /etc/asterisk)
# Every value is checked before anything is written: a value that could end a line or start a comment
# in an Asterisk file is refused, so nothing from the environment can add a section or an option.
set -euo pipefail

out_dir=${1:-/etc/asterisk}

fail() {
    echo "asterisk-render-node-config: $*" >&2
    exit 2
}

require() { # name
    [[ -n "${!1:-}" ]] || fail "$1 is required"
}

check() { # name, value, regex, what
    [[ "$2" != *$'\n'* && "$2" != *$'\r'* ]] || fail "$1 must be a single line"
    [[ "$2" =~ $3 ]] || fail "$1 must be $4"
}

cidr_re='^[0-9A-Fa-f:.]+/[0-9.]+$'
check_cidr_list() { # name, value
    local item
    [[ -n "$2" ]] || fail "$1 must list at least one network"
    [[ "$2" != *$'\n'* && "$2" != *$'\r'* ]] || fail "$1 must be a single line"
    IFS=',' read -ra items <<<"$2"
    for item in "${items[@]}"; do
        check "$1" "${item// /}" "$cidr_re" "a comma-separated list of networks like 172.31.250.0/24"
    done
}

require AMI_USERNAME
require AMI_SECRET
require AMI_PERMIT
check AMI_USERNAME "$AMI_USERNAME" '^[A-Za-z0-9_.-]{1,64}$' "1-64 letters, digits, '_', '.' or '-'"
check AMI_SECRET "$AMI_SECRET" '^[A-Za-z0-9._~+=@%!-]{16,128}$' \
    "16-128 characters from letters, digits and ._~+=@%!- (e.g. openssl rand -hex 32)"
[[ "$AMI_SECRET" != "$AMI_USERNAME" ]] || fail "AMI_SECRET must differ from AMI_USERNAME"
check_cidr_list AMI_PERMIT "$AMI_PERMIT"

ami_port=${AMI_PORT:-5038}
ami_bind=${AMI_BIND:-0.0.0.0}
check AMI_PORT "$ami_port" '^[0-9]{2,5}$' "a port number"
((ami_port >= 1 && ami_port <= 65535)) || fail "AMI_PORT must be within 1-65535"
check AMI_BIND "$ami_bind" '^[0-9A-Fa-f:.]{2,45}$' "an IP address"

rtp_start=${RTP_PORT_START:-10000}
rtp_end=${RTP_PORT_END:-10999}
check RTP_PORT_START "$rtp_start" '^[0-9]{4,5}$' "a port number"
check RTP_PORT_END "$rtp_end" '^[0-9]{4,5}$' "a port number"
((rtp_start >= 1024 && rtp_end <= 65535 && rtp_start < rtp_end)) \
    || fail "RTP_PORT_START..RTP_PORT_END must be a range within 1024-65535"
((rtp_start % 2 == 0)) || fail "RTP_PORT_START must be even (RTP on even ports, RTCP on the next odd one)"

external=${SIP_EXTERNAL_ADDRESS:-}
[[ -z "$external" ]] || check SIP_EXTERNAL_ADDRESS "$external" '^[A-Za-z0-9.:-]{1,253}$' "a host name or IP address"
local_nets=${SIP_LOCAL_NETS:-172.31.250.0/24}
check_cidr_list SIP_LOCAL_NETS "$local_nets"

mkdir -p "$out_dir"
header="; Generated at container start by asterisk-render-node-config from the environment; do not edit."

write_atomically() { # file; content on stdin
    local tmp
    tmp=$(mktemp "$out_dir/.$1.XXXXXX")
    cat >"$tmp"
    chmod "${2:-0644}" "$tmp"
    mv -f "$tmp" "$out_dir/$1"
}

{
    echo "$header"
    echo "[general]"
    echo "enabled = yes"
    echo "port = $ami_port"
    echo "; the container's own addresses; AMI is reachable only because compose puts this container on"
    echo "; the internal network, and only from the networks permitted below (the port is never published)"
    echo "bindaddr = $ami_bind"
    echo "displayconnects = yes"
    echo "timestampevents = no"
    echo "webenabled = no"
    echo "authtimeout = 30"
    echo "authlimit = 50"
    echo
    echo "[$AMI_USERNAME]"
    echo "secret = $AMI_SECRET"
    echo "deny = 0.0.0.0/0.0.0.0"
    IFS=',' read -ra permits <<<"$AMI_PERMIT"
    for permit in "${permits[@]}"; do
        echo "permit = ${permit// /}"
    done
    echo "read = all"
    echo "write = all"
    echo "; a slow reader is dropped after this many ms instead of blocking Asterisk"
    echo "writetimeout = 5000"
} | write_atomically manager.conf 0640

{
    echo "$header"
    echo "[general]"
    echo "rtpstart = $rtp_start"
    echo "rtpend = $rtp_end"
    echo "strictrtp = yes"
} | write_atomically rtp.conf

{
    echo "$header"
    echo "; options of the current transport section; phones and trunks outside local_net see the external address"
    IFS=',' read -ra nets <<<"$local_nets"
    for net in "${nets[@]}"; do
        echo "local_net = ${net// /}"
    done
    if [[ -n "$external" ]]; then
        echo "external_media_address = $external"
        echo "external_signaling_address = $external"
    fi
} | write_atomically pjsip_nat.conf
