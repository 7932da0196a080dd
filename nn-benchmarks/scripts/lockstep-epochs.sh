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
. "$(dirname "$0")/peers.sh"
. "$(dirname "$0")/lockstep.sh"
U=${1:-sgd}
ROUNDS=${2:-20}
start nn java --add-modules jdk.incubator.vector -Xmx4g \
  -cp "$NN/nn-benchmarks/target/benchmarks.jar" dev.nn4j.benchmarks.LockstepEpochs vector "$U"
start t1 torch_run 1 mode=mlp updater="$U" lockstep=1
start t2 torch_run 2 mode=mlp updater="$U" lockstep=1
orders=("nn t1 t2" "t1 t2 nn" "t2 nn t1")
# samples per epoch: nn4j 60,000 (469 batches, the last of 96), torch_bench.py 468 × 128
SAMPLES=(-v ns=60000 -v ts=59904)
ratios=""
for ((i = 0; i <= ROUNDS; i++)); do
  declare -A ms=()
  for w in ${orders[i % 3]}; do
    ms[$w]=$(epoch "$w")
  done
  line=$(awk "${SAMPLES[@]}" -v nn="${ms[nn]}" -v t1="${ms[t1]}" -v t2="${ms[t2]}" -v u="$U" \
    -v i="$i" 'BEGIN {
    n = ns / (nn / 1000); r1 = ts / (t1 / 1000); r2 = ts / (t2 / 1000)
    b = (r1 > r2 ? r1 : r2)
    printf "%s round %d%s: nn4j %.0f ms = %.0f samples/s | PyTorch 1 thread %.0f, " \
      "2 threads %.0f | ratio to its best %.2f\n",
      u, i, (i == 0 ? " (warm-up, not counted)" : ""), nn, n, r1, r2, n / b }')
  echo "$line"
  if ((i > 0)); then
    ratios="$ratios ${line##* }"
    echo "${ms[nn]} ${ms[t1]} ${ms[t2]}" >>"$d/rounds"
  fi
done
echo $ratios | tr ' ' '\n' | awk -v label="$U in lockstep" -f "$(dirname "$0")/median.awk"
awk "${SAMPLES[@]}" -v u="$U" '{ nn = (NR == 1 || $1 < nn ? $1 : nn); t = ($2 < $3 ? $2 : $3)
    best = (NR == 1 || t < best ? t : best) }
  END { printf "%s, fastest epochs: nn4j %.0f ms, PyTorch %.0f ms, ratio %.2f\n", u, nn, best,
    (ns / nn) / (ts / best) }' "$d/rounds"
