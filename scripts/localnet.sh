#!/usr/bin/env bash
# Single-node PowerShare localnet with demo accounts.
#
#   scripts/localnet.sh            create the chain on first run, then start it (foreground)
#   scripts/localnet.sh --reset    delete the chain and start over
#   scripts/localnet.sh --stop     stop a node started with LOCALNET_DETACH=1
#
# Environment:
#   LOCALNET_HOME     node home (default: .localnet in the repository)
#   LOCALNET_DETACH   1 = run the node in the background and return once the first block is committed
#   POWERSHARED       the binary to use (default: build/powershared)
#   CHAIN_ID          chain id of a new chain (default: powershare-local)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${LOCALNET_HOME:-$REPO_ROOT/.localnet}"
BIN="${POWERSHARED:-$REPO_ROOT/build/powershared}"
CHAIN_ID="${CHAIN_ID:-powershare-local}"
DETACH="${LOCALNET_DETACH:-0}"
PID_FILE="$HOME_DIR/powershared.pid"
LOG_FILE="$HOME_DIR/powershared.log"
KR=(--keyring-backend test --home "$HOME_DIR")

# Demo accounts and their genesis PowerCoin, in upwc (1 PWC = 1,000,000 upwc).
DEMO_ACCOUNTS=(admin operator alice bob gridop relay)
declare -A GENESIS_UPWC=(
  [admin]=10000000000000   # 10,000,000 PWC
  [operator]=1000000000000 #  1,000,000 PWC
  [alice]=100000000000     #    100,000 PWC
  [bob]=100000000000
  [gridop]=100000000000
  [relay]=100000000000
)
VALIDATOR_STAKE_UPWC=100000000000 # 100,000 PWC bonded by the operator
TREASURY_UPWC=100000000000000      # 100,000,000 PWC in the treasury
DEMO_METER="alice-solar-1"         # alice's 5 kW solar meter
# The demo community alice (PROSUMER) and bob (CONSUMER) belong to.
DEMO_COMMUNITY="Demo Community"
DEMO_ZONE="zone-a"
DEMO_GEOHASH="u33db"
# The relay's Beckn Provider Platform, SUBSCRIBED from genesis (x/beckn).
DEMO_BPP="bpp.powershare.local"
declare -A DEMO_ROLE=(
  [admin]="ADMIN" [operator]="OPERATOR" [alice]="PROSUMER in community 1" [bob]="CONSUMER in community 1"
  [gridop]="GRID_OPERATOR" [relay]="RELAY"
)

log() { printf '>> %s\n' "$*" >&2; }

