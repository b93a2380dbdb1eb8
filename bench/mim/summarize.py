#!/usr/bin/env python3
"""Markdown summary of bench/mim/run.sh's run directories (argument: the output folder)."""
import json
import statistics
import sys
from pathlib import Path


def lines(run, event):
    out = []
    for line in (run / "metrics.jsonl").read_text().splitlines():
        o = json.loads(line)
        if o.get("event") == event:
            out.append(o)
    return out


def step_ms(run):
    train = lines(run, "train")[1:]   # the first interval holds the JVM's warm-up
    return statistics.median(o["step_ms"] for o in train)


def main(out):
    out = Path(out)
    masked, full = step_ms(out / "step-time-r0.75"), step_ms(out / "step-time-r0.0")
    print("| step time (median of 10-step means, first interval dropped) | ms/step |")
    print("|---|---|")
    print(f"| mask ratio 0.75 (12 of 49 patches to the encoder) | {masked:.0f} |")
    print(f"| mask ratio 0 (encoder fed all 49 patches) | {full:.0f} |")
    print(f"| speed-up | **{full / masked:.2f}x** |")
    print()
    pre = json.loads((out / "pretrain" / "summary.json").read_text())
    print(f"Pretraining: {pre['steps']} steps in {pre['wall_s']:.0f} s, final train loss {pre['final_train_loss']:.4f}, "
          f"val_loss {pre['eval'].get('val_loss', float('nan')):.4f}, {pre['flops'] / 1e12:.1f} TFLOPs (analytic).")
    print()
    print("| linear probe (frozen encoder, mean-pooled, 10 epochs) | test accuracy | test loss | wall s |")
    print("|---|---|---|---|")
    for name, label in (("probe-mae", "MAE-pretrained encoder"), ("probe-random", "same encoder, random init")):
        s = json.loads((out / name / "summary.json").read_text())
        evals = " / ".join(f"{e['val_acc']:.4f}" for e in lines(out / name, "eval"))
        print(f"| {label} | {s['eval']['val_acc']:.4f} (per eval: {evals}) | {s['eval']['val_loss']:.4f} | {s['wall_s']:.0f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/out/mim")
