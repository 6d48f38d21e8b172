// Black–Scholes: the prices of European call and put options (cuPyNumeric's
// examples/black_scholes.py, written for legate.numpy). Options: -n thousands of options (10),
// --precision 32 or 64 (64), --out DIR (the prices as call.npy and put.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-n", "--precision", "--out").contains(k)) {
        throw new IllegalArgumentException("black_scholes: unknown option " + k + "; expected -b RUNS, -n N, --precision 32|64, --out DIR");
    }
}
int n = Integer.parseInt(opt.getOrDefault("-n", "10")) * 1000;
DType type = opt.getOrDefault("--precision", "64").equals("32") ? DType.FLOAT32 : DType.FLOAT64;

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

// the cumulative normal distribution, by the polynomial of Abramowitz and Stegun (26.2.17)
NDArray cnd(NDArray d) {
    double a1 = 0.31938153, a2 = -0.356563782, a3 = 1.781477937, a4 = -1.821255978, a5 = 1.330274429;
    double rsqrt2pi = 0.39894228040143267793994605993438;
    NDArray k = np.div(1.0, d.abs().mul(0.2316419).add(1.0));
    NDArray c = d.mul(-0.5).mul(d).exp().mul(rsqrt2pi).mul(k.mul(k.mul(k.mul(k.mul(k.mul(a5).add(a4)).add(a3)).add(a2)).add(a1)));
    return np.where(d.gt(0.0), np.sub(1.0, c), c);
}

NDArray price = uniform(1, n).mul(25.0).add(5.0).astype(type); // S in [5, 30)
NDArray strike = uniform(2, n).mul(99.0).add(1.0).astype(type); // X in [1, 100)
NDArray years = uniform(3, n).mul(9.75).add(0.25).astype(type); // T in [0.25, 10)
double rate = 0.02, volatility = 0.3;

int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray vSqrtT = null;
NDArray d1 = null;
NDArray d2 = null;
NDArray cndD1 = null;
NDArray cndD2 = null;
NDArray expRT = null;
NDArray call = null;
NDArray put = null;
double check = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    vSqrtT = years.sqrt().mul(volatility);
    d1 = price.div(strike).log().add(years.mul(rate + 0.5 * volatility * volatility).div(vSqrtT));
    d2 = d1.sub(vSqrtT);
    cndD1 = cnd(d1);
    cndD2 = cnd(d2);
    expRT = strike.mul(years.mul(-rate).exp());
    call = price.mul(cndD1).sub(expRT.mul(cndD2));
    put = expRT.mul(np.sub(1.0, cndD2)).sub(price.mul(np.sub(1.0, cndD1)));
    check = call.sum() + put.sum(); // computes both
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/call.npy", call);
    np.save(opt.get("--out") + "/put.npy", put);
}
