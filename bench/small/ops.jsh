// Small-array operations, each timed as the best of 8 batches of 3000 (bench/small_ops.py runs it
// beside NumPy). Every result is read (item or sum), so deferred arithmetic is computed.
int n = Integer.parseInt(args.length > 0 ? args[0] : "10000");
var a = np.arange(n).astype(DType.FLOAT64).mul(1.0 / n);
var b = np.arange(n).astype(DType.FLOAT64).mul(2.0 / n).add(0.5);
double[] sink = new double[1];
void time(String name, Runnable r) {
    double best = Double.MAX_VALUE;
    for (int k = 0; k < 8; k++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 3000; i++) {
            r.run();
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e3 / 3000);
    }
    System.out.printf("%s\t%.2f%n", name, best);
}
time("sum", () -> sink[0] += a.sum());
time("a*b+1, sum", () -> sink[0] += a.mul(b).add(1.0).sum());
time("a*b+1, item", () -> sink[0] += a.mul(b).add(1.0).item(5));
time("a[1:]-a[:-1], item", () -> sink[0] += a.get("1:").sub(a.get(":-1")).item(5));
time("copy, item", () -> sink[0] += a.copy().item(5));
time("exp, item", () -> sink[0] += a.exp().item(5));
time("log(exp), item", () -> sink[0] += a.exp().log().item(5));
time("a**b, item", () -> sink[0] += a.pow(b).item(5));
