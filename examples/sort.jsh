// Sorting (cuPyNumeric's examples/sort.py): np.sort or np.argsort of random integers or floats
// along an axis. Options: -s shape, comma-separated (1000000), -d int or float (int; the original's
// uint32 is not in legate.numpy yet: int64 here), -l lowest and -u highest integer (0 and
// 4294967295), -a axis (-1), -g (argsort), --check, --out DIR (sorted.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-s", "-d", "-l", "-u", "-a", "-g", "--check", "--out").contains(k)) {
        throw new IllegalArgumentException("sort: unknown option " + k + "; expected -b RUNS, -s SHAPE, -d int|float, -l N, -u N, -a AXIS, -g, "
                + "--check, --out DIR");
    }
}
int[] shape = java.util.Arrays.stream(opt.getOrDefault("-s", "1000000").split(",")).mapToInt(Integer::parseInt).toArray();
long low = Long.parseLong(opt.getOrDefault("-l", "0"));
long high = Long.parseLong(opt.getOrDefault("-u", "4294967295"));
int axis = Integer.parseInt(opt.getOrDefault("-a", "-1"));
boolean indices = opt.containsKey("-g");

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

NDArray a = opt.getOrDefault("-d", "int").equals("int") ? uniform(61, shape).mul((double) (high - low)).floor().astype(DType.INT64).add(low)
        : uniform(61, shape);
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray sorted = null;
double touch = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    sorted = indices ? np.argsort(a, axis) : np.sort(a, axis);
    touch = sorted.get("-1").sum();
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--check") && a.ndim() == 1) {
    NDArray values = indices ? a.get(sorted) : sorted;
    System.out.println(np.countNonzero(values.get("1:").lt(values.get(":-1"))) == 0 ? "PASS!" : "FAIL!");
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/sorted.npy", sorted);
}
