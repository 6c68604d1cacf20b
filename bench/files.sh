#!/usr/bin/env bash
# Benchmark: download 2,000 objects of 64 KiB into an empty local folder,
# and move 2,000 objects of 64 KiB from one bucket to another. Three tools
# do each task:
#   s3play  bench/files-download.yaml runs s3.download_files with keys ["*"].
#           bench/files-move.yaml runs s3.list_bucket_objects once per
#           prefix, then one s3.move_files step with every listed key.
#   aws     aws s3 cp --recursive and aws s3 mv --recursive (aws CLI v1).
#   rclone  rclone copy and rclone move, with an S3 remote named "bench"
#           that the RCLONE_CONFIG_BENCH_* variables configure.
#
# The keys are data/a/obj-0000.bin to data/a/obj-0999.bin and
# data/b/obj-1000.bin to data/b/obj-1999.bin. The split into two prefixes
# of 1,000 keys exists for s3play, whose s3.list_bucket_objects returns at
# most 1,000 keys a call. The aws CLI and rclone list the whole bucket.
#
# Seeding, count checks and cleanup happen outside the timed command. Wall
# time and peak RSS come from /usr/bin/time -v. The tools take turns, and a
# run that other processes on the machine disturbed is repeated (see
# FOREIGN_MAX_CPUS below).
#
# Usage:
#   S3PLAY_VGW_STATE=/tmp/vgw-files-bench bash .ci/versitygw.sh start > /tmp/vgw-files-bench.env
#   source /tmp/vgw-files-bench.env
#   S3PLAY_VGW_STATE=/tmp/vgw-files-bench bash bench/files.sh [RUNS]
#   S3PLAY_VGW_STATE=/tmp/vgw-files-bench bash .ci/versitygw.sh stop
# RUNS is the number of kept runs per tool and test, default 7.
#
# Environment:
#   OUT_DIR          output folder, default /tmp/s3play-bench-files
#   TESTS            "download move" (default), "download" or "move"
#   TOOLS            tools to time, default "s3play aws rclone"
#   S3PLAY_VARIANTS  extra s3play binaries as NAME=PATH pairs separated by
#                    spaces. Each is timed as the tool s3play-NAME, which
#                    compares a changed build with the current one.
#   AWS_CLI          aws CLI executable. By default the one on PATH, with a
#                    pyenv shim resolved to its target, so that the timed
#                    run does not include the shim's bash and pyenv processes.
#   RCLONE           rclone executable, default /usr/bin/rclone
#
# Needs: go, /usr/bin/python3, the aws CLI, rclone, and GNU time at
# /usr/bin/time (Debian: time). Writes one CSV row per run to
# $OUT_DIR/runs.csv and prints summary tables.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-7}"
out_dir="${OUT_DIR:-/tmp/s3play-bench-files}"
tests="${TESTS:-download move}"
read -r -a tools <<<"${TOOLS:-s3play aws rclone}"

object_count=2000
object_size=65536
# Each prefix contains 1,000 keys, the maximum that one
# s3.list_bucket_objects step returns.
prefixes=(data/a/ data/b/)

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
endpoint="$S3PLAY_TEST_ENDPOINT"

export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID="$S3PLAY_TEST_ACCESS_KEY"
export AWS_SECRET_ACCESS_KEY="$S3PLAY_TEST_SECRET_KEY"
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export RCLONE_CONFIG_BENCH_TYPE=s3
export RCLONE_CONFIG_BENCH_PROVIDER=Other
export RCLONE_CONFIG_BENCH_ENDPOINT="$endpoint"
export RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="$S3PLAY_TEST_ACCESS_KEY"
export RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="$S3PLAY_TEST_SECRET_KEY"
export RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true

aws_cli="${AWS_CLI:-$(command -v aws)}"
if [[ "$aws_cli" == */shims/aws ]] && command -v pyenv >/dev/null; then
  aws_cli="$(pyenv which aws)"
fi
rclone_bin="${RCLONE:-/usr/bin/rclone}"

mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
go build -o "$out_dir/s3play" ./cmd/s3play
declare -A s3play_bin=([s3play]="$out_dir/s3play")
read -r -a variants <<<"${S3PLAY_VARIANTS:-}"
for pair in "${variants[@]}"; do
  s3play_bin["s3play-${pair%%=*}"]="${pair#*=}"
  tools+=("s3play-${pair%%=*}")
done
state_dir="$out_dir/state"
# An empty rclone config file, so that no remote from the user's own
# config can change the "bench" remote set by the variables above.
rclone_config="$out_dir/rclone.conf"
: >"$rclone_config"

