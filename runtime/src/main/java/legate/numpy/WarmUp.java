package legate.numpy;

import java.util.function.BooleanSupplier;
import legate.runtime.task.ArrayRuntime;

/**
 * The array runtime's hot paths, run in the background right after a rank starts so that the JIT
 * has compiled them before the user's first array cell needs them: a notebook user runs each cell
 * once, and a first run on interpreted code is several times slower than the steady state.
 *
 * <p>It computes on a runtime of its own (one CPU thread, its own memory budget, alone: no other
 * rank sees it), so nothing the user has is touched and no rank waits for it. The work is the
 * operations notebooks use most, on the sizes they use: a CFD step on 41 x 41 arrays (stencils
 * through shifted views, rolls, fused expressions, slice assignment, copies, sums), element-wise
 * operations and casts on every type, reductions along axes, random numbers, matmul, sequences,
 * concatenation and the text of arrays. Between operations it waits while {@code pause} says so
 * (the user's code is running) and ends for good when {@code stop} says so or its work is done.
 */
public final class WarmUp {
    /** The variable that sets the warm-up's rounds (0 turns it off). */
    public static final String ENV = "LEGATE_ARRAY_WARMUP";
    /** Rounds by default: enough for the JIT to compile the CFD step's paths (docs/performance.md). */
    public static final int DEFAULT_ROUNDS = 120;

    /** The rounds from {@code LEGATE_ARRAY_WARMUP} (0 turns the warm-up off); a bad value is reported and the default used. */
    public static int configuredRounds(java.util.Map<String, String> env, java.io.PrintStream log) {
        return legate.runtime.config.EnvCount.read(env, ENV, DEFAULT_ROUNDS, "rounds", "the array warm-up", "legate", log);
    }

    private final BooleanSupplier pause;
    private final BooleanSupplier stop;
    private int operations;

    private WarmUp(BooleanSupplier pause, BooleanSupplier stop) {
        this.pause = pause;
        this.stop = stop;
    }

    /** Thrown inside a round when the warm-up is to end. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs {@code rounds} rounds on a runtime of its own, waiting while {@code pause} holds, until
     * {@code stop} holds.
     *
     * @return the operations it ran
     */
    public static int run(int rounds, BooleanSupplier pause, BooleanSupplier stop) {
        ArrayRuntime own = ArrayRuntime.create(1, 256, java.util.Map.of());
        ArrayRuntime before = ArrayRuntime.ofThisThreadOnly();
        ArrayRuntime.useOnThisThread(own);
        WarmUp w = new WarmUp(pause, stop);
        try {
            for (int r = 0; r < rounds; r++) {
                w.round(r);
            }
        } catch (Stopped done) {
            // asked to end
        } finally {
            ArrayRuntime.useOnThisThread(before);
            own.backend().close();
        }
        return w.operations;
    }

