package legate.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The CUDA backend's kernels (gpu/src/main/cuda, compiled by gpu/build-kernels.sh into the
 * committed resource {@link #FATBIN}) and their parameter lists, in order, as the launch code
 * passes them. KernelsTest checks each list against the compiled PTX, so a kernel and its
 * launch cannot drift apart.
 */
public enum Kernels {
    /** Element-wise operations and fused expressions: {@code lg_eval} interprets its descriptor ({@link EvalDescriptor}), passed by value. */
    EVAL("legate_eval", 4, Param.EVAL_DESCRIPTOR),
    /** The same, one element a thread rather than four: for the GPU check's comparison of the two. */
    EVAL_SINGLE("legate_eval_single", 1, Param.EVAL_DESCRIPTOR),
    /** {@link #EVAL_SINGLE} held to 32 registers, so that every thread slot of a multiprocessor is filled. */
    EVAL_OCCUPANCY("legate_eval_occupancy", 1, Param.EVAL_DESCRIPTOR),
    /** One element a thread, its coordinates found once for all its operands (not once for each). */
    EVAL_COORDS("legate_eval_coords", 1, Param.EVAL_DESCRIPTOR),
    /** One element a thread, the loads of its first operands issued together before any step (not each when its step comes). */
    EVAL_PREFETCH("legate_eval_prefetch", 1, Param.EVAL_DESCRIPTOR),
    /**
     * A matrix product in tiles through shared memory ({@code lg_matmul_*}), on the descriptor of the
     * {@link EvalDescriptor#DOT} program: a launch needs {@link #BLOCK_THREADS} threads per output tile.
     */
    MATMUL("legate_matmul", 1, Param.EVAL_DESCRIPTOR),
    /**
     * The same product in output tiles of {@link #MATMUL_BLOCKED_TILE} square, 4 x 4 elements a
     * thread in registers ({@code lg_matmul_blocked_*}): {@link #BLOCK_THREADS} threads per output tile.
     */
    MATMUL_BLOCKED("legate_matmul_blocked", 1, Param.EVAL_DESCRIPTOR),
    /** Reductions' block partials: {@code lg_reduce} ({@link ReduceDescriptor}) over one stretch of rows. */
    REDUCE_BLOCKS("legate_reduce_blocks", 1, Param.REDUCE_DESCRIPTOR);

    /** {@link #MATMUL}'s output tiles are this many elements square (eval.h's LG_TILE; KernelsTest checks). */
    public static final int MATMUL_TILE = 16;

    /** {@link #MATMUL_BLOCKED}'s output tiles are this many elements square (eval.h's LG_BTILE; KernelsTest checks). */
    public static final int MATMUL_BLOCKED_TILE = 64;

    /** Threads per block of every launch: {@link #MATMUL}'s block is one tile, a thread an element (KernelsTest checks). */
    public static final int BLOCK_THREADS = MATMUL_TILE * MATMUL_TILE;

    /** The fatbin (sm_80 and sm_90 code, compute_80 PTX) on the class path. */
    public static final String FATBIN = "/legate/gpu/kernels.fatbin";

    /** A kernel parameter as the launch passes it, with the PTX type it has in the kernel. */
    public enum Param {
        LONG("u64"), INT("u32"), DOUBLE("f64"), POINTER("u64"),
        /** An {@code lg_eval} by value (its bytes, {@link EvalDescriptor}). */
        EVAL_DESCRIPTOR("b8[" + EvalDescriptor.SIZE + "]"),
        /** An {@code lg_reduce} by value ({@link ReduceDescriptor}). */
        REDUCE_DESCRIPTOR("b8[" + ReduceDescriptor.SIZE + "]");

        private final String ptx;

        Param(String ptx) {
            this.ptx = ptx;
        }

        /** The parameter's type in PTX ({@code .param .u64}; a struct by value {@code .param .align 8 .b8 name[size]}: {@code b8[size]}). */
        public String ptxType() {
            return ptx;
        }
    }

    private final String symbol;
    private final int perThread;
    private final List<Param> params;

    Kernels(String symbol, int perThread, Param... params) {
        this.symbol = symbol;
        this.perThread = perThread;
        this.params = List.of(params);
    }

    /**
     * How many of a launch's elements one thread takes at once (eval.h's LG_LANES for
     * {@code legate_eval}): a launch needs no more threads than the elements over this.
     */
    public int perThread() {
        return perThread;
    }

    /** The kernel's name in the module ({@code extern "C"}, so unmangled). */
    public String symbol() {
        return symbol;
    }

    public List<Param> params() {
        return params;
    }

    /** The PTX of the functions generated kernels call (functions.cu; built with the fatbin). */
    public static final String FUNCTIONS = "/legate/gpu/functions.ptx";

    private static volatile String functions;

    /** {@link #FUNCTIONS}' text: the start of the module of a generated kernel that calls them. */
    public static String functionsPtx() {
        String f = functions;
        if (f == null) {
            try (InputStream in = Kernels.class.getResourceAsStream(FUNCTIONS)) {
                if (in == null) {
                    throw new IllegalStateException(FUNCTIONS + " is missing from the gpu module's jar (run gpu/build-kernels.sh)");
                }
                f = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            functions = f;
        }
        return f;
    }

    /** The fatbin's bytes, for {@code cuModuleLoadData}. */
    public static byte[] fatbin() {
        try (InputStream in = Kernels.class.getResourceAsStream(FATBIN)) {
            if (in == null) {
                throw new IllegalStateException(FATBIN + " is missing from the gpu module's jar (run gpu/build-kernels.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
