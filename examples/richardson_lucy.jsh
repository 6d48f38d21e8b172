// Richardson–Lucy deconvolution in 3-D (cuPyNumeric's examples/richardson_lucy.py): the estimate
// starts at 0.5 and is multiplied by convolve(image / convolve(estimate, psf), flipped psf) each
// step. The convolutions ("same" size, zeros outside) are sums of shifted views times the
// kernel's values, written out here (and the same way in the NumPy twin: NumPy's convolve is 1-D
// only). Options: -i iterations (10), -x -y -z image size (20), --fx --fy --fz kernel size (4),
// --out DIR (estimate.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-i", "-x", "-y", "-z", "--fx", "--fy", "--fz", "--out").contains(k)) {
        throw new IllegalArgumentException("richardson_lucy: unknown option " + k + "; expected -b RUNS, -i N, -x N, -y N, -z N, --fx N, --fy N, "
                + "--fz N, --out DIR");
    }
}
int iters = Integer.parseInt(opt.getOrDefault("-i", "10"));
int[] size = {Integer.parseInt(opt.getOrDefault("-x", "20")), Integer.parseInt(opt.getOrDefault("-y", "20")),
        Integer.parseInt(opt.getOrDefault("-z", "20"))};
int[] ksize = {Integer.parseInt(opt.getOrDefault("--fx", "4")), Integer.parseInt(opt.getOrDefault("--fy", "4")),
        Integer.parseInt(opt.getOrDefault("--fz", "4"))};

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

// convolve(a, w, "same") in 3-D: out[i] = sum over k of w[k] · a[i + (K-1)//2 - k], zeros outside
NDArray convolveSame(NDArray a, NDArray w) {
    int[] n = a.shape();
    int[] k = w.shape();
    NDArray padded = np.zeros(n[0] + k[0] - 1, n[1] + k[1] - 1, n[2] + k[2] - 1);
    int[] left = new int[3];
    for (int d = 0; d < 3; d++) {
        left[d] = k[d] - 1 - (k[d] - 1) / 2;
    }
    padded.set(left[0] + ":" + (left[0] + n[0]) + ", " + left[1] + ":" + (left[1] + n[1]) + ", " + left[2] + ":" + (left[2] + n[2]), a);
    double[] weights = w.toDoubleArray();
    NDArray out = np.zeros(n);
    for (int i = 0; i < k[0]; i++) {
        for (int j = 0; j < k[1]; j++) {
            for (int l = 0; l < k[2]; l++) {
                int s0 = k[0] - 1 - i, s1 = k[1] - 1 - j, s2 = k[2] - 1 - l;
                out = out.add(padded.get(s0 + ":" + (s0 + n[0]) + ", " + s1 + ":" + (s1 + n[1]) + ", " + s2 + ":" + (s2 + n[2]))
                        .mul(weights[(i * k[1] + j) * k[2] + l]));
            }
        }
    }
    return out;
}

NDArray image = uniform(91, size);
NDArray psf = uniform(92, ksize);
NDArray psfMirror = np.flip(psf);
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray estimate = null;
double touch = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    estimate = np.full(0.5, size);
    for (int i = 0; i < iters; i++) {
        NDArray conv = convolveSame(estimate, psf);
        NDArray relativeBlur = image.div(conv);
        estimate = estimate.mul(convolveSame(relativeBlur, psfMirror));
    }
    touch = estimate.sum();
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/estimate.npy", estimate);
}
