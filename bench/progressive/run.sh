#!/usr/bin/env bash
# Progressive GPT recipes against their from-scratch baseline, side by side: same target model
# (4 layers, d_model 128), text (fortunes), seed and batch order; 2 libtorch threads each, one run
# after the other. Each progressive recipe gets the baseline's training FLOPs (more, cheaper steps:
# the step counts below follow from the analytic FLOPs per step of each stage). Prints a markdown
# table (final loss, FLOPs, wall time, and what each needs to reach the baseline's final
# validation loss) and writes the loss-vs-FLOPs and loss-vs-wall-time plots next to this script.
#
# Usage: bench/progressive/run.sh                    (about 13 minutes on 2 cores)
#        BASE_STEPS=300 RUNS="gpt-stack:428" bench/progressive/run.sh
#        REUSE=1 RUNS="gpt-width:845" bench/progressive/run.sh   (keeps finished runs of the same length)
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE_STEPS="${BASE_STEPS:-600}"
# FLOPs per step relative to the 4-layer baseline: stack 0.70, width 0.71, vcycle 0.62, zero-one-layer 0.42
RUNS="${RUNS:-gpt-stack:857 gpt-width:845 gpt-vcycle:968 gpt-zero-one-layer:1429}"
OUT="bench/out/progressive"
mkdir -p "$OUT"
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1"
# On a shared machine libgomp's spinning threads stall each other (10-20x slower steps, DJL.md §7);
# passive waiting keeps 2-thread timings meaningful. Results are identical either way.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

names=(gpt-baseline)
for spec in "gpt-baseline:$BASE_STEPS" $RUNS; do
  r="${spec%%:*}"; steps="${spec##*:}"
  [[ "$r" == gpt-baseline ]] || names+=("$r")
  if [[ -n "${REUSE:-}" ]] && grep -Eqs "\"total_steps\": *$steps," "$OUT/$r/summary.json" \
      && grep -Eqs '"status": *"completed"' "$OUT/$r/summary.json"; then
    echo "== $r: $steps steps (kept from an earlier run)" >&2
    continue
  fi
  rm -rf "${OUT:?}/$r"
  echo "== $r: $steps steps (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  ./effitrain run "recipes/$r.yaml" --resume never --set "output=$OUT/$r" --set "train.duration=${steps}ba" \
      --set train.checkpoint_every=0 --set train.keep_last=1 > "$OUT/$r.log" 2>&1
  tail -n 2 "$OUT/$r.log" | head -n 1 >&2
done

mvn -q -o -pl core dependency:build-classpath -Dmdep.outputFile="$PWD/core/target/bench-cp.txt" >/dev/null
java -cp "core/target/classes:$(cat core/target/bench-cp.txt)" bench/progressive/Report.java "$OUT" bench/progressive "${names[@]}"
