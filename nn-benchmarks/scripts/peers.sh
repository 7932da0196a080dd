# Sourced by measure-all.sh, paired-epochs.sh, paired-gemm.sh and lockstep-epochs.sh: where nn4j
# and the peers are, and how each script runs PyTorch's and GemmBench's benchmarks.
# NN: this repository; P: the peers' harness ($PEERS, default nn-benchmarks/peers in this repository);
# OB: the OpenBLAS that run-torch.sh unpacks there.
NN=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
P=${PEERS:-$NN/nn-benchmarks/peers}
OB=$P/debs/root/usr/lib/x86_64-linux-gnu/openblas-pthread
# torch_run THREADS ARGS...: torch_bench.py on OpenBLAS with THREADS threads
torch_run() { (cd "$P/torch" && OMP_WAIT_POLICY=passive OPENBLAS_NUM_THREADS=$1 LD_LIBRARY_PATH=$OB exec /usr/bin/python3 torch_bench.py threads=$1 "${@:2}"); }
# torch THREADS ARGS...: torch_run, printing only its RESULT line
torch() { torch_run "$@" 2>&1 | grep RESULT; }
# gemm ARGS...: the peers' GemmBench with nn4j's backends on the class path; prints its RESULT,
# SKIP and exception lines
gemm() { (cd "$P/gemm" && java -Dorg.bytedeco.javacpp.cachedir="$P/javacpp-cache" --add-modules jdk.incubator.vector -Xms2g -Xmx2g -cp "target/classes:target/lib/*:$NN/nn-api/target/classes:$NN/nn-core/target/classes:$NN/nn-backend-vector/target/classes" perf.GemmBench "$@" 2>&1 | grep -E "RESULT|SKIP|Exception"); }
