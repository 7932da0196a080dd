#!/usr/bin/python3
"""PyTorch CPU anchors (Debian python3-torch).
usage: /usr/bin/python3 torch_bench.py mode=mlp|tiny|gemm threads=1|2 [updater=sgd|adam] [epochs=5] [ftz=1] [lockstep=1]
  mlp : 784-256-128-10 (ReLU, ReLU, Linear) + cross_entropy (= softmax + MCXENT), float32, batch 128,
        synthetic 60,000 x 784 in memory, 468 full batches per epoch, 1 warm-up epoch + `epochs` timed epochs.
  tiny: 2-2-1 Linear layers (identity activations) + MSE, ONE sample, batch 1, steps/s (median of 7 x 1 s windows).
  gemm: torch.mm throughput for the GEMM shapes (GFLOP/s, median of 7) to see which BLAS is underneath.
Threads: torch.set_num_threads(threads); for an external BLAS also export OPENBLAS_NUM_THREADS (see run-torch.sh).
"""
import sys, time, statistics, os
import torch
import torch.nn as nn
import torch.nn.functional as F

opts = dict(a.split("=", 1) for a in sys.argv[1:])
mode = opts.get("mode", "mlp")
threads = int(opts.get("threads", "1"))
upd = opts.get("updater", "sgd")
epochs = int(opts.get("epochs", "5"))
torch.set_num_threads(threads)
torch.manual_seed(0)
if opts.get("ftz", "0") == "1":      # flush denormals to zero (FTZ/DAZ) - diagnostic for the Adam slowdown
    assert torch.set_flush_denormal(True)

def blas_libs():
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1]
            if any(s in p for s in ("blas", "lapack", "dnnl", "gomp")):
                libs.add(os.path.realpath(p))
    return sorted(libs)

def make_opt(params):
    return torch.optim.Adam(params, lr=1e-3) if upd == "adam" else torch.optim.SGD(params, lr=0.01)

if mode == "mlp":
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = make_opt(model.parameters())
    n, batch = 60000, 128
    nb = n // batch
    X = torch.rand(n, 784)
    Y = torch.randint(0, 10, (n,))
    batches = [(X[i * batch:(i + 1) * batch], Y[i * batch:(i + 1) * batch]) for i in range(nb)]
    def epoch():
        t0 = time.perf_counter()
        for xb, yb in batches:
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
        return time.perf_counter() - t0, loss
    if opts.get("lockstep", "0") == "1":  # nn4j's lockstep-epochs.sh: warm-up, READY, one timed epoch per line of stdin
        epoch()
        print("READY", flush=True)
        while sys.stdin.readline():
            print(f"EPOCH {epoch()[0] * 1000:.1f}", flush=True)
        sys.exit(0)
    rates = []
    for e in range(-1, epochs):
        dt, loss = epoch()
        r = nb * batch / dt
        print(f"# epoch {e}{' (warm-up)' if e < 0 else ''}: {dt:.2f} s, {r:.0f} samples/s, loss {loss.item():.4f}", flush=True)
        if e >= 0:
            rates.append(r)
    print(f"# libs: {blas_libs()}")
    print(f"RESULT torch {torch.__version__} mlp updater={upd} threads={threads} openblas_threads={os.environ.get('OPENBLAS_NUM_THREADS')} ftz={opts.get('ftz', '0')} "
          f"samples_per_s_median={statistics.median(rates):.0f} min={min(rates):.0f} max={max(rates):.0f} epochs={epochs}")
elif mode == "tiny":
    model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
    opt = make_opt(model.parameters())
    x = torch.tensor([[0.5, -0.25]])
    y = torch.tensor([[0.75]])
    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        return loss
    for _ in range(20000):
        step()
    rates = []
    for _ in range(7):
        t0 = time.perf_counter(); it = 0
        while True:
            for _ in range(100):
                step()
            it += 100
            dt = time.perf_counter() - t0
            if dt >= 1.0:
                break
        rates.append(it / dt)
    med = statistics.median(rates)
    print(f"RESULT torch {torch.__version__} tiny updater={upd} threads={threads} steps_per_s_median={med:.0f} "
          f"min={min(rates):.0f} max={max(rates):.0f} us_per_step={1e6 / med:.1f}")
elif mode == "gemm":
    for (M, K, N) in [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (128, 784, 256), (128, 256, 256)]:
        A = torch.rand(M, K); B = torch.rand(K, N)
        C = torch.mm(A, B)
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 1.0:
            torch.mm(A, B, out=C)
        gf = []
        for _ in range(7):
            t0 = time.perf_counter(); it = 0
            while True:
                torch.mm(A, B, out=C); it += 1
                dt = time.perf_counter() - t0
                if dt >= 0.3:
                    break
            gf.append(2.0 * M * N * K * it / dt / 1e9)
        print(f"RESULT torch {torch.__version__} mm threads={threads} openblas_threads={os.environ.get('OPENBLAS_NUM_THREADS')} "
              f"shape={M}x{K}x{N} gflops_median={statistics.median(gf):.2f} min={min(gf):.2f} max={max(gf):.2f}")
    print(f"# libs: {blas_libs()}")