# --- seed data -------------------------------------------------------------

# The seed folder is made once per OUT_DIR. File i contains 64 KiB from
# Python's random.Random(i), so the content does not compress.
# manifest.json maps each key to its size and MD5, which is the ETag of an
# object uploaded in one part.
seed_dir="$out_dir/seed"
manifest="$out_dir/manifest.json"
if [[ ! -f "$manifest" ]]; then
  rm -rf "$seed_dir"
  /usr/bin/python3 - "$seed_dir" "$manifest" "$object_count" "$object_size" <<'EOF'
import hashlib, json, os, random, sys

seed_dir, manifest, count, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
half = count // 2
entries = {}
for i in range(count):
    key = f"data/{'a' if i < half else 'b'}/obj-{i:04d}.bin"
    body = random.Random(i).randbytes(size)
    os.makedirs(os.path.join(seed_dir, os.path.dirname(key)), exist_ok=True)
    with open(os.path.join(seed_dir, key), "wb") as f:
        f.write(body)
    entries[key] = {"size": size, "md5": hashlib.md5(body).hexdigest()}
with open(manifest, "w") as f:
    json.dump(entries, f)
EOF
fi

# check_bucket BUCKET EXPECTED lists BUCKET and fails unless it contains
# exactly the seed objects (EXPECTED=seed) or nothing (EXPECTED=empty).
# Keys are compared as a set, so an entry that a listing repeats at a page
# boundary is counted once. Sizes and ETags are compared with the manifest.
check_bucket() {
  "$aws_cli" --endpoint-url "$endpoint" s3api list-objects-v2 --bucket "$1" --output json |
    /usr/bin/python3 -c '
import json, sys
bucket, expected, manifest = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
text = sys.stdin.read().strip()
listed = (json.loads(text) if text else {}).get("Contents") or []
found = {o["Key"]: o for o in listed}
if expected == "empty":
    if found:
        sys.exit(f"bucket {bucket} should be empty but lists {len(found)} objects")
    sys.exit(0)
missing = sorted(set(manifest) - set(found))
extra = sorted(set(found) - set(manifest))
wrong = [k for k, e in manifest.items() if k in found and
         (found[k]["Size"] != e["size"] or found[k]["ETag"].strip("\"") != e["md5"])]
if missing or extra or wrong:
    sys.exit(f"bucket {bucket}: {len(found)} objects listed, {len(missing)} missing "
             f"(first: {missing[:1]}), {len(extra)} unexpected (first: {extra[:1]}), "
             f"{len(wrong)} with a wrong size or ETag (first: {wrong[:1]})")' "$1" "$2" "$manifest"
}

create_bucket() {
  "$aws_cli" --endpoint-url "$endpoint" s3api create-bucket --bucket "$1" >/dev/null
}

seed_bucket() {
  create_bucket "$1"
  "$aws_cli" --endpoint-url "$endpoint" s3 cp --recursive --only-show-errors "$seed_dir/" "s3://$1/"
  check_bucket "$1" seed
}

# delete_bucket empties and deletes a bucket with s3play's own playbook.
delete_bucket() {
  "$out_dir/s3play" run playbooks/empty-and-delete-bucket.yaml --input "bucket=$1" --yes \
    --endpoint-url "$endpoint" --state "$state_dir" --output json >/dev/null
}

# --- commands under test ---------------------------------------------------

# set_command TEST TOOL ARGS... sets the array timed_command to the command
# line that TOOL runs for TEST. ARGS are BUCKET DESTINATION_FOLDER for a
# download and SOURCE_BUCKET DESTINATION_BUCKET for a move.
set_command() {
  local test=$1 tool=$2 a=$3 b=$4
  case "$test/$tool" in
    download/s3play*)
      timed_command=("${s3play_bin[$tool]}" run bench/files-download.yaml
        --input "bucket=$a" --input "destination=$b"
        --endpoint-url "$endpoint" --state "$state_dir" --output json) ;;
    move/s3play*)
      timed_command=("${s3play_bin[$tool]}" run bench/files-move.yaml
        --input "source_bucket=$a" --input "destination_bucket=$b"
        --input "prefixes=$(IFS=,; echo "${prefixes[*]}")" --yes
        --endpoint-url "$endpoint" --state "$state_dir" --output json) ;;
    download/aws)
      timed_command=("$aws_cli" --endpoint-url "$endpoint" s3 cp --recursive --only-show-errors
        "s3://$a/" "$b") ;;
    move/aws)
      timed_command=("$aws_cli" --endpoint-url "$endpoint" s3 mv --recursive --only-show-errors
        "s3://$a/" "s3://$b/") ;;
    # With AWS_CA_BUNDLE set, rclone 1.60 fails to create the S3 remote
    # (LoadCustomCABundleError: unsupported transport). The endpoint is plain
    # HTTP, so env removes the variable and then replaces itself with rclone.
    download/rclone)
      timed_command=(env -u AWS_CA_BUNDLE "$rclone_bin" --config "$rclone_config"
        copy "bench:$a" "$b") ;;
    move/rclone)
      timed_command=(env -u AWS_CA_BUNDLE "$rclone_bin" --config "$rclone_config"
        move "bench:$a" "bench:$b") ;;
    *) echo "unknown test/tool: $test/$tool" >&2; exit 2 ;;
  esac
}

