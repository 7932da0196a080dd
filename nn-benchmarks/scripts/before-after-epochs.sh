#!/bin/bash
# Before and after: the MLP epoch of this build of nn4j ("after") and of another build ("before",
# the benchmarks.jar of an older commit) and PyTorch with 1 and 2 threads, each in a warm process
# of its own, in lockstep as lockstep-epochs.sh runs them (order rotated every round, a first
# round not counted). Per round: after/before (above 1: the newer build is faster) and each
# build's ratio to PyTorch's better configuration; then medians and lowest values. It shows
# whether a change slowed training down, on the same machine in the same minutes.
# Prerequisites as for measure-all.sh, and the older build:
#   git worktree add /tmp/before COMMIT && (cd /tmp/before && mvn -B -ntp -DskipTests package)
# Usage: nn-benchmarks/scripts/before-after-epochs.sh BEFORE_JAR [sgd|adam] [rounds, default 10]
#   e.g. ... /tmp/before/nn-benchmarks/target/benchmarks.jar sgd
set -eu
. "$(dirname "$0")/peers.sh"
BEFORE=$1
U=${2:-sgd}
ROUNDS=${3:-10}
. "$(dirname "$0")/lockstep.sh"

start nn java --add-modules jdk.incubator.vector -Xmx4g \
  -cp "$NN/nn-benchmarks/target/benchmarks.jar" dev.nn4j.benchmarks.LockstepEpochs vector "$U"
start nb java --add-modules jdk.incubator.vector -Xmx4g \
  -cp "$BEFORE" dev.nn4j.benchmarks.LockstepEpochs vector "$U"
start t1 torch_run 1 mode=mlp updater="$U" lockstep=1
start t2 torch_run 2 mode=mlp updater="$U" lockstep=1
orders=("nn nb t1 t2" "nb t1 t2 nn" "t1 t2 nn nb" "t2 nn nb t1")
# samples per epoch: nn4j 60,000 (469 batches, the last of 96), torch_bench.py 468 × 128
SAMPLES=(-v ns=60000 -v ts=59904)
: >"$d/ab"
: >"$d/after"
: >"$d/before"
for ((i = 0; i <= ROUNDS; i++)); do
  declare -A ms=()
  for w in ${orders[i % 4]}; do
    ms[$w]=$(epoch "$w")
  done
  line=$(awk "${SAMPLES[@]}" -v nn="${ms[nn]}" -v nb="${ms[nb]}" -v t1="${ms[t1]}" \
    -v t2="${ms[t2]}" -v u="$U" -v i="$i" 'BEGIN {
    r1 = ts / (t1 / 1000); r2 = ts / (t2 / 1000); b = (r1 > r2 ? r1 : r2)
    printf "%s round %d%s: after %.0f ms, before %.0f ms, after/before %.3f | to PyTorch'"'"'s best:" \
      " after %.2f, before %.2f\n", u, i, (i == 0 ? " (warm-up, not counted)" : ""), nn, nb,
      nb / nn, ns / (nn / 1000) / b, ns / (nb / 1000) / b }')
  echo "$line"
  if ((i > 0)); then
    echo "$line" | sed -E 's/.*after\/before ([0-9.]+).*/\1/' >>"$d/ab"
    echo "$line" | sed -E 's/.*best: after ([0-9.]+),.*/\1/' >>"$d/after"
    echo "$line" | sed -E 's/.*, before ([0-9.]+)$/\1/' >>"$d/before"
  fi
done
awk -v label="$U after/before" -f "$(dirname "$0")/median.awk" "$d/ab"
awk -v label="$U after to PyTorch's best" -f "$(dirname "$0")/median.awk" "$d/after"
awk -v label="$U before to PyTorch's best" -f "$(dirname "$0")/median.awk" "$d/before"
