#!/usr/bin/env bash
# bench/reliability/soak.sh: the kill-and-resume soak. Trains a tiny GPT once without interruption,
# then RUNS more times, each killed with SIGKILL KILLS times at random moments (about half of them
# the moment a checkpoint directory is being written) and resumed with `--resume auto` until it
# finishes. Reports how many runs finished bit-identical to the uninterrupted run, how many within
# float tolerance, and any restart that did not resume from the newest complete checkpoint or any
# step-* directory whose files do not match the sizes and SHA-256 in its state.json.
#
#   bench/reliability/soak.sh                       20 runs x 4 kills, 30 steps
#   bench/reliability/soak.sh --runs 5 --kills 2    shorter
#   bench/reliability/soak.sh --minutes 9           stop starting new runs after 9 minutes
#   bench/reliability/soak.sh --record              also write the result into bench/RESULTS.md
#
# Work goes to bench/runs/soak/ (deleted first). Exit 0 when every run finished identical or within
# tolerance with no wrong resume and no incomplete checkpoint; 1 otherwise. Maven never runs this;
# cli/src/test/java/dev/effitrain/cli/reliability/KillResumeIT.java is the CI-sized version.
set -euo pipefail

RUNS=20
KILLS=4
STEPS=30
SEED=1
MINUTES=0
RECORD=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --kills) KILLS="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --minutes) MINUTES="$2"; shift 2 ;;
    --record) RECORD=1; shift ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
LAUNCHER="$ROOT/effitrain"
WORK="$ROOT/bench/runs/soak"
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
export OMP_NUM_THREADS=1
RANDOM=$SEED

rm -rf "$WORK"
mkdir -p "$WORK"
"$LAUNCHER" --version >/dev/null   # builds the distribution if needed, outside the timed loop
START=$(date +%s)

recipe() { # recipe OUTPUT_DIR > file
  cat <<YAML
name: soak
trainer: standard
seed: 11
device: cpu
output: $1
model: { arch: gpt, layers: 1, d_model: 32, heads: 2, seq_len: 16 }
data: { source: synthetic-text, synthetic_size: 20000, val_fraction: 0.1 }
optimizer: { name: adamw, lr: 3e-3 }
schedule: { name: cosine, warmup: 3ba, min_lr: 1e-4 }
train: { duration: ${STEPS}ba, batch_size: 4, log_every: 1ba, eval_every: 0ba, checkpoint_every: 1ba, keep_last: 2 }
YAML
}

