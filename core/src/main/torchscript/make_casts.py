"""Writes the TorchScript cast modules that effitrain's fp16 mixed precision uses.

DJL's own dtype conversion (NDArray.toType) runs under a no-grad guard, so gradients would stop
at every cast; these two scripted modules cast with autograd. Output:
core/src/main/resources/effitrain/torchscript/{to_half,to_float}.pt

Run with any PyTorch that can save TorchScript for libtorch 2.7.1 (checked with 2.13):
    python core/src/main/torchscript/make_casts.py
"""
import os
import sys

import torch


class ToHalf(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.float16)


class ToFloat(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.float32)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "resources", "effitrain", "torchscript")
    os.makedirs(out, exist_ok=True)
    for name, module in (("to_half", ToHalf()), ("to_float", ToFloat())):
        path = os.path.normpath(os.path.join(out, name + ".pt"))
        torch.jit.script(module).save(path)
        print(path, os.path.getsize(path), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
