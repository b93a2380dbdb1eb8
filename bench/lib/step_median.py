"""Median of a metric over a run's training lines, after the warm-up steps.

Usage: python3 bench/lib/step_median.py RUN_DIR [--after 50] [--field step_ms]
Prints the median of FIELD over metrics.jsonl's "train" events with step > AFTER.
Also importable: median(run_dir, field, after), start_event(run_dir), ceiling_gflops(run_dir) and
per_step(run_dir, unit).
"""
import argparse
import json
import os
import statistics


def _events(run_dir):
    with open(os.path.join(run_dir, "metrics.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def median(run_dir, field="step_ms", after=50):
    return statistics.median(e[field] for e in _events(run_dir) if e["event"] == "train" and e["step"] > after)


def start_event(run_dir):
    """The run's "start" event: mfu_denominator_flops, mkl_code_path, ..."""
    return next(e for e in _events(run_dir) if e["event"] == "start")


def ceiling_gflops(run_dir):
    return start_event(run_dir)["mfu_denominator_flops"] / 1e9


def per_step(run_dir, unit):
    """Tokens or samples ("tokens" / "samples") per optimizer step, from summary.json."""
    with open(os.path.join(run_dir, "summary.json")) as f:
        s = json.load(f)
    return s[unit] / s["steps"]


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("--after", type=int, default=50)
    ap.add_argument("--field", default="step_ms")
    a = ap.parse_args()
    print(round(median(a.run_dir, a.field, a.after), 1))
