#!/bin/bash
# SGEMM on the MLP's shapes in pairs: the peers' GemmBench with nn4j's vector backend, then with
# OpenBLAS, one JVM each, six times per thread count, so both see the same minute of a shared
# machine (in one JVM, GemmBench runs each library for a few seconds before the next). Prints
# nn4j / OpenBLAS per shape. Prerequisites as for measure-all.sh (GemmBench built, patched).
# Usage: nn-benchmarks/scripts/paired-gemm.sh
set -u
NN=$(cd "$(dirname "$0")/../.." && pwd)
P=${PEERS:-/tmp/peers}
SHAPES=128x784x256,256x128x784,128x256x784
gemm() { (cd $P/gemm && java -Dorg.bytedeco.javacpp.cachedir=$P/javacpp-cache --add-modules jdk.incubator.vector -Xms2g -Xmx2g -cp "target/classes:target/lib/*:$NN/nn-api/target/classes:$NN/nn-backend-vector/target/classes" perf.GemmBench "$@" 2>&1 | grep RESULT | sed -E 's/.*gflops_median=([0-9.]+).*/\1/' | tr '\n' ' '); }
for t in 1 2; do
  for i in 1 2 3 4 5 6; do
    n=$(gemm impls=nn4j threads=$t shapes=$SHAPES samples=5 sampleMs=200 warmupMs=1000)
    o=$(gemm impls=openblas threads=$t shapes=$SHAPES samples=5 sampleMs=200 warmupMs=1000)
    awk -v n="$n" -v o="$o" -v t=$t -v s=$SHAPES 'BEGIN { split(n, a, " "); split(o, b, " "); split(s, h, ",");
      printf "threads=%d", t; for (i = 1; i <= 3; i++) printf " | %s nn4j %.1f OpenBLAS %.1f ratio %.2f", h[i], a[i], b[i], a[i] / b[i]; print "" }'
  done
done
