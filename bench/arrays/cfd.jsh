// CFD Python Step 12 (channel flow) with legate.numpy: the notebook's code as one method.
// cfd(n, steps) runs an n x n grid for that many steps (0: until converged) and returns {steps, seconds, max u}.
double[] cfd(int n, int fixedSteps) {
    int nx = n, ny = n, nit = 50;
    double rho = 1.0, nu = 0.1, F = 1.0, dt = 0.01;
    double dx = 2.0 / (nx - 1), dy = 2.0 / (ny - 1);
    double d2 = 2 * (dx * dx + dy * dy);
    NDArray u = np.zeros(ny, nx), v = np.zeros(ny, nx), p = np.ones(ny, nx);
    double udiff = 1.0;
    int steps = 0;
    long t0 = System.nanoTime();
    while (fixedSteps > 0 ? steps < fixedSteps : udiff > 1e-3) {
        var un = u.copy();
        var vn = v.copy();
        var b = np.zerosLike(u);
        var uc = u.get("1:-1");
        var vc = v.get("1:-1");
        var dudx = np.roll(uc, -1, 1).sub(np.roll(uc, 1, 1)).div(2 * dx);
        var dvdy = v.get("2:").sub(v.get(":-2")).div(2 * dy);
        var dudy = u.get("2:").sub(u.get(":-2")).div(2 * dy);
        var dvdx = np.roll(vc, -1, 1).sub(np.roll(vc, 1, 1)).div(2 * dx);
        b.set("1:-1", dudx.add(dvdy).mul(1 / dt).sub(dudx.pow(2)).sub(dudy.mul(dvdx).mul(2.0)).sub(dvdy.pow(2)).mul(rho));
        for (int it = 0; it < nit; it++) {
            var pn = p.copy();
            var pc = pn.get("1:-1");
            p.set("1:-1", np.roll(pc, -1, 1).add(np.roll(pc, 1, 1)).mul(dy * dy).add(pn.get("2:").add(pn.get(":-2")).mul(dx * dx)).div(d2)
                    .sub(b.get("1:-1").mul(dx * dx * dy * dy / d2)));
            p.set("-1, :", p.get("-2, :"));
            p.set("0, :", p.get("1, :"));
        }
        var unc = un.get("1:-1");
        var vnc = vn.get("1:-1");
        var pc = p.get("1:-1");
        u.set("1:-1", unc.sub(unc.mul(dt).div(dx).mul(unc.sub(np.roll(unc, 1, 1))))
                .sub(vnc.mul(dt).div(dy).mul(unc.sub(un.get(":-2"))))
                .sub(np.roll(pc, -1, 1).sub(np.roll(pc, 1, 1)).mul(dt / (2 * rho * dx)))
                .add(np.roll(unc, -1, 1).sub(unc.mul(2.0)).add(np.roll(unc, 1, 1)).mul(dt / (dx * dx))
                        .add(un.get("2:").sub(unc.mul(2.0)).add(un.get(":-2")).mul(dt / (dy * dy))).mul(nu))
                .add(F * dt));
        v.set("1:-1", vnc.sub(unc.mul(dt).div(dx).mul(vnc.sub(np.roll(vnc, 1, 1))))
                .sub(vnc.mul(dt).div(dy).mul(vnc.sub(vn.get(":-2"))))
                .sub(p.get("2:").sub(p.get(":-2")).mul(dt / (2 * rho * dy)))
                .add(np.roll(vnc, -1, 1).sub(vnc.mul(2.0)).add(np.roll(vnc, 1, 1)).mul(dt / (dx * dx))
                        .add(vn.get("2:").sub(vnc.mul(2.0)).add(vn.get(":-2")).mul(dt / (dy * dy))).mul(nu)));
        u.set("0, :", 0.0);
        u.set("-1, :", 0.0);
        v.set("0, :", 0.0);
        v.set("-1, :", 0.0);
        udiff = (u.sum() - un.sum()) / u.sum();
        steps++;
    }
    return new double[] {steps, (System.nanoTime() - t0) / 1e9, u.max()};
}
