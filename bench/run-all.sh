#!/usr/bin/env bash
# bench/run-all.sh: run every benchmark group (a family's efficient recipe beside its baseline),
# compare each group with `effitrain compare`, and rewrite bench/RESULTS.md with the tables, the
# plots, the exact commands, the versions and the date.
#
#   bench/run-all.sh                 all groups
#   bench/run-all.sh optim-8bit      only the groups named
#   bench/run-all.sh --dry-run       print the commands, run nothing, leave RESULTS.md alone
#
# Environment: BENCH_THREADS (default 2) fixes libtorch's thread count; BENCH_SET adds overrides to
# every run, e.g. BENCH_SET="train.duration=100ba" for a quick smoke of the harness itself.
# Not part of the test suite: Maven never calls it. See bench/README.md.
set -euo pipefail

# One entry per run: GROUP|RUN_NAME|RECIPE|OVERRIDES
#   GROUP      a family's benchmark; the first entry of a group is its baseline
#   RUN_NAME   becomes the run's name and bench/runs/RUN_NAME
#   RECIPE     relative to the repository root
#   OVERRIDES  space-separated key=value pairs, each passed as --set (may be empty)
# Families add their pair here, sized to finish on 2 CPU cores in a few minutes per run.
BENCHMARKS=(
  "optim-8bit|gpt-adamw32|recipes/gpt-adamw32.yaml|train.duration=400ba train.eval_every=100ba"
  "optim-8bit|gpt-adamw8bit|recipes/gpt-adamw8bit.yaml|train.duration=400ba train.eval_every=100ba"
  "optim-8bit|gpt-adamw8bit-noblock|recipes/gpt-adamw8bit.yaml|optimizer.name=adamw-dynamic8bit-noblock train.duration=400ba train.eval_every=100ba"
  "optim-8bit|gpt-adamw8bit-linear|recipes/gpt-adamw8bit.yaml|optimizer.name=adamw-linear8bit train.duration=400ba train.eval_every=100ba"
  "optim-8bit-vit|vit-momentum32|recipes/vit-fashion-mnist.yaml|optimizer.name=momentum optimizer.lr=0.05 optimizer.momentum=0.9 optimizer.weight_decay=1e-4 train.duration=1ep train.checkpoint_every=0"
  "optim-8bit-vit|vit-momentum8bit|recipes/vit-fashion-mnist.yaml|optimizer.name=momentum8bit optimizer.lr=0.05 optimizer.momentum=0.9 optimizer.weight_decay=1e-4 train.duration=1ep train.checkpoint_every=0"
  "progressive|gpt-baseline|recipes/gpt-baseline.yaml|train.duration=600ba"
  "progressive|gpt-stack|recipes/gpt-stack.yaml|train.duration=857ba"
  "progressive|gpt-zero-one-layer|recipes/gpt-zero-one-layer.yaml|train.duration=1429ba"
)

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
BENCH="$ROOT/bench"
LAUNCHER="$ROOT/effitrain"
THREADS="${BENCH_THREADS:-2}"
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1"
export OMP_NUM_THREADS="$THREADS"

DRY_RUN=0
SELECTED=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run-all.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    *) SELECTED+=("$arg") ;;
  esac
done

groups_in_order() {
  local entry group seen=" "
  for entry in "${BENCHMARKS[@]}"; do
    group="${entry%%|*}"
    if [[ "$seen" != *" $group "* ]]; then
      seen+="$group "
      echo "$group"
    fi
  done
}

GROUPS_TO_RUN=()
while read -r g; do
  if [[ ${#SELECTED[@]} -eq 0 ]] || [[ " ${SELECTED[*]} " == *" $g "* ]]; then
    GROUPS_TO_RUN+=("$g")
  fi
done < <(groups_in_order)
for s in "${SELECTED[@]}"; do
  if [[ " $(groups_in_order | tr '\n' ' ') " != *" $s "* ]]; then
    echo "run-all.sh: no benchmark group '$s'; groups: $(groups_in_order | tr '\n' ' ')" >&2
    exit 2
  fi
done

if [[ ! -x "$LAUNCHER" ]]; then
  echo "run-all.sh: $LAUNCHER not found or not executable" >&2
  exit 2
fi

# "a=1 b=2" plus BENCH_SET -> SET_ARGS=(--set a=1 --set b=2); globbing off so "[0.9,0.95]" stays literal
SET_ARGS=()
build_set_args() {
  local kv
  SET_ARGS=()
  set -f
  for kv in $1 ${BENCH_SET:-}; do
    SET_ARGS+=(--set "$kv")
  done
  set +f
}

quote() { printf '%q ' "$@" | sed 's/ $//'; }

SECTIONS="$(mktemp)"
trap 'rm -f "$SECTIONS" "$SECTIONS".*' EXIT

FAILED=0

outcome_of() {
  case "$1" in
    0) echo "completed" ;;
    4) echo "diverged" ;;
    75) echo "interrupted" ;;
    *) echo "failed" ;;
  esac
}

