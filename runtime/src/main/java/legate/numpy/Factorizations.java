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
     * NumPy's {@code qr} (mode "reduced"): q (m×k, orthonormal columns) and r (k×n, upper
     * triangular), k = min(m, n), by Householder reflections with LAPACK's signs (r's diagonal is
     * -sign(a_kk)·norm), so q and r are NumPy's within rounding. Rows stay where they are: each
     * column's entries below the diagonal go to every rank (its norm is summed in row order), and
     * each reflection's products with the other columns are summed in row order along the ranks
     * (a chain), so the bits are the same on any number of ranks.
     */
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
        double[] tau = new double[kk];
        for (int k = 0; k < kk; k++) {
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
            int kk0 = k;
            for (int i = Math.max(0, k - lo); i < rows; i++) {
                u[i * n + k] = lo + i == k ? beta : u[i * n + k] * scale;
            }
            if (tau[k] != 0 && k + 1 < n) { // a[k:, k+1:] -= tau v (vᵀ a[k:, k+1:])
                double t = tau[k];
                double[] w = chainSum(rt, ar.whole, n - k - 1, s -> {
                    for (int i = Math.max(0, kk0 - lo); i < rows; i++) {
                        double v = lo + i == kk0 ? 1 : u[i * n + kk0];
                        for (int j = kk0 + 1; j < n; j++) {
                            s[j - kk0 - 1] += v * u[i * n + j];
                        }
                    }
                });
                for (int i = Math.max(0, k - lo); i < rows; i++) {
                    double v = lo + i == k ? 1 : u[i * n + k];
                    for (int j = k + 1; j < n; j++) {
                        u[i * n + j] -= t * v * w[j - k - 1];
                    }
                }
            }
        }
        // q: the reflections applied to the first k columns of the identity, the last one first
        double[] q = new double[rows * kk];
        for (int i = 0; i < rows; i++) {
            if (lo + i < kk) {
                q[i * kk + lo + i] = 1;
            }
        }
        for (int k = kk - 1; k >= 0; k--) {
            if (tau[k] == 0) {
                continue;
            }
            int kk0 = k;
            double t = tau[k];
            double[] w = chainSum(rt, ar.whole, kk - k, s -> {
                for (int i = Math.max(0, kk0 - lo); i < rows; i++) {
                    double v = lo + i == kk0 ? 1 : u[i * n + kk0];
                    for (int j = kk0; j < kk; j++) {
                        s[j - kk0] += v * q[i * kk + j];
                    }
                }
            });
            for (int i = Math.max(0, k - lo); i < rows; i++) {
                double v = lo + i == k ? 1 : u[i * n + k];
                for (int j = k; j < kk; j++) {
                    q[i * kk + j] -= t * v * w[j - k];
                }
            }
        }
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
