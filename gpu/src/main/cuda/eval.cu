// legate.numpy's element-wise kernels for the CUDA backend: the interpreter of eval.h, one thread
// per element in a grid-stride loop, so any launch size covers any n.
//
// Each kernel takes its descriptor by value: the launch copies it into the kernel's parameters
// (read through the constant cache, __grid_constant__ so that no thread copies it), so a launch
// needs no device memory and no copy of its own.
//
// Built with -fmad=false and without fast math (gpu/build-kernels.sh): Java never fuses a multiply
// and an add, and results must have the CPU backend's bits. The kernel's parameter list is mirrored
// by legate.gpu.Kernels; KernelsTest checks the two against the compiled PTX.

#define LG_FN __device__ static inline
// not static: nvcc names a static function with a hash that depends on where the file is built, and the committed kernels
// must be the same bytes from any checkout (KernelsTest)
#define LG_NOINLINE __device__ __noinline__
#include "eval.h"

// Computes the n elements of the launch that descriptor e describes: thread t
// of T takes LG_LANES elements T apart (neighbouring threads read neighbouring elements), from
// t, t + LG_LANES * T, ...
extern "C" __global__ void legate_eval(const __grid_constant__ lg_eval d) {
    const lg_eval *e = &d;
    long long n = e->n;
    long long threads = (long long) blockDim.x * gridDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += threads * LG_LANES) {
        lg_eval_lanes(e, i, threads, LG_LANES);
    }
}

// The same interpreter one element a thread (as before the lanes): the GPU check measures both.
extern "C" __global__ void legate_eval_single(const __grid_constant__ lg_eval d) {
    const lg_eval *e = &d;
    long long n = e->n;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        lg_eval_element(e, i);
    }
}

// legate_eval_single held to 32 registers (__launch_bounds__: 8 blocks of 256, every thread slot of
// a multiprocessor filled, what does not fit in local memory): the GPU check measures it beside the others.
extern "C" __global__ void __launch_bounds__(256, 8) legate_eval_occupancy(const __grid_constant__ lg_eval d) {
    const lg_eval *e = &d;
    long long n = e->n;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        lg_eval_element(e, i);
    }
}

// One element a thread, its coordinates found once for all its operands rather than once for
// each (the divisions of a 2-D or 3-D launch): the GPU check measures it beside the others.
extern "C" __global__ void legate_eval_coords(const __grid_constant__ lg_eval d) {
    const lg_eval *e = &d;
    long long n = e->n;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        lg_eval_element_coords(e, i);
    }
}

// One element a thread, the loads of its first operands (up to LG_PREFETCH of them, 64-bit, read
// by LOAD steps only) issued together before any step, rather than each when its step comes (the
// interpreter's register file is in local memory, so a step waits for its load before the next
// step's load goes out): a*b+c has its three loads in flight at once. The GPU check measures it.
extern "C" __global__ void legate_eval_prefetch(const __grid_constant__ lg_eval d) {
    const lg_eval *e = &d;
    long long n = e->n;
    unsigned int prefetch = lg_prefetchable(e);
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        lg_eval_element_prefetch(e, i, prefetch);
    }
}

// A matrix product (the DOT program's descriptor, lg_matmul_* in eval.h), one output tile of
// LG_TILE x LG_TILE per block of LG_TILE^2 threads (a launch's blocks take the tiles in turn): the
// k-th tiles of A and B go through shared memory, and each element sums its products in index
// order. Launched with blocks of exactly LG_TILE^2 threads (legate.gpu.Kernels.MATMUL).
extern "C" __global__ void legate_matmul(const __grid_constant__ lg_eval d) {
    __shared__ double as[LG_TILE * LG_TILE];
    __shared__ double bs[LG_TILE * (LG_TILE + 1)];
    const lg_eval *e = &d;
    long long k = e->step[0][4];
    long long tiles = lg_matmul_tiles(e);
    int thread = threadIdx.x;
    for (long long tile = blockIdx.x; tile < tiles; tile += gridDim.x) { // the same tiles for every thread of the block
        double sum = 0;
        for (long long k0 = 0; k0 < k; k0 += LG_TILE) {
            lg_matmul_load(e, tile, k0, thread, as, bs);
            __syncthreads();
            sum = lg_matmul_add(e, k0, thread, as, bs, sum);
            __syncthreads();
        }
        lg_matmul_store(e, tile, thread, sum);
    }
}

// The same product in output tiles of LG_BTILE x LG_BTILE, LG_BPER x LG_BPER elements a thread in
// registers (lg_matmul_blocked_* in eval.h): each value read from shared memory serves LG_BPER
// products. Launched with blocks of exactly LG_TILE^2 threads (legate.gpu.Kernels.MATMUL_BLOCKED).
extern "C" __global__ void __launch_bounds__(LG_TILE * LG_TILE) legate_matmul_blocked(const __grid_constant__ lg_eval d) {
    __shared__ double as[LG_BAS];
    __shared__ double bs[LG_BBS];
    const lg_eval *e = &d;
    long long k = e->step[0][4];
    long long tiles = lg_matmul_blocked_tiles(e);
    int thread = threadIdx.x;
    for (long long tile = blockIdx.x; tile < tiles; tile += gridDim.x) { // the same tiles for every thread of the block
        double sum[LG_BPER * LG_BPER];
        LG_UNROLL
        for (int q = 0; q < LG_BPER * LG_BPER; q++) {
            sum[q] = 0;
        }
        for (long long k0 = 0; k0 < k; k0 += LG_TILE) {
            lg_matmul_blocked_load(e, tile, k0, thread, as, bs);
            __syncthreads();
            lg_matmul_blocked_add(e, k0, thread, as, bs, sum);
            __syncthreads();
        }
        lg_matmul_blocked_store(e, tile, thread, sum);
    }
}

// One thread per accumulator of the blocks that the stretch of descriptor r touches (lg_reduce_lane).
extern "C" __global__ void legate_reduce_blocks(const __grid_constant__ lg_reduce d) {
    const lg_reduce *r = &d;
    long long threads = lg_reduce_threads(r);
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < threads; i += (long long) blockDim.x * gridDim.x) {
        lg_reduce_thread(r, i);
    }
}
