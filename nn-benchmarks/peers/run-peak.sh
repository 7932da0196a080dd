#!/bin/bash
# Theoretical/achieved fp32 peak of this CPU: core clock via a dependent imul chain, AVX-512 / AVX2 FMA throughput,
# 1 process and 2 processes in parallel (to check that the 2 vCPUs are separate cores).
set -e
cd "$(dirname "$0")/peak"
gcc -O2 -march=native -o peak peak.c
lscpu | grep -E "Model name|^CPU\(s\)|Thread|MHz|L1d|L2|L3|Flags" | sed 's/Flags:.*/Flags: (avx512f avx512_fp16 amx_tile amx_bf16 ... see lscpu)/'
grep -m1 "cpu MHz" /proc/cpuinfo
echo "== 1 process"; ./peak
echo "== 2 processes in parallel"; ./peak > /tmp/peak2.$$ & ./peak; wait; cat /tmp/peak2.$$; rm -f /tmp/peak2.$$
