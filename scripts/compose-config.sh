#!/usr/bin/env bash
# Validate docker/compose.yaml without a Docker engine (`make compose-config`).
#
# Uses `docker compose config` (the Compose v2 plugin) where it is installed, else Debian's
# `docker-compose config` (package docker-compose; install it with --no-install-recommends to leave the
# engine out). Both parse, interpolate and validate the file offline.
# The variables come from a throwaway env file built from docker/.env.example, with every empty value
# (the secrets) replaced by a placeholder, so the check never reads docker/.env or the caller's environment.
#
# Usage: scripts/compose-config.sh           validate, print nothing but errors
#        scripts/compose-config.sh --print   print the resolved configuration (placeholders, no secrets)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
compose_file="$root/docker/compose.yaml"
example="$root/docker/.env.example"
placeholder="compose-config-placeholder"

case "${1:-}" in
    "") output=(--quiet) ;;
    --print) output=() ;;
    *)
        echo "usage: $0 [--print]" >&2
        exit 2
        ;;
esac

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
else
    cat >&2 <<'MSG'
error: cannot validate docker/compose.yaml: neither `docker compose` (the Compose v2 plugin) nor
`docker-compose` is installed. On Debian: apt-get install --no-install-recommends docker-compose
MSG
    exit 3
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
env_file="$work/compose.env"
sed -E "s/^([A-Za-z_][A-Za-z0-9_]*)=$/\1=${placeholder}/" "$example" >"$env_file"

# A variable set in the caller's environment would win over the env file: clear every one the example names.
unset_args=()
while IFS= read -r name; do
    unset_args+=(-u "$name")
done < <(sed -nE 's/^([A-Za-z_][A-Za-z0-9_]*)=.*/\1/p' "$example")

env "${unset_args[@]}" "${compose[@]}" --env-file "$env_file" --project-directory "$root/docker" \
    -f "$compose_file" config "${output[@]}"
