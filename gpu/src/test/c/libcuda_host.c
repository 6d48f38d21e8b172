/*
 * A stand-in for the NVIDIA driver's libcuda.so.1 that keeps "device" memory in host memory and
 * runs the element-wise kernel's own C code (gpu/src/main/cuda/eval.h) on the host when it is
 * launched: with it, the CUDA backend's real path (JCuda's driver API, CudaDevice, the launch
 * descriptors and their addresses) runs end to end on a machine without a GPU. The end-to-end
 * tests build it with gcc and put it first on LD_LIBRARY_PATH.
 *
 * It has the functions JCuda's driver library calls for the backend; JCuda binds the others lazily
 * and never calls them. Asynchronous copies (from and to pinned memory, cuMemHostAlloc) are queued
 * and run only when the "stream" must catch up: at cuEventSynchronize, cuCtxSynchronize, a
 * synchronous copy, a memset or a launch, in the order they were queued. So a caller that
 * refills a pinned buffer before the copy from it has run, or reads one before the copy into it
 * has, gets wrong data here as it would on a GPU, only every time. A timing event (the profiler's)
 * takes the host's clock when the stream reaches it: at once when nothing is queued, else when
 * the copies queued before it run; cuEventElapsedTime gives the difference in milliseconds.
 *
 * LEGATE_STUB_GPUS sets how many GPUs it reports (2 by default, 8 at most), each with 16 GiB times
 * its number plus one; LEGATE_STUB_PINNED_MAX, the most bytes cuMemHostAlloc grants at once. Each GPU
 * has its own primary context; with LEGATE_STUB_TRACE naming a file, the calls that order a rank's
 * GPUs' streams (event records and waits, peer copies) are appended to it, one a line, after the
 * number of the GPU whose context is current: "1 record 7", "0 wait 7", "0 peer 1<-0".
 */
#define _GNU_SOURCE /* PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval.h"

typedef unsigned long long CUdeviceptr;
enum { OK = 0, INVALID_VALUE = 1, OUT_OF_MEMORY = 2, NOT_FOUND = 500 };

#define MAX_GPUS 8
/*
 * One lock for the shared state below (the copy queue, pinned regions, traced events): ranks of one
 * process (the GPU check's two ranks sharing a GPU) call in from their own threads at once.
 * Recursive: a call holding it may catch up the queue.
 */
static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
#define LOCKED(body) do { pthread_mutex_lock(&lock); body; pthread_mutex_unlock(&lock); } while (0)

static int ctx_tokens[MAX_GPUS];
static __thread int current_gpu = -1; /* the calling thread's current context, as CUDA's is */
static int module_token;
static int function_token;
static int single_token;
static int coords_token;
static int prefetch_token;
static int matmul_token;
static int matmul_blocked_token;
static int occupancy_token;
static int reduce_token;

int cuInit(unsigned int flags) { (void) flags; return OK; }
int cuDriverGetVersion(int *v) { *v = 13000; return OK; }

