#!/usr/bin/env bash
# Lint PowerShare's protos with buf, and check them for breaking changes,
# without network access to the Buf Schema Registry: protoc compiles proto/
# into a FileDescriptorSet (with imports and comments) over the same include
# dirs as scripts/protocgen.sh, and buf checks that image against
# proto/buf.yaml, restricted to PowerShare's own files.
#
#   scripts/protolint.sh lint              buf lint
#   scripts/protolint.sh breaking [REF]    buf breaking against proto/ at git REF (default HEAD~1)
#
# Environment: BUF, the buf binary (default: buf on PATH).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
BUF="${BUF:-buf}"
command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }
command -v "$BUF" >/dev/null || { echo "buf not found: make proto-lint installs it" >&2; exit 1; }

go mod download github.com/cosmos/cosmos-sdk github.com/cosmos/gogoproto github.com/cosmos/cosmos-proto \
  github.com/grpc-ecosystem/grpc-gateway
moddir() { go list -m -f '{{.Dir}}' "$1"; }
DEPS=(
  -I "$(moddir github.com/cosmos/cosmos-sdk)/proto"
  -I "$(moddir github.com/cosmos/gogoproto)"
  -I "$(moddir github.com/cosmos/cosmos-proto)/proto"
  -I "$(moddir github.com/grpc-ecosystem/grpc-gateway)/third_party/googleapis"
)

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# image DIR OUT: compile every .proto under DIR (a proto/ tree) into OUT.
image() {
  local dir="$1" out="$2" files
  mapfile -t files < <(cd "$dir" && find powershare -name '*.proto' | sort)
  [[ ${#files[@]} -gt 0 ]] || { echo "no protos under $dir" >&2; return 1; }
  protoc -I "$dir" "${DEPS[@]}" --include_imports --include_source_info -o "$out" "${files[@]}"
}

case "${1:-lint}" in
  lint)
    image proto "$TMP/image.binpb"
    "$BUF" lint "$TMP/image.binpb" --config proto/buf.yaml --path powershare
    echo "buf lint: no findings"
    ;;
  breaking)
    ref="${2:-HEAD~1}"
    image proto "$TMP/image.binpb"
    mkdir -p "$TMP/against"
    git archive "$ref" proto | tar -x -C "$TMP/against"
    image "$TMP/against/proto" "$TMP/against.binpb"
    "$BUF" breaking "$TMP/image.binpb" --against "$TMP/against.binpb" --config proto/buf.yaml --path powershare
    echo "buf breaking: no breaking change against $ref"
    ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
