package legate.gpu.check;

import legate.numpy.NDArray;
import legate.numpy.np;

/**
 * CFD Python's Step 12 (channel flow) in legate.numpy, the program of notebooks/02: periodic in x,
 * walls in y, 50 Jacobi sweeps of the pressure per step. On a 41 x 41 grid it converges after 499
 * steps with max u 3.4948961560287111 (../shared/reference, NumPy).
 */
public final class Cfd {
    /** The reference's max u at convergence on 41 x 41 (NumPy). */
    public static final double REFERENCE_MAX_U = 3.4948961560287111;

    private final int nx;
    private final int ny;
    private final double dx;
    private final double dy;
    private static final int NIT = 50;
    private static final double RHO = 1.0;
    private static final double NU = 0.1;
    private static final double F = 1.0;
    private static final double DT = 0.01;

    public record Result(int steps, double maxU, double seconds) {
    }

    public Cfd(int nx, int ny) {
        this.nx = nx;
        this.ny = ny;
        this.dx = 2.0 / (nx - 1);
        this.dy = 2.0 / (ny - 1);
    }

    private static NDArray left(NDArray a) {
        return np.roll(a, 1, 1);
    }

    private static NDArray right(NDArray a) {
        return np.roll(a, -1, 1);
    }

    private NDArray sourceTerm(NDArray u, NDArray v) {
        NDArray b = np.zerosLike(u);
        NDArray uc = u.get("1:-1");
        NDArray vc = v.get("1:-1");
        NDArray dudx = right(uc).sub(left(uc)).div(2 * dx);
        NDArray dvdy = v.get("2:").sub(v.get(":-2")).div(2 * dy);
        NDArray dudy = u.get("2:").sub(u.get(":-2")).div(2 * dy);
        NDArray dvdx = right(vc).sub(left(vc)).div(2 * dx);
        b.set("1:-1", dudx.add(dvdy).mul(1 / DT).sub(dudx.pow(2)).sub(dudy.mul(dvdx).mul(2.0)).sub(dvdy.pow(2)).mul(RHO));
        return b;
    }

    private void pressurePoisson(NDArray p, NDArray b) {
        double d2 = 2 * (dx * dx + dy * dy);
        for (int it = 0; it < NIT; it++) {
            NDArray pn = p.copy();
            NDArray pc = pn.get("1:-1");
            p.set("1:-1", right(pc).add(left(pc)).mul(dy * dy).add(pn.get("2:").add(pn.get(":-2")).mul(dx * dx)).div(d2)
                    .sub(b.get("1:-1").mul(dx * dx * dy * dy / d2)));
            p.set("-1, :", p.get("-2, :"));
            p.set("0, :", p.get("1, :"));
        }
    }

    /** Steps until the relative change of sum(u) is at most {@code tolerance}, or exactly {@code fixedSteps} when that is above 0. */
    public Result run(double tolerance, int fixedSteps) {
        long t0 = System.nanoTime();
        NDArray u = np.zeros(ny, nx);
        NDArray v = np.zeros(ny, nx);
        NDArray p = np.ones(ny, nx);
        double udiff = 1.0;
        int steps = 0;
        while (fixedSteps > 0 ? steps < fixedSteps : udiff > tolerance) {
            NDArray un = u.copy();
            NDArray vn = v.copy();
            NDArray b = sourceTerm(u, v);
            pressurePoisson(p, b);
            NDArray unc = un.get("1:-1");
            NDArray vnc = vn.get("1:-1");
            NDArray pc = p.get("1:-1");
            u.set("1:-1", unc.sub(unc.mul(DT).div(dx).mul(unc.sub(left(unc))))
                    .sub(vnc.mul(DT).div(dy).mul(unc.sub(un.get(":-2"))))
                    .sub(right(pc).sub(left(pc)).mul(DT / (2 * RHO * dx)))
                    .add(right(unc).sub(unc.mul(2.0)).add(left(unc)).mul(DT / (dx * dx))
                            .add(un.get("2:").sub(unc.mul(2.0)).add(un.get(":-2")).mul(DT / (dy * dy))).mul(NU))
                    .add(F * DT));
            v.set("1:-1", vnc.sub(unc.mul(DT).div(dx).mul(vnc.sub(left(vnc))))
                    .sub(vnc.mul(DT).div(dy).mul(vnc.sub(vn.get(":-2"))))
                    .sub(p.get("2:").sub(p.get(":-2")).mul(DT / (2 * RHO * dy)))
                    .add(right(vnc).sub(vnc.mul(2.0)).add(left(vnc)).mul(DT / (dx * dx))
                            .add(vn.get("2:").sub(vnc.mul(2.0)).add(vn.get(":-2")).mul(DT / (dy * dy))).mul(NU)));
            u.set("0, :", 0.0);
            u.set("-1, :", 0.0);
            v.set("0, :", 0.0);
            v.set("-1, :", 0.0);
            if (fixedSteps <= 0) {
                udiff = (u.sum() - un.sum()) / u.sum();
            }
            steps++;
        }
        double maxU = u.max(); // waits for every step
        return new Result(steps, maxU, (System.nanoTime() - t0) / 1e9);
    }
}
