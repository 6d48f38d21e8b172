#!/bin/sh
# Compiles gpu/src/main/cuda/*.cu into the resources the CUDA backend loads, which are committed so
# that a build without nvcc works: legate/gpu/kernels.fatbin (sm_80 and sm_90 code, compute_80 PTX
# for newer GPUs), legate/gpu/kernels.ptx (the same PTX, read by KernelsTest) and
# legate/gpu/functions.ptx (the functions generated kernels call), and
# legate/gpu/kernels.sources.sha256 and kernels.nvcc-version (what they were built from, and with). Run after changing a .cu file;
# KernelsTest fails until the resources match the sources.
#   NVCC=/path/to/nvcc gpu/build-kernels.sh [OUTPUT_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
out=${1:-$here/src/main/resources/legate/gpu}
mkdir -p "$out"
cd "$here/src/main/cuda"
# no fused multiply-add and no fast math: the CPU backend's (Java's) bits
flags="-fmad=false -prec-div=true -prec-sqrt=true -ftz=false"
"$nvcc" $flags -fatbin -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_80,code=compute_80 -o "$out/kernels.fatbin" eval.cu
"$nvcc" $flags -ptx -arch=compute_80 -o "$out/kernels.ptx" eval.cu
# the functions that generated kernels call (legate.gpu.ElementwisePtx), as relocatable PTX the generator puts before them
"$nvcc" $flags -ptx -rdc=true -arch=compute_80 -o "$out/functions.ptx" functions.cu
# declared PTX ISA 7.0 (CUDA 11.0), not this nvcc's own version, so that drivers before CUDA 13 compile the modules
# of generated kernels too: ptxas checks every instruction against the declared version (KernelsTest runs it)
sed -i 's/^\.version [0-9.]*$/.version 7.0/' "$out/functions.ptx"
cat lg_math.h eval.h eval.cu functions.cu | sha256sum | cut -d' ' -f1 > "$out/kernels.sources.sha256"
"$nvcc" --version | grep release > "$out/kernels.nvcc-version"
