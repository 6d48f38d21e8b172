"""The LSTM forward pass in NumPy, on the inputs of ../lstm_forward.jsh."""
import numpy as np

from common import Timer, normal, parser, save

p = parser("LSTM forward pass")
p.add_argument("-B", type=int, default=32)
p.add_argument("--hidden", type=int, default=10)
p.add_argument("-s", type=int, default=4)
p.add_argument("-w", type=int, default=10)
args = p.parse_args()
b, d, n, w = args.B, args.hidden, args.s, args.w
xs = normal(41, n, b, w)
h0 = normal(42, d)
c0 = normal(43, b, d)
wlstm = normal(44, w + d, 4 * d) / np.sqrt(w + d)


def sigmoid(z):
    return 1.0 / (np.exp(-z) + 1.0)


for _ in range(args.b):
    with Timer():
        hin = np.zeros((n, b, w + d))
        hout = np.zeros((n, b, d))
        c = np.zeros((n, b, d))
        prev_h = np.tile(h0, (b, 1))
        prev_c = c0
        for t in range(n):
            hin[t, :, :w] = xs[t]
            hin[t, :, w:] = prev_h
            ifog = np.dot(hin[t], wlstm)
            gates = sigmoid(ifog[:, :3 * d])
            g = np.tanh(ifog[:, 3 * d:])
            i, f, o = gates[:, :d], gates[:, d:2 * d], gates[:, 2 * d:]
            c[t] = i * g + f * prev_c
            hout[t] = o * np.tanh(c[t])
            prev_h = hout[t]
            prev_c = c[t]
save(args, hout=hout, c=c)
