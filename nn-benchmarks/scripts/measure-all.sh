#!/bin/bash
# nn4j and its peers side by side, one workload at a time, in one go (~12 minutes). SGEMM runs in
# pairs (paired-gemm.sh) and the MLP epoch in lockstep (lockstep-epochs.sh), so each ratio
# compares one minute or less.
# Prerequisites (see BENCHMARKS.md): `mvn -B -ntp -DskipTests package` in this repository; the
# peers' harness in nn-benchmarks/peers (or a copy in $PEERS) with PyTorch installed (apt-get
# install -y python3-torch) and the OpenBLAS that run-torch.sh unpacks, DL4J built (cd dl4j &&
# mvn -B -ntp package), GemmBench built (cd gemm && mvn -B -ntp package), peak built (cd peak &&
# gcc -O2 -march=native -o peak peak.c); Fashion-MNIST installed (apt-get install -y
# dataset-fashion-mnist).
# Usage: nn-benchmarks/scripts/measure-all.sh > run.log
set -u
. "$(dirname "$0")/peers.sh"
JMH="java -jar $NN/nn-benchmarks/target/benchmarks.jar"
clock() { echo "# clock $1: $($P/peak/peak | head -1)"; }
dl4j() { (cd $P/dl4j && OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 java -Xms4g -Xmx4g -Dorg.bytedeco.javacpp.cachedir=$P/javacpp-cache -cp "target/classes:$(ls target/lib/*.jar | grep -v linux-x86_64-avx512 | tr '\n' ':')" perf.Dl4jBench "$@" 2>&1 | grep -E "RESULT|Exception"); }
echo "== $(date -u) $(grep -m1 'model name' /proc/cpuinfo) $(cd $NN && git rev-parse --short HEAD)"
clock before
echo "== SGEMM in pairs: the peers' GemmBench with nn4j's vector backend and with OpenBLAS"
"$NN/nn-benchmarks/scripts/paired-gemm.sh"
echo "== pure-Java backend: the peers' GemmBench (the same shapes; 1 thread beside netlib's Java BLAS,"
echo "   then 2 threads), and JMH on the three product forms at 1 and 2 threads (GFLOP/s = 51,380 / us)"
gemm impls=nn4j-java,netlib-nn threads=1 shapes=128x784x256,256x128x784,128x256x784 samples=7 warmupMs=1000
gemm impls=nn4j-java threads=2 shapes=128x784x256,256x128x784,128x256x784 samples=7 warmupMs=1000
for t in 1 2; do
  $JMH GemmBenchmark -p backend=java -f 1 -wi 3 -w 1 -i 5 -r 1 -jvmArgsAppend -Dnn4j.threads=$t 2>&1 | grep -E "^GemmBenchmark"
done
echo "== MLP epoch in lockstep: nn4j (default threads) and PyTorch with 1 and 2 threads take turns"
"$NN/nn-benchmarks/scripts/lockstep-epochs.sh" sgd
"$NN/nn-benchmarks/scripts/lockstep-epochs.sh" adam
echo "== DL4J MLP, 1 thread"
dl4j mode=mlp updater=sgd epochs=2
dl4j mode=mlp updater=adam epochs=2
echo "== 2-2-1 step and latency"
$JMH LatencyBenchmark -f 1 2>&1 | grep -E "^LatencyBenchmark"
torch 1 mode=tiny updater=sgd
dl4j mode=tiny
echo "== allocation per step"
$JMH TrainingBenchmark.trainStep -p backend=vector -f 1 -wi 2 -i 3 -prof gc 2>&1 | grep -E "^TrainingBenchmark.trainStep( |:gc.alloc.rate.norm|:gc.count)"
echo "== Fashion-MNIST"
(cd $NN && /usr/bin/time -f "wall %e s" ./nn4j train nn-examples/src/main/resources/examples/fashion-mnist.yaml --out /tmp/fashion-mnist.nn4j 2>&1 | grep -iE "accuracy|wall" | tail -2)
for t in 1 2; do OMP_WAIT_POLICY=passive OPENBLAS_NUM_THREADS=$t LD_LIBRARY_PATH=$OB /usr/bin/time -f "wall %e s" /usr/bin/python3 $NN/nn-benchmarks/scripts/fashion_mnist_torch.py threads=$t 2>&1 | grep -E "RESULT|wall"; done
clock after
