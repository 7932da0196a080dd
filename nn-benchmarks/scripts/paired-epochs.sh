#!/bin/bash
# The MLP epoch in pairs: nn4j (one JMH fork, 3 warm-up and 3 one-epoch iterations, the median),
# then PyTorch with 2 and 1 threads (3 epochs each, medians), six times, so both see the same
# minute of a shared machine; then the median and the lowest of the six ratios. Prerequisites as for
# measure-all.sh.
# Usage: nn-benchmarks/scripts/paired-epochs.sh [sgd|adam]
set -u
. "$(dirname "$0")/peers.sh"
U=${1:-sgd}
ratios=""
for i in 1 2 3 4 5 6; do
  ms=$(java -jar $NN/nn-benchmarks/target/benchmarks.jar TrainingBenchmark.epoch -p backend=vector -p optimizer=$U -f 1 -wi 3 -i 3 2>&1 | grep -E '^Iteration' | awk '{print $3}' | sort -n | sed -n 2p)
  t2=$(torch 2 mode=mlp updater=$U epochs=3 | sed -E 's/.*median=([0-9]+).*/\1/')
  t1=$(torch 1 mode=mlp updater=$U epochs=3 | sed -E 's/.*median=([0-9]+).*/\1/')
  if [ -z "$ms" ] || [ -z "$t1" ] || [ -z "$t2" ]; then
    echo "$U: missing a figure (nn4j '$ms' ms, PyTorch 1 thread '$t1', 2 threads '$t2'): no ratio"
    continue
  fi
  line=$(awk -v ms="$ms" -v t1="$t1" -v t2="$t2" -v u="$U" 'BEGIN { n = 60000 / (ms / 1000); b = (t1 > t2 ? t1 : t2);
    printf "%s: nn4j %.0f ms = %.0f samples/s | PyTorch 1 thread %d, 2 threads %d | ratio to its best %.2f\n", u, ms, n, t1, t2, n / b }')
  echo "$line"
  ratios="$ratios ${line##* }"
done
echo $ratios | tr ' ' '\n' | awk -v label="$U" -f "$(dirname "$0")/median.awk"
