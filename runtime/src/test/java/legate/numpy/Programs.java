package legate.numpy;

/** Programs the tests of several modules run (the gpu module's on simulated GPUs, against the CPU's results). */
public final class Programs {
    private Programs() {
    }

    /**
     * Assignments through transposes of split stores (their rows cross the store's rows): written
     * by the rows' owners with both sides' axes in the store's order, as on one rank.
     */
    public static NDArray assignmentsThroughTransposes() {
        NDArray u = np.random(3).rand(30, 20);
        u.T().set(np.random(4).rand(20, 30));
        u.T().get("1:-1, ::2").set(np.random(5).rand(18, 15).mul(-1.0));
        u.T().get("3:7").set(np.arange(0.0, 30.0, 1.0)); // a row broadcast
        u.T().get(":, 5").set(-0.0);
        NDArray t = np.arange(0.0, 6 * 5 * 4, 1.0).reshape(6, 5, 4).copy(); // a store of three axes
        t.transpose(2, 0, 1).set(np.random(6).randn(4, 6, 5));
        t.transpose(1, 2, 0).get("::-1").set(t.transpose(1, 2, 0).get("::-1").mul(3.0).add(1.0)); // reads what it overwrites
        NDArray i = np.arange(-300, 300, 1).reshape(30, 20).copy();
        i.T().get(":, 10:").set(np.array(SPECIAL).reshape(20, 1).mul(1.75)); // doubles into an int64 store: NaN, inf, beyond int64
        NDArray big = np.full(0.0, 20, 30).astype(DType.INT64).add(Long.MAX_VALUE - 1000); // not a double
        i.T().get(":, :10").set(big.get(":, :10").sub(np.arange(0, 10, 1)));
        NDArray f32 = np.random(7).rand(25, 4).astype(DType.FLOAT32);
        f32.T().set(np.random(8).rand(4, 25).mul(1e6));
        u.set("0, :", 7.0); // a row: in one store row
        u.get("29").set(u.get("28").mul(0.5));
        return np.concatenate(u.ravel(), t.ravel(), i.astype(DType.FLOAT64).ravel(), i.sub(Long.MAX_VALUE - 2000).astype(DType.FLOAT64).ravel(),
                f32.astype(DType.FLOAT64).ravel());
    }

    /** Views within one store row (a row of a split store: its owner holds all of it) read by reductions, operations, matmul, sort. */
    public static NDArray viewsWithinOneStoreRow() {
        NDArray u = np.random(11).randn(40, 30);
        NDArray r = u.get("17");
        return np.concatenate(np.array(r.sum(), r.max(), r.argmin(), u.get("3, 5:25:3").std(), u.get("-1, ::-1").prod()), r.mul(u.get("2")),
                u.get("9").matmul(u.get("10:40").T()), u.get("1:-1").add(u.get("20")).ravel(), np.cumsum(u.get("33")), np.sort(u.get("25, 10:")));
    }

    /** Values where conversions and arithmetic differ most easily: NaN, infinities, -0.0, beyond int32 and int64, halves, subnormals. */
    public static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 3e9, -3e9, 1e20, -1e20, 2.5,
        -2.5, 0.5, -0.5, 1.5, 4097.75, 9.3e18, -9.3e18, 16777217.0, 1e-310, -7.0};
}
