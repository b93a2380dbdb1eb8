#!/usr/bin/env bash
# Training throughput of effitrain next to the same model in PyTorch eager, in one run.
#   gpt: 4 layers, d_model 256, 4 heads, seq 128, batch 16, byte vocabulary (issue 2)
#   vit: 6 layers, d_model 128, 4 heads, MLP x2, patch 4, 28x28x1, batch 128 on Fashion-MNIST (issue 3)
# Both sides use AdamW with global-norm clipping and the same thread count; each reports the median
# step time after its first 50 steps. Runs alternate (effitrain, torch, effitrain, torch, ...) for
# ROUNDS rounds so that machine noise hits both; the ratio is of the medians over rounds.
# PyTorch comes from TORCH_PYTHON (default python3); without torch only effitrain is measured.
# When the launcher gives MKL its Intel code path (AMD CPUs, EFFITRAIN_MKL_INTEL_PATH), PyTorch is
# also measured with the same preload (its MKL is the same library), so both comparisons are shown:
# against PyTorch as users run it, and engine against engine.
#
# Usage: bench/throughput.sh gpt|vit [steps=200] [threads=2] [rounds=2]
# Environment: OMP_WAIT_POLICY (default ACTIVE: a dedicated machine), TORCH_PYTHON.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODEL="${1:?usage: bench/throughput.sh gpt|vit [steps] [threads] [rounds]}"
STEPS="${2:-200}"
THREADS="${3:-2}"
ROUNDS="${4:-2}"
PY="${TORCH_PYTHON:-python3}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
export OMP_NUM_THREADS="$THREADS" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-ACTIVE}"
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1"
COMMON=(--set train.duration="${STEPS}ba" --set train.log_every=10ba --set train.eval_every=0
        --set train.checkpoint_every=0 --set train.keep_last=1)
case "$MODEL" in
  gpt) RECIPE=(recipes/quickstart.yaml --set model.layers=4 --set model.d_model=256 --set model.heads=4
               --set model.seq_len=128 --set train.batch_size=16) ;;
  vit) RECIPE=(recipes/vit-fashion-mnist.yaml --set train.batch_size=128 --set schedule.warmup=20ba) ;;
  *) echo "bench/throughput.sh: model must be gpt or vit" >&2; exit 2 ;;
esac
HAVE_TORCH=0
"$PY" -c "import torch" 2>/dev/null && HAVE_TORCH=1
MKL_PRELOAD=""
if [[ "$("$ROOT/effitrain" env --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["mkl_code_path"])')" == intel ]]; then
  MKL_PRELOAD="$ROOT/cli/target/native/libeffitrain_mkl_intel.so"
fi

for r in $(seq 1 "$ROUNDS"); do
  "$ROOT/effitrain" run "$ROOT/${RECIPE[0]}" "${RECIPE[@]:1}" "${COMMON[@]}" --set output="$OUT/run$r" \
    >/dev/null 2>"$OUT/err" || { cat "$OUT/err"; exit 1; }
  if [[ $HAVE_TORCH == 1 ]]; then
    "$PY" "$ROOT/bench/reference/torch_models.py" "$MODEL" --threads "$THREADS" --steps "$STEPS" >>"$OUT/torch.jsonl"
    if [[ -n "$MKL_PRELOAD" ]]; then
      LD_PRELOAD="$MKL_PRELOAD${LD_PRELOAD:+:$LD_PRELOAD}" "$PY" "$ROOT/bench/reference/torch_models.py" "$MODEL" \
        --threads "$THREADS" --steps "$STEPS" >>"$OUT/torch-mkl-intel.jsonl"
    fi
  fi
done

PYTHONPATH="$ROOT/bench/lib" python3 - "$OUT" "$ROUNDS" "$MODEL" <<'PY'
import json, os, statistics, sys
from step_median import ceiling_gflops, median, per_step, start_event
out, rounds, model = sys.argv[1], int(sys.argv[2]), sys.argv[3]
unit, counted = ("tokens", "tokens") if model == "gpt" else ("images", "samples")
runs = [os.path.join(out, f"run{r}") for r in range(1, rounds + 1)]
ours = [{"ms": median(r), "mfu": median(r, "mfu")} for r in runs]
ms = statistics.median(o["ms"] for o in ours)
per_step = per_step(runs[0], counted)
print(f"effitrain {model} (mkl_code_path {start_event(runs[0]).get('mkl_code_path', 'default')}): {per_step / ms * 1000:,.0f} {unit}/s  step {ms:.1f} ms (rounds: "
      + ", ".join(f"{o['ms']:.1f}" for o in ours) + f")  MFU {100 * statistics.median(o['mfu'] for o in ours):.1f}% "
      f"of a {ceiling_gflops(runs[0]):.0f} GFLOP/s matmul ceiling")
tp = os.path.join(out, "torch.jsonl")
if os.path.exists(tp):
    t = [json.loads(l) for l in open(tp) if l.strip()]
    tms = statistics.median(x["step_ms"] for x in t)
    print(f"pytorch {t[0]['torch']} eager {model}: {per_step / tms * 1000:,.0f} {unit}/s  step {tms:.1f} ms (rounds: "
          + ", ".join(f"{x['step_ms']:.1f}" for x in t) + ")")
    print(f"ratio effitrain / pytorch ({unit}/s): {tms / ms:.2f}x")
    tpi = os.path.join(out, "torch-mkl-intel.jsonl")
    if os.path.exists(tpi):
        t = [json.loads(l) for l in open(tpi) if l.strip()]
        ims = statistics.median(x["step_ms"] for x in t)
        print(f"pytorch with the same MKL preload: {per_step / ims * 1000:,.0f} {unit}/s  step {ims:.1f} ms (rounds: "
              + ", ".join(f"{x['step_ms']:.1f}" for x in t) + f")  ratio effitrain / it: {ims / ms:.2f}x")
else:
    print("PyTorch not found (set TORCH_PYTHON): only effitrain was measured")
PY
