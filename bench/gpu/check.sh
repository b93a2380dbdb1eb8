#!/usr/bin/env bash
# The GPU check (issue 21), one script, well under 8 minutes on one GPU. It runs:
#   1. DJL's JNI library built against this machine's PyTorch (bench/gpu/djl-jni.sh: no download)
#   2. effitrain env on the GPU
#   3. the quickstart on the GPU in fp32 and in fp16 (loss parity)
#   4. a 14.3M-parameter GPT with 32-bit and 8-bit AdamW (device memory and optimizer-state bytes)
#   5. tokens/s of the throughput benchmark's GPT next to the same model in PyTorch on the same GPU
#   6. data parallel over 2 GPUs (train.devices: 2) against 1 GPU on the same global batch, when there are 2
# and prints one summary table (also in $OUT/results.json).
#
# Needs: a GPU-flavour distribution in $EFFITRAIN_DIST (default .gpu-dist: effitrain-cli jar + lib/,
# built with 'mvn -Dgpu -DskipTests install'), a python with torch in $TORCH_PYTHON (default
# python3), and java on the PATH or a runtime in $EFFITRAIN_DIST/jre.tar.xz, and jni.h (the JDK's, or
# $EFFITRAIN_DIST/jni-include).
# Usage: bench/gpu/check.sh   (OUT=dir keeps the results; default a temporary folder)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
OUT="${OUT:-$(mktemp -d)}"
WORK="$(mktemp -d)"
PY="${TORCH_PYTHON:-python3}"
DIST="${EFFITRAIN_DIST:-$ROOT/.gpu-dist}"
say() { echo "[check $(date +%T)] $*" >&2; }

# the carried runtime first: the JNI build needs its jni.h, which a JRE on the PATH may not have
if [[ -f "$DIST/jre.tar.xz" ]]; then
  tar xJf "$DIST/jre.tar.xz" -C "$WORK"
  JAVA_HOME="$(find "$WORK" -maxdepth 1 -mindepth 1 -type d | head -n 1)"
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
fi
# jni.h for the JNI build, when the runtime has none (a jlink image made with --no-header-files)
[[ -d "$DIST/jni-include" && -z "${JNI_INCLUDE_DIR:-}" ]] && export JNI_INCLUDE_DIR="$DIST/jni-include"
say "java: $(java -version 2>&1 | head -n 1); torch: $("$PY" -c 'import torch; print(torch.__version__, torch.cuda.get_device_name(0))' 2>&1)"

say "building DJL's JNI library against this machine's libtorch"
if ! bash bench/gpu/djl-jni.sh --python "$PY" --out "$WORK/djl" >"$OUT/djl-jni.log" 2>&1; then
  tail -n 40 "$OUT/djl-jni.log" >&2
  say "FAILED: DJL JNI build"
  exit 1
fi
# shellcheck disable=SC1091
. "$WORK/djl/env.sh"
CP="$DIST/effitrain-cli-0.1.0.jar:$DIST/lib/*"
et() { java -Dai.djl.offline=true -Deffitrain.flavor=gpu -cp "$CP" dev.effitrain.cli.Main "$@"; }

et env --json >"$WORK/env.json" 2>"$WORK/env.err" || { cat "$WORK/env.err" >&2; say "FAILED: effitrain env"; exit 1; }
say "env: $(tr -d '\n' <"$WORK/env.json" | head -c 400)"

run() {   # run NAME ARGS...: one effitrain run into $WORK/NAME; its stderr goes to the log
  local name="$1"; shift
  local t0=$SECONDS
  if et run "$@" --set output="$WORK/$name" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
    say "$name: done in $((SECONDS - t0)) s"
  else
    say "$name: FAILED (exit $?)"; tail -n 20 "$WORK/$name.err" >&2
  fi
}

QUICK=(recipes/quickstart.yaml --set device=gpu --set train.log_every=50ba)
run q-fp32 "${QUICK[@]}"
run q-fp16 "${QUICK[@]}" --set train.precision=fp16

MEM=(recipes/quickstart.yaml --set device=gpu --set model.layers=8 --set model.d_model=384 --set model.heads=6
     --set model.seq_len=128 --set train.batch_size=16 --set train.duration=100ba --set schedule.warmup=10ba
     --set train.log_every=10ba --set train.eval_every=0ba --set train.checkpoint_every=0ba)
run m-adamw32 "${MEM[@]}" --set optimizer.name=adamw
run m-adamw8bit "${MEM[@]}" --set optimizer.name=adamw8bit

TPUT=(recipes/quickstart.yaml --set device=gpu --set model.layers=4 --set model.d_model=256 --set model.heads=4
      --set model.seq_len=128 --set train.batch_size=16 --set train.duration=400ba --set schedule.warmup=20ba
      --set train.log_every=10ba --set train.eval_every=0ba --set train.checkpoint_every=0ba)
run t-effitrain "${TPUT[@]}"
say "PyTorch $("$PY" -c 'import torch; print(torch.__version__)') eager, same GPT, same GPU"
"$PY" bench/reference/torch_models.py gpt --device cuda --steps 400 >"$WORK/torch.json" 2>"$WORK/torch.err" \
  || { say "torch reference FAILED"; tail -n 20 "$WORK/torch.err" >&2; }
