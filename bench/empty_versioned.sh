#!/usr/bin/env bash
# Benchmark: empty and delete a versioned bucket that contains 10,000 object
# versions and 1,250 delete markers, with three tools:
#   s3play     s3play run playbooks/empty-and-delete-bucket.yaml
#   plainloop  bench/plainloop, an aws-sdk-go-v2 loop with 8 DeleteObjects workers
#   boto3      $peer_dir/peer_boto3_purge.py, bucket.object_versions.delete() in a loop
#
# Each run gets a freshly seeded bucket. Seeding and the count check happen
# before the timed command, so only the purge itself is measured. Wall time
# and peak RSS come from /usr/bin/time -v. The tools take turns, and a run
# that other processes on the machine disturbed is repeated (see
# FOREIGN_MAX_CPU_S below).
#
# Usage:
#   S3PLAY_VGW_STATE=/tmp/vgwbench bash .ci/versitygw.sh start > /tmp/vgwbench.env
#   source /tmp/vgwbench.env
#   S3PLAY_VGW_STATE=/tmp/vgwbench bash bench/empty_versioned.sh [RUNS]
#   S3PLAY_VGW_STATE=/tmp/vgwbench bash .ci/versitygw.sh stop
# RUNS is the number of kept runs per tool, default 7.
#
# Needs: go, /usr/bin/python3 with boto3 (Debian: python3-boto3), the aws
# CLI, and GNU time at /usr/bin/time (Debian: time).
# Writes one CSV row per run to $OUT_DIR/runs.csv (default
# /tmp/s3play-bench-empty-versioned) and prints a summary table.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-7}"
out_dir="${OUT_DIR:-/tmp/s3play-bench-empty-versioned}"

# 2,500 keys x 4 versions = 10,000 versions, and a delete marker on every
# second key = 1,250 delete markers.
seed_keys=2500
seed_versions_per_key=4
# The seed script and the boto3 contender come with the benchmark brief,
# next to the checkout; S3PLAY_PEER_BENCH points elsewhere.
peer_dir="${S3PLAY_PEER_BENCH:-../shared/bench}"
seed_marker_every=2
expected_versions=10000
expected_markers=1250

for v in S3PLAY_TEST_ENDPOINT S3PLAY_TEST_ACCESS_KEY S3PLAY_TEST_SECRET_KEY; do
  if [[ -z "${!v:-}" ]]; then
    echo "missing $v: start versitygw with .ci/versitygw.sh start and source its output" >&2
    exit 2
  fi
done
case "$S3PLAY_TEST_ENDPOINT" in
  http://127.0.0.1:*) ;;
  *) echo "S3PLAY_TEST_ENDPOINT must be a loopback URL (http://127.0.0.1:PORT), got $S3PLAY_TEST_ENDPOINT" >&2
     exit 2 ;;
esac

export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID="$S3PLAY_TEST_ACCESS_KEY"
export AWS_SECRET_ACCESS_KEY="$S3PLAY_TEST_SECRET_KEY"
export AWS_DEFAULT_REGION=us-east-1
endpoint="$S3PLAY_TEST_ENDPOINT"

mkdir -p "$out_dir"
go build -o "$out_dir/s3play" ./cmd/s3play
go build -o "$out_dir/plainloop" ./bench/plainloop

# count_versions BUCKET prints "VERSIONS MARKERS" as distinct (key, version
# id) pairs. versitygw 1.8.0 repeats the entry named by the next markers at
# the start of the following ListObjectVersions page, so raw counts from a
# paginated listing are too high by one per page boundary.
count_versions() {
  aws --endpoint-url "$endpoint" s3api list-object-versions --bucket "$1" --output json |
    /usr/bin/python3 -c '
import json, sys
text = sys.stdin.read().strip()
d = json.loads(text) if text else {}
v = {(x["Key"], x["VersionId"]) for x in d.get("Versions") or []}
m = {(x["Key"], x["VersionId"]) for x in d.get("DeleteMarkers") or []}
print(len(v), len(m))'
}

seed() {
  /usr/bin/python3 "$peer_dir/seed_versions.py" "$endpoint" "$1" \
    "$seed_keys" "$seed_versions_per_key" "$seed_marker_every" >/dev/null
  local counts
  counts="$(count_versions "$1")"
  if [[ "$counts" != "$expected_versions $expected_markers" ]]; then
    echo "seeding $1 failed: expected $expected_versions versions and $expected_markers delete markers, listed $counts" >&2
    exit 1
  fi
}

bucket_exists() {
  aws --endpoint-url "$endpoint" s3api head-bucket --bucket "$1" >/dev/null 2>&1
}

