# shellcheck shell=bash
# The runtime settings both launchers share: sourced by the checkout's ./effitrain and by the release
# archive's bin/effitrain. Defines effitrain_java (sets JAVA), effitrain_plugins (sets PLUGINS and
# PLUGIN_CP) and effitrain_runtime_env MKL_LIB.

# Java: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on the PATH; it must be 17 or newer.
effitrain_java() {
  JAVA="java"
  [[ -n "${JAVA_HOME:-}" ]] && JAVA="$JAVA_HOME/bin/java"
  local java_major
  java_major="$("$JAVA" -version 2>&1 | sed -n -E 's/.*version "(1\.)?([0-9]+).*/\2/p' | head -n 1 || true)"
  if [[ -z "$java_major" ]]; then
    echo "effitrain: Java 17 or newer is needed, but '$JAVA' does not run; install a JDK 17 or set JAVA_HOME" >&2
    exit 2
  elif (( java_major < 17 )); then
    echo "effitrain: Java 17 or newer is needed, but '$JAVA' is Java $java_major; install a JDK 17 or set JAVA_HOME" >&2
    exit 2
  fi
}

# Trainer plugins: the jars and folders in EFFITRAIN_PLUGINS (':'-separated, like PATH), then the
# folder ~/.effitrain/plugins. A folder adds the jars in it (and itself, for unpacked classes).
# PLUGIN_CP goes at the end of the class path, so a plugin cannot replace a built-in class; PLUGINS
# (absolute paths) tells effitrain which trainers are plugins and which entries to check.
effitrain_plugins() {
  local entries=() entry
  PLUGINS="" PLUGIN_CP=""
  IFS=':' read -r -a entries <<<"${EFFITRAIN_PLUGINS:-}"
  [[ -n "${HOME:-}" && -d "$HOME/.effitrain/plugins" ]] && entries+=("$HOME/.effitrain/plugins")
  for entry in ${entries[@]+"${entries[@]}"}; do
    [[ -n "$entry" ]] || continue
    [[ "$entry" == /* ]] || entry="$PWD/$entry"
    PLUGINS+="${PLUGINS:+:}$entry"
    if [[ -d "$entry" ]]; then
      PLUGIN_CP+=":$entry:$entry/*"
    else
      PLUGIN_CP+=":$entry"
    fi
  done
}

# Idle OpenMP threads sleep instead of spinning: on shared or busy cores, spinning made 2-thread
# steps up to 13x slower. Set OMP_WAIT_POLICY=ACTIVE for a dedicated machine.
omp_wait_policy() {
  if [[ -z "${OMP_WAIT_POLICY+set}" ]]; then
    export OMP_WAIT_POLICY=PASSIVE
  elif [[ -z "$OMP_WAIT_POLICY" ]]; then
    unset OMP_WAIT_POLICY   # OMP_WAIT_POLICY= (empty): libgomp's own default
  fi
}

# Memory allocator for the JVM and libtorch: EFFITRAIN_MALLOC=system|jemalloc|tcmalloc (default
# system: jemalloc 5.3 made the GPT benchmark's step 27% slower here; bench/runtime-env.sh measures it).
# glibc malloc returns big freed tensors to the kernel (mmap/trim) and page-faults them back on
# the next step: 34k minor faults/s and 5% system time on the GPT benchmark. Serving tensors up to
# 32 MiB from the heap and keeping freed memory cut that to 800/s (peak RSS of vit-fashion-mnist:
# 1.25 GB, 1.23 GB without). Any MALLOC_* setting of the caller's wins.
glibc_keeps_freed_memory() {
  [[ -n "$(compgen -e | grep '^MALLOC_' || true)" ]] && return
  export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=67108864
}

preload_malloc() {
  local want="${EFFITRAIN_MALLOC:-system}" lib=""
  case "$want" in
    system) glibc_keeps_freed_memory; return ;;
    jemalloc) lib="$(ls /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
                       /usr/lib64/libjemalloc.so.2 2>/dev/null | head -n 1 || true)" ;;
    tcmalloc) lib="$(ls /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4 \
                       /usr/lib64/libtcmalloc_minimal.so.4 2>/dev/null | head -n 1 || true)" ;;
    *) echo "effitrain: EFFITRAIN_MALLOC must be jemalloc, tcmalloc or system, not '$want'" >&2; exit 2 ;;
  esac
  if [[ -n "$lib" ]]; then
    export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
  elif [[ -n "${EFFITRAIN_MALLOC:-}" ]]; then
    echo "effitrain: EFFITRAIN_MALLOC=$want but the library is not installed; using glibc malloc" >&2
    glibc_keeps_freed_memory
  fi
}

# MKL (linked into libtorch) runs its generic matrix-product kernels on CPUs that are not Intel's;
# on the AMD EPYC we measure on they gave 7-18% fewer GFLOP/s than the kernels it picks for an
# Intel CPU with the same instruction sets (cli/src/main/c/mkl_intel_path.c lifts only the vendor check).
# EFFITRAIN_MKL_INTEL_PATH=auto (default: on for AMD CPUs) | on | off. $1: the preload library.
mkl_intel_path() {
  local want="${EFFITRAIN_MKL_INTEL_PATH:-auto}" lib="$1"
  case "$want" in
    auto) grep -q -m 1 '^vendor_id.*AuthenticAMD' /proc/cpuinfo 2>/dev/null || return 0 ;;
    on) ;;
    off) return 0 ;;
    *) echo "effitrain: EFFITRAIN_MKL_INTEL_PATH must be auto, on or off, not '$want'" >&2; exit 2 ;;
  esac
  if [[ -f "$lib" ]]; then
    export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
  elif [[ "$want" == on ]]; then
    echo "effitrain: EFFITRAIN_MKL_INTEL_PATH=on but $lib was not built (needs gcc); MKL keeps its own code path" >&2
  fi
}

# All of the above; $1: where libeffitrain_mkl_intel.so is (or would be).
effitrain_runtime_env() {
  omp_wait_policy
  preload_malloc
  mkl_intel_path "$1"
}
