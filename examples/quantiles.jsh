// Quantiles (cuPyNumeric's examples/quantiles.py): np.quantile of random integers at
// q = 0, .37, .42, .5, .67, .83, .99 and 1, of the flattened array or along an axis, by any of
// NumPy's 13 methods. Options: -s shape, comma-separated (1000), -d int or float (int: uint32, as
// the original), -l lowest and -u highest integer (0 and 4294967295), -a axis (none: flattened),
// -m method (linear), --check, --out DIR (q.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-s", "-d", "-l", "-u", "-a", "-m", "--check", "--out").contains(k)) {
        throw new IllegalArgumentException("quantiles: unknown option " + k + "; expected -b RUNS, -s SHAPE, -d int|float, -l N, -u N, -a AXIS, -m METHOD, --check, "
                + "--out DIR");
    }
}
int[] shape = java.util.Arrays.stream(opt.getOrDefault("-s", "1000").split(",")).mapToInt(Integer::parseInt).toArray();
long low = Long.parseLong(opt.getOrDefault("-l", "0"));
long high = Long.parseLong(opt.getOrDefault("-u", "4294967295"));

NDArray uniform(long seed, int... shape) { // Lehmer's generator, 16807^(i + 1000003·seed) mod 2^31-1: as examples/numpy/common.py
    long size = java.util.Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    long p = 2147483647L, first = seed * 1000003L, g = 16807;
    NDArray e = np.arange(first, first + size, 1L);
    NDArray x = np.zeros(DType.INT64, (int) size).add(1L);
    for (int k = 0; (1L << k) <= first + size; k++, g = g * g % p) { // x *= g^(2^k) where bit k of e is set
        NDArray bit = e.div((double) (1L << k)).floor().astype(DType.INT64).mod(2L);
        x = x.mul(bit.mul(g - 1).add(1L)).mod(p);
    }
    return x.astype(DType.FLOAT64).div((double) p).reshape(shape);
}

NDArray a = opt.getOrDefault("-d", "int").equals("int") ? uniform(81, shape).mul((double) (high - low)).floor().astype(DType.UINT32).add(low)
        : uniform(81, shape);
double[] qs = {0, .37, .42, .5, .67, .83, .99, 1.0};
String method = opt.getOrDefault("-m", "linear");
Integer axis = opt.containsKey("-a") ? Integer.valueOf(opt.get("-a")) : null;
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray q = null;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    q = axis == null ? np.quantile(a, qs, method) : np.quantile(a, qs, axis, method);
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
System.out.println(q);
if (opt.containsKey("--check")) {
    NDArray lo = axis == null ? np.array(a.min()) : a.min(axis), hi = axis == null ? np.array(a.max()) : a.max(axis);
    boolean ends = q.get("0").astype(DType.FLOAT64).sub(lo.astype(DType.FLOAT64)).abs().max() == 0
            && q.get("-1").astype(DType.FLOAT64).sub(hi.astype(DType.FLOAT64)).abs().max() == 0;
    System.out.println(ends ? "PASS!" : "FAIL!");
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/q.npy", q);
}
