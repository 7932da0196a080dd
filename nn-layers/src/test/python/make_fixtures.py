#!/usr/bin/env python3
"""Generates the PyTorch fixtures that nn-layers' tests compare against.

Run from the repository root with Debian's python3-torch (or any PyTorch >= 1.13):

    /usr/bin/python3 nn-layers/src/test/python/make_fixtures.py

It writes nn-layers/src/test/resources/fixtures/<layer>.json, one file per layer, each holding
cases computed in float64 from values that are exactly representable as float32 (so nn4j reads
the same inputs). Each case gives the layer's parameters record (by component name), the input
shape of one sample, the batch, the input, the layer's parameters and buffers, the output, a
fixed random output gradient r (the cost is the linear functional C = sum(r * output)), and the
gradients of C with respect to the input and each parameter. batch_norm cases also give the
running statistics after the training step and an inference output on a second input.

A layer with parameters also gets, per optimizer of OPTIMIZERS (recorded in the file with nn4j's
name and parameters), its parameters after STEPS optimizer steps on the same input and cost,
starting from the case's parameters and buffers ("steps": {optimizer name: {parameter: values}}).
nn4j's sgd (momentum, no dampening) and adam (defaults of Kingma and Ba) are PyTorch's rules.

embedding_sparse.json holds the sparse update: nn.Embedding(sparse=True) with optim.SparseAdam
and with plain optim.SGD, several steps of different ids that use only some rows, with the table
(and SparseAdam's moments) after every step.

Images are flattened row-major (channel, row, column), one sample after another, as nn4j holds
them. The seed is fixed, so rerunning gives the same files.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(19)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures")


def f32(*shape, scale=1.0, shift=0.0):
    """Random normal values rounded to float32, held as float64."""
    return (torch.randn(*shape, dtype=torch.float32) * scale + shift).double()


def uniform32(*shape, low, high):
    return (torch.rand(*shape, dtype=torch.float32) * (high - low) + low).double()


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


# nn4j's optimizer name and parameters of each fixture's optimizer steps; torch_optimizer makes
# PyTorch's equivalent.
OPTIMIZERS = [
    {"name": "sgd_momentum", "type": "sgd", "parameters": {"learningRate": 0.1, "momentum": 0.9}},
    {"name": "adam", "type": "adam", "parameters": {"learningRate": 0.01}},
]
STEPS = 3


def torch_optimizer(spec, params):
    p = spec["parameters"]
    if spec["type"] == "sgd":
        return torch.optim.SGD(params, lr=p["learningRate"], momentum=p.get("momentum", 0.0))
    if spec["type"] == "adam":
        return torch.optim.Adam(params, lr=p["learningRate"])
    raise ValueError(spec["type"])


def optimizer_steps(x, r, forward, tensors, buffers):
    """The parameters after STEPS steps of each optimizer minimising C = sum(r * forward(x))."""
    out = {}
    for spec in OPTIMIZERS:
        leaves = {k: v.clone().requires_grad_(True) for k, v in tensors.items()}
        bufs = {k: v.clone() for k, v in (buffers or {}).items()}
        opt = torch_optimizer(spec, list(leaves.values()))
        for _ in range(STEPS):
            opt.zero_grad()
            (forward(x.detach(), leaves, bufs) * r).sum().backward()
            opt.step()
        out[spec["name"]] = {k: flat(v) for k, v in leaves.items()}
    return out


def run(name, params, sample_shape, batch, forward, tensors, buffers=None, x=None,
        needs_input_grad=True, extra=None):
    """Runs forward, then backward of sum(r * y); returns the case as a dict."""
    if x is None:
        x = f32(batch, *sample_shape)
    x = x.clone().requires_grad_(needs_input_grad)
    leaves = {k: v.clone().requires_grad_(True) for k, v in tensors.items()}
    bufs = {k: v.clone() for k, v in (buffers or {}).items()}
    case = {
        "name": name,
        "parameters": params,
        "input_shape": list(sample_shape),
        "batch": batch,
        "input": flat(x),
        "params": {k: flat(v) for k, v in leaves.items()},
        "buffers": {k: flat(v) for k, v in bufs.items()},
    }
    y = forward(x, leaves, bufs)
    r = f32(*y.shape)
    (y * r).sum().backward()
    case["output_shape"] = list(y.shape[1:])
    case["output"] = flat(y)
    case["grad_output"] = flat(r)
    if needs_input_grad:
        case["grad_input"] = flat(x.grad)
    case["grads"] = {k: flat(v.grad) for k, v in leaves.items()}
    if bufs:
        case["buffers_after"] = {k: flat(v) for k, v in bufs.items()}
    if tensors:
        case["steps"] = optimizer_steps(x, r, forward, tensors, buffers)
    if extra:
        extra(case, leaves, bufs)
    return case


def write(layer, cases):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, layer + ".json"), "w") as f:
        json.dump({"layer": layer, "torch": torch.__version__, "optimizers": OPTIMIZERS,
                   "steps": STEPS, "cases": cases}, f)
        f.write("\n")


def flatten():
    fwd = lambda x, p, b: torch.flatten(x, 1)
    write("flatten", [
        run("image 2x3x4, batch 3", {}, (2, 3, 4), 3, fwd, {}),
        run("vector 5, batch 1", {}, (5,), 1, fwd, {}),
    ])


def global_avg_pool2d():
    fwd = lambda x, p, b: x.mean(dim=(2, 3))
    write("global_avg_pool2d", [
        run("3x5x4, batch 2", {}, (3, 5, 4), 2, fwd, {}),
        run("1x1x1, batch 1", {}, (1, 1, 1), 1, fwd, {}),
        run("4x3x7, batch 3", {}, (4, 3, 7), 3, fwd, {}),
    ])


POOLS = [
    # (kernel, stride (0 = kernel), padding, channels, height, width, batch)
    (2, 0, 0, 3, 5, 7, 2),
    (3, 2, 1, 2, 7, 6, 1),
    (3, 1, 0, 1, 4, 5, 3),
    (2, 1, 1, 2, 3, 3, 2),
    (3, 3, 1, 2, 8, 7, 2),
]


def pools():
    for layer, op in (("max_pool2d", F.max_pool2d), ("avg_pool2d", F.avg_pool2d)):
        cases = []
        for k, s, p, c, h, w, n in POOLS:
            stride = s or k
            fwd = lambda x, _p, _b, k=k, stride=stride, p=p: op(x, k, stride, p)
            cases.append(run(f"k{k} s{stride} p{p}, {c}x{h}x{w}, batch {n}",
                             {"kernel": k, "stride": s, "padding": p}, (c, h, w), n, fwd, {}))
        write(layer, cases)


CONVS = [
    # (out, kernel, stride, padding, dilation, groups, bias, channels, height, width, batch)
    (4, 3, 1, 0, 1, 1, True, 3, 5, 7, 2),
    (5, 3, 2, 1, 1, 1, True, 2, 7, 6, 3),
    (3, 3, 1, 2, 2, 1, False, 2, 8, 9, 1),
    (6, 2, 1, 1, 1, 2, True, 4, 5, 5, 2),
    (2, 1, 1, 0, 1, 1, True, 3, 4, 3, 2),
    (3, 3, 2, 1, 1, 3, True, 3, 6, 5, 2),
    (4, 5, 2, 2, 1, 1, True, 1, 9, 9, 1),
]


def conv2d():
    cases = []
    for o, k, s, p, d, g, bias, c, h, w, n in CONVS:
        fan_in = c // g * k * k
        bound = fan_in ** -0.5
        tensors = {"weights": uniform32(o, c // g, k, k, low=-bound, high=bound)}
        if bias:
            tensors["biases"] = uniform32(o, low=-bound, high=bound)
        fwd = (lambda x, t, b, s=s, p=p, d=d, g=g:
               F.conv2d(x, t["weights"], t.get("biases"), s, p, d, g))
        params = {"outChannels": o, "kernel": k, "stride": s, "padding": p, "dilation": d,
                  "groups": g, "bias": bias}
        cases.append(run(f"out {o} k{k} s{s} p{p} d{d} g{g} bias {bias}, {c}x{h}x{w}, batch {n}",
                         params, (c, h, w), n, fwd, tensors))
    write("conv2d", cases)


BATCH_NORMS = [
    # (sample shape, batch, momentum, epsilon)
    ((3,), 5, 0.1, 1e-5),
    ((4,), 2, 0.1, 1e-5),
    ((3, 4, 5), 2, 0.1, 1e-5),
    ((2, 3, 3), 1, 0.3, 1e-3),
    ((5,), 7, 0.25, 1e-2),
]


def batch_norm():
    cases = []
    for shape, n, momentum, eps in BATCH_NORMS:
        c = shape[0]
        tensors = {"gamma": f32(c, scale=0.3, shift=1.0), "beta": f32(c, scale=0.3)}
        buffers = {"running_mean": f32(c, scale=0.2), "running_var": uniform32(c, low=0.5, high=1.5)}
        fwd = (lambda x, t, b, momentum=momentum, eps=eps:
               F.batch_norm(x, b["running_mean"], b["running_var"], t["gamma"], t["beta"],
                            True, momentum, eps))
        x2 = f32(3, *shape, scale=1.5, shift=0.5)

        def evaluate(case, t, b, x2=x2, eps=eps):
            with torch.no_grad():
                y = F.batch_norm(x2, b["running_mean"], b["running_var"], t["gamma"], t["beta"],
                                 False, 0.0, eps)
            case["eval_batch"] = 3
            case["eval_input"] = flat(x2)
            case["eval_output"] = flat(y)

        x = f32(n, *shape, scale=2.0, shift=1.0)
        cases.append(run(f"{'x'.join(map(str, shape))}, batch {n}, momentum {momentum}, eps {eps}",
                         {"momentum": momentum, "epsilon": eps}, shape, n, fwd, tensors, buffers,
                         x=x, extra=evaluate))
    write("batch_norm", cases)


def layer_norm():
    cases = []
    for shape, n, eps in (((5,), 4, 1e-5), ((3, 4, 5), 2, 1e-5), ((7,), 1, 1e-5), ((2, 3, 3), 3, 1e-2)):
        tensors = {"gamma": f32(*shape, scale=0.3, shift=1.0), "beta": f32(*shape, scale=0.3)}
        fwd = lambda x, t, b, shape=shape, eps=eps: F.layer_norm(x, shape, t["gamma"], t["beta"], eps)
        cases.append(run(f"{'x'.join(map(str, shape))}, batch {n}, eps {eps}", {"epsilon": eps},
                         shape, n, fwd, tensors, x=f32(n, *shape, scale=2.0, shift=1.0)))
    write("layer_norm", cases)


def embedding():
    cases = []
    for num, dim, length, n in ((10, 4, 1, 5), (7, 3, 2, 3), (5, 6, 1, 1), (4, 2, 3, 4)):
        ids = torch.randint(0, num, (n, length)).double()
        tensors = {"weights": f32(num, dim)}
        fwd = lambda x, t, b: F.embedding(x.long(), t["weights"]).reshape(x.shape[0], -1)
        cases.append(run(f"{num}x{dim}, {length} ids per sample, batch {n}",
                         {"numEmbeddings": num, "embeddingDim": dim}, (length,), n, fwd, tensors,
                         x=ids, needs_input_grad=False))
    write("embedding", cases)


SPARSE_OPTIMIZERS = [
    # nn4j's name and parameters; PyTorch's optimizer for a sparse gradient
    {"name": "sparse_adam", "type": "adam", "parameters": {"learningRate": 0.01, "sparse": True},
     "torch": lambda params: torch.optim.SparseAdam(params, lr=0.01)},
    {"name": "sgd", "type": "sgd", "parameters": {"learningRate": 0.1},
     "torch": lambda params: torch.optim.SGD(params, lr=0.1)},
]


def embedding_sparse():
    """Steps of different ids, each batch using only some rows of the table; rows at and above
    `used` are never used, and some rows used early are not used later."""
    cases = []
    for num, dim, length, n, schedule in ((12, 3, 2, 4, (8, 8, 4, 4, 4)), (6, 5, 1, 3, (3, 5, 2, 2))):
        weights = f32(num, dim)
        steps = []
        for bound in schedule:
            ids = torch.randint(0, bound, (n, length))
            steps.append({"ids": ids, "r": f32(n, length * dim)})
        case = {
            "name": f"{num}x{dim}, {length} ids per sample, batch {n}, ids below {list(schedule)}",
            "parameters": {"numEmbeddings": num, "embeddingDim": dim},
            "input_shape": [length],
            "batch": n,
            "params": {"weights": flat(weights)},
            "steps": [{"input": flat(s["ids"].double()), "grad_output": flat(s["r"])}
                      for s in steps],
            "after": {},
        }
        for spec in SPARSE_OPTIMIZERS:
            emb = torch.nn.Embedding(num, dim, sparse=True).double()
            with torch.no_grad():
                emb.weight.copy_(weights)
            opt = spec["torch"]([emb.weight])
            after = []
            for s in steps:
                opt.zero_grad()
                (emb(s["ids"]).reshape(n, -1) * s["r"]).sum().backward()
                assert emb.weight.grad.is_sparse
                opt.step()
                state = opt.state[emb.weight]
                record = {"weights": flat(emb.weight)}
                if "exp_avg" in state:
                    record["m"] = flat(state["exp_avg"])
                    record["v"] = flat(state["exp_avg_sq"])
                after.append(record)
            case["after"][spec["name"]] = after
        cases.append(case)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "embedding_sparse.json"), "w") as f:
        json.dump({"layer": "embedding", "torch": torch.__version__,
                   "optimizers": [{k: v for k, v in o.items() if k != "torch"}
                                  for o in SPARSE_OPTIMIZERS],
                   "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    flatten()
    global_avg_pool2d()
    pools()
    conv2d()
    batch_norm()
    layer_norm()
    embedding()
    embedding_sparse()