command_for() {
  local tool=$1 bucket=$2
  case "$tool" in
    s3play) echo "$out_dir/s3play run playbooks/empty-and-delete-bucket.yaml --input bucket=$bucket --yes --endpoint-url $endpoint --output json" ;;
    plainloop) echo "$out_dir/plainloop $endpoint $bucket" ;;
    boto3) echo "/usr/bin/python3 $peer_dir/peer_boto3_purge.py $endpoint $bucket" ;;
  esac
}

# elapsed_seconds converts GNU time's "h:mm:ss" or "m:ss.ss" to seconds.
elapsed_seconds() {
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

# This machine may run other work. Before each timed run, wait until the
# CPU time spent outside this benchmark's versitygw stays below
# QUIET_MAX_BUSY CPUs over a 2 s sample, for at most QUIET_TIMEOUT seconds.
# Each row also records the CPU seconds that other processes used during the
# run (foreign_cpu_s), which identifies disturbed runs.
quiet_max_busy="${QUIET_MAX_BUSY:-0.15}"
quiet_timeout="${QUIET_TIMEOUT:-20}"
clock_ticks="$(getconf CLK_TCK)"
vgw_pid="$(cat "${S3PLAY_VGW_STATE:-${TMPDIR:-/tmp}/s3play-versitygw}/pid" 2>/dev/null || true)"
if [[ -z "$vgw_pid" || ! -r "/proc/$vgw_pid/stat" ]]; then
  echo "cannot find the versitygw process: set S3PLAY_VGW_STATE to the directory given to .ci/versitygw.sh start" >&2
  exit 2
fi

# machine_busy_ticks prints the CPU time of all processes (user, nice,
# system, irq, softirq) in clock ticks, from /proc/stat.
machine_busy_ticks() {
  awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}

# server_ticks prints the user and system CPU time of versitygw in clock ticks.
server_ticks() {
  awk '{ print $14 + $15 }' "/proc/$vgw_pid/stat"
}

# uptime_seconds prints the seconds since boot from /proc/uptime.
uptime_seconds() {
  cut -d' ' -f1 /proc/uptime
}

# wait_for_quiet blocks until other processes use less than quiet_max_busy
# CPUs, or quiet_timeout seconds have passed, and prints the last sample in
# CPUs. The sample is divided by the measured interval, not the nominal 2 s,
# because a loaded virtual machine can sleep much longer than asked.
wait_for_quiet() {
  local start=$SECONDS busy0 server0 up0 load
  while true; do
    busy0="$(machine_busy_ticks)" server0="$(server_ticks)" up0="$(uptime_seconds)"
    sleep 2
    load="$(awk -v b="$(($(machine_busy_ticks) - busy0 - $(server_ticks) + server0))" \
      -v hz="$clock_ticks" -v t0="$up0" -v t1="$(uptime_seconds)" \
      'BEGIN { printf "%.2f", b / hz / (t1 - t0) }')"
    if awk -v l="$load" -v m="$quiet_max_busy" 'BEGIN { exit !(l < m) }'; then
      break
    fi
    if ((SECONDS - start >= quiet_timeout)); then
      echo "other processes still use $load CPUs after ${quiet_timeout}s of waiting, timing the run anyway" >&2
      break
    fi
  done
  echo "$load"
}

# time_run TOOL RUN ATTEMPT seeds a bucket, times TOOL on it, checks the
# result, appends a CSV row and sets the globals foreign_cpu and last_wall.
time_run() {
  local tool=$1 run=$2 attempt=$3
  local bucket="bench-$tool-$run-$attempt-$(date +%s)"
  local log="$out_dir/$tool-$run-$attempt"
  seed "$bucket"
  # Flush the seeded files to disk so their writeback does not overlap the run.
  sync
  local before busy0 server0 busy1 server1 code
  before="$(wait_for_quiet)"
  busy0="$(machine_busy_ticks)" server0="$(server_ticks)"
  set +e
  # command_for prints a command line of plain words, split on purpose.
  # shellcheck disable=SC2046
  /usr/bin/time -v -o "$log.time" $(command_for "$tool" "$bucket") >"$log.out" 2>"$log.err"
  code=$?
  set -e
  busy1="$(machine_busy_ticks)" server1="$(server_ticks)"

  local wall rss user sys server_cpu kept=yes
  wall="$(elapsed_seconds "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log.time")")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log.time")"
  user="$(sed -n 's/.*User time (seconds): //p' "$log.time")"
  sys="$(sed -n 's/.*System time (seconds): //p' "$log.time")"
  server_cpu="$(awk -v t="$((server1 - server0))" -v hz="$clock_ticks" 'BEGIN { printf "%.2f", t / hz }')"
  # Other processes' CPU time: all busy time minus versitygw's and the timed
  # command's. Tick rounding makes values near 0 noisy by a few hundredths.
  foreign_cpu="$(awk -v t="$((busy1 - busy0 - server1 + server0))" -v hz="$clock_ticks" \
    -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", t / hz - u - s }')"
  if is_disturbed "$foreign_cpu" "$wall" && ((attempt < max_attempts)); then
    kept=no
  fi
  last_wall=$wall
  echo "$tool,$run,$attempt,$kept,$bucket,$code,$wall,$rss,$user,$sys,$server_cpu,$foreign_cpu,$before" >>"$csv"
  echo "$tool run $run attempt $attempt: exit $code, ${wall} s, ${rss} KiB," \
    "other processes ${foreign_cpu} CPU s, kept: $kept" >&2

  if [[ $code -ne 0 ]]; then
    echo "$tool failed on $bucket, its stderr is in $log.err" >&2
    exit 1
  fi
  if bucket_exists "$bucket"; then
    echo "$tool exited 0 but bucket $bucket still exists" >&2
    exit 1
  fi
}

