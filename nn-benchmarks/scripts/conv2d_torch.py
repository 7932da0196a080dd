#!/usr/bin/python3
"""PyTorch's conv2d forward and forward + backward on the Fashion-MNIST CNN's shapes, beside
nn4j's Conv2dBenchmark (nn-benchmarks): batch 128, 3×3 kernels with padding 1,
conv1 = 1×28×28 → 16 channels (no input gradient: it reads the network's input),
conv2 = 16×14×14 → 32 channels (with the input gradient). float32, like nn4j.

usage: /usr/bin/python3 conv2d_torch.py [threads=1] [seconds=2] [repeats=5]
Prints whether this PyTorch has oneDNN (mkldnn) and, per shape, whether conv2d runs through it
(the profiled ops include aten::mkldnn_convolution), then one RESULT line per shape and pass:
the median of `repeats` timings of about `seconds` each, in ms per batch.
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

opts = dict(a.split("=", 1) for a in sys.argv[1:])
threads = int(opts.get("threads", "1"))
seconds = float(opts.get("seconds", "2"))
repeats = int(opts.get("repeats", "5"))
torch.set_num_threads(threads)
torch.manual_seed(1)
print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, "
      f"oneDNN available (torch.backends.mkldnn.is_available()): "
      f"{torch.backends.mkldnn.is_available()}, enabled: {torch.backends.mkldnn.enabled}",
      flush=True)
config = torch.__config__.show().replace(",", "\n").splitlines()
print("# build: " + ", ".join(t.strip() for t in config
                              if any(k in t for k in ("MKLDNN", "oneDNN", "BLAS_INFO", "OPENMP"))),
      flush=True)

BATCH = 128
SHAPES = {
    # name: (channels in, height, width, channels out, input gradient)
    "conv1": (1, 28, 28, 16, False),
    "conv2": (16, 14, 14, 32, True),
}


def timed(fn):
    """Median ms per call over `repeats` runs of about `seconds` each, after one warm-up run."""
    fn()
    calls = 1
    start = time.perf_counter()
    while time.perf_counter() - start < 0.2:
        fn()
        calls += 1
    per = (time.perf_counter() - start) / calls
    n = max(1, int(seconds / per))
    results = []
    for _ in range(repeats + 1):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        results.append((time.perf_counter() - t0) / n * 1000)
    return statistics.median(results[1:])


for name, (c, h, w, o, input_grad) in SHAPES.items():
    x = torch.rand(BATCH, c, h, w).requires_grad_(input_grad)
    weight = (torch.rand(o, c, 3, 3) - 0.5).requires_grad_(True)
    bias = torch.zeros(o).requires_grad_(True)
    dy = torch.rand(BATCH, o, h, w)

    def forward():
        with torch.no_grad():
            F.conv2d(x, weight, bias, 1, 1)

    def forward_backward():
        weight.grad = None
        bias.grad = None
        x.grad = None
        F.conv2d(x, weight, bias, 1, 1).backward(dy)

    with torch.autograd.profiler.profile() as prof:
        forward_backward()
    ops = sorted({e.name for e in prof.function_events if "conv" in e.name or "mkldnn" in e.name})
    print(f"# {name}: conv2d runs through oneDNN: {any('mkldnn' in op for op in ops)} "
          f"(ops: {', '.join(ops)})", flush=True)
    for pass_name, fn in (("forward", forward), ("forwardBackward", forward_backward)):
        print(f"RESULT torch {torch.__version__} conv2d {name} {pass_name} threads={threads} "
              f"ms={timed(fn):.3f}", flush=True)
