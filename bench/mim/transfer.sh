#!/usr/bin/env bash
# MAE benchmarks (3) and (4) of issue 6, on Fashion-MNIST through the CLI, one run after another:
#   (2) the linear probe of each encoder and of a randomly initialised one;
#   (4) progressive schedule (recipes/mae-progressive.yaml) vs the fixed one (mae-fashion-mnist.yaml),
#       same number of steps: wall time, FLOPs, and the linear-probe accuracy of each encoder;
#   (3) fine-tuning the fixed-schedule encoder (recipes/mae-finetune.yaml, init_from) vs training the
#       same ViT from scratch for as many more steps as the pretraining's FLOPs buy (equal compute).
# Usage: bench/mim/transfer.sh [pretrain_steps=800] [finetune_steps=900]
# Environment: BENCH_THREADS (2), OMP_WAIT_POLICY (ACTIVE: run it on an otherwise idle machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
PRE="${1:-800}"
FT="${2:-900}"
THREADS="${BENCH_THREADS:-2}"
OUT=bench/out/mim-transfer
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-ACTIVE}" OMP_NUM_THREADS="$THREADS"
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1"
rm -rf "$OUT"
mkdir -p "$OUT"

run() {
  local name="$1"; shift
  echo "+ effitrain run $* --set output=$OUT/$name" | tee -a "$OUT/commands.txt"
  ./effitrain run "$@" --set output="$OUT/$name" --resume never > "$OUT/$name.log" 2>&1
}
flops_per_step() { python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(s['flops']/s['steps'])" "$1"; }

PRETRAIN=(--set train.duration=${PRE}ba --set train.eval_every=${PRE}ba --set train.checkpoint_every=0ba)
run pretrain-fixed recipes/mae-fashion-mnist.yaml "${PRETRAIN[@]}"
run pretrain-progressive recipes/mae-progressive.yaml "${PRETRAIN[@]}"
for p in fixed progressive; do
  run probe-$p recipes/mae-linprobe.yaml --set init_from=$OUT/pretrain-$p
done
run probe-random recipes/mae-linprobe.yaml

FINETUNE=(--set train.eval_every=${FT}ba --set train.checkpoint_every=0ba --set train.log_every=50ba)
run finetune recipes/mae-finetune.yaml --set init_from=$OUT/pretrain-fixed --set train.duration=${FT}ba "${FINETUNE[@]}"
# equal compute: the scratch run gets the pretraining's FLOPs as extra fine-tuning-sized steps
EXTRA=$(python3 -c "import sys; print(round(float(sys.argv[1]) / float(sys.argv[2])))" \
  "$(python3 -c "import json; print(json.load(open('$OUT/pretrain-fixed/summary.json'))['flops'])")" \
  "$(flops_per_step "$OUT/finetune/summary.json")")
run scratch recipes/mae-finetune.yaml --set train.duration=$((FT + EXTRA))ba \
  --set train.eval_every=$((FT + EXTRA))ba --set train.checkpoint_every=0ba --set train.log_every=50ba

python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
s = {d: json.load(open(os.path.join(out, d, "summary.json"))) for d in os.listdir(out)
     if os.path.exists(os.path.join(out, d, "summary.json"))}
def acc(d): return s[d]["eval"].get("val_acc", float("nan"))
print("### (4) Progressive vs fixed pretraining schedule\n")
print("| pretraining | steps | wall s | TFLOPs | final train loss | probe test acc | probe test loss |")
print("|---|---|---|---|---|---|---|")
for p in ("fixed", "progressive"):
    pre, pr = s[f"pretrain-{p}"], s[f"probe-{p}"]
    print(f"| {p} | {pre['steps']} | {pre['wall_s']:.0f} | {pre['flops']/1e12:.2f} | {pre['final_train_loss']:.4f} "
          f"| {acc(f'probe-{p}'):.4f} | {pr['eval'].get('val_loss', float('nan')):.4f} |")
print(f"| none (random encoder) | 0 | | | | {acc('probe-random'):.4f} | {s['probe-random']['eval'].get('val_loss', float('nan')):.4f} |")
r = s["pretrain-progressive"]["wall_s"] / s["pretrain-fixed"]["wall_s"]
print(f"\nprogressive / fixed wall time: {r:.2f}x\n")
print("### (3) Fine-tuned from the MAE encoder vs from scratch, equal total compute\n")
print("| run | steps | TFLOPs (incl. pretraining) | wall s (incl. pretraining) | test acc | test loss |")
print("|---|---|---|---|---|---|")
pre = s["pretrain-fixed"]
ft, sc = s["finetune"], s["scratch"]
print(f"| MAE pretrain {pre['steps']} + fine-tune | {ft['steps']} | {(pre['flops']+ft['flops'])/1e12:.2f} | "
      f"{pre['wall_s']+ft['wall_s']:.0f} | {acc('finetune'):.4f} | {ft['eval']['val_loss']:.4f} |")
print(f"| from scratch | {sc['steps']} | {sc['flops']/1e12:.2f} | {sc['wall_s']:.0f} | {acc('scratch'):.4f} | {sc['eval']['val_loss']:.4f} |")
PY
