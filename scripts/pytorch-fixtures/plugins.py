#!/usr/bin/env python3
"""Generates the PyTorch fixtures that nn4j's plugin tests compare against.

Run from the repository root with Debian's python3-torch (1.13):

    /usr/bin/python3 scripts/pytorch-fixtures/plugins.py

Everything is computed in float64 from inputs that are exactly representable as float32 (nn4j
computes in float32), and written as JSON under nn-*/src/test/resources/pytorch/. The tests read
the files; they never need PyTorch.

- activations.json: f(z) and f'(z) (autograd) on a grid of z, for every built-in activation and
  its non-default parameters; softmax as rows with a vector-Jacobian product.
- losses.json: the value and dC/ds (autograd) of every built-in loss on a 4x3 batch, and the
  fused dC/dz through sigmoid or softmax where nn4j fuses.
- optimizers.json: a 3-4-2 network (tanh, then identity, MSE) with explicit initial weights,
  trained on 8 samples in file order with batches of 4 for 6 steps; per step the gradients
  PyTorch computed and the parameters after the step. nn4j replays the gradients.
- schedules: StepLR, ExponentialLR and CosineAnnealingLR rates, in optimizers.json.

nadam: PyTorch 1.13's NAdam multiplies mu_t twice into the product of the next step's bias
correction (mu_product * mu * mu_next); its documentation and later releases use
mu_product * mu_next. The reference here is the documented rule, written out in torch float64
operations, and checked against 1.13's NAdam with that one line fixed.
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def f32(values):
    """Rounds to float32 and back, so the inputs are exactly what nn4j sees."""
    return torch.tensor(values, dtype=torch.float32).to(torch.float64)


def write(module, name, data):
    path = os.path.join(ROOT, module, "src/test/resources/pytorch", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        json.dump(data, out, indent=1)
        out.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


def header():
    return {"generator": "scripts/pytorch-fixtures/plugins.py", "torch": torch.__version__,
            "dtype": "float64"}


# ---------------------------------------------------------------------------------------------
# activations

Z = [-50, -20, -8, -5, -3.5, -2, -1.5, -1, -0.5, -0.1, -1e-3, 0, 1e-3, 0.1, 0.5, 1, 1.5, 2, 3.5,
     5, 8, 20, 50]

ACTIVATIONS = [
    ("identity", {}, lambda z: z),
    ("sigmoid", {}, torch.sigmoid),
    ("tanh", {}, torch.tanh),
    ("relu", {}, F.relu),
    ("leaky_relu", {}, lambda z: F.leaky_relu(z, 0.01)),
    ("leaky_relu", {"alpha": 0.2}, lambda z: F.leaky_relu(z, 0.2)),
    ("elu", {}, lambda z: F.elu(z, 1.0)),
    ("elu", {"alpha": 0.5}, lambda z: F.elu(z, 0.5)),
    ("selu", {}, F.selu),
    ("gelu", {}, lambda z: F.gelu(z)),
    ("gelu", {"approximate": "tanh"}, lambda z: F.gelu(z, approximate="tanh")),
    # PyTorch's softplus turns linear above z = 20 (threshold); nn4j computes ln(1 + e^z) exactly
    ("softplus", {}, lambda z: F.softplus(z, beta=1, threshold=1000)),
    ("softsign", {}, F.softsign),
    ("silu", {}, F.silu),
    ("hard_sigmoid", {}, F.hardsigmoid),
]


def activations():
    cases = []
    for name, parameters, f in ACTIVATIONS:
        z = f32(Z).requires_grad_(True)
        a = f(z)
        (grad,) = torch.autograd.grad(a.sum(), z)
        cases.append({"name": name, "parameters": parameters, "z": z.tolist(),
                      "value": a.tolist(), "derivative": grad.tolist()})
    z = f32([[1, 2, 3, 4], [-1, 0, 1, 30], [0.5, 0.5, 0.5, 0.5]]).requires_grad_(True)
    grad_a = f32([[0.1, -0.2, 0.3, 0.4], [1, 0, 0, 0], [-1, 2, -3, 4]])
    a = torch.softmax(z, dim=1)
    (grad_z,) = torch.autograd.grad(a, z, grad_a)
    softmax = {"name": "softmax", "parameters": {}, "z": z.tolist(), "gradA": grad_a.tolist(),
               "value": a.tolist(), "gradZ": grad_z.tolist()}
    write("nn-activations", "activations.json",
          dict(header(), elementwise=cases, softmax=softmax))


# ---------------------------------------------------------------------------------------------
# losses

S = [[0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.05, 0.9, 0.05], [0.3, 0.3, 0.4]]
Y = [[0.0, 1.0, 0.5], [1.0, 0.0, 0.25], [0.2, 0.7, 0.9], [0.0, 0.0, 1.0]]
ONE_HOT = [[0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
PROBABILITIES = [[0.1, 0.6, 0.3], [0.5, 0.25, 0.25], [0.2, 0.7, 0.1], [0.0, 0.4, 0.6]]
COUNTS = [[0, 1, 3], [2, 0, 1], [1, 1, 0], [0, 4, 2]]
CLASSES = [[1], [0], [1], [2]]


def rows(c):
    return c.shape[0]


LOSSES = [
    ("squared_error", {}, Y, lambda s, y: 0.5 * ((s - y) ** 2).sum() / rows(s)),
    ("mse", {}, Y, F.mse_loss),
    ("mae", {}, Y, F.l1_loss),
    ("huber", {}, Y, lambda s, y: F.huber_loss(s, y, delta=1.0)),
    ("huber", {"delta": 0.2}, Y, lambda s, y: F.huber_loss(s, y, delta=0.2)),
    ("binary_cross_entropy", {}, Y, F.binary_cross_entropy),
    ("categorical_cross_entropy", {}, ONE_HOT, lambda s, y: -(y * torch.log(s)).sum() / rows(s)),
    ("sparse_categorical_cross_entropy", {}, CLASSES,
     lambda s, k: F.nll_loss(torch.log(s), k.long().flatten())),
    ("hinge", {}, ONE_HOT, lambda s, y: torch.clamp(1 - (2 * y - 1) * s, min=0).mean()),
    ("kl_divergence", {}, PROBABILITIES,
     lambda s, y: F.kl_div(torch.log(s), y, reduction="batchmean")),
    ("poisson", {}, COUNTS, lambda s, y: F.poisson_nll_loss(s, y, log_input=False, eps=1e-7)),
    ("log_cosh", {}, Y, lambda s, y: torch.log(torch.cosh(s - y)).mean()),
    ("cosine_similarity", {}, Y,
     lambda s, y: -(F.normalize(s, eps=1e-6) * F.normalize(y, eps=1e-6)).sum(1).mean()),
]

FUSED = [
    ("binary_cross_entropy", "sigmoid", Y, lambda z: torch.sigmoid(z), F.binary_cross_entropy),
    ("categorical_cross_entropy", "softmax", ONE_HOT, lambda z: torch.softmax(z, 1),
     lambda s, y: -(y * torch.log(s)).sum() / rows(s)),
    ("sparse_categorical_cross_entropy", "softmax", CLASSES, lambda z: torch.softmax(z, 1),
     lambda s, k: F.nll_loss(torch.log(s), k.long().flatten())),
]
LOGITS = [[0.5, -1, 2], [3, 0.25, -0.5], [-2, 1, 0], [0.1, 0.2, 0.3]]


def losses():
    cases = []
    for name, parameters, targets, loss in LOSSES:
        s = f32(S).requires_grad_(True)
        y = f32(targets)
        c = loss(s, y)
        (grad,) = torch.autograd.grad(c, s)
        cases.append({"name": name, "parameters": parameters, "predictions": s.tolist(),
                      "targets": y.tolist(), "value": c.item(), "gradient": grad.tolist()})
    fused = []
    for name, activation, targets, f, loss in FUSED:
        z = f32(LOGITS).requires_grad_(True)
        y = f32(targets)
        (grad,) = torch.autograd.grad(loss(f(z), y), z)
        fused.append({"name": name, "activation": activation, "z": z.tolist(),
                      "targets": y.tolist(), "gradZ": grad.tolist()})
    write("nn-losses", "losses.json", dict(header(), losses=cases, fused=fused))


# ---------------------------------------------------------------------------------------------
# optimizers and schedules

X = [[0.1, 0.2, 0.3], [0.5, -0.4, 0.2], [-0.3, 0.8, -0.1], [0.9, 0.1, -0.6],
     [0.0, -0.5, 0.5], [0.7, 0.7, 0.7], [-0.8, 0.3, 0.4], [0.2, -0.9, 0.1]]
T = [[0.5, -0.5], [1.0, 0.0], [0.0, 1.0], [-0.5, 0.5], [0.25, 0.25], [1.0, 1.0], [-1.0, 0.0],
     [0.0, -1.0]]
W1 = [[0.2, -0.3, 0.4], [0.1, 0.5, -0.2], [-0.4, 0.3, 0.1], [0.3, -0.1, -0.5]]
B1 = [0.05, -0.05, 0.1, 0.0]
W2 = [[0.3, -0.2, 0.5, 0.1], [-0.4, 0.2, 0.1, 0.3]]
B2 = [0.0, 0.1]
BATCH = 4
EPOCHS = 3


class NAdamDocumented(torch.optim.Optimizer):
    """torch.optim.NAdam of 1.13 with mu_product_next = mu_product * mu_next, as documented."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state.update(step=0, mu_product=1.0, exp_avg=torch.zeros_like(p),
                                 exp_avg_sq=torch.zeros_like(p))
                state["step"] += 1
                t = state["step"]
                grad = p.grad
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                mu = beta1 * (1. - 0.5 * (0.96 ** (t * group["momentum_decay"])))
                mu_next = beta1 * (1. - 0.5 * (0.96 ** ((t + 1) * group["momentum_decay"])))
                state["mu_product"] *= mu
                mu_product_next = state["mu_product"] * mu_next
                state["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
                state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = state["exp_avg_sq"].div(1 - beta2 ** t).sqrt().add_(group["eps"])
                p.addcdiv_(grad, denom, value=-group["lr"] * (1. - mu) / (1. - state["mu_product"]))
                p.addcdiv_(state["exp_avg"], denom,
                           value=-group["lr"] * mu_next / (1. - mu_product_next))


OPTIMIZERS = [
    ("sgd", {"learningRate": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
    ("sgd", {"learningRate": 0.1, "momentum": 0.9},
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    ("sgd", {"learningRate": 0.1, "momentum": 0.9, "nesterov": True, "weightDecay": 0.01},
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("adam", {}, lambda p: torch.optim.Adam(p)),
    ("adam", {"learningRate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6,
              "weightDecay": 0.1},
     lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("adamw", {}, lambda p: torch.optim.AdamW(p)),
    ("adamw", {"learningRate": 0.01, "weightDecay": 0.1},
     lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1)),
    ("nadam", {}, lambda p: NAdamDocumented(p)),
    ("nadam", {"learningRate": 0.01, "beta1": 0.8, "momentumDecay": 0.04, "weightDecay": 0.1},
     lambda p: NAdamDocumented(p, lr=0.01, betas=(0.8, 0.999), momentum_decay=0.04,
                               weight_decay=0.1)),
    ("rmsprop", {}, lambda p: torch.optim.RMSprop(p, lr=0.001, alpha=0.9, eps=1e-8)),
    ("rmsprop", {"learningRate": 0.01, "rho": 0.99},
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8)),
    ("adagrad", {}, lambda p: torch.optim.Adagrad(p)),
    ("adadelta", {}, lambda p: torch.optim.Adadelta(p)),
]


def nadam_1_13_difference():
    """How far 1.13's NAdam lands from the documented rule after one step (printed only)."""
    a = torch.tensor([1.0, -2.0], requires_grad=True)
    b = torch.tensor([1.0, -2.0], requires_grad=True)
    for opt, p in ((torch.optim.NAdam([a]), a), (NAdamDocumented([b]), b)):
        p.grad = torch.tensor([0.5, 0.25])
        opt.step()
    return (a - b).abs().max().item()


def network(w):
    w1, b1, w2, b2 = w

    def forward(x):
        return torch.tanh(x @ w1.T + b1) @ w2.T + b2
    return forward


def optimizers():
    x, t = f32(X), f32(T)
    cases = []
    for name, parameters, make in OPTIMIZERS:
        w = [f32(v).clone().requires_grad_(True) for v in (W1, B1, W2, B2)]
        optimizer = make(w)
        steps = []
        for epoch in range(EPOCHS):
            for start in range(0, len(X), BATCH):
                optimizer.zero_grad()
                out = network(w)(x[start:start + BATCH])
                loss = F.mse_loss(out, t[start:start + BATCH])
                loss.backward()
                gradients = [p.grad.clone().tolist() for p in w]
                optimizer.step()
                steps.append({"loss": loss.item(), "gradients": gradients,
                              "after": [p.detach().clone().tolist() for p in w]})
        cases.append({"name": name, "parameters": parameters, "steps": steps})
    schedules = []
    for name, parameters, make, count in [
            ("step", {"stepSize": 2, "gamma": 0.5},
             lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5), 7),
            ("exponential", {"gamma": 0.9},
             lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 7),
            ("cosine", {"warmupSteps": 0, "totalSteps": 10, "minRate": 0.01},
             lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.01), 11)]:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        scheduler = make(opt)
        rates = []
        for _ in range(count):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            scheduler.step()
        # step and exponential advance per epoch, cosine per optimizer step
        schedules.append({"name": name, "parameters": parameters, "base": 0.1,
                          "per": "step" if name == "cosine" else "epoch", "rates": rates})
    write("nn-optimizers", "optimizers.json",
          dict(header(), network={"x": x.tolist(), "t": t.tolist(), "batch": BATCH,
                                  "epochs": EPOCHS, "loss": "mse",
                                  "layers": "3-4 tanh, 4-2 identity"},
               initial=[f32(v).tolist() for v in (W1, B1, W2, B2)],
               parameterNames=["layers[0].weights", "layers[0].biases", "layers[1].weights",
                               "layers[1].biases"],
               optimizers=cases, schedules=schedules))


if __name__ == "__main__":
    activations()
    losses()
    optimizers()
    print("NAdam 1.13 vs documented after one step, largest difference:",
          nadam_1_13_difference(), file=sys.stderr)