int cuDeviceGetCount(int *n) {
    const char *g = getenv("LEGATE_STUB_GPUS");
    *n = g ? atoi(g) : 2;
    if (*n > MAX_GPUS) {
        *n = MAX_GPUS;
    }
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
int cuDevicePrimaryCtxRetain(void **ctx, int d) {
    if (d < 0 || d >= MAX_GPUS) {
        return INVALID_VALUE;
    }
    *ctx = &ctx_tokens[d];
    return OK;
}

/* The GPU whose primary context ctx is, or -1. */
static int gpu_of(const void *ctx) {
    for (int d = 0; d < MAX_GPUS; d++) {
        if (ctx == &ctx_tokens[d]) {
            return d;
        }
    }
    return -1;
}

/* Events by the order they were first recorded in, for the trace. */
static const void *traced_events[4096];
static int traced_count;

static int event_id_unlocked(const void *e) {
    for (int i = 0; i < traced_count; i++) {
        if (traced_events[i] == e) {
            return i;
        }
    }
    if (traced_count < 4096) {
        traced_events[traced_count] = e;
        return traced_count++;
    }
    return -1;
}

static int event_id(const void *e) {
    int r;
    LOCKED(r = event_id_unlocked(e));
    return r;
}

static void trace_unlocked(const char *what, int a, int b) {
    const char *path = getenv("LEGATE_STUB_TRACE");
    if (path == NULL) {
        return;
    }
    FILE *f = fopen(path, "a");
    if (f == NULL) {
        return;
    }
    if (b < 0) {
        fprintf(f, "%d %s %d\n", current_gpu, what, a);
    } else {
        fprintf(f, "%d %s %d<-%d\n", current_gpu, what, a, b);
    }
    fclose(f);
}

static void trace(const char *what, int a, int b) {
    LOCKED(trace_unlocked(what, a, b));
}
int cuDevicePrimaryCtxRelease_v2(int d) { (void) d; return OK; }
int cuCtxSetCurrent(void *ctx) {
    int d = gpu_of(ctx);
    if (d < 0) {
        return INVALID_VALUE;
    }
    current_gpu = d;
    return OK;
}
static void catch_up(void);
int cuCtxSynchronize(void) { catch_up(); return OK; }
/* the kernels' fatbin loads; PTX text (a generated kernel) does not: this driver has no PTX compiler, as
   CUDA_ERROR_JIT_COMPILER_NOT_FOUND says, and the backend launches the interpreting kernel instead */
int cuModuleLoadData(void **module, const void *image) {
    if (image != NULL && strncmp((const char *) image, ".version", 8) == 0) {
        return 221;
    }
    *module = &module_token;
    return OK;
}
int cuModuleUnload(void *module) { return module == &module_token ? OK : INVALID_VALUE; }

int cuModuleGetFunction(void **f, void *module, const char *name) {
    if (module != &module_token) {
        return INVALID_VALUE;
    }
    if (strcmp(name, "legate_eval") == 0) {
        *f = &function_token;
    } else if (strcmp(name, "legate_eval_single") == 0) {
        *f = &single_token;
    } else if (strcmp(name, "legate_eval_coords") == 0) {
        *f = &coords_token;
    } else if (strcmp(name, "legate_eval_prefetch") == 0) {
        *f = &prefetch_token;
    } else if (strcmp(name, "legate_matmul") == 0) {
        *f = &matmul_token;
    } else if (strcmp(name, "legate_matmul_blocked") == 0) {
        *f = &matmul_blocked_token;
    } else if (strcmp(name, "legate_eval_occupancy") == 0) {
        *f = &occupancy_token;
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

/* An event: with timing (cuEventCreate without CU_EVENT_DISABLE_TIMING), the time the stream reached it. */
typedef struct { int timing; int reached; double ms; } lg_event;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The stream's queue of asynchronous copies (and timing events recorded behind them), run in order by catch_up(). */
enum { QUEUE = 64 };
static struct { void *to; const void *from; size_t n; lg_event *event; } queue[QUEUE];
static int queued;

static void catch_up(void) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < queued; i++) {
        if (queue[i].event != NULL) {
            queue[i].event->ms = now_ms();
            queue[i].event->reached = 1;
        } else {
            memcpy(queue[i].to, queue[i].from, queue[i].n);
        }
    }
    queued = 0;
    pthread_mutex_unlock(&lock);
}

/* Pinned host memory: a few regions (a backend's --zcmem staging each). */
enum { REGIONS = 8 };
static struct { char *at; size_t bytes; } pinned[REGIONS];

static int is_pinned_unlocked(const void *p, size_t n) {
    for (int i = 0; i < REGIONS; i++) {
        if (pinned[i].at != NULL && (const char *) p >= pinned[i].at && (const char *) p + n <= pinned[i].at + pinned[i].bytes) {
            return 1;
        }
    }
    return 0;
}

static int is_pinned(const void *p, size_t n) {
    int r;
    LOCKED(r = is_pinned_unlocked(p, n));
    return r;
}

static int cuMemHostAlloc_unlocked(void **p, size_t bytes, unsigned int flags) {
    (void) flags;
    const char *cap = getenv("LEGATE_STUB_PINNED_MAX");
    if (cap != NULL && bytes > (size_t) atoll(cap)) {
        return OUT_OF_MEMORY;
    }
    for (int i = 0; i < REGIONS; i++) {
        if (pinned[i].at == NULL) {
            pinned[i].at = malloc(bytes);
            if (pinned[i].at == NULL) {
                return OUT_OF_MEMORY;
            }
            pinned[i].bytes = bytes;
            *p = pinned[i].at;
            return OK;
        }
    }
    return OUT_OF_MEMORY;
}

int cuMemHostAlloc(void **p, size_t bytes, unsigned int flags) {
    int r;
    LOCKED(r = cuMemHostAlloc_unlocked(p, bytes, flags));
    return r;
}

static int cuMemFreeHost_unlocked(void *p) {
    for (int i = 0; i < REGIONS; i++) {
        if (p != NULL && pinned[i].at == p) {
            catch_up();
            free(p);
            pinned[i].at = NULL;
            return OK;
        }
    }
    return INVALID_VALUE;
}

int cuMemFreeHost(void *p) {
    int r;
    LOCKED(r = cuMemFreeHost_unlocked(p));
    return r;
}

static int enqueue(void *to, const void *from, size_t n) {
    pthread_mutex_lock(&lock);
    if (queued == QUEUE) {
        catch_up();
    }
    queue[queued].to = to;
    queue[queued].from = from;
    queue[queued].n = n;
    queue[queued].event = NULL;
    queued++;
    pthread_mutex_unlock(&lock);
    return OK;
}

int cuMemcpyHtoDAsync_v2(CUdeviceptr to, const void *from, size_t n, void *stream) {
    (void) stream;
    return is_pinned(from, n) ? enqueue((void *) to, from, n) : INVALID_VALUE;
}

int cuMemcpyDtoHAsync_v2(void *to, CUdeviceptr from, size_t n, void *stream) {
    (void) stream;
    return is_pinned(to, n) ? enqueue(to, (const void *) from, n) : INVALID_VALUE;
}

enum { EVENT_DISABLE_TIMING = 2, INVALID_HANDLE = 400, NOT_READY = 600 };

int cuEventCreate(void **e, unsigned int flags) {
    lg_event *ev = calloc(1, sizeof *ev);
    if (ev == NULL) {
        return OUT_OF_MEMORY;
    }
    ev->timing = !(flags & EVENT_DISABLE_TIMING);
    *e = ev;
    return OK;
}

/* A timing event is reached once the work queued before it has run: now when nothing is queued (launches run when launched). */
static int cuEventRecord_unlocked(void *e, void *stream) {
    (void) stream;
    lg_event *ev = e;
    if (ev == NULL) {
        return INVALID_VALUE;
    }
    ev->reached = 0;
    trace("record", event_id(e), -1);
    if (!ev->timing) {
        return OK;
    }
    if (queued == 0) {
        ev->ms = now_ms();
        ev->reached = 1;
        return OK;
    }
    if (queued == QUEUE) {
        catch_up();
        ev->ms = now_ms();
        ev->reached = 1;
        return OK;
    }
    queue[queued].event = ev;
    queue[queued].to = NULL;
    queue[queued].from = NULL;
    queue[queued].n = 0;
    queued++;
    return OK;
}

int cuEventRecord(void *e, void *stream) {
    int r;
    LOCKED(r = cuEventRecord_unlocked(e, stream));
    return r;
}

int cuEventSynchronize(void *e) { catch_up(); return e != NULL ? OK : INVALID_VALUE; }

static int cuEventElapsedTime_unlocked(float *ms, void *start, void *end) {
    lg_event *a = start, *b = end;
    if (a == NULL || b == NULL || !a->timing || !b->timing) {
        return INVALID_HANDLE;
    }
    if (!a->reached || !b->reached) {
        return NOT_READY;
    }
    *ms = (float) (b->ms - a->ms);
    return OK;
}

int cuEventElapsedTime(float *ms, void *start, void *end) {
    int r;
    LOCKED(r = cuEventElapsedTime_unlocked(ms, start, end));
    return r;
}

static int cuEventDestroy_v2_unlocked(void *e) {
    if (e == NULL) {
        return INVALID_VALUE;
    }
    catch_up(); /* nothing queued may point at it */
    for (int i = 0; i < traced_count; i++) {
        if (traced_events[i] == e) {
            traced_events[i] = NULL; /* an event made later at this address is another one */
        }
    }
    free(e);
    return OK;
}

int cuEventDestroy_v2(void *e) {
    int r;
    LOCKED(r = cuEventDestroy_v2_unlocked(e));
    return r;
}

int cuMemFree_v2(CUdeviceptr p) { catch_up(); free((void *) p); return OK; }
int cuMemcpyHtoD_v2(CUdeviceptr to, const void *from, size_t n) { catch_up(); memcpy((void *) to, from, n); return OK; }
int cuMemcpyDtoH_v2(void *to, CUdeviceptr from, size_t n) { catch_up(); memcpy(to, (const void *) from, n); return OK; }
int cuMemsetD8_v2(CUdeviceptr to, unsigned char value, size_t n) { catch_up(); memset((void *) to, value, n); return OK; }
int cuMemcpyDtoD_v2(CUdeviceptr to, CUdeviceptr from, size_t n) { catch_up(); memmove((void *) to, (const void *) from, n); return OK; }

int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared, void *stream,
                   void **params, void **extra) {
    (void) gy; (void) gz; (void) by; (void) bz; (void) shared; (void) stream; (void) extra;
    catch_up();
    if (f == &reduce_token && params != NULL) {
        const lg_reduce *r = (const lg_reduce *) params[0]; /* by value: the parameter is the struct */
        long long threads = lg_reduce_threads(r);
        for (long long t = 0; t < threads; t++) {
            lg_reduce_thread(r, t);
        }
        return OK;
    }
    if ((f != &function_token && f != &single_token && f != &coords_token && f != &occupancy_token && f != &prefetch_token && f != &matmul_token
         && f != &matmul_blocked_token) || params == NULL) {
        return INVALID_VALUE;
    }
    const lg_eval *e = (const lg_eval *) params[0];
    if (f == &matmul_token) { /* a block's threads one after the other between the phases */
        if (bx != LG_TILE * LG_TILE) {
            return INVALID_VALUE;
        }
        lg_matmul_all(e);
        return OK;
    }
    if (f == &matmul_blocked_token) { /* the same, tiles of LG_BTILE x LG_BTILE */
        if (bx != LG_TILE * LG_TILE) {
            return INVALID_VALUE;
        }
        lg_matmul_blocked_all(e);
        return OK;
    }
    if (f == &prefetch_token) {
        lg_eval_all_prefetch(e);
        return OK;
    }
    if (f == &coords_token) {
        for (long long i = 0; i < e->n; i++) {
            lg_eval_element_coords(e, i);
        }
        return OK;
    }
    if (f == &single_token || f == &occupancy_token) {
        for (long long i = 0; i < e->n; i++) {
            lg_eval_element(e, i);
        }
        return OK;
    }
    /* as legate_eval runs on a GPU: thread t of the grid's T takes LG_LANES elements T apart, from t, t + LG_LANES * T, ... */
    long long threads = (long long) gx * bx;
    for (long long t = 0; t < threads && t < e->n; t++) {
        for (long long i = t; i < e->n; i += threads * LG_LANES) {
            lg_eval_lanes(e, i, threads, LG_LANES);
        }
    }
    return OK;
}

/* A rank's several GPUs: every "GPU" here is host memory, so each can reach the others' directly. */
int cuDeviceCanAccessPeer(int *can, int d, int peer) { *can = d != peer; return OK; }
int cuCtxEnablePeerAccess(void *ctx, unsigned int flags) { (void) flags; return gpu_of(ctx) >= 0 && gpu_of(ctx) != current_gpu ? OK : INVALID_VALUE; }
int cuMemcpyPeerAsync(CUdeviceptr to, void *to_ctx, CUdeviceptr from, void *from_ctx, size_t n, void *stream) {
    (void) stream;
    if (gpu_of(to_ctx) < 0 || gpu_of(from_ctx) < 0) {
        return INVALID_VALUE;
    }
    trace("peer", gpu_of(to_ctx), gpu_of(from_ctx));
    catch_up();
    memmove((void *) to, (const void *) from, n);
    return OK;
}
/* One queue for every "GPU" here: a stream waiting for an event has nothing to wait for. */
int cuStreamWaitEvent(void *stream, void *e, unsigned int flags) {
    (void) stream;
    (void) flags;
    if (e == NULL) {
        return INVALID_VALUE;
    }
    trace("wait", event_id(e), -1);
    return OK;
}
