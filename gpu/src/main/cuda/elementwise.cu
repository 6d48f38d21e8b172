// legate.numpy's element-wise kernels for the CUDA backend (float64 first).
//
// Built with -fmad=false and without fast math (gpu/build-kernels.sh): Java never fuses a multiply
// and an add, and results must have the CPU backend's bits. Every kernel is a grid-stride loop
// over n elements, so any launch size covers any n. The parameter lists are mirrored, in order,
// by legate.gpu.Kernels; KernelsTest checks the two against the compiled PTX.

extern "C" __global__ void legate_fill_f64(long long n, double value, double *out) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        out[i] = value;
    }
}

extern "C" __global__ void legate_copy_f64(long long n, const double *in, double *out) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        out[i] = in[i];
    }
}

// out = a OP b, element by element; op: 0 add, 1 subtract, 2 multiply, 3 divide (legate.gpu.Kernels.BinaryOp)
extern "C" __global__ void legate_binary_f64(long long n, int op, const double *a, const double *b, double *out) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        double x = a[i];
        double y = b[i];
        double r;
        switch (op) {
            case 0: r = x + y; break;
            case 1: r = x - y; break;
            case 2: r = x * y; break;
            default: r = x / y; break;
        }
        out[i] = r;
    }
}

// out = a * b + c with a rounding after the multiply, as Java computes it (no fused multiply-add)
extern "C" __global__ void legate_mul_add_f64(long long n, const double *a, const double *b, const double *c, double *out) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        out[i] = __dadd_rn(__dmul_rn(a[i], b[i]), c[i]);
    }
}
