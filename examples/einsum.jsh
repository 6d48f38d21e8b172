// Repeated einsum contractions (cuPyNumeric's examples/einsum.py): C = einsum(expr, A, B) on
// arrays of ones, then the output takes the place of the input of its rank, so each step needs the
// last. Options: -e subscripts ("kac,kbc->kab"), -n size of every axis (100), -i iterations (10),
// --out DIR (c.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-e", "-n", "-i", "--out").contains(k)) {
        throw new IllegalArgumentException("einsum: unknown option " + k + "; expected -b RUNS, -e SUBSCRIPTS, -n N, -i N, --out DIR");
    }
}
String expr = opt.getOrDefault("-e", "kac,kbc->kab");
int n = Integer.parseInt(opt.getOrDefault("-n", "100"));
int iters = Integer.parseInt(opt.getOrDefault("-i", "10"));
String[] parts = expr.replace("->", ",").split(",");
if (parts.length != 3) {
    throw new IllegalArgumentException("einsum: expected subscripts of the form a,b->c, not " + expr);
}
int[] cube(int rank) {
    int[] s = new int[rank];
    java.util.Arrays.fill(s, n);
    return s;
}
NDArray a = null, b = null, c = null;
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
double touch = 0;
for (int run = 0; run < runs; run++) {
    a = np.ones(cube(parts[0].length())); // each run starts over
    b = np.ones(cube(parts[1].length()));
    c = np.zeros(cube(parts[2].length()));
    long start = System.nanoTime();
    for (int i = 0; i < iters; i++) {
        c = np.einsum(expr, a, b);
        if (c.ndim() == a.ndim()) { // the output becomes an input for the next step
            NDArray t = a; a = c; c = t;
        } else if (c.ndim() == b.ndim()) {
            NDArray t = b; b = c; c = t;
        }
    }
    touch = a.sum() + b.sum();
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/a.npy", a);
    np.save(opt.get("--out") + "/b.npy", b);
}
