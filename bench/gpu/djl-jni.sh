#!/usr/bin/env bash
# Builds DJL 0.36.0's PyTorch JNI library (libdjl_torch.so) against the libtorch inside a pip torch
# package, offline, and prints what to export so that DJL (and effitrain) use that libtorch instead
# of downloading its own. For machines without internet whose only libtorch is a pip wheel (the GPU
# box: torch 2.11.0+cu130). Sources: bench/gpu/djl-native (DJL v0.36.0, Apache-2.0). See DJL-JNI.md.
#
# Usage: bench/gpu/djl-jni.sh [--python PY] [--out DIR] [--check CLASSPATH]
#   --python PY       a python whose 'import torch' is the torch to use (default: $PYTHON or python3)
#   --out DIR         build and lib folder (default: /tmp/djl-jni); DIR/env.sh gets the exports
#   --check CLASSPATH after the build, run 'effitrain env' (dev.effitrain.cli.Main) on this class path
#                     with the exports and -Xlog:library, and show which libtorch the JVM loaded
# Environment: JOBS (parallel compile jobs, default nproc), BUILD_TYPE (default Release),
#   USE_CUDA=auto|0|1 (DJL's USE_CUDA code: CUDA emptyCache and the separate inference stream; the
#   GPU itself works without it), JAVA_HOME or JNI_INCLUDE_DIR (for jni.h; else the 'java' on PATH),
#   JAVA (java binary for --check), CXX, DJL_TORCH_CMAKE=1 (upstream's find_package(Torch) route).
# Needs: cmake >= 3.18, a C++17 compiler, jni.h. Fetches nothing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/djl-native"
PY="${PYTHON:-python3}"
OUT="/tmp/djl-jni"
CHECK_CP=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --python) PY="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --check) CHECK_CP="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "djl-jni.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
JOBS="${JOBS:-$(nproc)}"
BUILD_TYPE="${BUILD_TYPE:-Release}"
WANT_CUDA="${USE_CUDA:-auto}"
say() { echo "djl-jni: $*" >&2; }
die() { echo "djl-jni: error: $*" >&2; exit 1; }
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# --- 1. the torch package --------------------------------------------------------------------
command -v "$PY" >/dev/null || [[ -x "$PY" ]] || die "no python '$PY' (use --python)"
facts="$("$PY" - <<'EOF'
import os, shlex, torch
d = os.path.dirname(os.path.realpath(torch.__file__))
print("TORCH_DIR=" + shlex.quote(d))
print("TORCH_VERSION=" + shlex.quote(torch.__version__.split("+")[0]))
print("TORCH_CUDA=" + shlex.quote(torch.version.cuda or ""))
print("TORCH_ABI=%d" % int(torch.compiled_with_cxx11_abi()))
EOF
)" || die "'$PY' cannot import torch"
eval "$facts"
TLIB="$TORCH_DIR/lib"
[[ -f "$TLIB/libtorch.so" && -f "$TORCH_DIR/include/torch/script.h" ]] \
  || die "$TORCH_DIR lacks lib/libtorch.so or include/ (a pip torch wheel has both)"
if [[ -n "$TORCH_CUDA" ]]; then
  FLAVOR="cu${TORCH_CUDA//./}"      # 13.0 -> cu130 (DJL only checks that the flavor contains "cu")
  [[ -f "$TLIB/libtorch_cuda.so" ]] || die "torch reports CUDA $TORCH_CUDA but $TLIB/libtorch_cuda.so is missing"
else
  FLAVOR="cpu"
fi
say "torch $TORCH_VERSION ($FLAVOR, cxx11 abi $TORCH_ABI) at $TORCH_DIR"

# --- 2. jni.h --------------------------------------------------------------------------------
JNI_DIR=""
java_bin="$(command -v "${JAVA:-java}" 2>/dev/null || true)"
for d in "${JNI_INCLUDE_DIR:-}" "${JAVA_HOME:+$JAVA_HOME/include}" \
         "${java_bin:+$(dirname "$(dirname "$(readlink -f "$java_bin")")")/include}"; do
  if [[ -n "$d" && -f "$d/jni.h" ]]; then JNI_DIR="$d"; break; fi
done
[[ -n "$JNI_DIR" ]] || die "no jni.h: set JAVA_HOME (a JDK, or a jlink image made without --no-header-files) or JNI_INCLUDE_DIR"

