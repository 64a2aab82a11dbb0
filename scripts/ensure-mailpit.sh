#!/usr/bin/env bash
# Builds Mailpit (a real SMTP server with an HTTP API) for the email channel tests, once, into a
# cache dir. Built from source through the Go module proxy (no binary downloads).
#
# Idempotent: does nothing when the binary already exists and answers `version`.
# Prints the binary path on stdout (logs go to stderr).
#
# Environment:
#   MAILPIT_VERSION    module version to build (default v1.33.1)
#   MAILPIT_CACHE_DIR  where to put it (default ${XDG_CACHE_HOME:-~/.cache}/message-center)
set -euo pipefail

version="${MAILPIT_VERSION:-v1.33.1}"
cache_dir="${MAILPIT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/message-center}"
bin="$cache_dir/mailpit"
module="github.com/axllent/mailpit"

log() { echo "ensure-mailpit: $*" >&2; }

if [[ -x "$bin" ]] && "$bin" version --no-release-check >/dev/null 2>&1; then
  log "using $bin"
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "Go is required to build Mailpit ($module@$version); install Go and retry."
  exit 1
fi

started=$(date +%s)
mkdir -p "$cache_dir"
log "building $module@$version through the Go module proxy (takes a few minutes the first time)"
GOBIN="$cache_dir" go install "$module@$version"
"$bin" version --no-release-check >&2
log "built $bin in $(($(date +%s) - started)) s"
echo "$bin"
