// Sobel edge detection (cuPyNumeric's notebook edge_detection) on a synthetic image: a bright disk
// and a square on a gradient, with noise. gx and gy are "same" convolutions with the Sobel
// kernels (shifted views times the kernel's values, zeros outside); the edges are
// sqrt(gx² + gy²) scaled to 0..255, as integers. Options: -n image size (256), --out DIR
// (edges.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-n", "--out").contains(k)) {
        throw new IllegalArgumentException("edge_detection: unknown option " + k + "; expected -b RUNS, -n N, --out DIR");
    }
}
int n = Integer.parseInt(opt.getOrDefault("-n", "256"));

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

// convolve(a, w, "same") in 2-D for a 3×3 kernel: out[i, j] = sum of w[k, l] · a[i + 1 - k, j + 1 - l]
NDArray convolveSame(NDArray a, double[][] w) {
    int rows = a.shape()[0], cols = a.shape()[1];
    NDArray padded = np.zeros(rows + 2, cols + 2);
    padded.set("1:-1, 1:-1", a);
    NDArray out = np.zeros(rows, cols);
    for (int k = 0; k < 3; k++) {
        for (int l = 0; l < 3; l++) {
            out = out.add(padded.get((2 - k) + ":" + (2 - k + rows) + ", " + (2 - l) + ":" + (2 - l + cols)).mul(w[k][l]));
        }
    }
    return out;
}

NDArray row = np.arange(0.0, (double) n, 1.0).reshape(n, 1);
NDArray col = np.arange(0.0, (double) n, 1.0).reshape(1, n);
NDArray disk = row.sub(n * 0.35).pow(2).add(col.sub(n * 0.6).pow(2)).lt(Math.pow(n * 0.2, 2)).astype(DType.FLOAT64).mul(120.0);
NDArray square = np.logicalAnd(np.logicalAnd(row.gt(n * 0.6), row.lt(n * 0.9)), np.logicalAnd(col.gt(n * 0.1), col.lt(n * 0.4)))
        .astype(DType.FLOAT64).mul(80.0);
NDArray img = row.add(col).mul(40.0 / n).add(disk).add(square).add(uniform(93, n, n).mul(10.0));
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray gx = null;
NDArray gy = null;
NDArray edges = null;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    gx = convolveSame(img, new double[][] {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}});
    gy = convolveSame(img, new double[][] {{1, 2, 1}, {0, 0, 0}, {-1, -2, -1}});
    edges = gx.pow(2).add(gy.pow(2)).sqrt();
    edges = edges.mul(255.0 / edges.max()).astype(DType.INT64);
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
System.out.println("pixels on an edge (over 128): " + np.countNonzero(edges.gt(128.0)));
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/edges.npy", edges);
}
