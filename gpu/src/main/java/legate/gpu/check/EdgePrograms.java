package legate.gpu.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import legate.numpy.DType;
import legate.numpy.NDArray;
import legate.numpy.np;

/**
 * Programs at the GPU backend's edges, which the GPU check and SimulatedGpuTest both compare with
 * the CPU bit for bit: the narrower types' conversions and arithmetic, assignments through views
 * whose rows cross the ranks' parts (on 2 ranks), arrays of more axes than a launch takes,
 * expressions of more operands than a launch takes.
 */
public final class EdgePrograms {
    private EdgePrograms() {
    }

    /** Values where conversions differ most easily: NaN, infinities, -0.0, beyond int32 and int64, halves. */
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 3e9, -3e9, 1e20, -1e20, 2.5,
        -2.5, 0.5, -0.5, 1.5, 4097.75, 9.3e18, -9.3e18, 16777217.0, 1e-310, -7.0};

    /**
     * Of the operations that ran on the host ({@code GpuBackend.hostOperationsByName}), those that
     * count against a program on the GPU: all but arrays made from Java values ({@code np.array},
     * and the results built from the partials the host combined), which the host makes for every type.
     */
    public static Map<String, Long> beyondJavaValues(Map<String, Long> onHost) {
        Map<String, Long> m = new TreeMap<>(onHost);
        m.keySet().removeAll(List.of("fill Values", "fill LongValues"));
        return m;
    }

    /** The elements of each array in turn, as doubles. */
    public static double[] cat(NDArray... xs) {
        List<Double> out = new ArrayList<>();
        for (NDArray x : xs) {
            for (double d : x.toDoubleArray()) {
                out.add(d);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** float16, int16, int8, uint64, uint32, uint16 and uint8: conversions, arithmetic, comparisons, fills, reductions and products. */
    public static double[] narrowerTypes() {
        NDArray f = np.linspace(-3, 3, 40).mul(40.0); // on the device
        // uint64 beyond 2^63 (its bits from int64), its largest, and the halves' awkward values: subnormals, ties, overflow
        NDArray u64 = np.array(-1L, Long.MIN_VALUE, Long.MIN_VALUE + 1, 0L, 5L, -3L, 1L << 53, (1L << 53) + 1).astype(DType.UINT64);
        // uint64 into float32, rounded once from the unsigned value: through float64 the first two would be ties (to even)
        NDArray ties = np.array(Long.MIN_VALUE + (1L << 39) + 1, (1L << 62) + (1L << 38) + 1, -1L, (1L << 53) + 1).astype(DType.UINT64);
        NDArray halves = np.array(1e-8, -3e-8, 65504.0, 65519.0, 65520.0, -7e4, 2049.0, 2051.0, 0.1, Double.NaN, -0.0, 1.0 / 3);
        NDArray i8 = f.astype(DType.INT8);
        NDArray u8 = f.astype(DType.UINT8);
        NDArray i16 = f.mul(300.0).astype(DType.INT16);
        NDArray u16 = f.abs().astype(DType.UINT16);
        NDArray u32 = f.mul(1e8).astype(DType.UINT32);
        NDArray h = f.astype(DType.FLOAT16);
        NDArray hs = halves.astype(DType.FLOAT16);
        return cat(u64.astype(DType.FLOAT64), u64.reshape(2, 4).T().astype(DType.FLOAT64).ravel(), u64.astype(DType.FLOAT16).astype(DType.FLOAT64),
                u64.maximum(u64.get("::-1")).astype(DType.INT64).astype(DType.FLOAT64), u64.minimum(u64.get("::-1")).astype(DType.INT64).astype(DType.FLOAT64),
                u64.lt(u64.get("::-1")).astype(DType.FLOAT64), u64.ge(u64.get("::-1")).astype(DType.FLOAT64), u64.abs().astype(DType.INT64).astype(DType.FLOAT64),
                u64.add(u64).astype(DType.INT64).astype(DType.FLOAT64), u64.astype(DType.UINT8).astype(DType.FLOAT64), np.array(u64.max()),
                np.where(u64.gt(u64.get("::-1")), u64, u64.get("::-1")).astype(DType.FLOAT64),
                hs.astype(DType.FLOAT64), halves.astype(DType.FLOAT16).astype(DType.INT16).astype(DType.FLOAT64), hs.mul(hs).astype(DType.FLOAT64),
                h.mul(h).astype(DType.FLOAT64), h.add(h.div(3.0)).astype(DType.FLOAT64), h.sqrt().astype(DType.FLOAT64), h.exp().astype(DType.FLOAT64),
                h.gt(h.get("::-1")).astype(DType.FLOAT64), h.sum(0).astype(DType.FLOAT64).reshape(1), h.reshape(5, 8).max(1).astype(DType.FLOAT64),
                i8.mul(i8).astype(DType.FLOAT64), i8.neg().astype(DType.FLOAT64), i8.abs().astype(DType.FLOAT64), i8.sum(0).astype(DType.FLOAT64).reshape(1),
                u8.sub(u8.get("::-1")).astype(DType.FLOAT64), u8.neg().astype(DType.FLOAT64), u8.maximum(i8).astype(DType.FLOAT64), u8.astype(DType.INT8).astype(DType.FLOAT64),
                i16.mul(i16).astype(DType.FLOAT64), i16.reshape(5, 8).T().astype(DType.FLOAT32).astype(DType.FLOAT64).ravel(), u16.sub(200L).astype(DType.FLOAT64),
                u32.add(u32).astype(DType.FLOAT64), u32.mul(u32).astype(DType.FLOAT64), u32.astype(DType.INT16).astype(DType.FLOAT64),
                f.add(i8.astype(DType.FLOAT64)), f.add(i8), f.mul(u16), np.where(i8.gt(0), u16, i16).astype(DType.FLOAT64),
                i8.reshape(5, 8).sum(0).astype(DType.FLOAT64), u16.reshape(5, 8).argmax(1).astype(DType.FLOAT64), np.array(u32.min()),
                np.full(3.5, 4).astype(DType.UINT8).astype(DType.FLOAT64), np.zeros(DType.INT16, 6).astype(DType.FLOAT64),
                np.arange(-40, 300, 7).astype(DType.INT8).astype(DType.FLOAT64), np.random(4).integers(-9, 9, 30).astype(DType.INT8).astype(DType.FLOAT64),
                h.matmul(h).astype(DType.FLOAT64).reshape(1), i8.astype(DType.INT16).reshape(5, 8).matmul(u16.reshape(8, 5)).astype(DType.FLOAT64).ravel(),
                np.sort(h).astype(DType.FLOAT64), ties.astype(DType.FLOAT32).astype(DType.FLOAT64),
                i8.astype(DType.INT64).pow(i8.abs().astype(DType.INT64)).astype(DType.FLOAT64), u8.pow(u8).astype(DType.FLOAT64), // arrays of exponents
                u64.pow(u64.get("::-1")).astype(DType.INT64).astype(DType.FLOAT64), // uint64 exponents from 2^63: not negative
                u64.mod(u64.get("::-1")).astype(DType.INT64).astype(DType.FLOAT64), u64.sign().astype(DType.FLOAT64), // unsigned
                u8.mod(u8.get("::-1")).astype(DType.FLOAT64), i8.mod(i8.get("::-1")).astype(DType.FLOAT64), u16.sign().astype(DType.FLOAT64),
                ties.reshape(2, 2).T().astype(DType.FLOAT32).astype(DType.FLOAT64).ravel());
    }

    /** Assignments through reshapes of arrays of one axis: their rows cross the ranks' parts mid-row (630 elements, 315 a rank). */
    public static double[] assignmentsThroughReshapes() {
        NDArray a = np.arange(0.0, 630.0, 1.0);
        NDArray r = a.reshape(21, 30);
        r.set("9:12, :", -1.0); // a constant, rows 9-11 across the ranks' boundary at element 315
        r.T().set("1:3, :", 7.5);
        r.get(":, ::-4").set(np.random(3).rand(21, 8));
        a.reshape(7, 90).T().set(np.random(4).rand(90, 7));
        NDArray i = np.arange(0, 630, 1).reshape(30, 21);
        i.T().get("::2").set(np.array(SPECIAL).reshape(SPECIAL.length, 1).mul(1.75).get(":11"));
        i.T().set("1, :", np.full(0.0, 30).astype(DType.INT64).add(Long.MAX_VALUE - 7)); // integers into integers: not through doubles
        NDArray h = np.arange(0.0, 630.0, 1.0).mul(300.0).astype(DType.FLOAT16).reshape(21, 30);
        h.T().set("::3", np.random(5).randn(10, 21).mul(1e4));
        NDArray u = np.arange(0, 630, 1).astype(DType.UINT64).reshape(30, 21);
        u.T().set("2", np.array(-1L, Long.MIN_VALUE, 3L).astype(DType.UINT64).get("0:1"));
        NDArray f = np.zeros(630).reshape(21, 30);
        f.T().set(u); // uint64 into float64, through the unsigned value
        NDArray g = np.zeros(DType.FLOAT32, 630);
        g.reshape(21, 30).T().set(i.add(np.array((1L << 60) + (1L << 36) + 1))); // int64 into float32, rounded once
        NDArray k = np.zeros(DType.FLOAT32, 630);
        k.reshape(21, 30).T().set(u.add(np.array(Long.MIN_VALUE + (1L << 39) + 1).astype(DType.UINT64))); // uint64 into float32, rounded once
        return np.concatenate(a, i.astype(DType.FLOAT64).ravel(), i.sub(Long.MAX_VALUE - 100).astype(DType.FLOAT64).ravel(),
                h.astype(DType.FLOAT64).ravel(), u.astype(DType.FLOAT64).ravel(), f.ravel(), g.astype(DType.FLOAT64), k.astype(DType.FLOAT64))
                .toDoubleArray();
    }

    /** The sum of {@code x[from]} .. {@code x[from + 9]}: an expression of 10 operands. */
    public static NDArray tenOperands(NDArray[] x, int from) {
        NDArray s = x[from];
        for (int i = from + 1; i < from + 10; i++) {
            s = s.add(x[i]);
        }
        return s;
    }

    /**
     * Fused expressions of more operands than one launch takes (up to 30), which run in pieces
     * through float64 temporaries: float32 nodes, comparisons, a where inside a where's condition,
     * NaN and -0.0 among the values, an assignment into a slice, a stencil of 21 shifted views.
     */
    public static double[] tooLargeForOneLaunch() {
        NDArray[] x = new NDArray[30];
        for (int i = 0; i < 30; i++) {
            x[i] = np.random(i + 1).rand(37, 5).sub(0.5);
        }
        x[3].set("2, 1", Double.NaN);
        x[17].set("4, :", -0.0);
        NDArray f = x[0].astype(DType.FLOAT32);
        NDArray where = np.where(tenOperands(x, 0).gt(0.0), tenOperands(x, 10), tenOperands(x, 20));
        NDArray rounded = np.where(tenOperands(x, 0).astype(DType.FLOAT32).mul(f).lt(0.25), tenOperands(x, 10).astype(DType.FLOAT32).mul(f),
                tenOperands(x, 20).mul(f));
        NDArray nested = np.where(np.where(tenOperands(x, 5).ge(0.0), tenOperands(x, 15), tenOperands(x, 20)).gt(0.0), tenOperands(x, 1).exp(),
                tenOperands(x, 11).tanh());
        NDArray into = np.zeros(39, 7);
        into.set("1:-1, 1:-1", np.where(tenOperands(x, 2).lt(0.0), tenOperands(x, 12), tenOperands(x, 19).neg()));
        // 21 shifted views of one array (a stencil's operands: on 2 ranks, rows from the other rank) in a where of 2 sums of 10
        NDArray u = np.random(31).rand(41, 23);
        NDArray[] shifted = new NDArray[25];
        for (int k = 0; k < 25; k++) {
            shifted[k] = u.get((k / 5) + ":" + (37 + k / 5) + ", " + (k % 5) + ":" + (19 + k % 5));
        }
        NDArray stencil = np.where(shifted[24].gt(0.5), tenOperands(shifted, 0), tenOperands(shifted, 10));
        return cat(where, rounded, nested, into, stencil);
    }

    /**
     * Arrays of 8 axes: element-wise, fused, broadcast, a transpose's copy, a reduction along the
     * first axis; with a reversed transpose, whose axes do not coalesce, a launch per index of the
     * two axes beyond the kernel's 6.
     */
    public static double[] manyAxes() {
        NDArray a = np.random(21).rand(2, 3, 2, 2, 3, 2, 2, 5); // 1,440 elements
        NDArray b = np.random(22).rand(2, 3, 2, 2, 3, 2, 2, 5);
        NDArray t = a.transpose(1, 0, 2, 3, 4, 5, 6, 7).copy(); // contiguous after its first two axes
        NDArray r = a.mul(b).add(a.sqrt()); // fused: one launch over one axis
        NDArray e = a.sub(b.get("0:1")); // a broadcast first axis
        NDArray c = np.random(23).rand(5, 2, 2, 3, 2, 2, 3, 2).transpose(7, 6, 5, 4, 3, 2, 1, 0); // no two axes merge
        return cat(r.ravel(), e.ravel(), t.ravel(), a.exp().sum(0).ravel(), a.astype(DType.FLOAT32).astype(DType.FLOAT64).ravel(),
                a.mul(c).add(1.0).ravel(), c.copy().ravel(), c.astype(DType.FLOAT32).astype(DType.FLOAT64).ravel(), np.where(c.gt(0.5), a, c).sum(3).ravel());
    }
}
