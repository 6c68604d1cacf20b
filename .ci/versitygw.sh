#!/usr/bin/env bash
# Start or stop a versitygw server on loopback for the tests.
#   bash .ci/versitygw.sh start   installs versitygw if needed, starts it and
#                                 prints export lines for the test variables
#   bash .ci/versitygw.sh stop    stops the server started from this checkout
set -euo pipefail

VERSITYGW_VERSION=v1.8.0
state_dir="${S3PLAY_VGW_STATE:-${TMPDIR:-/tmp}/s3play-versitygw}"
gobin="$(go env GOPATH)/bin"

install_versitygw() {
  if [[ -x "$gobin/versitygw" ]] && go version -m "$gobin/versitygw" | grep -q "mod.*github.com/versity/versitygw.*$VERSITYGW_VERSION"; then
    return
  fi
  echo "installing versitygw $VERSITYGW_VERSION" >&2
  go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  install_versitygw
  stop >/dev/null 2>&1 || true
  rm -rf "$state_dir"
  mkdir -p "$state_dir/data" "$state_dir/versions"
  local port access secret
  port="$(free_port)"
  access="s3play-test-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
  secret="$(od -An -N16 -tx4 /dev/urandom | tr -d ' \n')"
  ROOT_ACCESS_KEY="$access" ROOT_SECRET_KEY="$secret" \
    nohup "$gobin/versitygw" --port "127.0.0.1:$port" --quiet \
    posix --versioning-dir "$state_dir/versions" "$state_dir/data" \
    >"$state_dir/server.log" 2>&1 &
  echo $! >"$state_dir/pid"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "export S3PLAY_TEST_ENDPOINT=http://127.0.0.1:$port"
      echo "export S3PLAY_TEST_ACCESS_KEY=$access"
      echo "export S3PLAY_TEST_SECRET_KEY=$secret"
      return
    fi
    sleep 0.1
  done
  echo "versitygw did not start; its log:" >&2
  cat "$state_dir/server.log" >&2
  exit 1
}

stop() {
  if [[ -f "$state_dir/pid" ]]; then
    kill "$(cat "$state_dir/pid")" 2>/dev/null || true
    rm -f "$state_dir/pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
