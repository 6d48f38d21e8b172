"""Black–Scholes in NumPy, on the inputs of ../black_scholes.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("Black-Scholes option pricing")
p.add_argument("-n", type=int, default=10, help="thousands of options")
p.add_argument("--precision", type=int, default=64, choices=[32, 64])
args = p.parse_args()
n = args.n * 1000
dtype = np.float32 if args.precision == 32 else np.float64


def cnd(d):
    a1, a2, a3, a4, a5 = 0.31938153, -0.356563782, 1.781477937, -1.821255978, 1.330274429
    rsqrt2pi = 0.39894228040143267793994605993438
    k = 1.0 / (1.0 + 0.2316419 * np.absolute(d))
    c = rsqrt2pi * np.exp(-0.5 * d * d) * (k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5)))))
    return np.where(d > 0, 1.0 - c, c)


price = (uniform(1, n) * 25.0 + 5.0).astype(dtype)
strike = (uniform(2, n) * 99.0 + 1.0).astype(dtype)
years = (uniform(3, n) * 9.75 + 0.25).astype(dtype)
rate, volatility = 0.02, 0.3
for _ in range(args.b):
    with Timer():
        v_sqrt_t = volatility * np.sqrt(years)
        d1 = np.log(price / strike) + (rate + 0.5 * volatility * volatility) * years / v_sqrt_t
        d2 = d1 - v_sqrt_t
        cnd_d1 = cnd(d1)
        cnd_d2 = cnd(d2)
        exp_rt = strike * np.exp(-rate * years)
        call = price * cnd_d1 - exp_rt * cnd_d2
        put = exp_rt * (1.0 - cnd_d2) - price * (1.0 - cnd_d1)
save(args, call=call, put=put)
