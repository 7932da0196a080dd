#!/usr/bin/python3
"""The model of nn-examples' fashion-mnist-cnn.yaml in PyTorch, for the wall-clock comparison in BENCHMARKS.md.

conv 16 3×3 pad 1 → batch norm → ReLU → max pool 2 → conv 32 3×3 pad 1 → batch norm → ReLU → max pool 2
→ flatten → 64 ReLU → 10
(softmax + cross-entropy), Adam lr 0.002 with cosine annealing to 0 over 5,064 steps, batch 128,
12 epochs on the first 90 % of the shuffled training set (nn4j's validationSplit: 0.1), pixels
min-max scaled to [0, 1], accuracy on t10k.

usage: /usr/bin/python3 fashion_mnist_cnn_torch.py [threads=1] [epochs=12] [dir=/usr/share/datasets/fashion-mnist]
Needs python3-torch and dataset-fashion-mnist (apt-get install -y python3-torch dataset-fashion-mnist).
Prints whether this PyTorch has oneDNN (mkldnn), the time of the whole run (loading included) and
of the training alone.
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
epochs = int(opts.get("epochs", "12"))
folder = opts.get("dir", "/usr/share/datasets/fashion-mnist")
torch.set_num_threads(threads)
torch.manual_seed(1)
print(f"# torch {torch.__version__}, oneDNN (torch.backends.mkldnn.is_available()): "
      f"{torch.backends.mkldnn.is_available()}", flush=True)


def idx(name, offset):
    with gzip.open(f"{folder}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def images(name):
    return torch.from_numpy(idx(name, 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255)


x_train = images("train-images-idx3-ubyte.gz")
y_train = torch.from_numpy(idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
x_test = images("t10k-images-idx3-ubyte.gz")
y_test = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))
order = torch.randperm(len(x_train))
train = order[: len(order) * 9 // 10]

model = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10))
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
steps = epochs * ((len(train) + 127) // 128)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps, eta_min=0)
t0 = time.perf_counter()
for epoch in range(epochs):
    shuffled = train[torch.randperm(len(train))]
    for i in range(0, len(shuffled), 128):
        rows = shuffled[i:i + 128]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x_train[rows]), y_train[rows])
        loss.backward()
        opt.step()
        schedule.step()
    print(f"# epoch {epoch + 1}: loss {loss.item():.4f}, {time.perf_counter() - t0:.1f} s", flush=True)
training = time.perf_counter() - t0
model.eval()
with torch.no_grad():
    accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
print(f"RESULT torch {torch.__version__} fashion-mnist-cnn threads={threads} epochs={epochs} "
      f"test_accuracy={accuracy:.4f} training_s={training:.2f} total_s={time.perf_counter() - start:.2f}")
