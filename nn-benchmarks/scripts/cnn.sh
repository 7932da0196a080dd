#!/bin/bash
# The Fashion-MNIST CNN's costs (issue 19): conv2d forward + backward on the CNN's shapes, nn4j
# (Conv2dBenchmark, vector and pure-Java backends) against PyTorch (conv2d_torch.py, which says
# whether oneDNN runs the convolutions), each at 1 and 2 threads; then the allocation per CNN
# training step (TrainingBenchmark -p form=cnn with -prof gc). Measure on a quiet machine.
# Prerequisites: `mvn -B -ntp -DskipTests package` in this repository; python3-torch
# (apt-get install -y python3-torch). (-jvmArgsAppend replaces the benchmarks' own JVM options, so
# it repeats --add-modules.)
# Usage: nn-benchmarks/scripts/cnn.sh > cnn.log
set -u
NN="$(cd "$(dirname "$0")/../.." && pwd)"
JMH="java -jar $NN/nn-benchmarks/target/benchmarks.jar"
echo "== $(date -u) $(grep -m1 'model name' /proc/cpuinfo) $(cd "$NN" && git rev-parse --short HEAD)"
for t in 1 2; do
  echo "== conv2d, $t thread(s): nn4j (ms per batch of 128), then PyTorch"
  $JMH Conv2dBenchmark -f 1 -wi 3 -w 2 -i 5 -r 2 -jvmArgsAppend "--add-modules jdk.incubator.vector -Xmx2g -Dnn4j.threads=$t" 2>&1 \
    | grep -E "^Conv2dBenchmark"
  OMP_WAIT_POLICY=passive /usr/bin/python3 "$NN/nn-benchmarks/scripts/conv2d_torch.py" threads=$t
done
# 10 warm-up iterations of 3 s: until C2 has compiled the Vector API kernels, their vectors are
# objects on the heap (and each thread's packing buffers grow once), which -wi 3 still counted
echo "== allocation per CNN training step (gc.alloc.rate.norm, B/op), vector backend"
$JMH TrainingBenchmark.trainStep -p form=cnn -p backend=vector -f 1 -wi 10 -w 3 -i 3 -r 3 -prof gc 2>&1 \
  | grep -E "^TrainingBenchmark.trainStep( |:gc.alloc.rate.norm|:gc.count)"
