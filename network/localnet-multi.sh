#!/usr/bin/env bash
# A PowerShare network of N validators, each a separate powershared process on
# loopback. See network/README.md.
#
#   network/localnet-multi.sh start [N]   create (if needed) and start N validators (default 4)
#   network/localnet-multi.sh stop        stop every validator
#   network/localnet-multi.sh status      height, peers and catching-up of each validator
#   network/localnet-multi.sh reset       stop and delete the network
#
# Environment: NETWORK_HOME (default .network in the repository), BASE_PORT (default 26600),
# CHAIN_ID (default powershare-net), POWERSHARED (default build/powershared).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NET_HOME="${NETWORK_HOME:-$REPO_ROOT/.network}"
BIN="${POWERSHARED:-$REPO_ROOT/build/powershared}"
BASE_PORT="${BASE_PORT:-26600}"
CHAIN_ID="${CHAIN_ID:-powershare-net}"

log() { printf '>> %s\n' "$*" >&2; }

node_dirs() { [[ -d "$NET_HOME" ]] && find "$NET_HOME" -maxdepth 1 -type d -name 'node*' | sort -V || true; }

node_pid() { cat "$1/powershared.pid" 2>/dev/null || true; }

is_running() { local pid; pid="$(node_pid "$1")"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

rpc_of() { sed -n '/^\[rpc\]/,/^\[/s/^laddr = "tcp:\/\/\(.*\)"$/\1/p' "$1/config/config.toml"; }

start() {
  local n="${1:-4}"
  [[ -x "$BIN" ]] || { log "$BIN not found; run 'make build' first"; exit 1; }
  local existing; existing="$(node_dirs | wc -l)"
  if [[ "$existing" -ne 0 && "$existing" -ne "$n" ]]; then
    log "$NET_HOME holds a network of $existing validators; run '$0 reset' to make one of $n"
    exit 1
  fi
  if [[ "$existing" -eq 0 ]]; then
    log "creating a network of $n validators in $NET_HOME (chain-id $CHAIN_ID, ports from $BASE_PORT)"
    "$BIN" testnet init-files --validator-count "$n" --output-dir "$NET_HOME" \
      --base-port "$BASE_PORT" --chain-id "$CHAIN_ID" >/dev/null
  fi
  for dir in $(node_dirs); do
    if is_running "$dir"; then
      log "$(basename "$dir") already running (pid $(node_pid "$dir"))"
      continue
    fi
    nohup "$BIN" start --home "$dir" >"$dir/powershared.log" 2>&1 &
    echo $! >"$dir/powershared.pid"
    log "started $(basename "$dir") (pid $!), RPC http://$(rpc_of "$dir")"
  done
  wait_for_blocks
}

wait_for_blocks() {
  local first; first="$(node_dirs | head -1)"
  for _ in $(seq 1 120); do
    local h; h="$(height_of "$first")"
    if [[ -n "$h" && "$h" -ge 2 ]]; then log "network is producing blocks (height $h)"; return 0; fi
    sleep 0.5
  done
  log "no blocks after 60 s; see $first/powershared.log"
  return 1
}

height_of() {
  "$BIN" status --node "tcp://$(rpc_of "$1")" 2>/dev/null |
    sed -n 's/.*"latest_block_height":"\([0-9]*\)".*/\1/p' || true
}

status() {
  printf '%-7s %-8s %-22s %-8s %-6s %s\n' node pid rpc height peers catching_up
  for dir in $(node_dirs); do
    local rpc pid h peers catching
    rpc="$(rpc_of "$dir")"; pid="$(node_pid "$dir")"
    if is_running "$dir"; then
      h="$(height_of "$dir")"
      peers="$(curl -s "http://$rpc/net_info" 2>/dev/null | sed -n 's/.*"n_peers":"\([0-9]*\)".*/\1/p' || true)"
      catching="$("$BIN" status --node "tcp://$rpc" 2>/dev/null | sed -n 's/.*"catching_up":\(true\|false\).*/\1/p' || true)"
    else
      pid="-"; h="stopped"; peers="-"; catching="-"
    fi
    printf '%-7s %-8s %-22s %-8s %-6s %s\n' "$(basename "$dir")" "$pid" "$rpc" "${h:-?}" "${peers:-?}" "${catching:-?}"
  done
}

stop() {
  for dir in $(node_dirs); do
    if is_running "$dir"; then
      local pid; pid="$(node_pid "$dir")"
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "stopped $(basename "$dir")"
    fi
    rm -f "$dir/powershared.pid"
  done
}

case "${1:-}" in
  start) start "${2:-4}" ;;
  stop) stop ;;
  status) status ;;
  reset) stop; rm -rf "$NET_HOME"; log "removed $NET_HOME" ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
