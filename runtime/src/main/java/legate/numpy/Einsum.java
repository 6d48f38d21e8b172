package legate.numpy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy's {@code einsum} (explicit and implicit subscripts, any number of operands),
 * {@code tensordot} and {@code outer}, built from the runtime's transposes, sums and matrix
 * products: operands are contracted left to right, each pair as one (stacked) matrix product
 * over the letters they share, so split arrays stay split. Not here yet: {@code ...}, a letter
 * repeated within one operand (a diagonal), and size-1 axes broadcasting against longer ones.
 */
final class Einsum {
    private Einsum() {
    }

    /** An operand with one letter per axis. */
    private record Term(NDArray x, String letters) {
    }

    static NDArray einsum(String subscripts, NDArray... operands) {
        String op = "einsum(\"" + subscripts + "\")";
        String spec = subscripts.replace(" ", "");
        if (spec.contains(".")) {
            throw new IllegalArgumentException(op + ": ellipsis ('...') is not supported yet; name every axis");
        }
        String[] sides = spec.split("->", -1);
        if (sides.length > 2) {
            throw new IllegalArgumentException(op + ": more than one '->'");
        }
        String[] inputs = sides[0].split(",", -1);
        if (inputs.length != operands.length) {
            throw new IllegalArgumentException(op + ": " + inputs.length + " operand subscripts but " + operands.length + " operands");
        }
        Map<Character, Integer> sizes = new LinkedHashMap<>();
        Map<Character, Integer> uses = new LinkedHashMap<>();
        List<Term> terms = new ArrayList<>();
        for (int t = 0; t < inputs.length; t++) {
            String s = inputs[t];
            NDArray x = operands[t];
            if (s.length() != x.ndim()) {
                throw new IllegalArgumentException(op + ": operand " + t + " has " + x.ndim() + " dimensions but its subscripts '" + s
                        + "' name " + s.length());
            }
            for (int d = 0; d < s.length(); d++) {
                char c = s.charAt(d);
                if (!Character.isLetter(c)) {
                    throw new IllegalArgumentException(op + ": invalid subscript '" + c + "'; subscripts are letters");
                }
                if (s.indexOf(c) != d) {
                    throw new IllegalArgumentException(op + ": the letter '" + c + "' repeats in operand " + t
                            + " (a diagonal), which is not supported yet");
                }
                Integer seen = sizes.putIfAbsent(c, x.shape()[d]);
                if (seen != null && seen != x.shape()[d]) {
                    throw new IllegalArgumentException(op + ": operands could not be broadcast together: '" + c + "' is " + seen
                            + " in one operand and " + x.shape()[d] + " in operand " + t);
                }
                uses.merge(c, 1, Integer::sum);
            }
            terms.add(new Term(x, s));
        }
        String out;
        if (sides.length == 2) {
            out = sides[1];
            for (int d = 0; d < out.length(); d++) {
                char c = out.charAt(d);
                if (!sizes.containsKey(c)) {
                    throw new IllegalArgumentException(op + ": output subscript '" + c + "' does not appear in the inputs");
                }
                if (out.indexOf(c) != d) {
                    throw new IllegalArgumentException(op + ": output subscript '" + c + "' appears more than once");
                }
            }
        } else { // implicit: the letters used once, in alphabetical order
            StringBuilder b = new StringBuilder();
            uses.entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).sorted().forEach(b::append);
            out = b.toString();
        }
        Term acc = terms.get(0);
        for (int t = 1; t < terms.size(); t++) {
            StringBuilder later = new StringBuilder(out);
            for (int u = t + 1; u < terms.size(); u++) {
                later.append(terms.get(u).letters());
            }
            acc = contract(acc, terms.get(t), later.toString(), op);
        }
        acc = sumOut(acc, out);
        return arrange(acc, out);
    }

    /** Sums the axes whose letters are not in {@code keep}. */
    private static Term sumOut(Term t, String keep) {
        NDArray x = t.x();
        StringBuilder letters = new StringBuilder(t.letters());
        for (int d = letters.length() - 1; d >= 0; d--) {
            if (keep.indexOf(letters.charAt(d)) < 0) {
                x = x.sum(d);
                letters.deleteCharAt(d);
            }
        }
        return new Term(x, letters.toString());
    }

    /** The term's axes in the order of {@code order} (which holds exactly its letters). */
    private static NDArray arrange(Term t, String order) {
        int[] axes = new int[order.length()];
        for (int d = 0; d < axes.length; d++) {
            axes[d] = t.letters().indexOf(order.charAt(d));
        }
        boolean same = true;
        for (int d = 0; d < axes.length; d++) {
            same &= axes[d] == d;
        }
        return same || axes.length < 2 ? t.x() : t.x().transpose(axes);
    }

    /** a and b contracted over the letters they share that {@code later} (the output and the operands still to come) does not need. */
    private static Term contract(Term a, Term b, String later, String op) {
        // letters only one side has and nobody needs later are summed first
        a = sumOut(a, b.letters() + later);
        b = sumOut(b, a.letters() + later);
        StringBuilder batch = new StringBuilder();
        StringBuilder summed = new StringBuilder();
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        for (char c : a.letters().toCharArray()) {
            if (b.letters().indexOf(c) >= 0) {
                (later.indexOf(c) >= 0 ? batch : summed).append(c);
            } else {
                left.append(c);
            }
        }
        for (char c : b.letters().toCharArray()) {
            if (a.letters().indexOf(c) < 0) {
                right.append(c);
            }
        }
        int nb = size(a, batch);
        int m = size(a, left);
        int k = size(a, summed);
        int n = size(b, right);
        NDArray x = arrange(a, batch.toString() + left + summed).reshape(nb, m, k);
        NDArray y = arrange(b, batch.toString() + summed + right).reshape(nb, k, n);
        NDArray r = nb == 1 ? x.reshape(m, k).matmul(y.reshape(k, n)) : x.matmul(y);
        int[] shape = new int[batch.length() + left.length() + right.length()];
        String letters = batch.toString() + left + right;
        for (int d = 0; d < shape.length; d++) {
            char c = letters.charAt(d);
            int at = a.letters().indexOf(c);
            shape[d] = at >= 0 ? a.x().shape()[at] : b.x().shape()[b.letters().indexOf(c)];
        }
        return new Term(r.reshape(shape), letters);
    }

    private static int size(Term t, CharSequence letters) {
        long n = 1;
        for (int i = 0; i < letters.length(); i++) {
            n *= t.x().shape()[t.letters().indexOf(letters.charAt(i))];
        }
        return (int) n;
    }

    /** NumPy's {@code tensordot(a, b, axes)}: the sum over a's last {@code axes} axes and b's first {@code axes}. */
    static NDArray tensordot(NDArray a, NDArray b, int axes) {
        if (axes < 0 || axes > a.ndim() || axes > b.ndim()) {
            throw new IllegalArgumentException("tensordot: axes " + axes + " must be between 0 and both arrays' dimensions ("
                    + a.ndim() + ", " + b.ndim() + ")");
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        int k = 1;
        for (int d = 0; d < axes; d++) {
            if (as[as.length - axes + d] != bs[d]) {
                throw new IllegalArgumentException("tensordot: shape-mismatch for sum: " + NDArray.shapeText(as) + " and "
                        + NDArray.shapeText(bs) + " over " + axes + " axes");
            }
            k *= bs[d];
        }
        int[] shape = Indexing.concat(Arrays.copyOf(as, as.length - axes), Arrays.copyOfRange(bs, axes, bs.length));
        int m = Indexing.prod(as, 0, as.length - axes); // from the shapes: with a contracted size of 0, sizes say nothing
        int n = Indexing.prod(bs, axes, bs.length);
        return a.reshape(m, k).matmul(b.reshape(k, n)).reshape(shape);
    }

    /** NumPy's {@code outer}: every element of a (flattened) times every element of b. */
    static NDArray outer(NDArray a, NDArray b) {
        return a.reshape(-1, 1).mul(b.reshape(1, -1));
    }
}