# --- 3. the CUDA side: libraries libtorch_cuda needs, DJL's optional USE_CUDA code ------------
SITE="$(dirname "$TORCH_DIR")"
EXTRA_LD=""      # only set when libtorch_cuda's RUNPATH does not find its CUDA libraries
CUDA_INC=()
if [[ -n "$TORCH_CUDA" ]]; then
  missing="$(ldd "$TLIB/libtorch_cuda.so" | awk '/not found/ {print $1}' | grep -v '^libcuda\.so' || true)"
  if [[ -n "$missing" ]]; then
    # what torch/__init__.py's preloading does for python: the nvidia-* wheels' lib folders
    EXTRA_LD="$(find "$SITE/nvidia" -maxdepth 3 -type d -name lib 2>/dev/null | sort | paste -sd: -)"
    still="$(LD_LIBRARY_PATH="$EXTRA_LD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd "$TLIB/libtorch_cuda.so" \
             | awk '/not found/ {print $1}' | grep -v '^libcuda\.so' || true)"
    [[ -z "$still" ]] || die "libtorch_cuda.so needs libraries found nowhere: $(echo $still)"
    say "libtorch_cuda's RUNPATH misses $(echo $missing); adding the nvidia wheels' lib folders to LD_LIBRARY_PATH"
  fi
  # candidate header folders for DJL's USE_CUDA code: the nvidia-* wheels' (they match the runtime
  # libtorch loads), then a CUDA toolkit's; CMake compiles a probe with them (USE_CUDA=auto)
  for d in "$SITE"/nvidia/*/include "${CUDA_HOME:+$CUDA_HOME/include}" "${CUDA_PATH:+$CUDA_PATH/include}" \
           /usr/local/cuda/include; do
    if [[ -n "$d" && -d "$d" ]]; then CUDA_INC+=("$d"); fi
  done
fi
if [[ -z "$TORCH_CUDA" && "$WANT_CUDA" == 1 ]]; then die "USE_CUDA=1 but this torch has no CUDA"; fi
case "$WANT_CUDA" in 1|on|ON) CUDA_OPT=ON ;; 0|off|OFF) CUDA_OPT=OFF ;; *) CUDA_OPT=AUTO ;; esac

# --- 4. build --------------------------------------------------------------------------------
command -v cmake >/dev/null || die "cmake not found"
gen=()
if command -v ninja >/dev/null; then gen=(-G Ninja); fi
cuda_inc_list="$(IFS=';'; echo "${CUDA_INC[*]:-}")"
configure() {   # $1: USE_CUDA (AUTO, ON or OFF)
  cmake -S "$SRC" -B "$OUT/build" "${gen[@]}" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" \
    ${CXX:+-DCMAKE_CXX_COMPILER="$CXX"} \
    -DTORCH_DIR="$TORCH_DIR" -DTORCH_CXX11_ABI="$TORCH_ABI" -DJNI_INCLUDE_DIR="$JNI_DIR" \
    -DUSE_CUDA="$1" -DCUDA_INCLUDE_DIRS="$cuda_inc_list" \
    -DDJL_TORCH_CMAKE="$([[ "${DJL_TORCH_CMAKE:-0}" == 1 ]] && echo ON || echo OFF)" >"$OUT/cmake.log" 2>&1 \
    || { tail -30 "$OUT/cmake.log" >&2; die "cmake configure failed (log: $OUT/cmake.log)"; }
  HAVE_CUDA="$(sed -n 's/^DJL_USE_CUDA_RESULT:INTERNAL=//p' "$OUT/build/CMakeCache.txt")"
  grep -A3 'CMake Warning' "$OUT/cmake.log" | grep -v '^--$' | sed 's/^/  /' >&2 || true
}
build() { cmake --build "$OUT/build" -j "$JOBS" >"$OUT/build.log" 2>&1; }
build_failed() {
  grep -E -m 20 -A3 'error' "$OUT/build.log" >&2 || tail -40 "$OUT/build.log" >&2
  die "build failed (log: $OUT/build.log)"
}
start=$SECONDS
rm -rf "$OUT/build"
configure "$CUDA_OPT"
say "building libdjl_torch.so (USE_CUDA=$HAVE_CUDA, $JOBS jobs, $BUILD_TYPE)"
if ! build; then
  if [[ "$HAVE_CUDA" == ON && "$CUDA_OPT" == AUTO ]]; then
    grep -E -m 5 'error' "$OUT/build.log" >&2 || true
    say "build with USE_CUDA failed; building again without it"
    configure OFF
    build || build_failed
  else
    build_failed
  fi
fi
say "built in $((SECONDS - start)) s"

# --- 5. the folder PYTORCH_LIBRARY_PATH points at --------------------------------------------
# DJL System.load()s every lib*.so in it (test libraries of the wheel included), so it gets only
# links to the libtorch libraries it needs plus libdjl_torch.so, which DJL then finds there before
# looking in its cache or downloading. The JVM loads links by their real path, so the wheel's
# $ORIGIN RUNPATHs (nvidia-* wheels, libgomp) resolve as they do for python.
LIB="$OUT/lib"
rm -rf "$LIB" && mkdir -p "$LIB"
for f in libc10.so libtorch_cpu.so libtorch.so libc10_cuda.so libtorch_cuda.so; do
  if [[ -f "$TLIB/$f" ]]; then ln -s "$TLIB/$f" "$LIB/$f"; fi
done
cp "$OUT/build/libdjl_torch.so" "$LIB/"
# every symbol of the JNI library must resolve against this libtorch (catches ABI/version drift now
# rather than as an UnsatisfiedLinkError in the JVM)
undef="$(LD_LIBRARY_PATH="$EXTRA_LD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd -r "$LIB/libdjl_torch.so" 2>&1 \
         | grep 'undefined symbol' | grep 'libdjl_torch' || true)"
[[ -z "$undef" ]] || { echo "$undef" | head -20 >&2; die "libdjl_torch.so has unresolved symbols"; }

# DJL counts GPUs through JNA's Native.load("cudart"), i.e. a library called libcudart.so: link the
# one libtorch uses into a folder on LD_LIBRARY_PATH (or pass -Djna.library.path=$OUT/cudart).
LDP="$EXTRA_LD"
if [[ -n "$TORCH_CUDA" ]]; then
  cudart="$(LD_LIBRARY_PATH="$EXTRA_LD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd "$TLIB/libc10_cuda.so" \
            | awk '$1 ~ /^libcudart\.so/ && $3 ~ /^\// {print $3; exit}')"
  [[ -n "$cudart" ]] || cudart="$(find "$SITE/nvidia" -name 'libcudart.so*' 2>/dev/null | sort | tail -n 1)"
  [[ -n "$cudart" ]] || die "cannot find the libcudart.so.* libtorch uses"
  mkdir -p "$OUT/cudart" && ln -sfn "$(readlink -f "$cudart")" "$OUT/cudart/libcudart.so"
  LDP="$OUT/cudart${EXTRA_LD:+:$EXTRA_LD}"
fi

# --- 6. the exports --------------------------------------------------------------------------
{
  echo "# DJL 0.36.0 on torch $TORCH_VERSION ($FLAVOR) from $TORCH_DIR; made by bench/gpu/djl-jni.sh"
  echo "export PYTORCH_LIBRARY_PATH='$LIB'   # libtorch + libdjl_torch.so: no download, no ~/.djl.ai"
  echo "export PYTORCH_VERSION='$TORCH_VERSION'   # only what DJL reports as its libtorch version"
  echo "export PYTORCH_FLAVOR='$FLAVOR'   # 'cu*' makes DJL also load libc10_cuda/libtorch_cuda"
  echo "export DJL_OFFLINE=true   # any attempted download fails at once instead of hanging"
  echo "export ENGINE_CACHE_DIR='$OUT/cache'   # DJL writes nothing there when the above is right"
  if [[ -n "$LDP" ]]; then echo "export LD_LIBRARY_PATH='$LDP'\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"; fi
  echo "# leave pytorch-native-*.jar off the class path (pytorch-jni-*.jar is then unused, too)"
} >"$OUT/env.sh"
cat "$OUT/env.sh"

# --- 7. optional smoke test ------------------------------------------------------------------
if [[ -n "$CHECK_CP" ]]; then
  [[ -n "$java_bin" ]] || die "--check: no java (set JAVA)"
  say "checking: java -cp ... dev.effitrain.cli.Main env"
  # shellcheck disable=SC1091
  ( . "$OUT/env.sh"; "$java_bin" -Xlog:library=info -cp "$CHECK_CP" dev.effitrain.cli.Main env 2>&1 ) \
    | grep -E 'Loaded library .*(torch|c10|cudart|jna)|^(libtorch|gpus|default_device) |rror|xception' \
    | sed -E 's/^\[[^]]*\]\[info\]\[library\] //; s/, handle 0x[0-9a-f]+//'
fi
