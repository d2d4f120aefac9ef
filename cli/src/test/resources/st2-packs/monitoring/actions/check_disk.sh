#!/usr/bin/env bash
# usage: check_disk.sh --threshold=N MOUNT (StackStorm passes the named parameters first, then the positional ones)
set -euo pipefail
threshold=90
mount=/
for arg in "$@"; do
  case "$arg" in
    --threshold=*) threshold="${arg#--threshold=}" ;;
    *) mount="$arg" ;;
  esac
done
used="$(df --output=pcent "$mount" | tail -1 | tr -dc '0-9')"
echo "{\"mount\": \"$mount\", \"used\": $used}"
[ "$used" -lt "$threshold" ]
