// The array benchmark's workloads; args[0] says which. Each prints "name milliseconds" per repetition.
String which = args[0];
void report(String name, long t0) { System.out.printf(java.util.Locale.ROOT, "%s %.4f%n", name, (System.nanoTime() - t0) / 1e6); }
if (which.equals("basic")) {
    var a = np.random(2).rand(10_000_000); var b = np.random(3).rand(10_000_000); var c = np.random(4).rand(10_000_000);
    // item(0) makes the deferred expression compute, all of it, as NumPy does at once
    for (int r = 0; r < 20; r++) { long t0 = System.nanoTime(); var d = a.mul(b).add(c); d.item(0); report("elementwise", t0); }
    for (int r = 0; r < 30; r++) { long t0 = System.nanoTime(); double s = a.sum(); report("sum", t0); }
    a = null; b = null; c = null;
    var u = np.random(1).rand(4096, 4096);
    for (int r = 0; r < 16; r++) {
        long t0 = System.nanoTime();
        u.set("1:-1, 1:-1", u.get("2:, 1:-1").add(u.get(":-2, 1:-1")).add(u.get("1:-1, 2:")).add(u.get("1:-1, :-2")).mul(0.25));
        report("stencil", t0);
    }
}
if (which.startsWith("weak")) { // weak-N: a sweep over (N * ranks) x 4096, N rows per rank
    int rows = Integer.parseInt(which.substring(5)) * ranks();
    var u = np.random(1).rand(rows, 4096);
    // long enough for every JVM to settle (its JIT; its heap touched once): see bench/arrays.py
    for (int r = 0; r < 60; r++) {
        long t0 = System.nanoTime();
        u.set("1:-1, 1:-1", u.get("2:, 1:-1").add(u.get(":-2, 1:-1")).add(u.get("1:-1, 2:")).add(u.get("1:-1, :-2")).mul(0.25));
        report("weak", t0);
    }
}
if (which.equals("cfd41")) {
    for (int r = 0; r < 6; r++) { double[] res = cfd(41, 0); System.out.printf(java.util.Locale.ROOT, "cfd41 %.4f %d %.17g%n", res[1] * 1000, (int) res[0], res[2]); }
}
if (which.equals("cfd1024")) {
    cfd(1024, 2); // warm-up
    for (int r = 0; r < 2; r++) { double[] res = cfd(1024, 50); System.out.printf(java.util.Locale.ROOT, "cfd1024 %.4f%n", res[1] * 1000); }
}
if (which.equals("functions")) { // element-wise functions and randn on 10^7 float64: StrictMath's cost
    var a = np.random(2).rand(10_000_000).mul(2.0).add(0.5);
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); np.exp(a).item(0); report("exp", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); np.log(a).item(0); report("log", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); np.sin(a).item(0); report("sin", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); np.tanh(a).item(0); report("tanh", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); a.pow(1.5).item(0); report("pow", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); np.random(r).randn(10_000_000).item(0); report("randn", t0); }
    // baselines: one plain Java loop over the same 10^7 doubles with Math (JIT intrinsics, CPU-dependent) and StrictMath
    double[] x = a.toDoubleArray(); double[] y = new double[x.length];
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); for (int i = 0; i < x.length; i++) y[i] = Math.exp(x[i]); report("loop-Math.exp", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); for (int i = 0; i < x.length; i++) y[i] = StrictMath.exp(x[i]); report("loop-StrictMath.exp", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); for (int i = 0; i < x.length; i++) y[i] = Math.sin(x[i]); report("loop-Math.sin", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); for (int i = 0; i < x.length; i++) y[i] = StrictMath.sin(x[i]); report("loop-StrictMath.sin", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); for (int i = 0; i < x.length; i++) y[i] = Math.pow(x[i], 1.5); report("loop-Math.pow", t0); }
    for (int r = 0; r < 8; r++) { long t0 = System.nanoTime(); for (int i = 0; i < x.length; i++) y[i] = StrictMath.pow(x[i], 1.5); report("loop-StrictMath.pow", t0); }
}
