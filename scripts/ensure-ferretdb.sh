#!/usr/bin/env bash
# Builds the FerretDB 1.x server the MongoDB store tests run against, once, into a cache dir.
#
# FerretDB is built from source through the Go module proxy (no binary downloads). A plain
# `go install github.com/FerretDB/FerretDB/cmd/ferretdb@vX` yields a binary that panics at start
# ("Invalid build/version/version.txt file content"), because the release version is a generated
# file that is not part of the module. So we copy the module source, write that file, and build.
#
# Idempotent: does nothing when the binary already exists and answers `--version`.
# Prints the binary path on stdout (logs go to stderr).
#
# Environment:
#   FERRETDB_VERSION    module version to build (default v1.24.2)
#   FERRETDB_CACHE_DIR  where to put it (default ${XDG_CACHE_HOME:-~/.cache}/message-center/ferretdb-<version>)
set -euo pipefail

version="${FERRETDB_VERSION:-v1.24.2}"
cache_dir="${FERRETDB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/message-center/ferretdb-$version}"
bin="$cache_dir/ferretdb"
module="github.com/FerretDB/FerretDB"

log() { echo "ensure-ferretdb: $*" >&2; }

if [[ -x "$bin" ]] && "$bin" --version >/dev/null 2>&1; then
  log "using $bin"
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "Go is required to build FerretDB ($module@$version); install Go >= 1.21 and retry."
  exit 1
fi
# FerretDB 1.24 needs Go >= 1.24. An older Go (>= 1.21) fetches that toolchain itself through
# the module proxy when asked to; older ones cannot.
go_version=$(go env GOVERSION | sed 's/^go//')
older() { [[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" == "$1" && "$1" != "$2" ]]; }
if older "$go_version" "1.24"; then
  if older "$go_version" "1.21"; then
    log "Go $go_version is too old to build FerretDB $version; install Go >= 1.21 (1.24+ preferred)."
    exit 1
  fi
  export GOTOOLCHAIN=go1.24.3
  log "Go $go_version is older than 1.24; using toolchain $GOTOOLCHAIN from the module proxy"
fi

started=$(date +%s)
log "downloading $module@$version source through the Go module proxy"
src_dir=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [[ -z "$src_dir" || ! -d "$src_dir" ]]; then
  log "could not locate the downloaded module source for $module@$version"
  exit 1
fi

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
# The module cache is read-only; build from a writable copy so we can add the version file.
cp -R "$src_dir" "$work/src"
chmod -R u+w "$work/src"
printf '%s\n' "$version" >"$work/src/build/version/version.txt"
printf 'message-center-ci\n' >"$work/src/build/version/package.txt"

mkdir -p "$cache_dir"
log "building (takes a few minutes the first time)"
(
  cd "$work/src"
  # -mod=mod lets go fill in any go.sum entry it needs; -buildvcs=false because the copy is not
  # a git checkout. Postgres stays compiled in (default); tests use the SQLite backend.
  GOFLAGS=-mod=mod go build -buildvcs=false -trimpath -o "$bin.tmp" ./cmd/ferretdb
)
mv "$bin.tmp" "$bin"
"$bin" --version >&2
log "built $bin in $(($(date +%s) - started)) s"
echo "$bin"
