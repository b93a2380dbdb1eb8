"""PyTorch eager twins of effitrain's GPT and ViT, for side-by-side throughput benchmarks.

Same shapes, same layer order, same optimizer (AdamW, global-norm clipping at 1.0) as the
effitrain recipes the bench scripts run. Attention is written out (softmax(q·kᵀ/√d + mask)·v)
like effitrain's; --sdpa uses F.scaled_dot_product_attention instead (PyTorch's fused CPU kernel).

Usage: python torch_models.py gpt|vit --threads 2 --steps 200 [--sdpa]
Prints one JSON line: median step ms over the steps after the first 50, and tokens or images/s.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, dim, heads, causal, sdpa):
        super().__init__()
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.heads, self.causal, self.sdpa = heads, causal, sdpa

    def forward(self, x, mask):
        b, t, c = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        if self.sdpa:
            out = F.scaled_dot_product_attention(q, k, v, is_causal=self.causal)
        else:
            scores = (q * (1.0 / math.sqrt(q.shape[-1]))) @ k.transpose(-2, -1)
            if mask is not None:
                scores = scores + mask
            out = scores.softmax(-1) @ v
        return self.proj(out.transpose(1, 2).reshape(b, t, c))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio, causal, sdpa):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = Attention(dim, heads, causal, sdpa)
        self.fc1, self.fc2 = nn.Linear(dim, mlp_ratio * dim), nn.Linear(mlp_ratio * dim, dim)

    def forward(self, x, mask):
        x = x + self.attn(self.norm1(x), mask)
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Gpt(nn.Module):
    def __init__(self, vocab, seq, dim, layers, heads, sdpa):
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, dim), nn.Embedding(seq, dim)
        self.blocks = nn.ModuleList(Block(dim, heads, 4, True, sdpa) for _ in range(layers))
        self.norm = nn.LayerNorm(dim)
        self.register_buffer("mask", torch.full((seq, seq), -1e9).triu(1))

    def forward(self, ids):
        x = self.tok(ids) + self.pos.weight[: ids.shape[1]]
        for blk in self.blocks:
            x = blk(x, self.mask)
        return self.norm(x) @ self.tok.weight.t()   # tied head


class Vit(nn.Module):
    def __init__(self, image, patch, channels, dim, layers, heads, mlp_ratio, classes, sdpa):
        super().__init__()
        self.patch = patch
        n = (image // patch) ** 2
        self.proj = nn.Linear(channels * patch * patch, dim)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.zeros(1, n + 1, dim))
        self.blocks = nn.ModuleList(Block(dim, heads, mlp_ratio, False, sdpa) for _ in range(layers))
        self.norm, self.head = nn.LayerNorm(dim), nn.Linear(dim, classes)

    def forward(self, img):
        b, c, h, w = img.shape
        p = self.patch
        x = img.reshape(b, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1).reshape(b, -1, p * p * c)
        x = torch.cat([self.cls.expand(b, -1, -1), self.proj(x)], 1) + self.pos
        for blk in self.blocks:
            x = blk(x, None)
        return self.head(self.norm(x[:, 1:].mean(1)))   # mean pooling, as vit-fashion-mnist


def decay_groups(model):
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "tok" not in n and "pos" not in n]
    rest = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "tok" not in n and "pos" not in n)]
    return [{"params": decay}, {"params": rest, "weight_decay": 0.0}]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model", choices=["gpt", "vit"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--sdpa", action="store_true")
    ap.add_argument("--device", default="cpu", help="cpu or cuda (bench/gpu/check.sh)")
    ap.add_argument("--profile", action="store_true", help="print the operators of 10 steps by self time")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    if a.model == "gpt":   # bench/gpt-throughput.sh: 4 layers, d 256, 4 heads, seq 128, batch 16, bytes
        model, batch, unit = Gpt(256, 128, 256, 4, 4, a.sdpa).to(dev), 16, 16 * 128
        opt = torch.optim.AdamW(decay_groups(model), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)

        def step_loss():
            ids = torch.randint(0, 256, (16, 129), device=dev)
            logits = model(ids[:, :-1])
            return F.cross_entropy(logits.reshape(-1, 256), ids[:, 1:].reshape(-1))
    else:                  # bench/vit-throughput.sh: 6 layers, d 128, 4 heads, mlp 2, patch 4, 28x28x1, batch 128
        model, batch, unit = Vit(28, 4, 1, 128, 6, 4, 2, 10, a.sdpa).to(dev), 128, 128
        opt = torch.optim.AdamW(decay_groups(model), lr=2e-3, betas=(0.9, 0.999), weight_decay=0.05)

        def step_loss():
            img, y = torch.randn(128, 1, 28, 28, device=dev), torch.randint(0, 10, (128,), device=dev)
            return F.cross_entropy(model(img), y)

    def step():
        loss = step_loss()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss.item()   # waits for the device

    if a.profile:
        for _ in range(50):
            step()
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
            for _ in range(10):
                step()
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=30))
        return
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    ms = statistics.median(times[50:]) * 1000
    print(json.dumps({"model": a.model, "torch": torch.__version__, "device": a.device, "threads": a.threads, "sdpa": a.sdpa,
                      "step_ms": round(ms, 2), "per_s": round(unit / (ms / 1000), 1),
                      "unit": "tokens" if a.model == "gpt" else "images"}))


if __name__ == "__main__":
    main()
