"""CFD Python Step 12 (the program of notebooks/02 and legate.gpu.check.Cfd) in PyTorch or CuPy on the
GPU, for the GPU check's comparison: milliseconds per step at N x N (default 4096), 50 Jacobi sweeps
a step. Prints which library it used, or that the machine has neither.
  python3 bench/cfd_gpu_baseline.py [N]"""
import sys
import time


def library():
    try:
        import torch
        if torch.cuda.is_available():
            return "PyTorch " + torch.__version__, torch, lambda: torch.cuda.synchronize()
    except ImportError:
        pass
    try:
        import cupy
        return "CuPy " + cupy.__version__, cupy, lambda: cupy.cuda.Device().synchronize()
    except ImportError:
        return None, None, None


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    name, xp, sync = library()
    if xp is None:
        print("no PyTorch (with CUDA) or CuPy on this machine: no baseline")
        return
    torch_like = name.startswith("PyTorch")

    def zeros(shape):
        return xp.zeros(shape, dtype=xp.float64, device="cuda") if torch_like else xp.zeros(shape, dtype=xp.float64)

    def roll(a, s):
        return xp.roll(a, s, dims=1) if torch_like else xp.roll(a, s, axis=1)

    nit, rho, nu, F, dt = 50, 1.0, 0.1, 1.0, 0.01
    dx = dy = 2 / (n - 1)
    u, v, p = zeros((n, n)), zeros((n, n)), zeros((n, n)) + 1

    def step():
        un, vn = u.clone() if torch_like else u.copy(), v.clone() if torch_like else v.copy()
        b = zeros((n, n))
        uc, vc = u[1:-1], v[1:-1]
        dudx = (roll(uc, -1) - roll(uc, 1)) / (2 * dx)
        dvdy = (v[2:] - v[:-2]) / (2 * dy)
        dudy = (u[2:] - u[:-2]) / (2 * dy)
        dvdx = (roll(vc, -1) - roll(vc, 1)) / (2 * dx)
        b[1:-1] = rho * (1 / dt * (dudx + dvdy) - dudx ** 2 - 2 * (dudy * dvdx) - dvdy ** 2)
        d2 = 2 * (dx ** 2 + dy ** 2)
        for _ in range(nit):
            pn = p.clone() if torch_like else p.copy()
            pc = pn[1:-1]
            p[1:-1] = ((roll(pc, -1) + roll(pc, 1)) * dy ** 2 + (pn[2:] + pn[:-2]) * dx ** 2) / d2 - dx ** 2 * dy ** 2 / d2 * b[1:-1]
            p[-1, :] = p[-2, :]
            p[0, :] = p[1, :]
        unc, vnc, pc = un[1:-1], vn[1:-1], p[1:-1]
        u[1:-1] = (unc - unc * dt / dx * (unc - roll(unc, 1)) - vnc * dt / dy * (unc - un[:-2])
                   - dt / (2 * rho * dx) * (roll(pc, -1) - roll(pc, 1))
                   + nu * (dt / dx ** 2 * (roll(unc, -1) - 2 * unc + roll(unc, 1)) + dt / dy ** 2 * (un[2:] - 2 * unc + un[:-2])) + F * dt)
        v[1:-1] = (vnc - unc * dt / dx * (vnc - roll(vnc, 1)) - vnc * dt / dy * (vnc - vn[:-2])
                   - dt / (2 * rho * dy) * (p[2:] - p[:-2])
                   + nu * (dt / dx ** 2 * (roll(vnc, -1) - 2 * vnc + roll(vnc, 1)) + dt / dy ** 2 * (vn[2:] - 2 * vnc + vn[:-2])))
        u[0, :] = 0
        u[-1, :] = 0
        v[0, :] = 0
        v[-1, :] = 0

    step()
    sync()
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        step()
        step()
        sync()
        times.append((time.perf_counter() - t0) / 2 * 1e3)
    times.sort()
    print(f"{name}: CFD step 12 at {n} x {n}: {times[1]:.1f} ms per step (median of 3)")


if __name__ == "__main__":
    main()
