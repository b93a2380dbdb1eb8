#!/usr/bin/env bash
# Builds the optional native kernels (libeffitrain_kernels.so: 8-bit quantization, the Adam step)
# into the classes directory, so they travel in the core jar. Without gcc or the JDK's JNI headers
# it warns and builds nothing: effitrain then runs libtorch tensor ops (NativeKernels.kernel() is null).
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
LIB="$OUT/libeffitrain_kernels.so"
SOURCES=("$SRC"/*.c)
if [[ -f "$LIB" && "$LIB" -nt "$0" ]] && [[ -z "$(find "$SRC" \( -name '*.c' -o -name '*.h' \) -newer "$LIB")" ]]; then
  exit 0
fi
rm -f "$OUT/libeffitrain_quant.so"   # the library's name before it held more than quantization
gcc -O3 -std=gnu11 -Wall -Wextra -Wno-unused-parameter -ffp-contract=off -fPIC -shared \
    -I"$JDK/include" -I"$JDK/include/$(uname -s | tr '[:upper:]' '[:lower:]')" \
    "${SOURCES[@]}" -o "$LIB" -lm
