#!/bin/bash
# PyTorch CPU anchors with Debian 12's python3-torch 1.13.1 (apt-get install -y python3-torch); ~7 min.
# Debian's torch is built with BLAS_INFO=generic and links libblas.so.3, which the python3-torch install resolves to
# the *reference* BLAS (libblas3). The "openblas" runs point LD_LIBRARY_PATH at Debian's libopenblas0-pthread 0.3.21,
# unpacked (not installed) with: apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb debs/root
# usage: ./run-torch.sh [all|gemm|mlp|tiny]
set -e
cd "$(dirname "$0")"
PY=/usr/bin/python3            # Debian's python, not a pyenv shim
OB=$PWD/debs/root/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ ! -e $OB/libblas.so.3 ]; then
  mkdir -p debs && (cd debs && apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb root)
fi
ref()  { local t=$1; shift; echo "== refblas threads=$t $*"; $PY torch/torch_bench.py threads=$t "$@" 2>&1 | grep -E "RESULT|# libs|Error"; }
obl()  { local t=$1; shift; echo "== openblas threads=$t OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-default} $*"; OPENBLAS_NUM_THREADS=$t LD_LIBRARY_PATH=$OB $PY torch/torch_bench.py threads=$t "$@" 2>&1 | grep -E "RESULT|# libs|Error"; }
what=${1:-all}
# host turbo drifts (3.5-3.86 GHz seen): log the core clock and AVX-512 FMA rate before and after
PEAKBIN=$PWD/peak/peak
clock() { [ -x $PEAKBIN ] || gcc -O2 -march=native -o $PEAKBIN $PEAKBIN.c; echo "# clock $1: $($PEAKBIN | head -1)"; }
clock before
trap 'clock after' EXIT
if [ $what = all ] || [ $what = gemm ]; then
  for t in 1 2; do obl $t mode=gemm; done
  ref 1 mode=gemm
fi
if [ $what = all ] || [ $what = mlp ]; then
  for t in 1 2; do for u in sgd adam; do obl $t mode=mlp updater=$u epochs=5; done; done
  # 2 threads: torch's OpenMP pool + OpenBLAS's pthread pool both spin on 2 cores; these avoid the oversubscription:
  OMP_WAIT_POLICY=passive obl 2 mode=mlp updater=sgd epochs=5
  echo "== openblas torch-threads=1 OPENBLAS_NUM_THREADS=2 mode=mlp updater=sgd"
  OPENBLAS_NUM_THREADS=2 LD_LIBRARY_PATH=$OB $PY torch/torch_bench.py threads=1 mode=mlp updater=sgd epochs=5 2>&1 | grep RESULT
  # Adam slows down ~2x after the first epoch: denormals in the optimizer state; flush-to-zero removes it
  obl 1 mode=mlp updater=adam epochs=5 ftz=1
  for t in 1 2; do ref $t mode=mlp updater=sgd epochs=2; done
fi
if [ $what = all ] || [ $what = tiny ]; then
  for t in 1 2; do obl $t mode=tiny updater=sgd; done
  ref 1 mode=tiny updater=sgd
  obl 1 mode=tiny updater=adam
fi