# --- machine load ----------------------------------------------------------

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

# is_disturbed FOREIGN_CPU WALL reports whether other processes used more
# than FOREIGN_MAX_CPUS CPUs on average during a run.
is_disturbed() {
  awk -v f="$1" -v w="$2" -v m="$foreign_max_cpus" 'BEGIN { exit !(w > 0 && f / w > m) }'
}

# A run during which other processes used more than FOREIGN_MAX_CPUS CPUs on
# average is marked kept=no and repeated on fresh data, up to MAX_ATTEMPTS
# times. The last attempt is kept whatever its disturbance.
# NOTE: kernel threads that write the downloaded files or versitygw's files
# to disk count as other processes here, because /proc/stat cannot tell
# them apart from other work.
foreign_max_cpus="${FOREIGN_MAX_CPUS:-0.3}"
max_attempts="${MAX_ATTEMPTS:-3}"

# --- one run ---------------------------------------------------------------

# s3play_record_fields prints "API_CALLS,RETRIES" from the run record that
# s3play printed with --output json, and fails unless the run succeeded.
# For a move it also fails when a prefix listing was truncated.
s3play_record_fields() {
  /usr/bin/python3 -c '
import json, sys
record = json.load(open(sys.argv[1]))
status, truncated = record["status"], record["outputs"].get("more_objects")
if status != "Succeeded":
    sys.exit(f"run record status is {status}, expected Succeeded")
if truncated:
    sys.exit(f"prefixes with more than 1,000 objects: {truncated}")
print(record["api_calls"], record["retries"], sep=",")' "$1"
}

# prepare TEST NAME sets the globals arg_a and arg_b to fresh
# arguments for set_command: an empty destination folder for a download,
# and a seeded source and an empty destination bucket for a move.
prepare() {
  local test=$1 name=$2
  case "$test" in
    download)
      arg_a="$download_bucket"
      arg_b="$out_dir/dl-$name"
      rm -rf "$arg_b" ;;
    move)
      arg_a="fsrc-$name"
      arg_b="fdst-$name"
      seed_bucket "$arg_a"
      create_bucket "$arg_b" ;;
  esac
}

# verify TEST checks the result of the run on arg_a and arg_b, then
# removes it.
verify() {
  local test=$1 files
  case "$test" in
    download)
      files="$(find "$arg_b" -type f | wc -l)"
      if [[ "$files" -ne $object_count ]]; then
        echo "download to $arg_b wrote $files files, expected $object_count" >&2
        return 1
      fi
      # diff compares every byte and reports extra files, such as
      # leftover temporary files.
      diff -r -q "$seed_dir" "$arg_b" >&2
      rm -rf "$arg_b" ;;
    move)
      check_bucket "$arg_a" empty
      check_bucket "$arg_b" seed
      delete_bucket "$arg_a"
      delete_bucket "$arg_b" ;;
  esac
}

# time_run TEST TOOL RUN ATTEMPT prepares fresh data, times TOOL on it,
# checks the result, appends a CSV row and sets the globals foreign_cpu and
# last_wall.
time_run() {
  local test=$1 tool=$2 run=$3 attempt=$4
  local name="$tool-$run-$attempt-$(date +%s)"
  local log="$out_dir/$test-$tool-$run-$attempt"
  prepare "$test" "$name"
  set_command "$test" "$tool" "$arg_a" "$arg_b"
  # Flush the seeded objects and the last run's files to disk so their
  # writeback does not overlap the run.
  sync
  local before busy0 server0 busy1 server1 code
  before="$(wait_for_quiet)"
  busy0="$(machine_busy_ticks)" server0="$(server_ticks)"
  set +e
  /usr/bin/time -v -o "$log.time" "${timed_command[@]}" >"$log.out" 2>"$log.err"
  code=$?
  set -e
  busy1="$(machine_busy_ticks)" server1="$(server_ticks)"

  local wall rss user sys server_cpu fields kept=yes api_calls="" retries=""
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
  if [[ $code -eq 0 && "$tool" == s3play* ]]; then
    fields="$(s3play_record_fields "$log.out")"
    IFS=, read -r api_calls retries <<<"$fields"
  fi
  last_wall=$wall
  echo "$test,$tool,$run,$attempt,$kept,$code,$wall,$rss,$user,$sys,$server_cpu,$foreign_cpu,$before,$api_calls,$retries" >>"$csv"
  echo "$test $tool run $run attempt $attempt: exit $code, ${wall} s, ${rss} KiB," \
    "versitygw ${server_cpu} CPU s, other processes ${foreign_cpu} CPU s, kept: $kept" >&2
  if [[ $code -ne 0 ]]; then
    echo "$test by $tool failed with exit code $code, its stderr is in $log.err" >&2
    exit 1
  fi
  verify "$test"
}

