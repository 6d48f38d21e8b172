/*
 * A stand-in for the NVIDIA driver's libcuda.so.1 that keeps "device" memory in host memory and
 * runs the element-wise kernel's own C code (gpu/src/main/cuda/eval.h) on the host when it is
 * launched: with it, the CUDA backend's real path (JCuda's driver API, CudaDevice, the launch
 * descriptors and their addresses) runs end to end on a machine without a GPU. The end-to-end
 * tests build it with gcc and put it first on LD_LIBRARY_PATH.
 *
 * It has the functions JCuda's driver library calls for the backend; JCuda binds the others lazily
 * and never calls them. LEGATE_STUB_GPUS sets how many GPUs it reports (2 by default), each with
 * 16 GiB times its number plus one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

typedef unsigned long long CUdeviceptr;
enum { OK = 0, INVALID_VALUE = 1, OUT_OF_MEMORY = 2, NOT_FOUND = 500 };

static int ctx_token;
static int module_token;
static int function_token;
static int reduce_token;

int cuInit(unsigned int flags) { (void) flags; return OK; }
int cuDriverGetVersion(int *v) { *v = 13000; return OK; }

int cuDeviceGetCount(int *n) {
    const char *g = getenv("LEGATE_STUB_GPUS");
    *n = g ? atoi(g) : 2;
    return OK;
}

int cuDeviceGet(int *d, int ordinal) { *d = ordinal; return OK; }

int cuDeviceGetName(char *name, int len, int d) {
    strncpy(name, d == 0 ? "Host-emulated GPU Zero" : "Host-emulated GPU One", len);
    return OK;
}

int cuDeviceGetAttribute(int *v, int attr, int d) {
    switch (attr) {
        case 75: *v = 9; break;  /* compute capability major */
        case 76: *v = d; break;  /* minor */
        case 16: *v = 4; break;  /* multiprocessors */
        default: *v = 0; break;
    }
    return OK;
}

int cuDeviceTotalMem_v2(size_t *b, int d) { *b = (d + 1UL) << 34; return OK; }
int cuDevicePrimaryCtxRetain(void **ctx, int d) { (void) d; *ctx = &ctx_token; return OK; }
int cuDevicePrimaryCtxRelease_v2(int d) { (void) d; return OK; }
int cuCtxSetCurrent(void *ctx) { return ctx == &ctx_token ? OK : INVALID_VALUE; }
int cuCtxSynchronize(void) { return OK; }
int cuModuleLoadData(void **module, const void *image) { (void) image; *module = &module_token; return OK; }
int cuModuleUnload(void *module) { return module == &module_token ? OK : INVALID_VALUE; }

int cuModuleGetFunction(void **f, void *module, const char *name) {
    if (module != &module_token) {
        return INVALID_VALUE;
    }
    if (strcmp(name, "legate_eval") == 0) {
        *f = &function_token;
    } else if (strcmp(name, "legate_reduce_blocks") == 0) {
        *f = &reduce_token;
    } else {
        return NOT_FOUND;
    }
    return OK;
}

int cuMemGetInfo_v2(size_t *free_bytes, size_t *total) {
    *free_bytes = 15UL << 30;
    *total = 16UL << 30;
    return OK;
}

int cuMemAlloc_v2(CUdeviceptr *p, size_t bytes) {
    void *m = aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (m == NULL) {
        return OUT_OF_MEMORY;
    }
    *p = (CUdeviceptr) m;
    return OK;
}

int cuMemFree_v2(CUdeviceptr p) { free((void *) p); return OK; }
int cuMemcpyHtoD_v2(CUdeviceptr to, const void *from, size_t n) { memcpy((void *) to, from, n); return OK; }
int cuMemcpyDtoH_v2(void *to, CUdeviceptr from, size_t n) { memcpy(to, (const void *) from, n); return OK; }
int cuMemsetD8_v2(CUdeviceptr to, unsigned char value, size_t n) { memset((void *) to, value, n); return OK; }
int cuMemcpyDtoD_v2(CUdeviceptr to, CUdeviceptr from, size_t n) { memmove((void *) to, (const void *) from, n); return OK; }

int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared, void *stream,
                   void **params, void **extra) {
    (void) gx; (void) gy; (void) gz; (void) bx; (void) by; (void) bz; (void) shared; (void) stream; (void) extra;
    if (f == &reduce_token && params != NULL) {
        const lg_reduce *r = (const lg_reduce *) *(const CUdeviceptr *) params[0];
        long long threads = lg_reduce_threads(r);
        for (long long t = 0; t < threads; t++) {
            lg_reduce_thread(r, t);
        }
        return OK;
    }
    if (f != &function_token || params == NULL) {
        return INVALID_VALUE;
    }
    const lg_eval *e = (const lg_eval *) *(const CUdeviceptr *) params[0];
    for (long long i = 0; i < e->n; i++) {
        lg_eval_element(e, i);
    }
    return OK;
}
