#!/usr/bin/env bash
# usage: check_disk.sh MOUNT --threshold=N
set -euo pipefail
mount="$1"
threshold=90
for arg in "$@"; do
  case "$arg" in --threshold=*) threshold="${arg#--threshold=}" ;; esac
done
used="$(df --output=pcent "$mount" | tail -1 | tr -dc '0-9')"
echo "{\"mount\": \"$mount\", \"used\": $used}"
[ "$used" -lt "$threshold" ]