# --- main ------------------------------------------------------------------

csv="$out_dir/runs.csv"
echo "test,tool,run,attempt,kept,exit_code,wall_s,max_rss_kib,user_s,sys_s,server_cpu_s,foreign_cpu_s,foreign_busy_before_cpus,api_calls,retries" >"$csv"

for test in $tests; do
  if [[ "$test" == download ]]; then
    # Every download run reads the same bucket, which is seeded once.
    download_bucket="fdl-$(date +%s)"
    seed_bucket "$download_bucket"
  fi
  for ((run = 1; run <= runs; run++)); do
    # Rotate the order each round so no tool always runs first.
    for ((j = 0; j < ${#tools[@]}; j++)); do
      tool="${tools[$(((run - 1 + j) % ${#tools[@]}))]}"
      for ((attempt = 1; attempt <= max_attempts; attempt++)); do
        time_run "$test" "$tool" "$run" "$attempt"
        if ! is_disturbed "$foreign_cpu" "$last_wall"; then
          break
        fi
      done
    done
  done
  if [[ "$test" == download ]]; then
    delete_bucket "$download_bucket"
  fi
done

/usr/bin/python3 - "$csv" <<'EOF'
import csv, statistics, sys

all_rows = list(csv.DictReader(open(sys.argv[1])))
rows = [x for x in all_rows if x["kept"] == "yes"]
for test in dict.fromkeys(x["test"] for x in rows):
    r_test = [x for x in rows if x["test"] == test]
    tools = list(dict.fromkeys(x["tool"] for x in r_test))
    medians = {}
    print(f"\n{test}\n")
    print("| tool | runs | median wall (s) | min (s) | max (s) | peak RSS median (MiB) "
          "| peak RSS max (MiB) | median user+sys CPU (s) | median versitygw CPU (s) "
          "| max other-process load (CPUs) | API calls |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for tool in tools:
        r = [x for x in r_test if x["tool"] == tool]
        wall = [float(x["wall_s"]) for x in r]
        rss = [int(x["max_rss_kib"]) / 1024 for x in r]
        cpu = [float(x["user_s"]) + float(x["sys_s"]) for x in r]
        server = [float(x["server_cpu_s"]) for x in r]
        foreign = [float(x["foreign_cpu_s"]) / float(x["wall_s"]) for x in r]
        calls = sorted({x["api_calls"] for x in r if x["api_calls"]})
        medians[tool] = statistics.median(wall)
        print(f"| {tool} | {len(r)} | {medians[tool]:.2f} | {min(wall):.2f} | {max(wall):.2f} "
              f"| {statistics.median(rss):.1f} | {max(rss):.1f} | {statistics.median(cpu):.2f} "
              f"| {statistics.median(server):.2f} | {max(foreign):.2f} "
              f"| {', '.join(calls) or '-'} |")
    others = [t for t in tools if not t.startswith("s3play")]
    if not others:
        continue
    fastest = min(others, key=medians.get)
    print()
    # Runs of the same round are minutes apart at most, so they share most
    # of the background load, and the per-round ratio cancels part of it.
    wall = {(x["tool"], x["run"]): float(x["wall_s"]) for x in r_test}
    for tool in [t for t in tools if t.startswith("s3play")]:
        ratios = [wall[tool, run] / wall[fastest, run]
                  for (t, run) in wall if t == tool and (fastest, run) in wall]
        print(f"{tool} / {fastest} (fastest other tool): ratio of median wall times "
              f"{medians[tool] / medians[fastest]:.2f}, median of per-round ratios "
              f"{statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})")
print(f"\n{len(all_rows) - len(rows)} disturbed runs repeated and left out (kept=no in the CSV)")
EOF
echo "raw results: $csv" >&2
