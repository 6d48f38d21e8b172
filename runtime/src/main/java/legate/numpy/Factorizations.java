package legate.numpy;

import java.nio.ByteBuffer;
import legate.runtime.comm.Collectives;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.store.Buffer;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.types.ElementType;

/**
 * {@code np.linalg.cholesky}, {@code solve} and {@code inv} on matrices split in row blocks:
 * each rank computes the rows it holds. Every element is computed by the same sequence of
 * operations whatever the split (the sums run over k in order), so the results have the same bits
 * on any number of ranks; they differ from LAPACK's (blocked, another order) in the last bits.
 *
 * <p>Cholesky is row-oriented: row i of L needs the rows before it, so each rank, once it has
 * its rows, sends them to the ranks after it (a pipeline in rank order). Solve is Gaussian
 * elimination with partial pivoting (LAPACK's choice: the largest magnitude in the column, the
 * first row on a tie): at each column the ranks agree on the pivot row, its owner broadcasts it,
 * and every rank eliminates in its own rows; the back substitution passes each solved row on.
 */
final class Factorizations {
    private Factorizations() {
    }

    private static int square(NDArray a, String op) {
        if (a.ndim() != 2) {
            throw new IllegalArgumentException(op + ": " + a.ndim() + "-dimensional array given. Array must be two-dimensional");
        }
        if (a.shape()[0] != a.shape()[1]) {
            throw new IllegalArgumentException(op + ": Last 2 dimensions of the array must be square (shape "
                    + NDArray.shapeText(a.shape()) + ")");
        }
        return a.shape()[0];
    }

    private static NDArray floating(NDArray a) {
        return a.dtype() == DType.FLOAT64 ? a : a.astype(DType.FLOAT64);
    }

    private static double[] doubles(Buffer b) {
        double[] d = new double[b.length()];
        for (int i = 0; i < d.length; i++) {
            d[i] = b.getDouble(i);
        }
        return d;
    }

