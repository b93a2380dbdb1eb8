#!/usr/bin/env bash
# Builds the optional native kernels (libeffitrain_quant.so) into the classes directory, so they
# travel in the core jar. Without gcc or the JDK's JNI headers it warns and builds nothing: effitrain
# then runs the same computation as libtorch tensor ops (NativeQuant.kernel() is null).
# Usage: build.sh JAVA_HOME OUTPUT_CLASSES_DIR
set -euo pipefail
SRC="$(cd "$(dirname "$0")" && pwd)"
JDK="$1"
OUT="$2/dev/effitrain/native/$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)"
if ! command -v gcc >/dev/null 2>&1 || [[ ! -f "$JDK/include/jni.h" ]]; then
  echo "[effitrain] no gcc or JNI headers under $JDK: native kernels not built, tensor ops will be used" >&2
  exit 0
fi
mkdir -p "$OUT"
LIB="$OUT/libeffitrain_quant.so"
if [[ -f "$LIB" && "$LIB" -nt "$SRC/effitrain_quant.c" && "$LIB" -nt "$0" ]]; then
  exit 0
fi
gcc -O3 -std=gnu11 -Wall -Wextra -Wno-unused-parameter -ffp-contract=off -fPIC -shared \
    -I"$JDK/include" -I"$JDK/include/$(uname -s | tr '[:upper:]' '[:lower:]')" \
    "$SRC/effitrain_quant.c" -o "$LIB" -lm