run_group() {
  local group="$1" entry g name recipe overrides log rc start end
  local run_dirs=() table_rows="" commands=""
  echo "== $group" >&2
  for entry in "${BENCHMARKS[@]}"; do
    IFS='|' read -r g name recipe overrides <<<"$entry"
    [[ "$g" == "$group" ]] || continue
    build_set_args "name=$name output=bench/runs/$name $overrides"
    local shown="EFFITRAIN_OPTS=\"$EFFITRAIN_OPTS\" ./effitrain run $recipe $(quote "${SET_ARGS[@]}") --resume never"
    commands+="$shown"$'\n'
    if [[ $DRY_RUN -eq 1 ]]; then
      echo "$shown"
      run_dirs+=("runs/$name")
      continue
    fi
    rm -rf "$BENCH/runs/$name"
    mkdir -p "$BENCH/runs"
    log="$BENCH/runs/$name.log"
    echo "-- $name: $shown" >&2
    start=$(date +%s.%N)
    rc=0
    (cd "$ROOT" && "$LAUNCHER" run "$recipe" "${SET_ARGS[@]}" --resume never) >"$log" 2>&1 || rc=$?
    end=$(date +%s.%N)
    local secs
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    echo "   exit $rc after ${secs}s (log: bench/runs/$name.log)" >&2
    local outcome
    outcome="$(outcome_of "$rc")"
    [[ $rc -eq 0 ]] || FAILED=$((FAILED + 1))
    if [[ -d "$BENCH/runs/$name" ]]; then
      run_dirs+=("runs/$name")
    else
      # refused before training (a recipe that does not validate yet, missing data): say why
      outcome="not run: $(grep -m1 -v '^[[:space:]]*$' "$log" | cut -c1-200 | sed 's/|/\\|/g' || true)"
    fi
    table_rows+="| \`$name\` | $rc | $secs s | $outcome |"$'\n'
  done

  local compare_cmd=(compare "${run_dirs[@]}" --out "results/$group" --markdown)
  local compare_shown="(cd bench && ../effitrain $(quote "${compare_cmd[@]}"))"
  if [[ $DRY_RUN -eq 1 ]]; then
    echo "$compare_shown"
    return
  fi
  commands+="$compare_shown"$'\n'

  {
    echo "## $group"
    echo
    echo "| run | exit code | wall time (harness) | outcome |"
    echo "|---|---:|---:|---|"
    printf '%s' "$table_rows"
    echo
    if [[ ${#run_dirs[@]} -eq 0 ]]; then
      echo "No run of this group produced a run directory; nothing to compare."
    else
      rm -rf "$BENCH/results/$group"
      local md rc_cmp=0
      md="$(cd "$BENCH" && "$LAUNCHER" "${compare_cmd[@]}" 2>"$SECTIONS.err")" || rc_cmp=$?
      if [[ $rc_cmp -eq 0 ]]; then
        # the report's headings sit one level under this group's
        printf '%s\n' "$md" | sed 's/^## /### /'
      else
        echo "\`effitrain compare\` failed (exit $rc_cmp):"
        echo
        echo '```'
        cat "$SECTIONS.err"
        echo '```'
      fi
    fi
    echo
    echo "Commands (from the repository root):"
    echo
    echo '```bash'
    printf '%s' "$commands"
    echo '```'
    echo
  } >>"$SECTIONS"
}

for g in "${GROUPS_TO_RUN[@]}"; do
  run_group "$g"
done
[[ $DRY_RUN -eq 1 ]] && exit 0

git_rev="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git_dirty=""
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  git_dirty=" (with uncommitted changes)"
fi
cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"

RESULTS="$BENCH/RESULTS.md"
# Every "## " section except those of the groups rerun now survives the rewrite: other families'
# benchmark scripts (bench/ats, bench/mim, bench/progressive, bench/reliability) record their own.
KEPT=""
if [[ -f "$RESULTS" ]]; then
  KEPT="$(awk -v rerun=" ${GROUPS_TO_RUN[*]} " '
    /^## / { title = substr($0, 4); k = index(rerun, " " title " ") == 0 }
    /^# / { k = 0 }
    k' "$RESULTS")"
fi
{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run-all.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); rerun it rather than editing this"
  echo "file. Groups: ${GROUPS_TO_RUN[*]}."
  echo
  echo "- git: \`$git_rev\`$git_dirty"
  echo "- java: \`$(java -version 2>&1 | head -1)\`"
  echo "- effitrain: \`$("$LAUNCHER" --version 2>/dev/null | head -1 || echo unknown)\`"
  echo "- machine: $(uname -srm), $(nproc) cores${cpu:+ ($cpu)}"
  echo "- threads: \`EFFITRAIN_OPTS=\"$EFFITRAIN_OPTS\"\`, \`OMP_NUM_THREADS=$OMP_NUM_THREADS\`${BENCH_SET:+; every run also had \`BENCH_SET=\"$BENCH_SET\"\`}"
  echo
  echo "Engine and devices (\`effitrain env\`):"
  echo
  echo '```'
  (cd "$ROOT" && "$LAUNCHER" env 2>&1) || true
  echo '```'
  echo
  cat "$SECTIONS"
  if [[ -n "$KEPT" ]]; then printf '%s\n\n' "$KEPT"; fi
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
echo "wrote $RESULTS" >&2
if [[ $FAILED -gt 0 ]]; then
  echo "run-all.sh: $FAILED run(s) did not complete; see the logs in bench/runs/" >&2
  exit 1
fi