is_running() { [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

stop_node() {
  if is_running; then
    local pid; pid="$(cat "$PID_FILE")"
    log "stopping powershared (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  else
    log "no localnet node is running"
  fi
  rm -f "$PID_FILE"
}

create_chain() {
  log "creating a new chain '$CHAIN_ID' in $HOME_DIR"
  "$BIN" init localnet --chain-id "$CHAIN_ID" --home "$HOME_DIR" >/dev/null 2>&1
  "$BIN" config set chain-id "$CHAIN_ID" --home "$HOME_DIR"
  "$BIN" config set keyring-backend test --home "$HOME_DIR"

  for name in "${DEMO_ACCOUNTS[@]}"; do
    # ML-DSA-65 is the default key algorithm.
    "$BIN" keys add "$name" "${KR[@]}" --output json >"$HOME_DIR/$name.key.json" 2>&1
    "$BIN" genesis add-genesis-account "$name" "${GENESIS_UPWC[$name]}upwc" "${KR[@]}"
  done

  # Roles (x/rbac): every account needs one to send anything.
  local community
  community="$("$BIN" genesis add-genesis-community "$DEMO_COMMUNITY" "$DEMO_ZONE" "$DEMO_GEOHASH" --home "$HOME_DIR")"
  "$BIN" genesis add-genesis-role admin ADMIN "${KR[@]}"
  "$BIN" genesis add-genesis-role operator OPERATOR "${KR[@]}"
  "$BIN" genesis add-genesis-role gridop GRID_OPERATOR "${KR[@]}"
  "$BIN" genesis add-genesis-role relay RELAY "${KR[@]}"
  "$BIN" genesis add-genesis-role alice PROSUMER --community "$community" "${KR[@]}"
  "$BIN" genesis add-genesis-role bob CONSUMER --community "$community" "${KR[@]}"
  # x/assets: the PowerCoin treasury and alice's solar meter in the demo zone.
  "$BIN" genesis add-genesis-treasury "${TREASURY_UPWC}upwc" --home "$HOME_DIR"
  "$BIN" genesis add-genesis-meter "$DEMO_METER" alice SOLAR 5000 --community "$community" "${KR[@]}"
  # x/market: orders and trades name a registered zone.
  "$BIN" genesis add-genesis-zone "$DEMO_ZONE" "$community" "$DEMO_COMMUNITY" --home "$HOME_DIR"

  # x/beckn: the relay's BPP in the network registry, with a fresh key set.
  "$BIN" beckn keygen key-1 --out "$HOME_DIR/relay.beckn-key.json" >/dev/null
  "$BIN" genesis add-genesis-participant "$DEMO_BPP" http://127.0.0.1:8080/beckn BPP deg:p2p-trading relay \
    --key-file "$HOME_DIR/relay.beckn-key.json" --country IND --city std:080 "${KR[@]}"

  "$BIN" genesis gentx operator "${VALIDATOR_STAKE_UPWC}upwc" --chain-id "$CHAIN_ID" \
    --moniker localnet "${KR[@]}" >/dev/null 2>&1
  "$BIN" genesis collect-gentxs --home "$HOME_DIR" >/dev/null 2>&1
  "$BIN" genesis validate --home "$HOME_DIR" >/dev/null
}

print_summary() {
  local alice bob
  alice="$("$BIN" keys show alice -a "${KR[@]}")"
  bob="$("$BIN" keys show bob -a "${KR[@]}")"
  cat <<INFO

PowerShare localnet '$CHAIN_ID'
  home      $HOME_DIR
  RPC       http://localhost:26657
  REST      http://localhost:1317
  gRPC      localhost:9090
  log       $LOG_FILE (when detached)

Demo accounts (ML-DSA-65 keys, test keyring in the home above) and their roles:
INFO
  for name in "${DEMO_ACCOUNTS[@]}"; do
    printf '  %-9s %s  %s\n' "$name" "$("$BIN" keys show "$name" -a "${KR[@]}")" "${DEMO_ROLE[$name]}"
  done
  cat <<INFO

Try a transaction (alice sends 1 PWC to bob):
  $BIN tx bank send alice $bob 1000000upwc --home $HOME_DIR --gas auto --gas-adjustment 1.5 --gas-prices 0.001upwc -y
  $BIN q bank balances $bob --home $HOME_DIR
  $BIN q rbac roles $alice --home $HOME_DIR
  $BIN q rbac communities --home $HOME_DIR
  $BIN q assets meters-by-owner $alice --home $HOME_DIR
  $BIN q beckn lookup --type bpp --status subscribed --home $HOME_DIR
  (Beckn key set of the relay's $DEMO_BPP: $HOME_DIR/relay.beckn-key.json; see x/beckn/README.md
   to anchor orders with 'tx beckn anchor-orders'.)

Start a Beckn relay against this chain (relay/README.md, "Running a relay"):
  build/powershare-relay init --home .relay/bap --subscriber-id bap.powershare.local --type BAP --url http://127.0.0.1:8082/beckn
  build/powershare-relay subscribe --home .relay/bap --from relay --keyring-backend test --keyring-dir $HOME_DIR
  $BIN tx beckn approve bap.powershare.local --from admin --home $HOME_DIR --gas auto --gas-adjustment 1.5 --gas-prices 0.001upwc -y
  build/powershare-relay start --home .relay/bap

INFO
}

wait_for_first_block() {
  for _ in $(seq 1 120); do
    if ! is_running; then
      log "powershared exited; see $LOG_FILE"
      tail -n 30 "$LOG_FILE" >&2
      return 1
    fi
    local height
    height="$("$BIN" status --home "$HOME_DIR" 2>/dev/null | sed -n 's/.*"latest_block_height":"\([0-9]*\)".*/\1/p' || true)"
    if [[ -n "$height" && "$height" -ge 1 ]]; then
      log "first block committed (height $height)"
      return 0
    fi
    sleep 0.5
  done
  log "no block after 60 s; see $LOG_FILE"
  return 1
}

main() {
  local reset=0
  for arg in "$@"; do
    case "$arg" in
      --reset) reset=1 ;;
      --stop) stop_node; exit 0 ;;
      -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
      *) log "unknown argument: $arg"; exit 2 ;;
    esac
  done
  [[ "${RESET:-0}" == 1 ]] && reset=1

  [[ -x "$BIN" ]] || { log "$BIN not found; run 'make build' first"; exit 1; }
  if is_running; then
    log "a localnet node is already running (pid $(cat "$PID_FILE")); restarting it"
    stop_node
  fi
  if [[ "$reset" == 1 ]]; then
    log "removing $HOME_DIR"
    rm -rf "$HOME_DIR"
  fi
  if [[ ! -f "$HOME_DIR/config/genesis.json" ]]; then
    create_chain
  else
    log "restarting the existing chain in $HOME_DIR (use --reset to start over)"
  fi

  print_summary
  if [[ "$DETACH" == 1 ]]; then
    nohup "$BIN" start --home "$HOME_DIR" >"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    wait_for_first_block
    log "node running in the background; stop it with 'make localnet-stop'"
  else
    echo $$ >"$PID_FILE"
    exec "$BIN" start --home "$HOME_DIR"
  fi
}

main "$@"