    /** Waits while paused; ends the warm-up when stopped. Called between operations. */
    private NDArray step(NDArray a) {
        operations++;
        while (pause.getAsBoolean()) {
            if (stop.getAsBoolean()) {
                throw new Stopped();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
        if (stop.getAsBoolean()) {
            throw new Stopped();
        }
        return a;
    }

    private static NDArray left(NDArray a) {
        return np.roll(a, 1, 1);
    }

    private static NDArray right(NDArray a) {
        return np.roll(a, -1, 1);
    }

    /** Bytes of garbage each round leaves (see {@link #touchHeap}). */
    static final int HEAP_BYTES_PER_ROUND = 6 << 20;
    /** Where the garbage goes, so that the JIT cannot drop the allocations. */
    private static volatile Object sink;

    /**
     * Allocates {@code bytes} of short-lived arrays. The collector (G1) takes memory for new
     * objects from parts of the heap never used before until it has gone round its young
     * generation once, and the kernel zeroes each page on first touch: about 1 s of a first
     * 500-step CFD run on 41 x 41 arrays was that. Here it happens in the background instead.
     */
    private void touchHeap(int bytes) {
        for (int done = 0; done < bytes; done += 64 << 10) {
            sink = new double[8 << 10];
        }
        step(null);
    }

    private void round(int r) {
        touchHeap(HEAP_BYTES_PER_ROUND);
        cfdStep(41, 41, 10);
        if (r % 4 == 0) {
            tour(r);
        }
    }

    /** One step of CFD Step 12 (channel flow) as notebooks/02 writes it, with {@code nit} Jacobi sweeps. */
    private void cfdStep(int ny, int nx, int nit) {
        double dt = 0.01;
        double dx = 2.0 / (nx - 1);
        double dy = 2.0 / (ny - 1);
        NDArray u = step(np.random(1).rand(ny, nx));
        NDArray v = step(np.random(2).rand(ny, nx));
        NDArray p = step(np.ones(ny, nx));
        NDArray un = step(u.copy());
        NDArray vn = step(v.copy());
        NDArray b = step(np.zerosLike(u));
        NDArray uc = u.get("1:-1");
        NDArray vc = v.get("1:-1");
        NDArray dudx = step(right(uc).sub(left(uc)).div(2 * dx));
        NDArray dvdy = step(v.get("2:").sub(v.get(":-2")).div(2 * dy));
        NDArray dudy = step(u.get("2:").sub(u.get(":-2")).div(2 * dy));
        NDArray dvdx = step(right(vc).sub(left(vc)).div(2 * dx));
        b.set("1:-1", step(dudx.add(dvdy).mul(1 / dt).sub(dudx.pow(2)).sub(dudy.mul(dvdx).mul(2.0)).sub(dvdy.pow(2)).mul(1.0)));
        double d2 = 2 * (dx * dx + dy * dy);
        for (int it = 0; it < nit; it++) {
            NDArray pn = step(p.copy());
            NDArray pc = pn.get("1:-1");
            p.set("1:-1", step(right(pc).add(left(pc)).mul(dy * dy).add(pn.get("2:").add(pn.get(":-2")).mul(dx * dx)).div(d2)
                    .sub(b.get("1:-1").mul(dx * dx * dy * dy / d2))));
            p.set("-1, :", step(p.get("-2, :")));
            p.set("0, :", step(p.get("1, :")));
        }
        NDArray unc = un.get("1:-1");
        NDArray vnc = vn.get("1:-1");
        NDArray pc = p.get("1:-1");
        u.set("1:-1", step(unc.sub(unc.mul(dt).div(dx).mul(unc.sub(left(unc))))
                .sub(vnc.mul(dt).div(dy).mul(unc.sub(un.get(":-2"))))
                .sub(right(pc).sub(left(pc)).mul(dt / (2 * dx)))
                .add(right(unc).sub(unc.mul(2.0)).add(left(unc)).mul(dt / (dx * dx))
                        .add(un.get("2:").sub(unc.mul(2.0)).add(un.get(":-2")).mul(dt / (dy * dy))).mul(0.1))
                .add(dt)));
        v.set("1:-1", step(vnc.sub(unc.mul(dt).div(dx).mul(vnc.sub(left(vnc))))
                .sub(vnc.mul(dt).div(dy).mul(vnc.sub(vn.get(":-2"))))
                .sub(p.get("2:").sub(p.get(":-2")).mul(dt / (2 * dy)))));
        u.set("0, :", 0.0);
        u.set("-1, :", 0.0);
        step(v);
        u.sum(); // the loop's convergence test, and the notebook's result check
        un.sum();
        v.max();
        u.min();
    }

    /** What the arrays tour (notebooks/03) and everyday cells do, on every type. */
    private void tour(int r) {
        NDArray a = step(np.arange(12).reshape(3, 4));
        NDArray x = step(np.arange(0.0, 10.0, 1.0));
        x.get("2:8").set("::2", -1.0);
        NDArray col = step(np.arange(0.0, 3.0, 1.0).reshape(3, 1));
        NDArray row = step(np.linspace(0, 1, 4));
        NDArray grid = step(col.mul(10.0).add(row));
        step(np.where(row.gt(0.5), row.sqrt(), row.neg()));
        step(np.eye(3).add(np.full(0.5, 3, 3)));
        step(grid.sin().exp().log().abs().tanh().cos());
        for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.INT64, DType.INT32, DType.BOOL}) {
            NDArray c = step(grid.astype(t));
            if (t != DType.BOOL) {
                step(c.add(c).mul(c).sub(c));
            }
            step(np.logicalAnd(c.eq(c), c.ge(c)));
            c.sum();
            c.max(0);
            c.toString();
        }
        NDArray g = step(np.random(r).randn(1000));
        g.mean();
        g.std();
        g.argmin();
        g.argmax();
        step(a.sum(0));
        step(a.astype(DType.FLOAT64).mean(1));
        step(grid.matmul(grid.T()));
        step(np.dot(row, row));
        step(np.random(r).integers(0, 10, 8));
        step(np.random(r).rand(2, 3));
        step(np.concatenate(new NDArray[] {a, a.mul(-1L)}, 1));
        step(np.stack(new NDArray[] {row, row.mul(2.0)}, 0).T());
        step(a.get("::-1, 1"));
        a.item(1, 2);
        np.linalg.norm(row);
        grid.toString();
        grid.toHtml();
        x.toDoubleArray();
    }
}
