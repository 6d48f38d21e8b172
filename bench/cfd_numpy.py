"""The CFD notebook (notebooks/02-cfd-channel-flow.ipynb) up to its result check, written cell for cell
in NumPy: the baseline of bench/first_run.py. Run as a fresh process, it prints the loop's own time
(`loop <seconds>`) and the result the notebook checks."""
import time

t_start = time.perf_counter()
import numpy as np  # noqa: E402  (timed: a user's fresh process imports it)

nx, ny, nit = 41, 41, 50
rho, nu, F, dt = 1.0, 0.1, 1.0, 0.01
dx, dy = 2.0 / (nx - 1), 2.0 / (ny - 1)


def L(a):
    return np.roll(a, 1, 1)


def R(a):
    return np.roll(a, -1, 1)


def source_term(u, v):
    b = np.zeros_like(u)
    uc, vc = u[1:-1], v[1:-1]
    dudx = (R(uc) - L(uc)) / (2 * dx)
    dvdy = (v[2:] - v[:-2]) / (2 * dy)
    dudy = (u[2:] - u[:-2]) / (2 * dy)
    dvdx = (R(vc) - L(vc)) / (2 * dx)
    b[1:-1] = ((dudx + dvdy) * (1 / dt) - dudx ** 2 - dudy * dvdx * 2.0 - dvdy ** 2) * rho
    return b


def pressure_poisson(p, b):
    d2 = 2 * (dx * dx + dy * dy)
    for _ in range(nit):
        pn = p.copy()
        pc = pn[1:-1]
        p[1:-1] = ((R(pc) + L(pc)) * (dy * dy) + (pn[2:] + pn[:-2]) * (dx * dx)) / d2 - b[1:-1] * (dx * dx * dy * dy / d2)
        p[-1, :] = p[-2, :]
        p[0, :] = p[1, :]


u, v, p = np.zeros((ny, nx)), np.zeros((ny, nx)), np.ones((ny, nx))
history = []
udiff = 1.0
steps = 0
t0 = time.perf_counter()
while udiff > 1e-3:
    un, vn = u.copy(), v.copy()
    b = source_term(u, v)
    pressure_poisson(p, b)
    unc, vnc, pc = un[1:-1], vn[1:-1], p[1:-1]
    u[1:-1] = (unc - unc * dt / dx * (unc - L(unc)) - vnc * dt / dy * (unc - un[:-2]) - (R(pc) - L(pc)) * (dt / (2 * rho * dx))
               + ((R(unc) - unc * 2.0 + L(unc)) * (dt / (dx * dx)) + (un[2:] - unc * 2.0 + un[:-2]) * (dt / (dy * dy))) * nu + F * dt)
    v[1:-1] = (vnc - unc * dt / dx * (vnc - L(vnc)) - vnc * dt / dy * (vnc - vn[:-2]) - (p[2:] - p[:-2]) * (dt / (2 * rho * dy))
               + ((R(vnc) - vnc * 2.0 + L(vnc)) * (dt / (dx * dx)) + (vn[2:] - vnc * 2.0 + vn[:-2]) * (dt / (dy * dy))) * nu)
    u[0, :] = 0.0
    u[-1, :] = 0.0
    v[0, :] = 0.0
    v[-1, :] = 0.0
    udiff = (u.sum() - un.sum()) / u.sum()
    history.append(udiff)
    steps += 1
loop = time.perf_counter() - t0
max_u = u.max()
print(f"steps {steps}, max u {max_u:.17g}")
print(f"max |v| {np.abs(v).max():.3g}, p from {p.min():.6f} to {p.max():.6f}")
assert steps == 499 and abs(max_u - 3.4948961560287111) / 3.4948961560287111 <= 1e-9
print(f"loop {loop:.6f}")
print(f"after import {time.perf_counter() - t_start:.6f}")
