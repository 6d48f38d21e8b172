package legate.numpy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import legate.runtime.store.Buffer;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.types.ElementType;

/**
 * {@code sort}, {@code argsort}, {@code unique} and {@code searchsorted}. Values sort as NumPy
 * sorts them: NaN last, integers exactly. A split 1-D array is sorted across the ranks by
 * sample sort: each rank sorts its own run, the ranks pick splitters from regular samples of
 * every run, send each element to the rank whose bucket holds it, merge, and the sorted
 * sequence is laid out as a new array; nothing is gathered on one rank. Along the last axis of
 * an N-D array every row sorts where it is.
 *
 * <p>{@code argsort} is stable (NumPy's {@code kind="stable"}): equal values keep their order,
 * so the indices are the same on any number of ranks; -0.0 equals 0.0 there, as in NumPy.
 */
final class Sorting {
    private Sorting() {
    }

    // ---- sort and argsort ----

    /**
     * {@code argmax()}/{@code argmin()} of 64-bit integers beyond 2^53, exactly (doubles would
     * round neighbours together): the flat index of the first largest (smallest) element, from a
     * stable sort: the smallest is its first position; the largest, where the first value equal
     * to the last one sits.
     */
    static long exactArg(NDArray x, boolean max) {
        NDArray flat = x.ravel();
        NDArray perm = sort(flat, 0, true);
        if (!max) {
            return perm.take(np.array(0L)).toLongArray()[0];
        }
        NDArray sorted = flat.take(perm);
        NDArray top = sorted.take(np.array(flat.size() - 1));
        long first = searchsorted(sorted, top, false).toLongArray()[0];
        return perm.take(np.array(first)).toLongArray()[0];
    }

    /** NumPy's sort kinds, as NumPy reads them (by their first letter); every one sorts the same here, stably. */
    static void checkKind(String kind) {
        if (kind == null) { // NumPy's kind=None: the default
            return;
        }
        char c = kind.isEmpty() ? ' ' : Character.toLowerCase(kind.charAt(0));
        if (c != 'q' && c != 'm' && c != 'h' && c != 's') {
            throw new IllegalArgumentException("sort kind must be one of 'quick', 'heap', or 'stable' (got '" + kind + "')");
        }
    }

