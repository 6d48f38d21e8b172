#!/bin/bash
# The GPU backend's check on a GPU machine (issue 14), in three steps:
#   scripts/gpu-check.sh bundle   here, after the build: .gpu/ with a portable Java runtime
#                                 (../shared/gpu/make-jre.sh), the jars the check needs and JCuda's
#                                 driver library; under 64 MiB with the working tree
#   scripts/gpu-check.sh run      on the GPU machine (the device tool, carry [".gpu"]): unpacks the
#                                 runtime, runs the CFD program in PyTorch or CuPy when the machine
#                                 has one, then legate.gpu.check.GpuCheck (it starts no comparison
#                                 after GPU_CHECK_BUDGET seconds, 300 by default, and says what it
#                                 skipped); the output goes to $OUT/gpu-check.txt too
#   scripts/gpu-check.sh local    here: the quick check (sizes up to 4097, no figures) against the
#                                 host-emulated driver (gpu/src/test/c/libcuda_host.c, built with gcc)
# The check ends with "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lib=$here/distribution/target/legate/lib
cd "$here"
case "${1:-}" in
  bundle)
    [[ -d $lib ]] || { echo "gpu-check: build first (mvn package): $lib is missing" >&2; exit 1; }
    mkdir -p .gpu/lib
    # the modules the check's jars need (jdeps --print-module-deps) plus jdk.jfr, so that a run on the
    # GPU machine can record where the host's time goes; jlinked as ../shared/gpu/make-jre.sh does
    # (Temurin's JDK runs on any glibc; uncompressed, then xz)
    modules=java.base,java.logging,java.management,jdk.unsupported,jdk.jfr
    if ! { [[ -f .gpu/jre.tar.xz ]] && tar -xJOf .gpu/jre.tar.xz ./release | grep -q 'jdk.jfr'; }; then
      jdk=${JLINK_JDK:-$(ls -d /usr/lib/jvm/temurin-2*-jdk* 2>/dev/null | sort -V | tail -1)}
      [[ -x $jdk/bin/jlink ]] || jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
      rm -rf .gpu/jre .gpu/jre.tar.xz
      "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-0 --output .gpu/jre
      tar -C .gpu/jre -cJf .gpu/jre.tar.xz .
    fi
    rm -rf .gpu/jre .gpu/lib/*
    cp "$lib"/legate-runtime-*.jar "$lib"/legate-gpu-*.jar "$lib"/jcuda-*.jar "$lib"/libJCudaDriver-*.so .gpu/lib/
    cp bench/cfd_gpu_baseline.py .gpu/
    du -sh .gpu
    echo 'then: device run, carry [".gpu"], command "bash scripts/gpu-check.sh run", timeout_s 540'
    ;;
  run)
    out=${OUT:-/tmp}
    jre=$(mktemp -d)
    tar -C "$jre" -xJf .gpu/jre.tar.xz
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/nvidia-smi: /' | tee "$out/gpu-check.txt" || true
    set +e
    # the baseline first: it is short, and a check that runs out of time must not take it along
    # (GPU_CHECK_BASELINE=0 skips it)
    [[ ${GPU_CHECK_BASELINE:-1} == 0 ]] || timeout 150 python3 .gpu/cfd_gpu_baseline.py 4096 2>&1 | sed 's/^/baseline: /' | tee -a "$out/gpu-check.txt"
    # GPU_CHECK_BUDGET: seconds after which the check starts no further comparison (it says which it skipped)
    # GPU_CHECK_JAVA_OPTS: more JVM options (a flight recording into $OUT, say; the bundle's runtime has jdk.jfr)
    # shellcheck disable=SC2086
    "$jre/bin/java" --enable-native-access=ALL-UNNAMED -Xmx96g ${GPU_CHECK_JAVA_OPTS:-} -Djava.library.path=.gpu/lib -cp '.gpu/lib/*' legate.gpu.check.GpuCheck \
      --budget "${GPU_CHECK_BUDGET:-300}" 2>&1 | tee -a "$out/gpu-check.txt"
    exit "${PIPESTATUS[0]}"
    ;;
  local)
    command -v gcc >/dev/null || { echo "gpu-check: no gcc here to build the host-emulated driver" >&2; exit 1; }
    stub=$(mktemp -d)
    trap 'rm -rf "$stub"' EXIT
    gcc -shared -fPIC -O2 -ffp-contract=off -I gpu/src/main/cuda -o "$stub/libcuda.so.1" gpu/src/test/c/libcuda_host.c -lm
    LD_LIBRARY_PATH=$stub java -Djava.library.path="$lib" -cp "$lib/*" legate.gpu.check.GpuCheck --quick "${@:2}"
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
