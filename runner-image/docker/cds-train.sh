#!/usr/bin/env bash
# Builds the runner's class-data-sharing archive: a static AppCDS archive of the JDK and runner classes
# that training runs of every runner type loaded. Used by the Dockerfile; NoopStartBenchmark runs it too,
# so its "image" figures are the image's.
#
# usage: cds-train.sh <runner jar> <archive to write> <directory of training requests (*.json)>
#
# The runs publish to a local nats-server when one is installed (it has no results stream, so each run
# gives up publishing after 1 s and exits 1, having loaded the whole publish path); without nats-server
# they try a closed port and the archive lacks part of the NATS client.
set -euo pipefail
jar=$1
archive=$2
requests=$3
work=$(mktemp -d)
nats_pid=
cleanup() {
  if [ -n "$nats_pid" ]; then kill "$nats_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

nats_url=nats://127.0.0.1:1
if command -v nats-server >/dev/null; then
  nats-server -a 127.0.0.1 -p -1 -js -sd "$work/js" -l "$work/nats.log" &
  nats_pid=$!
  for _ in $(seq 100); do
    grep -q 'Server is ready' "$work/nats.log" 2>/dev/null && break
    sleep 0.1
  done
  port=$(sed -n 's/.*Listening for client connections on [0-9.]*:\([0-9]*\).*/\1/p' "$work/nats.log")
  [ -n "$port" ] || { echo "cds-train: nats-server did not start" >&2; cat "$work/nats.log" >&2; exit 1; }
  nats_url=nats://127.0.0.1:$port
else
  echo "cds-train: WARNING nats-server not found: the archive will lack part of the NATS client" >&2
fi

for request in "$requests"/*.json; do
  name=$(basename "$request" .json)
  status=0
  SQUALL_NATS_URL=$nats_url SQUALL_PUBLISH_TIMEOUT_SECONDS=1 \
    java -XX:DumpLoadedClassList="$work/$name.classlist" -jar "$jar" "$request" >/dev/null 2>"$work/$name.err" || status=$?
  # 1 = result not published, expected here (no results stream); anything else is a broken training run
  if [ "$status" -gt 1 ]; then
    echo "cds-train: training run $name failed with exit code $status" >&2
    cat "$work/$name.err" >&2
    exit 1
  fi
done

cat "$work"/*.classlist > "$work/all.classlist"
rm -f "$archive"
java -Xshare:dump -XX:SharedClassListFile="$work/all.classlist" -XX:SharedArchiveFile="$archive" -cp "$jar" \
  >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
# -Xshare:on fails if the archive cannot be used with this JVM and class path
java -Xshare:on -XX:SharedArchiveFile="$archive" -jar "$jar" "$requests/noop.json" >/dev/null
echo "cds-train: wrote $archive ($(du -h "$archive" | cut -f1)) from $(sort -u "$work/all.classlist" | wc -l) classes"
