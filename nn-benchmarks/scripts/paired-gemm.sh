#!/bin/bash
# SGEMM on the MLP's shapes, nn4j's vector backend against OpenBLAS through the peers' GemmBench, so
# that both see the same minutes of a shared machine, six times per thread count. At 1 thread one
# JVM holds both and their 300 ms samples alternate (`interleave=1`, the order reversed every
# sample). At 2 threads each library runs in a JVM of its own, one right after the other (which
# goes first alternates): in one JVM the two thread pools spin against each other (both fell to
# 79-93 GFLOP/s from 124-161). Prints nn4j / OpenBLAS per shape, and any SKIP or exception line;
# then, per thread count, the median and the lowest of the eighteen ratios.
# Prerequisites as for measure-all.sh (GemmBench built in nn-benchmarks/peers/gemm).
# Usage: nn-benchmarks/scripts/paired-gemm.sh
set -u
. "$(dirname "$0")/peers.sh"
SHAPES=128x784x256,256x128x784,128x256x784
pair() { gemm "$@" samples=7 warmupMs=1000; }
echo "== $(date -u) $(git -C "$NN" rev-parse --short HEAD)"
for t in 1 2; do
  ratios=""
  for i in 1 2 3 4 5 6; do
    if [ $t -eq 1 ]; then
      out="$(pair impls=nn4j,openblas threads=1 shapes=$SHAPES interleave=1)"
    elif [ $((i % 2)) -eq 1 ]; then
      out="$(pair impls=nn4j threads=$t shapes=$SHAPES; pair impls=openblas threads=$t shapes=$SHAPES)"
    else
      out="$(pair impls=openblas threads=$t shapes=$SHAPES; pair impls=nn4j threads=$t shapes=$SHAPES)"
    fi
    echo "$out" | grep -vE "^RESULT" >&2
    line=$(echo "$out" | awk -v t=$t -v shapes=$SHAPES '
      /^RESULT/ { for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
                  g[v["impl"], v["shape"]] = v["gflops_median"]; e[v["impl"], v["shape"]] = v["relerr"] }
      END { n = split(shapes, s, ","); printf "threads=%d", t
            for (i = 1; i <= n; i++) {
              a = g["nn4j", s[i]]; b = g["openblas", s[i]]
              if (a > 0 && b > 0) printf " | %s nn4j %.1f OpenBLAS %.1f ratio %.2f (relerr %s)", s[i], a, b, a / b, e["nn4j", s[i]]
              else printf " | %s missing", s[i] }
            print "" }')
    echo "$line"
    ratios="$ratios $(echo "$line" | grep -oE 'ratio [0-9.]+' | cut -d' ' -f2 | tr '\n' ' ')"
  done
  echo $ratios | tr ' ' '\n' | awk -v label=threads=$t -f "$(dirname "$0")/median.awk"
done