# is_disturbed FOREIGN_CPU WALL reports whether other processes used more
# than FOREIGN_MAX_CPUS CPUs on average during a run.
is_disturbed() {
  awk -v f="$1" -v w="$2" -v m="$foreign_max_cpus" 'BEGIN { exit !(w > 0 && f / w > m) }'
}

# A run during which other processes used more than FOREIGN_MAX_CPUS CPUs on
# average is marked kept=no and repeated on a fresh bucket, up to
# MAX_ATTEMPTS times. The last attempt is kept whatever its disturbance.
# NOTE: the quietest runs measured 0.12 to 0.25 CPUs here, most likely
# kernel threads doing versitygw's file I/O, which this cannot tell apart
# from other work.
foreign_max_cpus="${FOREIGN_MAX_CPUS:-0.3}"
max_attempts="${MAX_ATTEMPTS:-3}"

csv="$out_dir/runs.csv"
echo "tool,run,attempt,kept,bucket,exit_code,wall_s,max_rss_kib,user_s,sys_s,server_cpu_s,foreign_cpu_s,foreign_busy_before_cpus" >"$csv"
tools=(s3play plainloop boto3)
for ((run = 1; run <= runs; run++)); do
  # Rotate the order each round so no tool always runs first.
  for ((j = 0; j < ${#tools[@]}; j++)); do
    tool="${tools[$(((run - 1 + j) % ${#tools[@]}))]}"
    for ((attempt = 1; attempt <= max_attempts; attempt++)); do
      time_run "$tool" "$run" "$attempt"
      if ! is_disturbed "$foreign_cpu" "$last_wall"; then
        break
      fi
    done
  done
done

/usr/bin/python3 - "$csv" <<'EOF'
import csv, statistics, sys

all_rows = list(csv.DictReader(open(sys.argv[1])))
rows = [x for x in all_rows if x["kept"] == "yes"]
medians = {}
print("| tool | runs | median wall (s) | min (s) | max (s) | peak RSS median (MiB) "
      "| peak RSS max (MiB) | median user+sys CPU (s) | max other-process load (CPUs) |")
print("|---|---|---|---|---|---|---|---|---|")
for tool in ("s3play", "plainloop", "boto3"):
    r = [x for x in rows if x["tool"] == tool]
    wall = [float(x["wall_s"]) for x in r]
    rss = [int(x["max_rss_kib"]) / 1024 for x in r]
    cpu = [float(x["user_s"]) + float(x["sys_s"]) for x in r]
    foreign = [float(x["foreign_cpu_s"]) / float(x["wall_s"]) for x in r]
    medians[tool] = statistics.median(wall)
    print(f"| {tool} | {len(r)} | {medians[tool]:.2f} | {min(wall):.2f} | {max(wall):.2f} "
          f"| {statistics.median(rss):.1f} | {max(rss):.1f} | {statistics.median(cpu):.2f} "
          f"| {max(foreign):.2f} |")
print(f"\ns3play / plainloop, ratio of median wall times: {medians['s3play'] / medians['plainloop']:.2f}")
# Runs of the same round are minutes apart at most, so they share most of
# the background load, and the per-round ratio cancels part of it.
wall = {(x["tool"], x["run"]): float(x["wall_s"]) for x in rows}
ratios = [wall["s3play", r] / wall["plainloop", r] for (t, r) in wall if t == "s3play"]
print(f"s3play / plainloop, median of per-round ratios: {statistics.median(ratios):.2f} "
      f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
print(f"{len(all_rows) - len(rows)} disturbed runs repeated and left out (kept=no in the CSV)")
EOF
echo "raw results: $csv" >&2
