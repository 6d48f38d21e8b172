// The forward pass of an LSTM over a sentence (cuPyNumeric's examples/lstm_forward.py): for each
// word, [x_t, h_{t-1}] @ W gives the gates; sigmoid on i, f, o, tanh on g; c_t = i·g + f·c_{t-1},
// h_t = o·tanh(c_t). Options: -B batch (32), --hidden (10), -s sentence length (4), -w word
// size (10), --out DIR (hout.npy, c.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-B", "--hidden", "-s", "-w", "--out").contains(k)) {
        throw new IllegalArgumentException("lstm_forward: unknown option " + k + "; expected -b RUNS, -B N, --hidden N, -s N, -w N, --out DIR");
    }
}
int batch = Integer.parseInt(opt.getOrDefault("-B", "32"));
int hidden = Integer.parseInt(opt.getOrDefault("--hidden", "10"));
int words = Integer.parseInt(opt.getOrDefault("-s", "4"));
int wordSize = Integer.parseInt(opt.getOrDefault("-w", "10"));

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
NDArray normal(long seed, int... shape) { // four uniforms, centred and scaled: as examples/numpy/common.py
    return uniform(seed, shape).add(uniform(seed + 101, shape)).add(uniform(seed + 202, shape)).add(uniform(seed + 303, shape))
            .sub(2.0).mul(Math.sqrt(3.0));
}
NDArray sigmoid(NDArray z) {
    return np.div(1.0, z.neg().exp().add(1.0));
}

NDArray xs = normal(41, words, batch, wordSize);
NDArray h0 = normal(42, hidden);
NDArray c0 = normal(43, batch, hidden);
NDArray wlstm = normal(44, wordSize + hidden, 4 * hidden).div(Math.sqrt(wordSize + hidden));
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray hin = null;
NDArray hout = null;
NDArray c = null;
NDArray prevH = null;
NDArray prevC = null;
double touch = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    hin = np.zeros(words, batch, wordSize + hidden);
    hout = np.zeros(words, batch, hidden);
    c = np.zeros(words, batch, hidden);
    prevH = np.tile(h0, batch, 1);
    prevC = c0;
    for (int t = 0; t < words; t++) {
        hin.set(t + ", :, :" + wordSize, xs.get(String.valueOf(t)));
        hin.set(t + ", :, " + wordSize + ":", prevH);
        NDArray ifog = np.dot(hin.get(String.valueOf(t)), wlstm);
        NDArray gates = sigmoid(ifog.get(":, :" + 3 * hidden));
        NDArray g = ifog.get(":, " + 3 * hidden + ":").tanh();
        NDArray i = gates.get(":, :" + hidden);
        NDArray f = gates.get(":, " + hidden + ":" + 2 * hidden);
        NDArray o = gates.get(":, " + 2 * hidden + ":");
        c.set(String.valueOf(t), i.mul(g).add(f.mul(prevC)));
        hout.set(String.valueOf(t), o.mul(c.get(String.valueOf(t)).tanh()));
        prevH = hout.get(String.valueOf(t));
        prevC = c.get(String.valueOf(t));
    }
    touch = hout.sum();
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/hout.npy", hout);
    np.save(opt.get("--out") + "/c.npy", c);
}
