#!/usr/bin/env bash
# Generate Go code from proto/ without network access to Buf: protoc from the
# system (Debian: apt-get install protobuf-compiler), the gogoproto and
# grpc-gateway plugins at pinned versions, and include paths from the Go
# module cache.
#
#   scripts/protocgen.sh           regenerate into x/<module>/types
#   scripts/protocgen.sh --check   regenerate into a temp dir; fail if the committed code differs
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
MODULE="github.com/powershare/powershare"
GOCOSMOS_VERSION="v1.7.0"
GATEWAY_VERSION="v1.16.0"

command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }

GOBIN="$(go env GOPATH)/bin"
export PATH="$GOBIN:$PATH"
install_plugin() { # name module@version
  if ! command -v "$1" >/dev/null || [[ "$(cat "$GOBIN/.$1.version" 2>/dev/null)" != "$2" ]]; then
    GOFLAGS= go install "$2"
    echo "$2" >"$GOBIN/.$1.version"
  fi
}
install_plugin protoc-gen-gocosmos "github.com/cosmos/gogoproto/protoc-gen-gocosmos@$GOCOSMOS_VERSION"
install_plugin protoc-gen-grpc-gateway "github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway@$GATEWAY_VERSION"

go mod download github.com/cosmos/cosmos-sdk github.com/cosmos/gogoproto github.com/cosmos/cosmos-proto \
  github.com/grpc-ecosystem/grpc-gateway
moddir() { go list -m -f '{{.Dir}}' "$1"; }
INCLUDES=(
  -I proto
  -I "$(moddir github.com/cosmos/cosmos-sdk)/proto"
  -I "$(moddir github.com/cosmos/gogoproto)"
  -I "$(moddir github.com/cosmos/cosmos-proto)/proto"
  -I "$(moddir github.com/grpc-ecosystem/grpc-gateway)/third_party/googleapis"
)

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

mapfile -t DIRS < <(find proto -name '*.proto' -exec dirname {} \; | sort -u)
if [[ ${#DIRS[@]} -eq 0 ]]; then
  echo "no proto files under proto/; nothing to generate"
  exit 0
fi
for dir in "${DIRS[@]}"; do
  files=("$dir"/*.proto)
  protoc "${INCLUDES[@]}" \
    --gocosmos_out="plugins=grpc,Mgoogle/protobuf/any.proto=github.com/cosmos/gogoproto/types/any:$OUT" \
    "${files[@]}"
  if grep -q "option (google.api.http)" "${files[@]}"; then
    protoc "${INCLUDES[@]}" \
      --grpc-gateway_out="logtostderr=true,allow_colon_final_segments=true:$OUT" \
      "${files[@]}"
  fi
done

GENERATED="$OUT/$MODULE"
if [[ "${1:-}" == "--check" ]]; then
  status=0
  while IFS= read -r file; do
    rel="${file#"$GENERATED"/}"
    if ! cmp -s "$file" "$rel"; then
      echo "out of date: $rel" >&2
      status=1
    fi
  done < <(find "$GENERATED" -type f)
  # Generated files in the tree that no proto produces any more.
  while IFS= read -r rel; do
    [[ -f "$GENERATED/$rel" ]] || { echo "stale: $rel" >&2; status=1; }
  done < <(git ls-files 'x/*.pb.go' 'x/*.pb.gw.go')
  [[ $status -eq 0 ]] && echo "generated code is up to date"
  exit $status
fi

cp -r "$GENERATED"/. .
echo "generated Go code for ${#DIRS[@]} proto package(s)"
