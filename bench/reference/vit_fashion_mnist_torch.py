"""recipes/vit-fashion-mnist.yaml in PyTorch eager, to check effitrain's accuracy against the reference.

Same model (torch_models.Vit: 6 layers, d 128, 4 heads, MLP x2, patch 4, mean pooling), same data
(the IDX files, normalised with the training set's mean/std, random crop with 2-pixel zero padding
and horizontal flip), AdamW (lr 2e-3, betas 0.9/0.999, wd 0.05 off biases/norms/embeddings),
warm-up 200 steps then cosine to 1e-5, clipping at 1.0, batch 128.
Usage: python vit_fashion_mnist_torch.py [--epochs 1] [--threads 2] [--data /usr/share/datasets/fashion-mnist]
Prints the test accuracy after each epoch.
"""
import argparse
import gzip
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from torch_models import Vit, decay_groups


def idx(path):
    for p in (path, path + ".gz"):
        if os.path.exists(p):
            data = gzip.open(p).read() if p.endswith(".gz") else open(p, "rb").read()
            dims = data[3]
            shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
            return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)
    raise FileNotFoundError(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--total-epochs", type=int, default=8, help="length of the cosine schedule")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1234)
    xtr = torch.tensor(idx(os.path.join(a.data, "train-images-idx3-ubyte")), dtype=torch.float32) / 255
    ytr = torch.tensor(idx(os.path.join(a.data, "train-labels-idx1-ubyte")), dtype=torch.long)
    xte = torch.tensor(idx(os.path.join(a.data, "t10k-images-idx3-ubyte")), dtype=torch.float32) / 255
    yte = torch.tensor(idx(os.path.join(a.data, "t10k-labels-idx1-ubyte")), dtype=torch.long)
    mean, std = xtr.mean(), xtr.std()
    xtr, xte = ((xtr - mean) / std).unsqueeze(1), ((xte - mean) / std).unsqueeze(1)
    pad_value = float((0 - mean) / std)
    model = Vit(28, 4, 1, 128, 6, 4, 2, 10, False)
    for m in model.modules():   # effitrain's ViT init (MAE's): Xavier-uniform weights, zero biases
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    torch.nn.init.normal_(model.pos, std=0.02)
    torch.nn.init.normal_(model.cls, std=0.02)
    opt = torch.optim.AdamW(decay_groups(model), lr=2e-3, betas=(0.9, 0.999), weight_decay=0.05)
    steps_per_epoch = len(xtr) // 128 + (len(xtr) % 128 > 0)
    total, warmup = a.total_epochs * steps_per_epoch, 200

    def lr_at(s):
        if s < warmup:
            return 2e-3 * (s + 1) / warmup
        return 1e-5 + (2e-3 - 1e-5) * 0.5 * (1 + math.cos(math.pi * (s - warmup) / (total - warmup)))

    step = 0
    for epoch in range(a.epochs):
        t0 = time.time()
        model.train()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 128):
            idxs = perm[i:i + 128]
            x = F.pad(xtr[idxs], (2, 2, 2, 2), value=pad_value)
            b = len(idxs)
            oy, ox = torch.randint(0, 5, (b,)), torch.randint(0, 5, (b,))
            rows = (oy[:, None] + torch.arange(28)[None, :])[:, None, :, None]
            cols = (ox[:, None] + torch.arange(28)[None, :])[:, None, None, :]
            x = x[torch.arange(b)[:, None, None, None], torch.zeros(1, dtype=torch.long)[None, :, None, None], rows, cols]
            flip = torch.rand(b) < 0.5
            x[flip] = x[flip].flip(-1)
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            loss = F.cross_entropy(model(x), ytr[idxs])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
        model.eval()
        with torch.no_grad():
            correct = sum((model(xte[i:i + 500]).argmax(1) == yte[i:i + 500]).sum().item() for i in range(0, len(xte), 500))
        print(f"epoch {epoch + 1}: test accuracy {correct / len(xte):.4f}  ({time.time() - t0:.0f} s, last loss {loss.item():.4f})",
              flush=True)


if __name__ == "__main__":
    main()