GPUS="$(nvidia-smi -L 2>/dev/null | grep -c '^GPU' || true)"
if (( GPUS >= 2 )); then
  run dp-1 "${QUICK[@]}" --set train.duration=200ba
  run dp-2 "${QUICK[@]}" --set train.duration=200ba --set train.devices=2
fi

PYTHONPATH="$ROOT/bench/lib" "$PY" - "$WORK" "$OUT" "$GPUS" <<'PY'
import json, os, statistics, sys
work, out, gpus = sys.argv[1], sys.argv[2], int(sys.argv[3])

def summary(name):
    try:
        return json.load(open(os.path.join(work, name, "summary.json")))
    except Exception as e:
        return {"error": str(e)}

def events(name, kind="train"):
    try:
        return [json.loads(l) for l in open(os.path.join(work, name, "metrics.jsonl")) if f'"event":"{kind}"' in l]
    except Exception:
        return []

def median_after(name, field, after):
    xs = [e[field] for e in events(name) if e.get("step", 0) > after and e.get(field) is not None]
    return statistics.median(xs) if xs else None

res = {"env": json.load(open(os.path.join(work, "env.json"))) if os.path.exists(os.path.join(work, "env.json")) else None,
       "gpus": gpus}
for n in ("q-fp32", "q-fp16", "m-adamw32", "m-adamw8bit", "t-effitrain") + (("dp-1", "dp-2") if gpus >= 2 else ()):
    s = summary(n)
    res[n] = {k: s.get(k) for k in ("status", "final_train_loss", "eval", "wall_s", "tokens_per_s", "precision",
                                    "loss_scale", "overflow_steps", "optimizer_state_bytes", "peak_gpu_mem_mb",
                                    "params", "error") if k in s}
    start = next(iter(events(n, "start")), {})
    res[n]["device"] = start.get("device")
    res[n]["libtorch_flavor"] = start.get("libtorch_flavor")
res["t-effitrain"]["median_tokens_per_s_after_50"] = median_after("t-effitrain", "tokens_per_s", 50)
try:
    res["torch"] = json.load(open(os.path.join(work, "torch.json")))
except Exception as e:
    res["torch"] = {"error": str(e)}
json.dump(res, open(os.path.join(out, "results.json"), "w"), indent=1)

def f(x, fmt="{:.4f}"):
    return "-" if x is None else fmt.format(x)
rows = []
q32, q16 = res["q-fp32"], res["q-fp16"]
v32 = (q32.get("eval") or {}).get("val_loss"); v16 = (q16.get("eval") or {}).get("val_loss")
rows.append(("quickstart on the GPU (fp32)", f"{q32.get('status')}, device {q32.get('device')}, val_loss {f(v32)}, {f(q32.get('wall_s'), '{:.1f}')} s"))
rows.append(("quickstart fp16 (loss scaling)", f"{q16.get('status')}, val_loss {f(v16)}, overflow steps {q16.get('overflow_steps')}, final scale {q16.get('loss_scale')}, {f(q16.get('wall_s'), '{:.1f}')} s"))
if v32 and v16:
    rows.append(("fp16 / fp32 val_loss", f"{v16 / v32:.4f}"))
m32, m8 = res["m-adamw32"], res["m-adamw8bit"]
rows.append(("optimizer state, 32-bit AdamW", f"{f(m32.get('optimizer_state_bytes'), '{:,.0f}')} B; peak device memory {f(m32.get('peak_gpu_mem_mb'), '{:.0f}')} MB"))
rows.append(("optimizer state, 8-bit AdamW", f"{f(m8.get('optimizer_state_bytes'), '{:,.0f}')} B; peak device memory {f(m8.get('peak_gpu_mem_mb'), '{:.0f}')} MB"))
if m32.get("optimizer_state_bytes") and m8.get("optimizer_state_bytes"):
    rows.append(("8-bit / 32-bit state", f"{m8['optimizer_state_bytes'] / m32['optimizer_state_bytes']:.3f}"))
ours = res["t-effitrain"]["median_tokens_per_s_after_50"]
theirs = res["torch"].get("per_s")
rows.append(("tokens/s effitrain (GPT 4x256, seq 128, batch 16)", f(ours, "{:,.0f}")))
rows.append((f"tokens/s PyTorch {res['torch'].get('torch', '?')} eager", f(theirs, "{:,.0f}")))
if ours and theirs:
    rows.append(("effitrain / PyTorch", f"{ours / theirs:.3f}"))
if gpus < 2:
    rows.append(("2-GPU data parallel", f"skipped: {gpus} GPU(s)"))
else:
    d1, d2 = res["dp-1"], res["dp-2"]
    l1, l2 = (d1.get("eval") or {}).get("val_loss"), (d2.get("eval") or {}).get("val_loss")
    rows.append(("2-GPU data parallel: final train loss 1 GPU / 2 GPUs",
                 f"{f(d1.get('final_train_loss'))} / {f(d2.get('final_train_loss'))}; wall {f(d1.get('wall_s'), '{:.1f}')} / {f(d2.get('wall_s'), '{:.1f}')} s"))
w = max(len(r[0]) for r in rows)
print("\n" + "\n".join(f"| {a:<{w}} | {b} |" for a, b in rows))
PY
say "results: $OUT/results.json"
