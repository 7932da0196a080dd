#!/bin/bash
# The MLP epoch in lockstep: nn4j (its default threads: the available processors) and PyTorch
# with 1 and with 2 threads, each in a process of its own that stays warm, take turns epoch by
# epoch, half a second apart (time for spinning BLAS threads to go quiet), in an order rotated
# every round; each round's ratio is nn4j's samples/s over PyTorch's better configuration in that
# round, so the three epochs of a ratio lie within four (SGD) to six (Adam) seconds
# (paired-epochs.sh: twenty). A first round is run and not counted. Then the median and the
# lowest ratio, and the ratio of each side's fastest epoch. A worker that fails or stays silent
# for five minutes ends the script with its error. Prerequisites as for measure-all.sh.
# Usage: nn-benchmarks/scripts/lockstep-epochs.sh [sgd|adam] [rounds, default 20]
set -eu
trap '' PIPE # a worker that died shows up as a failed write, reported below
. "$(dirname "$0")/peers.sh"
BEFORE=$1
U=${2:-sgd}
ROUNDS=${3:-10}
d=$(mktemp -d)
declare -A IN OUT
trap 'for w in "${!IN[@]}"; do exec {IN[$w]}>&-; done; wait; rm -rf "$d"' EXIT

# await WORKER PREFIX: prints the rest of the worker's next line that starts with PREFIX
await() {
  local line
  while IFS= read -r -t 300 -u "${OUT[$1]}" line; do
    case $line in "$2"*) echo "${line#"$2"}"; return 0 ;; esac
  done
  failed "$1" "stopped or went silent before '$2'"
}

# failed WORKER WHAT: reports the worker's failure with the first error line it wrote
failed() {
  echo "$1 $2: $(grep -m1 -E 'Exception|Error' "$d/$1.err" || tail -3 "$d/$1.err")" >&2
  return 1
}

# start WORKER COMMAND...: runs the command on a pair of pipes and waits for its warm-up
start() {
  local w=$1
  shift
  mkfifo "$d/$w.in" "$d/$w.out"
  "$@" <"$d/$w.in" >"$d/$w.out" 2>"$d/$w.err" &
  exec {IN[$w]}>"$d/$w.in" {OUT[$w]}<"$d/$w.out"
  await "$w" READY >/dev/null
}

# epoch WORKER: the worker's next epoch, in milliseconds
epoch() {
  sleep 0.5
  echo go >&"${IN[$1]}" 2>/dev/null || { failed "$1" "is gone"; return 1; }
  await "$1" "EPOCH "
}

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
