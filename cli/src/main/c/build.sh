#!/usr/bin/env bash
# Builds libeffitrain_mkl_intel.so (mkl_intel_path.c) into OUTPUT_DIR, for the launcher to preload
# on AMD CPUs. Without gcc it warns and builds nothing: MKL then keeps its own code path.
# Usage: build.sh OUTPUT_DIR
set -euo pipefail
SRC="$(cd "$(dirname "$0")" && pwd)"
OUT="$1"
if ! command -v gcc >/dev/null 2>&1; then
  echo "[effitrain] no gcc: libeffitrain_mkl_intel.so not built, MKL keeps its own code path on AMD CPUs" >&2
  exit 0
fi
mkdir -p "$OUT"
LIB="$OUT/libeffitrain_mkl_intel.so"
if [[ -f "$LIB" && "$LIB" -nt "$SRC/mkl_intel_path.c" && "$LIB" -nt "$0" ]]; then
  exit 0
fi
gcc -O2 -Wall -Wextra -fPIC -shared "$SRC/mkl_intel_path.c" -o "$LIB"
