// A 5-point stencil (cuPyNumeric's examples/stencil.py): the interior of an (N+2)² grid becomes
// 0.2 · (center + north + east + west + south), through views that write into the grid. Options:
// -n N (100), -i iterations (100), --out DIR (grid.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-n", "-i", "--out").contains(k)) {
        throw new IllegalArgumentException("stencil: unknown option " + k + "; expected -b RUNS, -n N, -i N, --out DIR");
    }
}
int n = Integer.parseInt(opt.getOrDefault("-n", "100"));
int iters = Integer.parseInt(opt.getOrDefault("-i", "100"));
NDArray grid = null, center = null, north = null, east = null, west = null, south = null;
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
double touch = 0;
for (int run = 0; run < runs; run++) {
    // each run starts over
    grid = np.zeros(n + 2, n + 2);
    grid.set(":, 0", -273.15);
    grid.set(":, -1", -273.15);
    grid.set("-1, :", -273.15);
    grid.set("0, :", 40.0);
    center = grid.get("1:-1, 1:-1");
    north = grid.get("0:-2, 1:-1");
    east = grid.get("1:-1, 2:");
    west = grid.get("1:-1, 0:-2");
    south = grid.get("2:, 1:-1");
    long start = System.nanoTime();
    for (int i = 0; i < iters; i++) {
        NDArray average = center.add(north).add(east).add(west).add(south);
        center.set(average.mul(0.2));
    }
    touch = grid.sum();
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/grid.npy", grid);
}
