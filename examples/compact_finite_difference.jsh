// A sixth-order compact finite difference (cuPyNumeric's notebook compact_finite_difference): the
// derivative of sin(kx) on n periodic points, from the tridiagonal system
// α f'(j-1) + f'(j) + α f'(j+1) = a1 (f(j+1) - f(j-1)) + a2 (f(j+2) - f(j-2)), α = 1/3,
// a1 = 7/(9h), a2 = 1/(36h). Options: -n points (100), -k wave number (10), --out DIR (df.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-n", "-k", "--out").contains(k)) {
        throw new IllegalArgumentException("compact_finite_difference: unknown option " + k + "; expected -n N, -k K, --out DIR");
    }
}
int n = Integer.parseInt(opt.getOrDefault("-n", "100"));
double wave = Double.parseDouble(opt.getOrDefault("-k", "10"));
double h = 2 * Math.PI / n;
NDArray x = np.arange(0.0, (double) n, 1.0).mul(h); // linspace(0, 2π, n, endpoint=False)
NDArray fx = x.mul(wave).sin();
double alpha = 1.0 / 3, a1 = 7.0 / (9 * h), a2 = 1.0 / (36 * h);
NDArray a = np.diag(np.ones(n)).add(np.diag(np.full(alpha, n - 1), 1)).add(np.diag(np.full(alpha, n - 1), -1));
a.set("0, -1", alpha); // periodic
a.set("-1, 0", alpha);
NDArray fv = np.zeros(n + 4); // f with two ghost points on each side
fv.set("2:-2", fx);
fv.set(":2", fx.get("-2:"));
fv.set("-2:", fx.get(":2"));
NDArray rhs = fv.get("3:" + (n + 3)).sub(fv.get("1:" + (n + 1))).mul(a1).add(fv.get("4:" + (n + 4)).sub(fv.get("0:" + n)).mul(a2));
NDArray df = np.linalg.solve(a, rhs);
NDArray exact = x.mul(wave).cos().mul(wave);
System.out.println("L2 error: " + np.linalg.norm(df.sub(exact)) / Math.sqrt(n));
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/df.npy", df);
}
