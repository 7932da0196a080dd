#!/bin/bash
# The MLP epoch on a busy machine: nn4j at its defaults (threads: the available processors,
# adapting), at -Dnn4j.threads=<the available processors> (fixed: the defaults before they
# adapted) and at -Dnn4j.threads=1, each in a warm process of its own (LockstepEpochs), take
# turns epoch by epoch as in lockstep-epochs.sh, once quiet and once while a CPU-bound process
# (`yes > /dev/null`, pinned with `taskset -c 1`) keeps one core busy; the busy process starts
# before and stops after each round's busy epochs, so quiet and busy rounds alternate and every
# process must adapt in both directions. The order of the processes rotates every round. With
# "torch", PyTorch with 1 and with 2 threads takes turns too (prerequisites as for
# measure-all.sh); without it only nn4j's own build is needed (mvn -B -ntp -DskipTests package).
# A first round is run and not counted. Per condition: the median and lowest of the rounds'
# ratios (nn4j's defaults, and its fixed threads, against its 1 thread, epoch time over epoch time;
# with torch, nn4j's defaults against PyTorch's better configuration, in samples/s), and each
# process's median and fastest epoch.
# "both" runs SGD, then Adam (each with its own processes), one after the other.
# Usage: nn-benchmarks/scripts/contention.sh [sgd|adam|both] [rounds, default 20] [torch]
set -eu
if [ "${1:-}" = both ]; then
  for u in sgd adam; do "$0" "$u" "${@:2}"; done
  exit
fi
. "$(dirname "$0")/peers.sh"
. "$(dirname "$0")/lockstep.sh"
U=${1:-sgd}
ROUNDS=${2:-20}
TORCH=${3:-}
BUSY=""
stop_busy() {
  if [ -n "$BUSY" ]; then kill "$BUSY" 2>/dev/null || true; wait "$BUSY" 2>/dev/null || true; fi
  BUSY=""
}
trap 'stop_busy; stop_workers' EXIT

nn() {
  java --add-modules jdk.incubator.vector -Xmx4g "$@" \
    -cp "$NN/nn-benchmarks/target/benchmarks.jar" dev.nn4j.benchmarks.LockstepEpochs vector "$U"
}
start nd nn
start nf nn -Dnn4j.threads="$(nproc)"
start n1 nn -Dnn4j.threads=1
workers=(nd nf n1)
if [ "$TORCH" = torch ]; then
  start t1 torch_run 1 mode=mlp updater="$U" lockstep=1
  start t2 torch_run 2 mode=mlp updater="$U" lockstep=1
  workers=(nd t1 nf t2 n1)
fi
echo "== $(date -u) $(grep -m1 'model name' /proc/cpuinfo) $(cd "$NN" && git rev-parse --short HEAD)," \
  "$U, $ROUNDS rounds, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i <= ROUNDS; i++)); do
  for c in quiet busy; do
    if [ $c = busy ]; then
      taskset -c 1 yes >/dev/null &
      BUSY=$!
    fi
    declare -A ms=([t1]=0 [t2]=0)
    for ((j = 0; j < ${#workers[@]}; j++)); do
      w=${workers[(i + j) % ${#workers[@]}]}
      ms[$w]=$(epoch "$w")
    done
    stop_busy
    line=$(awk -v nd="${ms[nd]}" -v nf="${ms[nf]}" -v n1="${ms[n1]}" -v t1="${ms[t1]}" \
      -v t2="${ms[t2]}" -v i="$i" -v c="$c" -v u="$U" 'BEGIN {
      printf "%s round %d%s %s: nn4j defaults %.0f ms, fixed %.0f, 1 thread %.0f", u, i,
        (i == 0 ? " (warm-up, not counted)" : ""), c, nd, nf, n1
      if (t1 > 0) printf " | PyTorch 1 thread %.0f, 2 threads %.0f", t1, t2
      printf " | defaults / 1 thread %.2f, fixed / 1 thread %.2f", n1 / nd, n1 / nf
      # samples per epoch: nn4j 60,000, torch_bench.py 468 × 128
      if (t1 > 0) printf " | to PyTorch best %.2f", (60000 / nd) / (59904 / (t1 < t2 ? t1 : t2))
      printf "\n" }')
    echo "$line"
    if ((i > 0)); then
      echo "${ms[nd]} ${ms[n1]} ${ms[t1]} ${ms[t2]} ${ms[nf]}" >>"$d/$c"
    fi
  done
done
for c in quiet busy; do
  awk '{ print $2 / $1 }' "$d/$c" | awk -v label="$U $c, nn4j defaults / its 1 thread" \
    -f "$(dirname "$0")/median.awk"
  awk '{ print $2 / $5 }' "$d/$c" | awk -v label="$U $c, nn4j fixed threads / its 1 thread" \
    -f "$(dirname "$0")/median.awk"
  if [ "$TORCH" = torch ]; then
    awk '{ t = ($3 < $4 ? $3 : $4); print (60000 / $1) / (59904 / t) }' "$d/$c" |
      awk -v label="$U $c, nn4j defaults / PyTorch best" -f "$(dirname "$0")/median.awk"
  fi
  for col in "1 nn4j defaults" "5 nn4j fixed threads" "2 nn4j 1 thread" "3 PyTorch 1 thread" \
    "4 PyTorch 2 threads"; do
    if [ "${col%% *}" != 3 ] && [ "${col%% *}" != 4 ] || [ "$TORCH" = torch ]; then
      awk -v k="${col%% *}" '{ print $k }' "$d/$c" | sort -n | awk -v label="$U $c, ${col#* }" '
        { v[++n] = $1 }
        END { printf "%s: median %.0f ms, fastest %.0f ms\n", label,
          (v[int((n + 1) / 2)] + v[int(n / 2) + 1]) / 2, v[1] }'
    fi
  done
done
