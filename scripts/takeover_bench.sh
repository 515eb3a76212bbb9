#!/usr/bin/env bash
# `scripts/bench takeover [tries]`: kill -9 the `ork run` that owns a run while a second `ork run --key`
# is attached to it, and time how long the attached one takes to take the run over and to finish it
# (the orphaned attempt is retried after ork's 1-1.25 s backoff). Prints one line per try.
set -euo pipefail
cd "$(dirname "$0")/.."
tries="${1:-5}"
ork="$PWD/bin/ork"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > flow.yaml <<'YAML'
name: handover
tasks:
  sleepy: {executor: process, retries: 1, command: 'if [ "$ORK_ATTEMPT" = 1 ]; then sleep 60; fi'}
  after: {executor: process, command: 'true', depends_on: [sleepy]}
YAML
"$ork" validate flow.yaml >/dev/null # builds the CLI jar first if needed
await() { until grep -q "$2" "$1" 2>/dev/null; do sleep 0.005; done; }
for i in $(seq "$tries"); do
  : > owner.txt; : > attached.txt # emptied before the background starts, so no await reads the last try's
  "$ork" run flow.yaml --db ork.db --key "K$i" > owner.txt 2>&1 & owner=$!
  disown "$owner" # no "Killed" line from bash
  await owner.txt 'sleepy  running'
  "$ork" run flow.yaml --db ork.db --key "K$i" > attached.txt 2>&1 & attached=$!
  await attached.txt 'attaching to it'
  sleep 0.5
  t0=$(date +%s%N)
  kill -9 "$owner" # bin/ork execs the JVM: this is the `ork run` itself
  await attached.txt 'took it over'
  t1=$(date +%s%N)
  rc=0; wait "$attached" || rc=$?
  t2=$(date +%s%N)
  echo "try $i: took over $(( (t1 - t0) / 1000000 )) ms after kill -9, run ended (exit $rc) $(( (t2 - t0) / 1000000 )) ms after, lock files left: $(ls owners | wc -l)"
done
