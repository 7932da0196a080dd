#!/usr/bin/env python3
"""Generates the whole-network PyTorch fixtures that nn-examples' NetworkFixturesTest compares against.

Run from the repository root with Debian's python3-torch (or any PyTorch >= 1.13):

    /usr/bin/python3 nn-examples/src/test/python/make_network_fixtures.py

It writes nn-examples/src/test/resources/fixtures/networks.json: for each small network (conv → pool
→ dense; a residual block; batch norm trained one step then evaluated), the nn4j network section in
YAML, a batch of inputs and one-hot targets, every parameter and buffer under nn4j's qualified name
(layer name, dot, parameter name), and, computed in float64 from values exactly representable as
float32: the outputs, the categorical cross-entropy (mean over the batch, as nn4j's
categorical_cross_entropy), its gradient with respect to every parameter, and for batch norm the
running statistics after the training pass and the outputs in eval mode on a second batch.

Images are flattened row-major (channel, row, column), one sample after another, as nn4j holds
them; weights keep PyTorch's layouts (conv out × in × kh × kw, dense out × in), which are nn4j's.
The seed is fixed, so rerunning gives the same file.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1919)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures")


def f32(*shape, scale=1.0, shift=0.0, positive=False):
    """Random normal values computed and rounded in float32, held as float64."""
    v = torch.randn(*shape, dtype=torch.float32) * scale
    return ((v.abs() if positive else v) + shift).double()


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def one_hot(batch, classes):
    return F.one_hot(torch.randint(0, classes, (batch,)), classes).double()


def case(name, yaml, x, targets, params, forward, buffers=None, eval_x=None):
    leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    bufs = {k: v.clone() for k, v in (buffers or {}).items()}
    c = {"name": name, "network": yaml, "batch": x.shape[0], "input": flat(x),
         "targets": flat(targets), "params": {k: flat(v) for k, v in leaves.items()},
         "buffers": {k: flat(v) for k, v in bufs.items()}}
    logits = forward(x, leaves, bufs, True)
    loss = -(targets * F.log_softmax(logits, dim=1)).sum(1).mean()
    loss.backward()
    c["output"] = flat(F.softmax(logits, dim=1))
    c["loss"] = float(loss)
    c["grads"] = {k: flat(v.grad) for k, v in leaves.items()}
    if bufs:
        c["buffers_after"] = {k: flat(v) for k, v in bufs.items()}
    if eval_x is not None:
        with torch.no_grad():
            c["eval_batch"] = eval_x.shape[0]
            c["eval_input"] = flat(eval_x)
            c["eval_output"] = flat(F.softmax(forward(eval_x, leaves, bufs, False), dim=1))
    return c


CNN = """\
inputs: [2, 7, 7]
layers:
  - {name: conv, type: conv2d, outChannels: 3, kernel: 3, padding: 1}
  - {type: activation, activation: relu}
  - {type: max_pool2d, kernel: 2}
  - {type: flatten}
  - {name: out, units: 4, activation: softmax}
"""


def cnn(x, p, b, training):
    h = F.max_pool2d(F.relu(F.conv2d(x, p["conv.weights"], p["conv.biases"], padding=1)), 2)
    return F.linear(h.flatten(1), p["out.weights"], p["out.biases"])


RESIDUAL = """\
inputs: [2, 5, 5]
layers:
  - {name: stem, type: conv2d, outChannels: 3, kernel: 3, padding: 1}
  - {name: stem_relu, type: activation, activation: relu}
  - {name: branch, type: conv2d, outChannels: 3, kernel: 3, padding: 1}
  - {name: sum, type: add, inputs: [stem_relu, branch]}
  - {type: activation, activation: relu}
  - {type: avg_pool2d, kernel: 2, stride: 2}
  - {type: flatten}
  - {name: out, units: 3, activation: softmax}
"""


def residual(x, p, b, training):
    s = F.relu(F.conv2d(x, p["stem.weights"], p["stem.biases"], padding=1))
    h = F.relu(s + F.conv2d(s, p["branch.weights"], p["branch.biases"], padding=1))
    return F.linear(F.avg_pool2d(h, 2, 2).flatten(1), p["out.weights"], p["out.biases"])


BATCH_NORM = """\
inputs: [2, 6, 5]
layers:
  - {name: conv, type: conv2d, outChannels: 4, kernel: 3, bias: false}
  - {name: norm, type: batch_norm, momentum: 0.2}
  - {type: activation, activation: relu}
  - {type: global_avg_pool2d}
  - {name: out, units: 3, activation: softmax}
"""


def batch_norm(x, p, b, training):
    h = F.conv2d(x, p["conv.weights"])
    h = F.batch_norm(h, b["norm.running_mean"], b["norm.running_var"], p["norm.gamma"],
                     p["norm.beta"], training=training, momentum=0.2, eps=1e-5)
    return F.linear(F.relu(h).mean((2, 3)), p["out.weights"], p["out.biases"])


cases = [
    case("conv-pool-dense", CNN, f32(3, 2, 7, 7), one_hot(3, 4),
         {"conv.weights": f32(3, 2, 3, 3, scale=0.4), "conv.biases": f32(3, scale=0.1),
          "out.weights": f32(4, 27, scale=0.3), "out.biases": f32(4, scale=0.1)}, cnn),
    case("residual-block", RESIDUAL, f32(4, 2, 5, 5), one_hot(4, 3),
         {"stem.weights": f32(3, 2, 3, 3, scale=0.4), "stem.biases": f32(3, scale=0.1),
          "branch.weights": f32(3, 3, 3, 3, scale=0.4), "branch.biases": f32(3, scale=0.1),
          "out.weights": f32(3, 12, scale=0.3), "out.biases": f32(3, scale=0.1)}, residual),
    case("batch-norm-train-then-eval", BATCH_NORM, f32(5, 2, 6, 5, scale=2.0), one_hot(5, 3),
         {"conv.weights": f32(4, 2, 3, 3, scale=0.4), "norm.gamma": f32(4, scale=0.2, shift=1.0),
          "norm.beta": f32(4, scale=0.2), "out.weights": f32(3, 4, scale=0.5),
          "out.biases": f32(3, scale=0.1)}, batch_norm,
         buffers={"norm.running_mean": f32(4, scale=0.1), "norm.running_var": f32(4, shift=1.0, positive=True)},
         eval_x=f32(2, 2, 6, 5, scale=2.0)),
]

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "networks.json"), "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
    f.write("\n")