    private static byte[] bytes(double[] v, int from, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 8);
        b.asDoubleBuffer().put(v, from, n);
        return b.array();
    }

    private static double[] doubles(byte[] bytes) {
        double[] v = new double[bytes.length / 8];
        ByteBuffer.wrap(bytes).asDoubleBuffer().get(v);
        return v;
    }

    /** The lower-triangular L with {@code a = L @ L.T}, for a symmetric positive-definite a (its lower triangle is read). */
    static NDArray cholesky(NDArray a) {
        String op = "cholesky";
        int n = square(a, op);
        if (n == 0) {
            return np.zeros(0, 0);
        }
        Runs ar = Runs.of(floating(a), n); // items: rows
        ArrayRuntime rt = a.runtime();
        int lo = (int) ar.lo();
        int rows = ar.n();
        double[] mine = doubles(ar.data);
        double[] l = new double[rows * n];
        double[] before = new double[lo * n]; // the rows of L the earlier ranks hold
        boolean failed = false;
        RankCommunicator comm = rt.comm();
        long tag = ar.whole ? 0 : comm.nextTag();
        int me = rt.rank();
        if (!ar.whole) {
            for (int q = 0; q < me; q++) {
                byte[] got = Exchanges.receive(rt, q, tag);
                failed |= got[0] != 0;
                if (!failed) {
                    double[] r = doubles(java.util.Arrays.copyOfRange(got, 1, got.length));
                    System.arraycopy(r, 0, before, (int) ar.starts[q] * n, r.length);
                }
            }
        }
        for (int i = 0; i < rows && !failed; i++) {
            int gi = lo + i;
            for (int j = 0; j <= gi; j++) {
                double[] rowJ = j < lo ? before : l;
                int at = j < lo ? j * n : (j - lo) * n;
                double s = mine[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * rowJ[at + k];
                }
                if (j < gi) {
                    l[i * n + j] = s / rowJ[at + j];
                } else if (s > 0) {
                    l[i * n + j] = Math.sqrt(s);
                } else {
                    failed = true;
                    break;
                }
            }
        }
        if (!ar.whole) {
            byte[] rowsOut = failed ? new byte[0] : bytes(l, 0, rows * n);
            byte[] message = ByteBuffer.allocate(1 + rowsOut.length).put((byte) (failed ? 1 : 0)).put(rowsOut).array();
            for (int q = me + 1; q < rt.size(); q++) {
                comm.send(q, tag, message);
            }
            failed = Exchanges.allgather(rt, failed ? 1L : 0L)[rt.size() - 1] != 0; // the last rank knows of any failure
        }
        if (failed) {
            throw new ArithmeticException(op + ": Matrix is not positive definite");
        }
        Buffer out = Buffer.allocate(ElementType.FLOAT64, l.length);
        for (int i = 0; i < l.length; i++) {
            out.setDouble(i, l[i]);
        }
        return Runs.alignedWith(ar, out).toArray(ElementType.FLOAT64, new int[] {n, n}, op);
    }

    /** x with {@code a @ x = b}; b is (n,) or (n, k). */
    static NDArray solve(NDArray a, NDArray b, String op) {
        int n = square(a, op);
        boolean vector = b.ndim() == 1;
        if (b.ndim() < 1 || b.ndim() > 2 || b.shape()[0] != n) {
            throw new IllegalArgumentException(op + ": b of shape " + NDArray.shapeText(b.shape()) + " does not match a of shape "
                    + NDArray.shapeText(a.shape()) + "; expected (" + n + ",) or (" + n + ", k)");
        }
        int m = vector ? 1 : b.shape()[1];
        if (n == 0 || m == 0) {
            return np.zeros(b.shape());
        }
        ArrayRuntime rt = a.runtime();
        Runs ar = Runs.of(floating(a), n);
        int lo = (int) ar.lo();
        int rows = ar.n();
        double[] u = doubles(ar.data); // becomes U (and zeros) in place
        double[] rhs = doubles(Runs.of(floating(vector ? b.reshape(n, 1) : b), m).gather(ar.ranges()));
        int[] stepOf = new int[rows]; // the column whose pivot each row became; -1: not yet
        java.util.Arrays.fill(stepOf, -1);
        int[] pivotRow = new int[n]; // the global row chosen at each column
        double[] prow = new double[n + m];
        for (int k = 0; k < n; k++) {
            // LAPACK's idamax: the first candidate, then any larger one (the first on a tie); a NaN
            // never compares larger, so a NaN first is kept and the solution is NaN, not "singular"
            double first = Double.NaN;
            int firstRow = -1;
            double best = -1;
            int bestRow = -1;
            for (int i = 0; i < rows; i++) {
                if (stepOf[i] >= 0) {
                    continue;
                }
                double v = Math.abs(u[i * n + k]);
                if (firstRow < 0) {
                    first = v;
                    firstRow = lo + i;
                }
                if (v > best) {
                    best = v;
                    bestRow = lo + i;
                }
            }
            if (!ar.whole) {
                double[][] all = Exchanges.allgather(rt, new double[] {first, firstRow, best, bestRow});
                firstRow = -1;
                for (double[] each : all) { // ranks hold rows in order: the first candidate is on the first rank that has one
                    if (firstRow < 0 && each[1] >= 0) {
                        first = each[0];
                        firstRow = (int) each[1];
                    }
                    if (each[3] >= 0 && (each[2] > best || (each[2] == best && each[3] < bestRow))) {
                        best = each[2];
                        bestRow = (int) each[3];
                    }
                }
            }
            if (firstRow >= 0 && Double.isNaN(first)) {
                best = first;
                bestRow = firstRow;
            }
            if (bestRow < 0 || best == 0) {
                throw new ArithmeticException(op + ": Singular matrix");
            }
            pivotRow[k] = bestRow;
            int owner = ar.whole ? rt.rank() : ar.owner(bestRow);
            if (owner == rt.rank()) {
                int i = bestRow - lo;
                stepOf[i] = k;
                System.arraycopy(u, i * n + k, prow, k, n - k);
                System.arraycopy(rhs, i * m, prow, n, m);
            }
            if (!ar.whole) {
                double[] seg = new double[n - k + m];
                if (owner == rt.rank()) {
                    System.arraycopy(prow, k, seg, 0, n - k);
                    System.arraycopy(prow, n, seg, n - k, m);
                }
                double[] got = broadcast(rt, seg, owner);
                System.arraycopy(got, 0, prow, k, n - k);
                System.arraycopy(got, n - k, prow, n, m);
            }
            double p = prow[k];
            for (int i = 0; i < rows; i++) {
                if (stepOf[i] >= 0) {
                    continue;
                }
                double f = u[i * n + k] / p;
                u[i * n + k] = 0;
                for (int j = k + 1; j < n; j++) {
                    u[i * n + j] -= f * prow[j];
                }
                for (int c = 0; c < m; c++) {
                    rhs[i * m + c] -= f * prow[n + c];
                }
            }
        }
        // back substitution: x[k] from pivot row k, once every x[j > k] is known
        int[] localOf = new int[n]; // the local row of each column's pivot row, -1 elsewhere
        java.util.Arrays.fill(localOf, -1);
        for (int i = 0; i < rows; i++) {
            localOf[stepOf[i]] = i;
        }
        double[] x = new double[n * m];
        for (int k = n - 1; k >= 0; k--) {
            int i = localOf[k];
            double[] xk = new double[m];
            if (i >= 0) {
                for (int c = 0; c < m; c++) {
                    double s = rhs[i * m + c];
                    for (int j = k + 1; j < n; j++) {
                        s -= u[i * n + j] * x[j * m + c];
                    }
                    xk[c] = s / u[i * n + k];
                }
            }
            if (!ar.whole) {
                xk = broadcast(rt, xk, ar.owner(pivotRow[k]));
            }
            System.arraycopy(xk, 0, x, k * m, m);
        }
        Buffer out = Buffer.allocate(ElementType.FLOAT64, x.length);
        for (int i = 0; i < x.length; i++) {
            out.setDouble(i, x[i]);
        }
        Runs xr = Runs.local(rt, out, m, true); // every rank has all of x
        return xr.toArray(ElementType.FLOAT64, vector ? new int[] {n} : new int[] {n, m}, op);
    }

    private static double[] broadcast(ArrayRuntime rt, double[] v, int root) {
        try {
            return Collectives.broadcast(rt.comm(), v, root);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rank " + root, e);
        }
    }

    /** The inverse: {@code solve(a, eye(n))}. */
    static NDArray inv(NDArray a) {
        int n = square(a, "inv");
        return solve(a, np.eye(n), "inv");
    }

    /**
     * The 2-norm of {@code x[from..]}, as the plain sum of squares gives it (the same bits) wherever
     * that neither overflows nor underflows: the elements are scaled by the power of two of the
     * largest first (exact), so columns of 1e200 or 1e-200 get their norm rather than infinity or 0.
     */
    static double norm2(double[] x, int from) {
        double big = 0;
        for (int i = from; i < x.length; i++) {
            big = Math.max(big, Math.abs(x[i]));
        }
        if (!(big > 0) || Double.isInfinite(big)) {
            return big; // 0, infinity, or NaN
        }
        int e = Math.getExponent(big);
        double down = Math.scalb(1.0, -e);
        double squares = 0;
        for (int i = from; i < x.length; i++) {
            double v = x[i] * down;
            squares += v * v;
        }
        return Math.scalb(Math.sqrt(squares), e);
    }

    /**
     * NumPy's {@code qr} (mode "reduced"): q (m×k, orthonormal columns) and r (k×n, upper
     * triangular), k = min(m, n), by Householder reflections with LAPACK's signs (r's diagonal is
     * -sign(a_kk)·norm), so q and r are NumPy's within rounding. As LAPACK's dgeqrf, by panels of
     * {@link #QR_BLOCK} columns: a panel's reflections are found one by one on its own columns, then
     * applied to the columns right of it at once (I - V T Vᵀ, {@link #blockFactor}), so each pass
     * over the matrix does 32 reflections' work instead of one. Rows stay where they are: each
     * column's entries below the diagonal go to every rank (its norm is summed in row order), and
     * every product with V is summed in row order along the ranks (a chain), so the bits are the
     * same on any number of ranks.
     */
    static NDArray[] qr(NDArray a) {
        String op = "qr";
        if (a.ndim() != 2) {
            throw new IllegalArgumentException(op + ": " + a.ndim() + "-dimensional array given. Array must be at least two-dimensional");
        }
        int m = a.shape()[0];
        int n = a.shape()[1];
        int kk = Math.min(m, n);
        if (kk == 0) {
            return new NDArray[] {np.zeros(m, kk), np.zeros(kk, n)};
        }
        ArrayRuntime rt = a.runtime();
        Runs ar = Runs.of(floating(a), n); // items: rows
        int lo = (int) ar.lo();
        int rows = ar.n();
        double[] u = doubles(ar.data); // becomes r on and above the diagonal, the reflections' v below it
        double[] q = new double[rows * kk];
        // the reflections on the host, with their collectives: one operation "qr" in a profile (its threads' spans, its messages)
        legate.runtime.profile.Profiler.hostWork(op, "(" + m + ", " + n + ")", () -> {
            double[] tau = new double[kk];
            int blocks = (kk + QR_BLOCK - 1) / QR_BLOCK;
            double[][] factors = new double[blocks][]; // each panel's T: its reflections together are I - V T Vᵀ
            for (int b = 0; b < blocks; b++) {
                int k0 = b * QR_BLOCK;
                int end = Math.min(kk, k0 + QR_BLOCK);
                for (int k = k0; k < end; k++) { // the panel, one reflection at a time, on the panel's columns only
                    double[] col = column(rt, ar, u, n, k);
                    double alpha = col[0];
                    double xnorm = norm2(col, 1);
                    double beta = alpha;
                    double scale = 0;
                    if (xnorm != 0) {
                        beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
                        tau[k] = (beta - alpha) / beta;
                        scale = 1 / (alpha - beta);
                    }
                    for (int i = Math.max(0, k - lo); i < rows; i++) {
                        u[i * n + k] = lo + i == k ? beta : u[i * n + k] * scale;
                    }
                    if (tau[k] != 0 && k + 1 < end) { // a[k:, k+1:end] -= tau v (vᵀ a[k:, k+1:end])
                        int kk0 = k;
                        double t = tau[k];
                        double[] w = chainSum(rt, ar.whole, end - k - 1, sums -> {
                            for (int i = Math.max(0, kk0 - lo); i < rows; i++) {
                                double v = lo + i == kk0 ? 1 : u[i * n + kk0];
                                for (int j = kk0 + 1; j < end; j++) {
                                    sums[j - kk0 - 1] += v * u[i * n + j];
                                }
                            }
                        });
                        for (int i = Math.max(0, k - lo); i < rows; i++) {
                            double v = lo + i == k ? 1 : u[i * n + k];
                            for (int j = k + 1; j < end; j++) {
                                u[i * n + j] -= t * v * w[j - k - 1];
                            }
                        }
                    }
                }
                factors[b] = blockFactor(rt, ar, u, n, k0, end - k0, tau);
                if (end < n) { // the columns right of the panel, all of its reflections at once: a -= V Tᵀ (Vᵀ a)
                    applyBlock(rt, ar, u, n, k0, end - k0, factors[b], true, u, n, end, n);
                }
            }
            // q: the reflections applied to the first k columns of the identity, the last panel first
            for (int i = 0; i < rows; i++) {
                if (lo + i < kk) {
                    q[i * kk + lo + i] = 1;
                }
            }
            for (int b = blocks - 1; b >= 0; b--) { // q[:, k0:] -= V T (Vᵀ q[:, k0:]); the columns left of k0 are still the identity's
                int k0 = b * QR_BLOCK;
                applyBlock(rt, ar, u, n, k0, Math.min(kk, k0 + QR_BLOCK) - k0, factors[b], false, q, kk, k0, kk);
            }
        });
        Buffer qb = Buffer.allocate(ElementType.FLOAT64, q.length);
        for (int i = 0; i < q.length; i++) {
            qb.setDouble(i, q[i]);
        }
        int rRows = Math.max(0, Math.min(rows, kk - lo)); // this rank's rows of r: its rows above kk
        Buffer rb = Buffer.allocate(ElementType.FLOAT64, rRows * n);
        for (int i = 0; i < rRows; i++) {
            for (int j = lo + i; j < n; j++) {
                rb.setDouble(i * n + j, u[i * n + j]);
            }
        }
        NDArray qa = Runs.local(rt, qb, kk, ar.whole).toArray(ElementType.FLOAT64, new int[] {m, kk}, op);
        NDArray ra = Runs.local(rt, rb, n, ar.whole).toArray(ElementType.FLOAT64, new int[] {kk, n}, op);
        return new NDArray[] {qa, ra};
    }

    /** Columns of a QR panel: LAPACK's dgeqrf takes 32 at a time too. */
    static final int QR_BLOCK = 32;
    /** Columns of the matrix a block reflection goes over at a time, so its running sums stay in the first-level cache. */
    private static final int QR_TILE = 128;

    /** Row {@code i}'s entry of reflection {@code k0 + p} (its v: 1 on the diagonal, 0 above it). */
    private static double reflector(double[] u, int n, int lo, int i, int k0, int p) {
        int gi = lo + i;
        int k = k0 + p;
        return gi == k ? 1 : gi < k ? 0 : u[i * n + k];
    }

    /**
     * LAPACK's dlarft (forward, by columns): the upper-triangular T (kb×kb, row-major) with
     * H(k0) H(k0+1) ... H(k0+kb-1) = I - V T Vᵀ, from Vᵀ V summed over rows in row order along the
     * ranks, so that T is the same on every rank.
     */
    private static double[] blockFactor(ArrayRuntime rt, Runs ar, double[] u, int n, int k0, int kb, double[] tau) {
        int lo = (int) ar.lo();
        int rows = ar.n();
        double[] g = chainSum(rt, ar.whole, kb * kb, sums -> { // vᵣᵀ vₚ for r < p
            for (int i = Math.max(0, k0 - lo); i < rows; i++) {
                int last = Math.min(kb - 1, lo + i - k0);
                for (int p = 1; p <= last; p++) {
                    double vp = reflector(u, n, lo, i, k0, p);
                    for (int r = 0; r < p; r++) {
                        sums[r * kb + p] += reflector(u, n, lo, i, k0, r) * vp;
                    }
                }
            }
        });
        double[] t = new double[kb * kb];
        double[] col = new double[kb];
        for (int p = 0; p < kb; p++) {
            double tp = tau[k0 + p];
            t[p * kb + p] = tp;
            if (tp == 0) {
                continue; // H(k0+p) is the identity: its column of T is 0
            }
            for (int r = 0; r < p; r++) {
                col[r] = -tp * g[r * kb + p];
            }
            for (int r = 0; r < p; r++) { // T[0:p, p] = T[0:p, 0:p] col (upper triangular)
                double sum = 0;
                for (int c = r; c < p; c++) {
                    sum += t[r * kb + c] * col[c];
                }
                t[r * kb + p] = sum;
            }
        }
        return t;
    }

    /**
     * x[:, c0:c1] -= V op(T) (Vᵀ x[:, c0:c1]) for the reflections of the panel at column k0 (V in
     * u's columns k0..k0+kb below the diagonal), op(T) = Tᵀ when {@code transposed} (applying
     * them to r's columns, the first first) else T (to q's, the last first). Each entry of Vᵀ x
     * is summed over rows in row order along the ranks, and each entry of x takes its kb terms in
     * order, so the bits are the same on any number of ranks. x is row-major with rows {@code xs}
     * long, the rank's rows as u's.
     */
    private static void applyBlock(ArrayRuntime rt, Runs ar, double[] u, int n, int k0, int kb, double[] t, boolean transposed,
                                   double[] x, int xs, int c0, int c1) {
        int lo = (int) ar.lo();
        int rows = ar.n();
        int w = c1 - c0;
        int from = Math.max(0, k0 - lo);
        int tiles = (w + QR_TILE - 1) / QR_TILE; // the rank's threads take tiles of columns: a sum stays on one thread
        long work = 2L * Math.max(0, rows - from) * kb * QR_TILE;
        double[] vtx = chainSum(rt, ar.whole, kb * w, sums -> rt.backend().onHostThreads(0, tiles, work, (first, last) -> {
            for (int tile = first; tile < last; tile++) {
                sumProducts(u, n, lo, rows, k0, kb, x, xs, c0, w, tile * QR_TILE, Math.min(w, (tile + 1) * QR_TILE), sums);
            }
        }));
        double[] y = new double[kb * w]; // op(T) (Vᵀ x), the same on every rank
        for (int p = 0; p < kb; p++) {
            for (int r = transposed ? 0 : p; r < (transposed ? p + 1 : kb); r++) { // T's structure: Tᵀ lower, T upper
                double tpr = transposed ? t[r * kb + p] : t[p * kb + r];
                for (int j = 0, yp = p * w, sr = r * w; j < w; j++) {
                    y[yp + j] += tpr * vtx[sr + j];
                }
            }
        }
        rt.backend().onHostThreads(0, tiles, work, (first, last) -> {
            for (int tile = first; tile < last; tile++) {
                subtractProducts(u, n, lo, rows, k0, kb, x, xs, c0, w, tile * QR_TILE, Math.min(w, (tile + 1) * QR_TILE), y);
            }
        });
    }

    /** {@code s += v·a} and {@code t += w·a} over four rows a0..a3, each sum taking the rows in order. */
    private static void sum4x2(double[] s, double[] t, double[] a0, double[] a1, double[] a2, double[] a3, double v0, double v1, double v2,
                               double v3, double w0, double w1, double w2, double w3, int m) {
        for (int j = 0; j < m; j++) {
            double b0 = a0[j];
            double b1 = a1[j];
            double b2 = a2[j];
            double b3 = a3[j];
            s[j] = s[j] + v0 * b0 + v1 * b1 + v2 * b2 + v3 * b3;
            t[j] = t[j] + w0 * b0 + w1 * b1 + w2 * b2 + w3 * b3;
        }
    }

    /** {@code sums[p*w + j] += Σ rows' V[i][p] x[i][c0 + j]} for j in {@code j0 .. j1}, rows in order. */
    private static void sumProducts(double[] u, int n, int lo, int rows, int k0, int kb, double[] x, int xs, int c0, int w, int j0, int j1,
                                    double[] sums) {
        int from = Math.max(0, k0 - lo);
        int full = Math.max(from, Math.min(rows, k0 + kb - lo)); // rows from here on have all kb entries of V
        for (int i = from; i < full; i++) { // the rows of V's upper triangle, one by one
            int xi = i * xs + c0;
            for (int p = 0; p <= Math.min(kb - 1, lo + i - k0); p++) {
                double vp = reflector(u, n, lo, i, k0, p);
                for (int j = j0, sp = p * w; j < j1; j++) {
                    sums[sp + j] += vp * x[xi + j];
                }
            }
        }
        int i = full;
        int tw = j1 - j0;
        if (i + 4 <= rows && tw > 0) {
            // the sums and four rows of x at a time in arrays of their own, every loop indexing
            // them from 0 alike: the JIT vectorises such loops, and not those whose arrays are
            // read at different offsets (it cannot tell them apart). The same terms in the same order.
            double[][] s = new double[kb][tw];
            for (int p = 0; p < kb; p++) {
                System.arraycopy(sums, p * w + j0, s[p], 0, tw);
            }
            double[] a0 = new double[tw];
            double[] a1 = new double[tw];
            double[] a2 = new double[tw];
            double[] a3 = new double[tw];
            for (; i + 4 <= rows; i += 4) { // four rows at a time: each sum still takes them in row order
                int x0 = i * xs + c0 + j0;
                System.arraycopy(x, x0, a0, 0, tw);
                System.arraycopy(x, x0 + xs, a1, 0, tw);
                System.arraycopy(x, x0 + 2 * xs, a2, 0, tw);
                System.arraycopy(x, x0 + 3 * xs, a3, 0, tw);
                int u0 = i * n + k0;
                int p = 0;
                for (; p + 2 <= kb; p += 2) { // and two sums that share the loads of x
                    sum4x2(s[p], s[p + 1], a0, a1, a2, a3, u[u0 + p], u[u0 + n + p], u[u0 + 2 * n + p], u[u0 + 3 * n + p],
                            u[u0 + p + 1], u[u0 + n + p + 1], u[u0 + 2 * n + p + 1], u[u0 + 3 * n + p + 1], tw);
                }
                for (; p < kb; p++) {
                    double v0 = u[u0 + p];
                    double v1 = u[u0 + n + p];
                    double v2 = u[u0 + 2 * n + p];
                    double v3 = u[u0 + 3 * n + p];
                    double[] sp = s[p];
                    for (int j = 0; j < tw; j++) {
                        sp[j] = sp[j] + v0 * a0[j] + v1 * a1[j] + v2 * a2[j] + v3 * a3[j];
                    }
                }
            }
            for (int p = 0; p < kb; p++) {
                System.arraycopy(s[p], 0, sums, p * w + j0, tw);
            }
        }
        for (; i < rows; i++) {
            int xi = i * xs + c0;
            for (int p = 0; p < kb; p++) {
                double vp = u[i * n + k0 + p];
                for (int j = j0, sp = p * w; j < j1; j++) {
                    sums[sp + j] += vp * x[xi + j];
                }
            }
        }
    }

    /** {@code x[i][c0 + j] -= Σ_p V[i][p] y[p][j]} for j in {@code j0 .. j1}, p in order. */
    private static void subtractProducts(double[] u, int n, int lo, int rows, int k0, int kb, double[] x, int xs, int c0, int w, int j0,
                                         int j1, double[] y) {
        int from = Math.max(0, k0 - lo);
        int full = Math.max(from, Math.min(rows, k0 + kb - lo)); // rows from here on have all kb entries of V below the diagonal
        for (int i = from; i < full; i++) {
            subtractRow(u, n, lo, i, k0, Math.min(kb - 1, lo + i - k0), x, xs, c0, w, j0, j1, y);
        }
        int i = full;
        int tw = j1 - j0;
        if (i + 2 <= rows && tw > 0) {
            // y's rows and two rows of x in arrays of their own, indexed from 0 alike (as in sumProducts)
            double[][] q = new double[kb][tw];
            for (int p = 0; p < kb; p++) {
                System.arraycopy(y, p * w + j0, q[p], 0, tw);
            }
            double[] ra = new double[tw];
            double[] rb = new double[tw];
            for (; i + 2 <= rows; i += 2) { // two rows that share the loads of y, four reflections at a time, each in order
                int xa = i * xs + c0 + j0;
                int xb = xa + xs;
                System.arraycopy(x, xa, ra, 0, tw);
                System.arraycopy(x, xb, rb, 0, tw);
                int ua = i * n + k0;
                int ub = ua + n;
                int p = 0;
                for (; p + 4 <= kb; p += 4) {
                    subtract2x4(ra, rb, q[p], q[p + 1], q[p + 2], q[p + 3], u[ua + p], u[ua + p + 1], u[ua + p + 2], u[ua + p + 3],
                            u[ub + p], u[ub + p + 1], u[ub + p + 2], u[ub + p + 3], tw);
                }
                for (; p < kb; p++) {
                    double a = u[ua + p];
                    double b = u[ub + p];
                    double[] qp = q[p];
                    for (int j = 0; j < tw; j++) {
                        double v = qp[j];
                        ra[j] -= a * v;
                        rb[j] -= b * v;
                    }
                }
                System.arraycopy(ra, 0, x, xa, tw);
                System.arraycopy(rb, 0, x, xb, tw);
            }
        }
        for (; i < rows; i++) {
            subtractRow(u, n, lo, i, k0, kb - 1, x, xs, c0, w, j0, j1, y);
        }
    }

    /** {@code ra -= a·q} and {@code rb -= b·q} over four rows q0..q3 of y, each entry taking them in order. */
    private static void subtract2x4(double[] ra, double[] rb, double[] q0, double[] q1, double[] q2, double[] q3, double a0, double a1,
                                    double a2, double a3, double b0, double b1, double b2, double b3, int m) {
        for (int j = 0; j < m; j++) {
            double y0 = q0[j];
            double y1 = q1[j];
            double y2 = q2[j];
            double y3 = q3[j];
            ra[j] = ra[j] - a0 * y0 - a1 * y1 - a2 * y2 - a3 * y3;
            rb[j] = rb[j] - b0 * y0 - b1 * y1 - b2 * y2 - b3 * y3;
        }
    }

    /** Row i of {@link #subtractProducts}: reflections 0 .. last. */
    private static void subtractRow(double[] u, int n, int lo, int i, int k0, int last, double[] x, int xs, int c0, int w, int j0, int j1,
                                    double[] y) {
        int xi = i * xs + c0;
        int p = 0;
        for (; p + 4 <= last + 1; p += 4) { // four reflections at a time: each entry still takes them in order
            double v0 = reflector(u, n, lo, i, k0, p);
            double v1 = reflector(u, n, lo, i, k0, p + 1);
            double v2 = reflector(u, n, lo, i, k0, p + 2);
            double v3 = reflector(u, n, lo, i, k0, p + 3);
            int y0 = p * w;
            int y1 = y0 + w;
            int y2 = y1 + w;
            int y3 = y2 + w;
            for (int j = j0; j < j1; j++) {
                x[xi + j] = x[xi + j] - v0 * y[y0 + j] - v1 * y[y1 + j] - v2 * y[y2 + j] - v3 * y[y3 + j];
            }
        }
        for (; p <= last; p++) {
            double vp = reflector(u, n, lo, i, k0, p);
            for (int j = j0, yp = p * w; j < j1; j++) {
                x[xi + j] -= vp * y[yp + j];
            }
        }
    }

    /** Column k's entries in rows k.. (below and on the diagonal), on every rank, in row order. */
    private static double[] column(ArrayRuntime rt, Runs ar, double[] u, int n, int k) {
        int lo = (int) ar.lo();
        int rows = ar.n();
        int from = Math.max(0, k - lo);
        double[] mine = new double[Math.max(0, rows - from)];
        for (int i = from; i < rows; i++) {
            mine[i - from] = u[i * n + k];
        }
        if (ar.whole) {
            return mine;
        }
        double[][] all = Exchanges.allgather(rt, mine);
        int total = 0;
        for (double[] each : all) {
            total += each.length;
        }
        double[] col = new double[total];
        int at = 0;
        for (double[] each : all) {
            System.arraycopy(each, 0, col, at, each.length);
            at += each.length;
        }
        return col;
    }

    /**
     * Sums over rows in row order whatever the split: each rank adds its rows' terms (with
     * {@code addMine}) to the running sums it gets from the rank before, and the last rank's sums
     * go to every rank.
     */
    private static double[] chainSum(ArrayRuntime rt, boolean whole, int length, java.util.function.Consumer<double[]> addMine) {
        double[] s = new double[length];
        if (whole) {
            addMine.accept(s);
            return s;
        }
        RankCommunicator comm = rt.comm();
        long tag = comm.nextTag();
        int me = rt.rank();
        if (me > 0) {
            s = doubles(Exchanges.receive(rt, me - 1, tag));
        }
        addMine.accept(s);
        if (me + 1 < rt.size()) {
            comm.send(me + 1, tag, bytes(s, 0, s.length));
        }
        return broadcast(rt, s, rt.size() - 1);
    }
}
