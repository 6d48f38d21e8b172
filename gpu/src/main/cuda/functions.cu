// The element-wise functions that kernels generated for one program (legate.gpu.ElementwisePtx)
// call: the same code as the interpreting kernels' steps (eval.h's lg_unary and lg_binary), so the
// same bits: exp, log and tanh the CPU backend's own (lg_math.h), sin, cos and pow CUDA's. Compiled
// to PTX with relocatable device code (gpu/build-kernels.sh: legate/gpu/functions.ptx), which the
// generator puts in front of a kernel that calls them; the driver compiles the two together.
//
// Built with -fmad=false and without fast math, as eval.cu.

#define LG_FN __device__ static inline
#define LG_NOINLINE __device__ __noinline__
// tables with external linkage: nvcc names a static one (with -rdc) by a hash of where it is built, and the committed
// PTX must be the same bytes from any checkout (KernelsTest)
#define LG_TABLE extern const __device__
#include "lg_math.h"

extern "C" __device__ __noinline__ double legate_fn_exp(double x) { return lg_exp(x); }
extern "C" __device__ __noinline__ double legate_fn_log(double x) { return lg_log(x); }
extern "C" __device__ __noinline__ double legate_fn_tanh(double x) { return lg_tanh(x); }
extern "C" __device__ __noinline__ double legate_fn_sin(double x) { return sin(x); }
extern "C" __device__ __noinline__ double legate_fn_cos(double x) { return cos(x); }
// eval.h's LG_POW: a square is a product
extern "C" __device__ __noinline__ double legate_fn_pow(double x, double y) { return y == 2 ? x * x : pow(x, y); }
