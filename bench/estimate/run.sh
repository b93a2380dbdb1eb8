#!/usr/bin/env bash
# Estimated vs measured peak memory for every bundled recipe: `effitrain estimate` and a short real run
# (--set train.duration=STEPS ba) with the same settings, side by side; the measured peak is the run's
# peak resident memory (summary.json peak_rss_mb, VmHWM). Recipes that start from another run's
# checkpoint (the ATS ones) get a short vit-fashion-mnist run first. Run it alone: other processes
# change neither number much, but they slow it down.
# Usage: bench/estimate/run.sh [steps=30] [recipe...]   (default: every bundled recipe;
#        EFFITRAIN=command overrides the launcher)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
STEPS="${1:-30}"
shift || true
RECIPES=("$@")
if (( ${#RECIPES[@]} == 0 )); then
  for f in "$ROOT"/recipes/*.yaml; do RECIPES+=("$(basename "$f" .yaml)"); done
fi
EFF="${EFFITRAIN:-$ROOT/effitrain}"
export EFFITRAIN_OPTS="${EFFITRAIN_OPTS:--Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

field() {   # $1 json file, $2 python expression on d
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

$EFF run vit-fashion-mnist --set output="$OUT/vit-fashion-mnist" --set train.duration="${STEPS}ba" >/dev/null 2>"$OUT/err" \
  || { cat "$OUT/err"; exit 1; }

echo "| recipe | trainer | estimated peak MB | measured peak MB | ratio | baseline MB | data MB | weights+grads+optimizer MB | activations MB |"
echo "|---|---|---|---|---|---|---|---|---|"
for r in "${RECIPES[@]}"; do
  f="$ROOT/recipes/$r.yaml"
  sets=(--set output="$OUT/$r" --set train.duration="${STEPS}ba")
  grep -q '^init_from: \.\./runs/vit-fashion-mnist' "$f" && sets+=(--set init_from="$OUT/vit-fashion-mnist")
  if ! $EFF estimate "$r" "${sets[@]}" --json >"$OUT/$r.estimate.json" 2>"$OUT/err"; then
    echo "| $r | estimate failed: $(head -n 1 "$OUT/err") | | | | | | | |"; continue
  fi
  if ! $EFF run "$r" "${sets[@]}" >/dev/null 2>"$OUT/err"; then
    echo "| $r | run failed: $(head -n 1 "$OUT/err") | | | | | | | |"; continue
  fi
  e="$OUT/$r.estimate.json"
  est="$(field "$e" "round(d['memory']['peak_bytes']/1e6)")"
  got="$(field "$OUT/$r/summary.json" "round(d.get('peak_rss_mb') or 0)")"
  echo "| $r | $(field "$e" "d['trainer']") | $est | $got | $(python3 -c "print(f'{$est/$got:.2f}' if $got else 'n/a')") \
| $(field "$e" "round(d['memory']['baseline_bytes']/1e6)") | $(field "$e" "round(d['memory']['data_bytes']/1e6)") \
| $(field "$e" "round((d['memory']['weights_bytes']+d['memory']['gradients_bytes']+d['memory']['optimizer_state_bytes'])/1e6, 1)") \
| $(field "$e" "round(d['memory']['activations_bytes']/1e6, 1)") |"
done
