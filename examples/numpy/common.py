"""What the NumPy halves of the examples share: the inputs (the Java halves compute the same
numbers with the same integer formula, so both sides start from the same bits), a small
argument parser, and the result files."""
import argparse
import os
import time

import numpy as np


def uniform(seed, *shape):
    """Numbers in (0, 1): Lehmer's generator (MINSTD), element i is 16807^(i + 1000003·seed) mod 2^31-1
    over 2^31-1, computed by binary powers in exact int64 (as the Java examples do)."""
    n = int(np.prod(shape)) if shape else 1
    p = 2147483647
    first = seed * 1000003
    e = np.arange(n, dtype=np.int64) + first
    x = np.ones(n, dtype=np.int64)
    g = 16807
    k = 0
    while (1 << k) <= first + n:
        bit = np.floor(e / float(1 << k)).astype(np.int64) % 2
        x = (x * (bit * (g - 1) + 1)) % p
        g = g * g % p
        k += 1
    return (x.astype(np.float64) / p).reshape(shape)


def normal(seed, *shape):
    """Roughly normal numbers (mean 0, variance 1): the sum of four uniforms, centred and scaled."""
    s = uniform(seed, *shape) + uniform(seed + 101, *shape) + uniform(seed + 202, *shape) + uniform(seed + 303, *shape)
    return (s - 2.0) * np.sqrt(3.0)


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--out", help="folder for the result files (.npy)")
    p.add_argument("-b", type=int, default=1, help="how many times to run the timed part (benchmarks)")
    return p


def save(args, **arrays):
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for name, a in arrays.items():
            np.save(os.path.join(args.out, name + ".npy"), np.asarray(a))


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.ms = (time.perf_counter() - self.start) * 1000.0
        print(f"Elapsed Time: {self.ms:.4f} ms")
