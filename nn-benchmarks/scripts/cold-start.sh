#!/bin/bash
# Cold start of the nn4j command: each run is a new JVM through ./nn4j, from launch to its first
# epoch line and to its exit. Cases: `./nn4j train --no-chart` (the built-in iris example),
# `./nn4j train` (with the chart), `./nn4j plugins`, each with the build's class-data-sharing
# archive (the default) and without it (NN4J_CDS=off), and `java -version` (the JVM's own start,
# with the JDK's default archive) as the floor. The cases take turns run by run, so that a change
# in the machine's load falls on all of them alike. Prints, per case, the median and lowest of
# the runs in milliseconds. Needs the build (mvn -B -ntp -DskipTests package, which makes the
# archive nn-cli/target/nn4j.jsa) and bash 5; writes only into a temporary folder it deletes.
# Usage: nn-benchmarks/scripts/cold-start.sh [runs, default 10]
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:-10}
if [ "${BASH_VERSINFO[0]}" -lt 5 ]; then
  echo "cold-start.sh: needs bash 5 (EPOCHREALTIME)" >&2
  exit 2
fi
if [ ! -f "$ROOT/nn-cli/target/nn4j.jar" ]; then
  echo "cold-start.sh: build first: mvn -B -ntp -DskipTests package" >&2
  exit 2
fi
if [ ! -f "$ROOT/nn-cli/target/nn4j.jsa" ]; then
  echo "cold-start.sh: warning: no archive nn-cli/target/nn4j.jsa; both columns run without" >&2
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nn4j-cold-start.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# ms FROM TO: the milliseconds between two EPOCHREALTIME readings
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (b - a) * 1000 }'; }

# timed NAME CDS COMMAND...: runs COMMAND once (NN4J_CDS=CDS), appends "first total" to NAME's
# file; first is "-" when no line starts with "epoch"
timed() {
  local name=$1 cds=$2 start first="" line last="" end
  shift 2
  start=$EPOCHREALTIME
  while IFS= read -r line; do
    if [ -z "$first" ] && [[ $line == epoch* ]]; then first=$EPOCHREALTIME; fi
    last=$line
  done < <(NN4J_CDS=$cds "$@" 2>&1; echo "exit $?")
  end=$EPOCHREALTIME
  if [[ $last != "exit 0" ]]; then
    echo "cold-start.sh: $name failed ($last); run it by hand: $*" >&2
    exit 1
  fi
  echo "$([ -n "$first" ] && ms "$start" "$first" || echo -) $(ms "$start" "$end")" >> "$name.times"
}

cases=(train-no-chart train-chart plugins)
for ((run = 1; run <= RUNS; run++)); do
  for cds in on off; do
    timed "train-no-chart.$cds" "$cds" "$ROOT/nn4j" train --no-chart --out iris.nn4j
    timed "train-chart.$cds" "$cds" "$ROOT/nn4j" train --out iris.nn4j
    timed "plugins.$cds" "$cds" "$ROOT/nn4j" plugins
  done
  timed java-version.on on java -version
  rm -f iris.nn4j iris.png
done

# summary COLUMN FILE: "median/lowest" of one column (1 first epoch, 2 whole run) of FILE
summary() {
  awk -v c="$1" '$c != "-" { v[++n] = $c }
    END {
      if (n == 0) { printf "-"; exit }
      for (i = 2; i <= n; i++)
        for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      printf "%d/%d", (v[int((n + 1) / 2)] + v[int(n / 2) + 1]) / 2, v[1]
    }' "$2"
}

echo "cold start, $RUNS runs each, milliseconds from launch, median/lowest ($(nproc) CPUs," \
  "load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown), $(java -version 2>&1 | head -1))"
printf '%-26s %-18s %-18s %-18s %-18s\n' case "first epoch, CDS" "whole run, CDS" \
  "first epoch, off" "whole run, off"
for c in "${cases[@]}"; do
  printf '%-26s %-18s %-18s %-18s %-18s\n' "$c" "$(summary 1 "$c.on.times")" \
    "$(summary 2 "$c.on.times")" "$(summary 1 "$c.off.times")" "$(summary 2 "$c.off.times")"
done
printf '%-26s %-18s %-18s\n' "java -version" - "$(summary 2 java-version.on.times)"
