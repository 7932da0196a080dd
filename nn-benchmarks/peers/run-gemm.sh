#!/bin/bash
# SGEMM anchors on JDK 17 (default) and Temurin 25. ~6-7 min per JDK with the default sampling.
# usage: ./run-gemm.sh [17|25|netlib-check|netlib-openblas] [extra GemmBench args, e.g. shapes=512 samples=3]
set -e
cd "$(dirname "$0")/gemm"
JDK17=/usr/lib/jvm/java-17-openjdk-amd64; JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
[ -d target/lib ] || JAVA_HOME=$JDK17 mvn -B -ntp package
CP="target/classes:target/lib/*"
JC="-Dorg.bytedeco.javacpp.cachedir=$(cd .. && pwd)/javacpp-cache"   # keep JavaCPP native extraction under /tmp/perf
which=${1:-17}; shift || true
# host turbo drifts (3.5-3.86 GHz seen): log the core clock and AVX-512 FMA rate before and after each suite
clock() { [ -x ../peak/peak ] || gcc -O2 -march=native -o ../peak/peak ../peak/peak.c; echo "# clock $1: $(../peak/peak | head -1)"; }
clock before
trap 'clock after' EXIT
case $which in
  17) $JDK17/bin/java $JC -Xms2g -Xmx2g -cp "$CP" perf.GemmBench "$@" ;;
  25) $JDK25/bin/java $JC --add-modules jdk.incubator.vector -Xms2g -Xmx2g -cp "$CP" perf.GemmBench "$@" ;;
  netlib-check)   # which netlib class is picked with/without the incubator module, and with native disabled
    for J in $JDK17 $JDK25; do
      for mods in "" "--add-modules jdk.incubator.vector"; do
        for nat in "" "-Ddev.ludovic.netlib.blas.allowNative=false"; do
          echo "== $J/bin/java $mods $nat"
          $J/bin/java $JC $mods $nat -cp "$CP" perf.GemmBench impls=netlib-nn,netlib-tn threads=1 shapes=512,128x784x256 samples=5 "$@" 2>&1 | grep -E "^#|RESULT|Using"
        done
      done
    done ;;
esac
# Extra: netlib's JNIBLAS dlopen()s "libblas.so.3"; point it at Debian's OpenBLAS 0.3.21 (unpacked by run-torch.sh)
if [ "$which" = netlib-openblas ]; then
  OB=$(cd .. && pwd)/debs/root/usr/lib/x86_64-linux-gnu/openblas-pthread
  for t in 1 2; do
    echo "== netlib JNIBLAS -> $OB/libblas.so.3, OPENBLAS_NUM_THREADS=$t"
    OPENBLAS_NUM_THREADS=$t LD_LIBRARY_PATH=$OB $JDK17/bin/java -cp "$CP" perf.GemmBench impls=netlib-native-nn threads=1 warmupMs=1000 "$@" 2>&1 | grep -E "RESULT|NativeBLAS"
  done
fi
