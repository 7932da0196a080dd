#!/bin/bash
# DL4J 1.0.0-M2.1 CPU anchors (JDK 17). ~6 min in total.
# Threads: OMP_NUM_THREADS (libnd4j OpenMP) + OPENBLAS_NUM_THREADS (bundled OpenBLAS 0.3.19).
# Native binary: with both nd4j-native linux-x86_64 and linux-x86_64-avx512 jars on the classpath the AVX512 one is
# loaded ("Binary level AVX512 optimization level AVX512"); the generic run leaves the -avx512 jar out.
# usage: ./run-dl4j.sh [all|mlp|tiny]
set -e
cd "$(dirname "$0")/dl4j"
JDK17=/usr/lib/jvm/java-17-openjdk-amd64
[ -d target/lib ] || JAVA_HOME=$JDK17 mvn -B -ntp package
ALL=$(ls target/lib/*.jar | tr '\n' ':')
GENERIC=$(ls target/lib/*.jar | grep -v 'linux-x86_64-avx512' | tr '\n' ':')
J="$JDK17/bin/java -Xms4g -Xmx4g -Dorg.bytedeco.javacpp.cachedir=$(cd .. && pwd)/javacpp-cache"
NOCHECK="-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"
run() { local t=$1; shift; echo "== OMP_NUM_THREADS=$t OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-default} nd4j-binary=$(echo "$*" | grep -q linux-x86_64-avx512 && echo avx512 || echo generic) $(echo "$*" | sed -E "s/-cp [^ ]+//")"; OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$@" 2>&1 | grep -E "Binary level|^# (epoch|blas)|RESULT|Exception"; }
what=${1:-all}
# host turbo drifts (3.5-3.86 GHz seen): log the core clock and AVX-512 FMA rate before and after
PEAKBIN=$(cd .. && pwd)/peak/peak
clock() { [ -x $PEAKBIN ] || gcc -O2 -march=native -o $PEAKBIN $PEAKBIN.c; echo "# clock $1: $($PEAKBIN | head -1)"; }
clock before
trap 'clock after' EXIT
if [ $what = all ] || [ $what = mlp ]; then
  for t in 1 2; do
    for u in sgd adam; do run $t $J -cp "target/classes:$ALL" perf.Dl4jBench mode=mlp updater=$u epochs=5; done
    run $t $J -cp "target/classes:$GENERIC" perf.Dl4jBench mode=mlp updater=sgd epochs=5
    run $t $J $NOCHECK -cp "target/classes:$ALL" perf.Dl4jBench mode=mlp updater=sgd epochs=5
  done
  # 2 OpenMP threads spin-wait (active policy) and fight the JVM's own threads on 2 cores; passive waiting helps:
  OMP_WAIT_POLICY=passive run 2 $J -cp "target/classes:$ALL" perf.Dl4jBench mode=mlp updater=sgd epochs=5
fi
if [ $what = all ] || [ $what = tiny ]; then
  for t in 1 2; do
    run $t $J -cp "target/classes:$ALL" perf.Dl4jBench mode=tiny updater=sgd samples=9
    run $t $J $NOCHECK -cp "target/classes:$ALL" perf.Dl4jBench mode=tiny updater=sgd samples=9
  done
  OMP_WAIT_POLICY=passive run 2 $J -cp "target/classes:$ALL" perf.Dl4jBench mode=tiny updater=sgd samples=9
  run 1 $J -cp "target/classes:$ALL" perf.Dl4jBench mode=tiny updater=adam samples=9
fi
