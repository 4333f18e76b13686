#!/usr/bin/env bash
# The download step as a unix script (download.ts is the same step in TypeScript):
# copies the song dataset and DAY's event log from SOURCE into DAY_DIR, through a
# .partial folder renamed at the end, and prints what it fetched (the task's XCom).
#
#   download.sh SOURCE DAY_DIR DAY
set -euo pipefail
source_dir=$1
day_dir=$2
day=$3

events="$source_dir/log_data/$day-events.json"
if [ ! -f "$events" ]; then
  echo "no event log for $day: $events does not exist" >&2
  exit 1
fi

partial="$day_dir.partial"
rm -rf "$partial"
mkdir -p "$partial/log_data"
cp -R "$source_dir/song_data" "$partial/song_data"
cp "$events" "$partial/log_data/"
rm -rf "$day_dir"
mv "$partial" "$day_dir"

echo "$(find "$day_dir" -type f | wc -l | tr -d ' ') files, $(du -sk "$day_dir" | cut -f1) KiB in $day_dir"
