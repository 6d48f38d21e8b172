// Newton's method for two equations in two unknowns (cuPyNumeric's notebook newton_raphson_2d):
// x² + y² = 13 and x² - 2y² = -14 from (-20, 20), once with inv(J) @ f and once with solve(J, f).
// Options: --tol (1e-6), -m most iterations (20), --out DIR (inv.npy, solve.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("--tol", "-m", "--out").contains(k)) {
        throw new IllegalArgumentException("newton_raphson_2d: unknown option " + k + "; expected --tol T, -m N, --out DIR");
    }
}
double tol = Double.parseDouble(opt.getOrDefault("--tol", "1e-6"));
int maxIters = Integer.parseInt(opt.getOrDefault("-m", "20"));

NDArray f(NDArray v) {
    NDArray sq = v.pow(2);
    return np.array(sq.item(0) + sq.item(1) - 13.0, sq.item(0) - 2.0 * sq.item(1) + 14.0);
}
NDArray jacobian(NDArray v) {
    double x = v.item(0), y = v.item(1);
    return np.array(new double[][] {{2 * x, 2 * y}, {2 * x, -4 * y}});
}
NDArray newton(boolean useSolve) {
    NDArray v = np.array(-20.0, 20.0);
    for (int i = 1; i <= maxIters; i++) {
        NDArray step = useSolve ? np.linalg.solve(jacobian(v), f(v)) : np.dot(np.linalg.inv(jacobian(v)), f(v));
        v = v.sub(step);
        if (np.linalg.norm(step) < tol) {
            System.out.println((useSolve ? "solve" : "inv") + ": converged in " + i + " iterations to " + v);
            return v;
        }
    }
    System.out.println((useSolve ? "solve" : "inv") + ": no convergence in " + maxIters + " iterations");
    return v;
}
NDArray byInv = newton(false);
NDArray bySolve = newton(true);
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/inv.npy", byInv);
    np.save(opt.get("--out") + "/solve.npy", bySolve);
}