    /** Sorted along {@code axis} (or the whole array flattened, axis null), as NumPy's {@code np.sort}. */
    static NDArray sort(NDArray x, Integer axis, boolean indices) {
        String op = indices ? "argsort" : "sort";
        if (axis == null) {
            return sortFlat(x.ndim() == 1 ? x : x.ravel(), indices, op);
        }
        if (x.ndim() == 0) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of bounds for array of dimension 0");
        }
        int k = NDArray.normalizeAxis(op, axis, x.ndim());
        if (x.ndim() == 1) {
            return sortFlat(x, indices, op);
        }
        int last = x.ndim() - 1;
        if (k == last) {
            return sortRows(x, indices, op);
        }
        int[] swap = new int[x.ndim()];
        for (int d = 0; d < swap.length; d++) {
            swap[d] = d == k ? last : d == last ? k : d;
        }
        return sortRows(x.transpose(swap), indices, op).transpose(swap);
    }

    private static ElementType outType(NDArray x, boolean indices) {
        return indices ? ElementType.INT64 : x.dtype().elementType();
    }

    /** Along the last axis of an N-D array (N ≥ 2): each segment where it lies. */
    private static NDArray sortRows(NDArray x, boolean indices, String op) {
        int[] shape = x.shape();
        int len = shape[shape.length - 1];
        ElementType type = outType(x, indices);
        if (x.size() == 0) {
            return np.zeros(DType.of(type), shape);
        }
        Runs xr = Runs.of(x, len); // items: segments
        int n = xr.n();
        Buffer in = xr.data;
        Buffer out = Buffer.allocate(type, n * len);
        ArrayRuntime rt = x.runtime();
        // the segments on the host threads, each sorted apart (the same result however many threads): outside the
        // backend's operations, an operation of its own for the profile and --show-progress
        long perSegment = (long) len * (2 + 64 - Long.numberOfLeadingZeros(len)); // about len log len comparisons
        legate.runtime.profile.Profiler.hostWork(op, NDArray.shapeText(shape), () -> rt.backend().onHostThreads(0, n, perSegment, (first, last) -> {
            long[] keys = new long[len];
            long[] pos = new long[len];
            for (int s = first; s < last; s++) {
                int base = s * len;
                for (int i = 0; i < len; i++) {
                    keys[i] = Runs.key(in, base + i, false, indices);
                    pos[i] = i;
                }
                if (indices) {
                    sortPairs(keys, pos, len);
                    for (int i = 0; i < len; i++) {
                        out.setLong(base + i, pos[i]);
                    }
                } else {
                    Arrays.sort(keys, 0, len);
                    for (int i = 0; i < len; i++) {
                        Runs.store(out, base + i, keys[i]);
                    }
                }
            }
        }));
        return Runs.alignedWith(xr, out).toArray(type, shape, op);
    }

    /** A 1-D array sorted; across the ranks when it is split. */
    private static NDArray sortFlat(NDArray x, boolean indices, String op) {
        ElementType type = outType(x, indices);
        if (x.size() == 0) {
            return np.zeros(DType.of(type), (int) x.size());
        }
        Sorted s = sorted(x, indices);
        Buffer out = Buffer.allocate(type, s.keys.length);
        for (int i = 0; i < s.keys.length; i++) {
            if (indices) {
                out.setLong(i, s.index[i]);
            } else {
                Runs.store(out, i, s.keys[i]);
            }
        }
        Runs r = Runs.local(x.runtime(), out, 1, s.whole);
        return r.toArray(type, new int[] {(int) x.size()}, op);
    }

    /** A rank's part of a sorted sequence: its keys in order (with their original indices when asked), and whether it is all of it. */
    record Sorted(long[] keys, long[] index, boolean whole) {
    }

    /**
     * The elements of 1-D {@code x} sorted: each rank ends with a contiguous part of the sorted
     * sequence (all of it when x is held whole). With {@code indices}, keys are NumPy-equality
     * keys (-0.0 is 0.0) paired with the elements' indices, which makes every key distinct.
     */
    static Sorted sorted(NDArray x, boolean indices) {
        Runs xr = Runs.of(x, 1);
        int n = xr.n();
        // split across ranks, the elements travel as (key, global index) pairs even without indices asked:
        // every pair is distinct, so equal keys spread over the ranks' buckets instead of all landing on one rank
        boolean pairs = indices || !xr.whole;
        long[] keys = new long[n];
        long[] index = pairs ? new long[n] : null;
        for (int i = 0; i < n; i++) {
            keys[i] = Runs.key(xr.data, i, false, indices);
            if (pairs) {
                index[i] = xr.lo() + i;
            }
        }
        sortLocal(x.runtime(), keys, index, n);
        if (xr.whole) {
            return new Sorted(keys, index, true);
        }
        Exchanges.checkCarriable(x.size(), 16, "sort");
        ArrayRuntime rt = x.runtime();
        int size = rt.size();
        // regular samples of every run (8 a rank: buckets within about 1/8 of a run of even); the splitters are
        // regular samples of them all
        int per = (int) Math.min(n, 8L * size);
        long[] sample = new long[2 * per];
        for (int j = 0; j < per; j++) {
            int at = (int) ((2L * j + 1) * n / (2L * per)); // the middles of per equal parts
            sample[2 * j] = keys[at];
            sample[2 * j + 1] = index[at];
        }
        byte[][] all = Exchanges.allgather(rt, Exchanges.longs(sample, 2 * per));
        int total = 0;
        for (byte[] b : all) {
            total += b.length / 16;
        }
        long[] sk = new long[total];
        long[] si = new long[total];
        int t = 0;
        for (byte[] b : all) {
            long[] v = Exchanges.longs(b);
            for (int j = 0; j < v.length; j += 2) {
                sk[t] = v[j];
                si[t++] = v[j + 1];
            }
        }
        sortPairs(sk, si, total);
        int splits = size - 1;
        long[] splitK = new long[splits];
        long[] splitI = new long[splits];
        for (int j = 0; j < splits; j++) {
            int at = total == 0 ? -1 : (int) Math.min(total - 1, (long) (j + 1) * total / size);
            splitK[j] = at < 0 ? Long.MAX_VALUE : sk[at];
            splitI[j] = at < 0 ? Long.MAX_VALUE : si[at];
        }
        // bucket q: the elements after splitter q-1, up to splitter q (the last bucket: the rest)
        byte[][] buckets = new byte[size][];
        int from = 0;
        for (int q = 0; q < size; q++) {
            int to = n;
            if (q < splits) {
                to = from;
                while (to < n && compare(keys[to], index[to], splitK[q], splitI[q]) <= 0) {
                    to++;
                }
            }
            int m = to - from;
            ByteBuffer b = ByteBuffer.allocate(m * 16);
            b.asLongBuffer().put(keys, from, m);
            b.position(m * 8);
            b.asLongBuffer().put(index, from, m);
            buckets[q] = b.array();
            from = to;
        }
        byte[][] got = Exchanges.alltoall(rt, buckets);
        int mine = 0;
        for (byte[] b : got) {
            mine += b.length / 16;
        }
        long[] k2 = new long[mine];
        long[] i2 = new long[mine];
        int at = 0;
        for (byte[] b : got) {
            int m = b.length / 16;
            ByteBuffer bb = ByteBuffer.wrap(b);
            bb.asLongBuffer().get(k2, at, m);
            bb.position(m * 8);
            bb.asLongBuffer().get(i2, at, m);
            at += m;
        }
        sortLocal(rt, k2, i2, mine);
        return new Sorted(k2, indices ? i2 : null, false);
    }

    private static int compare(long k1, long i1, long k2, long i2) {
        int c = Long.compare(k1, k2);
        return c != 0 ? c : Long.compare(i1, i2);
    }

    private static void sortLocal(ArrayRuntime rt, long[] keys, long[] index, int n) {
        if (index == null) {
            sortKeys(rt, keys, n);
        } else {
            sortPairs(rt, keys, index, n);
        }
    }

    /** Elements a thread's piece of a parallel sort has at least: below that, one thread sorts it all. */
    static final int PARALLEL_SORT_PIECE = 1 << 15;

    /**
     * Sorts the first n keys ascending on the rank's CPU threads: one piece each, sorted apart,
     * then merged in pairs (the pairs of a round at once). Keys are totally ordered and equal keys
     * are equal elements, so the result is the one sort's, however many pieces.
     */
    static void sortKeys(ArrayRuntime rt, long[] keys, int n) {
        int pieces = Math.min(rt.backend().hostThreads(), n / PARALLEL_SORT_PIECE);
        if (pieces < 2) {
            Arrays.sort(keys, 0, n);
            return;
        }
        int[] bounds = new int[pieces + 1];
        for (int p = 0; p <= pieces; p++) {
            bounds[p] = (int) ((long) n * p / pieces);
        }
        // outside the backend's operations: an operation of its own for the profile and --show-progress, so that the
        // threads' spans carry its name rather than the operation before's
        legate.runtime.profile.Profiler.hostWork("sort", "(" + n + ",)", () -> sortInPieces(rt, keys, n, pieces, bounds));
    }

    private static void sortInPieces(ArrayRuntime rt, long[] keys, int n, int pieces, int[] bounds) {
        long perPiece = (long) (n / pieces) * 32; // about n log n comparisons
        rt.backend().onHostThreads(0, pieces, perPiece, (first, last) -> {
            for (int p = first; p < last; p++) {
                Arrays.sort(keys, bounds[p], bounds[p + 1]);
            }
        });
        long[] scratch = new long[n];
        boolean inScratch = mergeRounds(rt, n, pieces, bounds, 2,
                (lo, mid, hi, toScratch) -> merge(toScratch ? keys : scratch, lo, mid, hi, toScratch ? scratch : keys));
        if (inScratch) {
            System.arraycopy(scratch, 0, keys, 0, n);
        }
    }

    /** One merge of the sorted runs [lo, mid) and [mid, hi) (mid = hi: a run alone, copied), into the scratch side when {@code toScratch}. */
    private interface MergeStep {
        void merge(int lo, int mid, int hi, boolean toScratch);
    }

    /**
     * Merges the sorted pieces between {@code bounds} in pairs until one is left, the pairs of a
     * round at once on the host threads, each round from one side (the data, then its scratch
     * copy) to the other; a piece without a partner is carried over. Returns whether the result
     * ended on the scratch side.
     *
     * @param workPerElement the work of one element's merge, for the threads' split
     */
    private static boolean mergeRounds(ArrayRuntime rt, int n, int pieces, int[] bounds, long workPerElement, MergeStep step) {
        boolean toScratch = true;
        for (int count = pieces; count > 1; ) {
            int merged = (count + 1) / 2;
            int[] from = bounds;
            int c = count;
            boolean direction = toScratch;
            rt.backend().onHostThreads(0, merged, (long) (n / merged) * workPerElement, (first, last) -> {
                for (int q = first; q < last; q++) {
                    int hi = from[Math.min(c, 2 * q + 2)];
                    step.merge(from[2 * q], 2 * q + 1 < c ? from[2 * q + 1] : hi, hi, direction); // the odd one out: copied
                }
            });
            int[] next = new int[merged + 1];
            for (int q = 0; q < merged; q++) {
                next[q] = bounds[2 * q];
            }
            next[merged] = n;
            bounds = next;
            count = merged;
            toScratch = !toScratch;
        }
        return !toScratch;
    }

    /** Sorted runs a[lo .. mid] and a[mid .. hi] into out[lo .. hi]. */
    private static void merge(long[] a, int lo, int mid, int hi, long[] out) {
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) {
            long x = a[i];
            long y = a[j];
            if (y < x) {
                out[o++] = y;
                j++;
            } else {
                out[o++] = x;
                i++;
            }
        }
        System.arraycopy(a, i, out, o, mid - i);
        o += mid - i;
        System.arraycopy(a, j, out, o, hi - j);
    }

    /**
     * Sorts the first n pairs (keys[i], index[i]) by key, then index, on the rank's CPU threads, as
     * {@link #sortKeys} sorts keys: one piece a thread, sorted apart, then merged in pairs (the
     * pairs of a round at once). The indices are distinct, so the order is total and the result
     * is the one sort's, however many pieces.
     */
    static void sortPairs(ArrayRuntime rt, long[] keys, long[] index, int n) {
        int pieces = Math.min(rt.backend().hostThreads(), n / PARALLEL_SORT_PIECE);
        if (pieces < 2) {
            sortPairs(keys, index, n);
            return;
        }
        int[] bounds = new int[pieces + 1];
        for (int p = 0; p <= pieces; p++) {
            bounds[p] = (int) ((long) n * p / pieces);
        }
        legate.runtime.profile.Profiler.hostWork("argsort", "(" + n + ",)", () -> pairsInPieces(rt, keys, index, n, pieces, bounds));
    }

    private static void pairsInPieces(ArrayRuntime rt, long[] keys, long[] index, int n, int pieces, int[] bounds) {
        long[] k2 = new long[n];
        long[] i2 = new long[n];
        rt.backend().onHostThreads(0, pieces, (long) (n / pieces) * 48, (first, last) -> { // about n log n comparisons
            for (int p = first; p < last; p++) {
                sortPairs(keys, index, bounds[p], bounds[p + 1], k2, i2);
            }
        });
        boolean inScratch = mergeRounds(rt, n, pieces, bounds, 4, (lo, mid, hi, toScratch) -> mergePairs(toScratch ? keys : k2,
                toScratch ? index : i2, lo, mid, hi, toScratch ? k2 : keys, toScratch ? i2 : index));
        if (inScratch) {
            System.arraycopy(k2, 0, keys, 0, n);
            System.arraycopy(i2, 0, index, 0, n);
        }
    }

    /** Sorted runs of pairs [lo, mid) and [mid, hi) of (ka, ia) into (kb, ib)[lo, hi). */
    private static void mergePairs(long[] ka, long[] ia, int lo, int mid, int hi, long[] kb, long[] ib) {
        int a = lo;
        int b = mid;
        for (int o = lo; o < hi; o++) {
            if (b >= hi || (a < mid && compare(ka[a], ia[a], ka[b], ia[b]) <= 0)) {
                kb[o] = ka[a];
                ib[o] = ia[a++];
            } else {
                kb[o] = ka[b];
                ib[o] = ia[b++];
            }
        }
    }

    /** Sorts the first n pairs (keys[i], index[i]) by key, then index: a merge sort on the two arrays. */
    static void sortPairs(long[] keys, long[] index, int n) {
        sortPairs(keys, index, 0, n, new long[n], new long[n]);
    }

    /** Sorts the pairs [from, to) by key, then index, with k2 and i2 [from, to) as scratch space. */
    private static void sortPairs(long[] keys, long[] index, int from, int to, long[] k2, long[] i2) {
        long[] ka = keys;
        long[] ia = index;
        long[] kb = k2;
        long[] ib = i2;
        final int run = 32;
        for (int lo = from; lo < to; lo += run) { // insertion sort of short runs
            int hi = Math.min(to, lo + run);
            for (int i = lo + 1; i < hi; i++) {
                long k = ka[i];
                long x = ia[i];
                int j = i - 1;
                while (j >= lo && compare(ka[j], ia[j], k, x) > 0) {
                    ka[j + 1] = ka[j];
                    ia[j + 1] = ia[j];
                    j--;
                }
                ka[j + 1] = k;
                ia[j + 1] = x;
            }
        }
        for (int width = run; width < to - from; width *= 2) {
            for (int lo = from; lo < to; lo += 2 * width) {
                mergePairs(ka, ia, lo, Math.min(to, lo + width), Math.min(to, lo + 2 * width), kb, ib);
            }
            long[] t = ka;
            ka = kb;
            kb = t;
            t = ia;
            ia = ib;
            ib = t;
        }
        if (ka != keys) {
            System.arraycopy(ka, from, keys, from, to - from);
            System.arraycopy(ia, from, index, from, to - from);
        }
    }

    // ---- unique ----

    /**
     * NumPy's {@code unique(x, axis=k)}: the distinct sub-arrays along axis k (rows, for k = 0 of a
     * matrix), in lexicographic order. The sub-arrays are ordered by stable sorts on each of their
     * elements from the last to the first (partitioned sorts), then those equal to the one before
     * are dropped.
     */
    static NDArray uniqueAlong(NDArray x, int axis) {
        return uniqueAlong(x, axis, false, false, false)[0];
    }

    /**
     * NumPy's {@code unique(x, return_index, return_inverse, return_counts, axis=k)}: the distinct
     * sub-arrays along axis k in lexicographic order, then (those asked for, in NumPy's order) the
     * index along k of each one's first occurrence, the index into the distinct ones of each
     * sub-array of x, and how many times each occurs (int64 arrays of one axis).
     */
    static NDArray[] uniqueAlong(NDArray x, int axis, boolean index, boolean inverse, boolean counts) {
        String op = "unique";
        int nd = x.ndim();
        int k = NDArray.normalizeAxis(op, axis, nd);
        int[] front = new int[nd];
        front[0] = k;
        for (int d = 0, j = 1; d < nd; d++) {
            if (d != k) {
                front[j++] = d;
            }
        }
        NDArray moved = x.transpose(front);
        int n = moved.shape()[0];
        int m = (int) (x.size() / Math.max(1, n));
        java.util.List<NDArray> out = new java.util.ArrayList<>();
        if (n == 0) {
            out.add(x.copy());
            NDArray none = np.zeros(DType.INT64, 0);
            return withExtras(out, index, inverse, counts, none, none, none);
        }
        if (m == 0) { // n empty sub-arrays, all equal: one of them (NumPy's shape)
            int[] one = x.shape().clone();
            one[k] = 1;
            out.add(np.zeros(x.dtype(), one));
            return withExtras(out, index, inverse, counts, np.zeros(DType.INT64, 1), np.zeros(DType.INT64, n),
                    np.zeros(DType.INT64, 1).add((long) n));
        }
        NDArray rows = moved.reshape(n, m);
        NDArray perm = np.arange(0, n, 1);
        for (int c = m - 1; c >= 0; c--) {
            NDArray column = rows.get(":, " + c).take(perm);
            perm = perm.take(sort(column, 0, true));
        }
        NDArray sorted = rows.take(perm, 0);
        NDArray keep;
        if (n == 1) {
            keep = np.ones(1).gt(0.0);
        } else {
            NDArray changed = sorted.get("1:").ne(sorted.get(":-1")).astype(DType.INT64).sum(1).gt(0.0);
            keep = np.concatenate(new NDArray[] {np.ones(1).gt(0.0), changed}, 0);
        }
        NDArray distinct = sorted.get(keep);
        int[] shape = moved.shape().clone();
        shape[0] = distinct.shape()[0];
        int[] back = new int[nd];
        for (int d = 0; d < nd; d++) {
            back[front[d]] = d;
        }
        out.add(distinct.reshape(shape).transpose(back));
        if (!(index || inverse || counts)) {
            return out.toArray(new NDArray[0]);
        }
        // the sorts were stable: the first of each run of equal sub-arrays has the least index along k
        NDArray starts = np.flatnonzero(keep);
        NDArray first = index ? perm.take(starts) : null;
        NDArray inv = null;
        if (inverse) {
            NDArray group = keep.astype(DType.INT64).cumsum().sub(1L); // each sorted sub-array's distinct one
            inv = np.zeros(DType.INT64, n);
            inv.set(perm, group);
        }
        NDArray count = counts ? np.concatenate(new NDArray[] {starts.get("1:"), np.zeros(DType.INT64, 1).add((long) n)}, 0).sub(starts) : null;
        return withExtras(out, index, inverse, counts, first, inv, count);
    }

    private static NDArray[] withExtras(java.util.List<NDArray> out, boolean index, boolean inverse, boolean counts, NDArray first, NDArray inv,
                                        NDArray count) {
        if (index) {
            out.add(first);
        }
        if (inverse) {
            out.add(inv);
        }
        if (counts) {
            out.add(count);
        }
        return out.toArray(new NDArray[0]);
    }

    /** NumPy's {@code unique}: the sorted distinct values of the flattened array (-0.0 equals 0.0; the NaNs are one). */
    static NDArray unique(NDArray x) {
        NDArray flat = x.ndim() == 1 ? x : x.ravel();
        ElementType type = x.dtype().elementType();
        if (x.size() == 0) {
            return np.zeros(DType.of(type), 0);
        }
        Sorted s = sorted(flat, false);
        ArrayRuntime rt = x.runtime();
        boolean floating = type.isFloating();
        long[] k = s.keys;
        // whether the value before this rank's first one (the last of an earlier rank) equals it
        boolean has = k.length > 0;
        long previous = 0;
        boolean hasPrevious = false;
        if (!s.whole) {
            byte[][] lasts = Exchanges.allgather(rt, has ? ByteBuffer.allocate(8).putLong(eq(k[k.length - 1], floating)).array()
                    : new byte[0]);
            for (int q = rt.rank() - 1; q >= 0; q--) {
                if (lasts[q].length > 0) {
                    previous = ByteBuffer.wrap(lasts[q]).getLong();
                    hasPrevious = true;
                    break;
                }
            }
        }
        Buffer out = Buffer.allocate(type, k.length);
        int c = 0;
        for (int i = 0; i < k.length; i++) {
            long e = eq(k[i], floating);
            boolean repeat = i > 0 ? e == eq(k[i - 1], floating) : hasPrevious && e == previous;
            if (!repeat) {
                Runs.store(out, c++, k[i]);
            }
        }
        Buffer kept = Buffer.allocate(type, c);
        kept.copyFrom(out, 0, 0, c);
        Runs r = Runs.local(rt, kept, 1, s.whole);
        return r.toArray(type, new int[] {(int) r.count()}, "unique");
    }

    /**
     * NumPy's {@code unique(x, return_index, return_inverse, return_counts)}: the sorted distinct
     * values, then (those asked for, in NumPy's order) the flat index of each value's first
     * occurrence, the index into the distinct values of each element of the flattened array, and
     * how many times each value occurs (int64 arrays). Found by searches in the sorted array, so
     * each rank works on its own part.
     */
    static NDArray[] unique(NDArray x, boolean index, boolean inverse, boolean counts) {
        NDArray u = unique(x);
        java.util.List<NDArray> out = new java.util.ArrayList<>(java.util.List.of(u));
        if (index || inverse || counts) {
            NDArray flat = x.ndim() == 1 ? x : x.ravel();
            NDArray perm = index ? sort(flat, null, true) : null; // stable: the first of equal values has the least index
            NDArray sorted = index ? flat.take(perm) : sort(flat, null, false);
            NDArray first = searchsorted(sorted, u, false);
            if (index) {
                out.add(perm.take(first));
            }
            if (inverse) {
                out.add(searchsorted(u, flat, false));
            }
            if (counts) {
                out.add(searchsorted(sorted, u, true).sub(first));
            }
        }
        return out.toArray(new NDArray[0]);
    }

    /** The equality key of a sort key. */
    private static long eq(long key, boolean floating) {
        return floating ? Runs.equalityKey(Runs.decode(key)) : key;
    }

    // ---- searchsorted ----

    /**
     * NumPy's {@code searchsorted}: for each element of v, the index in sorted 1-D {@code a} where
     * it would go to keep a sorted ({@code right}: after the equal values). An int64 array of v's shape.
     */
    static NDArray searchsorted(NDArray a, NDArray v, boolean right) {
        String op = "searchsorted";
        if (a.ndim() != 1) {
            throw new IllegalArgumentException(op + ": the sorted array must be 1-D, not of shape " + NDArray.shapeText(a.shape()));
        }
        ArrayRuntime rt = a.runtime();
        boolean asDouble = a.dtype().isFloating() || v.dtype().isFloating()
                || (a.dtype() == DType.UINT64) != (v.dtype() == DType.UINT64); // uint64 keys and signed keys do not compare
        Store out = rt.newStore(ElementType.INT64, v.shape(), op);
        if (out.size() == 0) {
            return new NDArray(rt, View.of(out));
        }
        if (rt.size() > 1) {
            Exchanges.checkCarriable(v.size(), 8, op);
        }
        Buffer mine = Runs.of(v, 1).gather(Runs.rangesOf(out, 1, rt.size()));
        int m = mine.length();
        long[] vk = new long[m];
        for (int j = 0; j < m; j++) {
            vk[j] = Runs.key(mine, j, asDouble, true);
        }
        Buffer local = out.local();
        local.array(); // made now if the backend makes it lazily
        if (a.size() == 0) {
            return new NDArray(rt, View.of(out));
        }
        Runs ar = Runs.of(a, 1);
        long[] ak = new long[ar.n()];
        for (int i = 0; i < ak.length; i++) {
            ak[i] = Runs.key(ar.data, i, asDouble, true);
        }
        if (ar.whole) {
            for (int j = 0; j < m; j++) {
                local.setLong(j, bound(ak, vk[j], right));
            }
            return new NDArray(rt, View.of(out));
        }
        // the rank whose run decides: the last one (with elements) whose first element comes before v
        int size = rt.size();
        byte[][] firsts = Exchanges.allgather(rt, ak.length > 0 ? ByteBuffer.allocate(8).putLong(ak[0]).array() : new byte[0]);
        int[] owner = new int[m];
        for (int j = 0; j < m; j++) {
            int q = -1;
            for (int r = size - 1; r >= 0 && q < 0; r--) {
                if (firsts[r].length > 0) {
                    long f = ByteBuffer.wrap(firsts[r]).getLong();
                    if (right ? f <= vk[j] : f < vk[j]) {
                        q = r;
                    }
                }
            }
            owner[j] = q;
        }
        byte[][] requests = Exchanges.longsByOwner(size, owner, vk, m);
        byte[][] wanted = Exchanges.alltoall(rt, requests);
        byte[][] replies = new byte[size][];
        for (int q = 0; q < size; q++) {
            long[] keys = Exchanges.longs(wanted[q]);
            long[] at = new long[keys.length];
            for (int j = 0; j < keys.length; j++) {
                at[j] = ar.lo() + bound(ak, keys[j], right);
            }
            replies[q] = Exchanges.longs(at, at.length);
        }
        byte[][] got = Exchanges.alltoall(rt, replies);
        long[][] answers = new long[size][];
        for (int q = 0; q < size; q++) {
            answers[q] = Exchanges.longs(got[q]);
        }
        int[] cursor = new int[size];
        for (int j = 0; j < m; j++) {
            int q = owner[j];
            local.setLong(j, q < 0 ? 0 : answers[q][cursor[q]++]);
        }
        return new NDArray(rt, View.of(out));
    }

    /** The first index of sorted keys whose key is not before k ({@code right}: after k). */
    private static int bound(long[] keys, long k, boolean right) {
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (right ? keys[mid] <= k : keys[mid] < k) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
