#!/usr/bin/python3
"""The model of nn-examples' fashion-mnist.yaml in PyTorch, for the wall-clock comparison in BENCHMARKS.md.

784-256-128-10 (ReLU, ReLU, softmax + cross-entropy), Adam lr 0.001 with cosine annealing to 0 over
4,220 steps, batch 128, 10 epochs on the first 90 % of the shuffled training set (nn4j's
validationSplit: 0.1), pixels min-max scaled to [0, 1], accuracy on t10k.

usage: python3 fashion_mnist_torch.py [threads=1] [dir=/usr/share/datasets/fashion-mnist]
Needs python3-torch and dataset-fashion-mnist (apt-get install -y python3-torch dataset-fashion-mnist).
Prints the time of the whole run (loading included) and of the training alone.
"""
import gzip
import sys
import time

start = time.perf_counter()
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

opts = dict(a.split("=", 1) for a in sys.argv[1:])
threads = int(opts.get("threads", "1"))
folder = opts.get("dir", "/usr/share/datasets/fashion-mnist")
torch.set_num_threads(threads)
torch.manual_seed(1)


def idx(name, offset):
    with gzip.open(f"{folder}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


x_train = torch.from_numpy(idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255)
y_train = torch.from_numpy(idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
x_test = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255)
y_test = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))
order = torch.randperm(len(x_train))
train = order[: len(order) * 9 // 10]

model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4220, eta_min=0)
t0 = time.perf_counter()
for epoch in range(10):
    shuffled = train[torch.randperm(len(train))]
    for i in range(0, len(shuffled), 128):
        rows = shuffled[i:i + 128]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x_train[rows]), y_train[rows])
        loss.backward()
        opt.step()
        schedule.step()
    print(f"# epoch {epoch + 1}: loss {loss.item():.4f}", flush=True)
training = time.perf_counter() - t0
with torch.no_grad():
    accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
print(f"RESULT torch {torch.__version__} fashion-mnist threads={threads} test_accuracy={accuracy:.4f} "
      f"training_s={training:.2f} total_s={time.perf_counter() - start:.2f}")