newest_step() { # newest step-* in a checkpoints dir, as a number; 0 when none
  local d last=""
  for d in "$1"/step-*; do [[ -d "$d" ]] && last="${d##*/step-}"; done
  echo $((10#${last:-0}))
}

tmp_dirs() { compgen -G "$1/.tmp-step-*" 2>/dev/null | sort || true; }

# every step-* dir: each tensor file has the size and SHA-256 its state.json records
check_complete() { # check_complete CKPT_DIR -> prints problems
  local d f want got
  for d in "$1"/step-*; do
    [[ -d "$d" ]] || continue
    for f in model.safetensors optimizer.safetensors; do
      want="$(tr -d ' \n' <"$d/state.json" 2>/dev/null | grep -o "\"$f\":{[^}]*}" | grep -o '[0-9a-f]\{64\}' || true)"
      got="$(sha256sum "$d/$f" 2>/dev/null | cut -c1-64 || true)"
      if [[ -z "$want" || "$want" != "$got" ]]; then echo "$d/$f"; fi
    done
  done
}

# max |a-b| / (1e-5 + 1e-4 |b|) over the F32 tensors of two safetensors files; needs python3
mismatch() {
  command -v python3 >/dev/null || { echo "n/a"; return; }
  python3 - "$1" "$2" <<'PY'
import json, struct, sys
def load(p):
    b = open(p, 'rb').read(); n = struct.unpack('<Q', b[:8])[0]; h = json.loads(b[8:8 + n]); out = {}
    for k, t in h.items():
        if k != '__metadata__' and t['dtype'] == 'F32':
            s, e = t['data_offsets']; out[k] = struct.unpack('<%df' % ((e - s) // 4), b[8 + n + s:8 + n + e])
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
if a.keys() != b.keys(): print('inf'); sys.exit()
print('%.3g' % max(abs(x - y) / (1e-5 + 1e-4 * abs(y)) for k in a for x, y in zip(a[k], b[k])))
PY
}

echo "soak: uninterrupted reference run ($STEPS steps)" >&2
recipe "$WORK/reference" >"$WORK/reference.yaml"
"$LAUNCHER" run "$WORK/reference.yaml" >"$WORK/reference.log" 2>&1
REF="$WORK/reference/checkpoints/$(printf 'step-%06d' "$STEPS")"

identical=0; close=0; finished=0; total_kills=0; mid_kills=0; wrong_resume=0; incomplete=0; failed=0; done_runs=0
for ((run = 1; run <= RUNS; run++)); do
  if [[ $MINUTES -gt 0 && $(( $(date +%s) - START )) -ge $((MINUTES * 60)) ]]; then
    echo "soak: time budget of $MINUTES min reached after $((run - 1)) runs" >&2
    break
  fi
  dir="$WORK/run-$run"
  ckpt="$dir/checkpoints"
  recipe "$dir" >"$WORK/run-$run.yaml"
  expected_resumes=""
  notes=""
  for ((k = 1; k <= KILLS; k++)); do
    before=$(newest_step "$ckpt")
    expected_resumes+="$before "
    leftovers="$(tmp_dirs "$ckpt")"
    "$LAUNCHER" run "$WORK/run-$run.yaml" >>"$WORK/run-$run.log" 2>&1 &
    pid=$!
    mode=random
    if (( RANDOM % 2 == 0 )); then
      mode=mid-checkpoint
      for ((i = 0; i < 4000; i++)); do   # up to ~20 s: the moment a new .tmp-step-* appears
        now="$(tmp_dirs "$ckpt")"
        if [[ -n "$now" && "$now" != "$leftovers" ]]; then break; fi
        kill -0 $pid 2>/dev/null || break
        sleep 0.005
      done
    else
      # after the process has published a new checkpoint, wait 0-400 ms more
      while [[ $(newest_step "$ckpt") -le $before ]] && kill -0 $pid 2>/dev/null; do sleep 0.02; done
      sleep "0.$(printf '%03d' $((RANDOM % 400)))"
    fi
    if kill -9 $pid 2>/dev/null; then
      wait $pid 2>/dev/null || true
      total_kills=$((total_kills + 1))
      after="$(tmp_dirs "$ckpt")"
      if [[ $mode == mid-checkpoint && -n "$after" && "$after" != "$leftovers" ]]; then
        mid_kills=$((mid_kills + 1)); notes+="K@ckpt "
      else
        notes+="K@$(newest_step "$ckpt") "
      fi
    else
      wait $pid 2>/dev/null || true   # it finished before the kill
      notes+="(done) "
    fi
    bad="$(check_complete "$ckpt")"
    if [[ -n "$bad" ]]; then incomplete=$((incomplete + 1)); notes+="INCOMPLETE:$bad "; fi
  done
  expected_resumes+="$(newest_step "$ckpt")"
  rc=0
  "$LAUNCHER" run "$WORK/run-$run.yaml" >>"$WORK/run-$run.log" 2>&1 || rc=$?
  done_runs=$((done_runs + 1))
  final="$ckpt/$(printf 'step-%06d' "$STEPS")"
  resumes="$(grep -o '"event":"start"[^}]*"resumed_from_step":[0-9]*' "$dir/metrics.jsonl" | grep -o '[0-9]*$' | tr '\n' ' ' | sed 's/ $//')"
  verdict=""
  if [[ $rc -ne 0 || ! -f "$final/model.safetensors" ]]; then
    failed=$((failed + 1)); verdict="FAILED (exit $rc)"
  else
    finished=$((finished + 1))
    if [[ "$resumes" != "$expected_resumes" ]]; then
      wrong_resume=$((wrong_resume + 1)); verdict="WRONG RESUME (from: $resumes; newest complete: $expected_resumes) "
    fi
    if cmp -s "$final/model.safetensors" "$REF/model.safetensors" && cmp -s "$final/optimizer.safetensors" "$REF/optimizer.safetensors"; then
      identical=$((identical + 1)); close=$((close + 1)); verdict+="identical"
    else
      m="$(mismatch "$final/model.safetensors" "$REF/model.safetensors")"
      if [[ "$m" != "n/a" && "$m" != "inf" ]] && awk -v m="$m" 'BEGIN { exit !(m <= 1) }'; then
        close=$((close + 1)); verdict+="within tolerance (mismatch $m)"
      else
        verdict+="DIFFERENT (mismatch $m)"
      fi
    fi
  fi
  printf 'run %2d: %-40s resumed from: %-18s %s\n' "$run" "$notes" "$resumes" "$verdict"
done

elapsed=$(( $(date +%s) - START ))
summary="runs: $done_runs, kills: $total_kills ($mid_kills while a checkpoint was being written), finished: $finished, bit-identical to the uninterrupted run: $identical/$done_runs, within tolerance: $close/$done_runs, wrong resumes: $wrong_resume, incomplete checkpoints seen: $incomplete, failed: $failed; ${elapsed} s"
echo "$summary"

if [[ $RECORD -eq 1 ]]; then
  RESULTS="$ROOT/bench/RESULTS.md"
  section="$(mktemp)"
  {
    echo "## reliability-soak"
    echo
    echo "Kill -9 and \`--resume auto\`, from \`bench/reliability/soak.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'),"
    echo "git \`$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)\`, $(getconf _NPROCESSORS_ONLN) cores, libtorch 1 thread."
    echo "Each run: a 1-layer GPT (d_model 32, seq 16, batch 4), $STEPS steps, a checkpoint every step (2 kept),"
    echo "killed $KILLS times (about half the kills the moment a checkpoint directory was being written), then resumed"
    echo "to the end and compared with one uninterrupted run."
    echo
    echo '```'
    echo "bench/reliability/soak.sh --runs $RUNS --kills $KILLS --steps $STEPS --seed $SEED$([[ $MINUTES -gt 0 ]] && echo " --minutes $MINUTES") --record"
    echo "$summary"
    echo '```'
    echo
  } >"$section"
  # replace this section if present, keep every other section as it is
  if [[ -f "$RESULTS" ]]; then
    awk -v f="$section" '
      /^## reliability-soak$/ { skip = 1; while ((getline line < f) > 0) print line; next }
      /^## / && skip { skip = 0 }
      !skip { print }' "$RESULTS" >"$RESULTS.tmp"
    grep -q '^## reliability-soak$' "$RESULTS" || { echo; cat "$section"; } >>"$RESULTS.tmp"
    mv "$RESULTS.tmp" "$RESULTS"
  else
    { echo "# Benchmark results"; echo; cat "$section"; } >"$RESULTS"
  fi
  rm -f "$section"
  echo "soak: wrote the reliability-soak section of $RESULTS" >&2
fi

[[ $failed -eq 0 && $wrong_resume -eq 0 && $incomplete -eq 0 && $close -eq $done_runs ]]
