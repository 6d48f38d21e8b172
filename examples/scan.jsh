// A running sum or product (cuPyNumeric's examples/scan.py): cumsum or cumprod of an array of the
// given shape, along an axis or of the flattened array. Options: -s shape, comma-separated (10),
// -t int or float (int), -a axis (none: flattened), -o cumsum or cumprod (cumsum), --check,
// --out DIR (b.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-s", "-t", "-a", "-o", "--check", "--out").contains(k)) {
        throw new IllegalArgumentException("scan: unknown option " + k + "; expected -b RUNS, -s SHAPE, -t int|float, -a AXIS, -o cumsum|cumprod, "
                + "--check, --out DIR");
    }
}
int[] shape = java.util.Arrays.stream(opt.getOrDefault("-s", "10").split(",")).mapToInt(Integer::parseInt).toArray();
String type = opt.getOrDefault("-t", "int");
String operation = opt.getOrDefault("-o", "cumsum");
if (!operation.equals("cumsum") && !operation.equals("cumprod")) {
    throw new IllegalArgumentException("scan: -o must be cumsum or cumprod, not " + operation);
}

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

NDArray a = type.equals("int") ? uniform(51, shape).mul(1000.0).floor().astype(DType.INT32) // integers 0 .. 999
        : uniform(51, shape).astype(DType.FLOAT32);
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
boolean product = false;
NDArray b = null;
double touch = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    product = operation.equals("cumprod");
    b = opt.containsKey("-a") ? (product ? a.cumprod(Integer.parseInt(opt.get("-a"))) : a.cumsum(Integer.parseInt(opt.get("-a"))))
            : (product ? a.cumprod() : a.cumsum());
    touch = b.get("-1").sum();
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--check")) {
    NDArray last = opt.containsKey("-a") ? null : b.get("-1");
    System.out.println(last == null || (product || last.item() == a.sum()) ? "PASS!" : "FAIL!");
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/b.npy", b);
}
