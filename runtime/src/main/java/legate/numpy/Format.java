package legate.numpy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import legate.runtime.store.Buffer;

/**
 * NumPy's {@code repr} of arrays (its default print options: precision 8, line width 75,
 * summarised beyond 1000 elements with 3 edge items): {@code array([0. , 0.5, 1. ])}.
 */
final class Format {
    static final int PRECISION = 8;
    static final int LINE_WIDTH = 75;
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;

    private Format() {
    }

    static String repr(NDArray a) {
        int[] shape = a.shape();
        DType t = a.dtype();
        boolean showType = !(t == DType.FLOAT64 || t == DType.INT64 || t == DType.BOOL || t == DType.COMPLEX128);
        if (a.size() == 0) {
            String sh = shape.length == 1 ? "" : "shape=" + NDArray.shapeText(shape) + ", ";
            return "array([], " + sh + "dtype=" + t + ")";
        }
        boolean summarise = a.size() > THRESHOLD;
        NDArray shown = summarise ? edges(a) : a;
        int[] sh = shown.shape();
        String[] cells = cells(shown);
        String body = nested(cells, sh, summarise ? shape : sh, 0, 0, "array(".length() + 1, summarise);
        String text = "array(" + body;
        if (!showType) {
            return text + ")";
        }
        // NumPy's: the dtype goes on a line of its own when the last line would pass the line width with it
        String dtype = "dtype=" + t + ")";
        int lastLine = text.length() - (text.lastIndexOf('\n') + 1);
        // (numpy.core.arrayprint's _array_repr_implementation: the last line with its ",", the space, "dtype=...)")
        String spacer = (lastLine + 1) + 1 + dtype.length() > LINE_WIDTH ? "\n" + " ".repeat("array(".length()) : " ";
        return text + "," + spacer + dtype;
    }

    /** The first and last EDGE items along every axis that has more than 2*EDGE. */
    private static NDArray edges(NDArray a) {
        NDArray r = a;
        for (int d = 0; d < a.ndim(); d++) {
            int n = r.shape()[d];
            if (n > 2 * EDGE) {
                String lead = ":, ".repeat(d);
                r = np.concatenate(new NDArray[] {r.get(lead + ":" + EDGE), r.get(lead + (-EDGE) + ":")}, d);
            }
        }
        return r;
    }

    /** Each element's text, padded to one width: integers exact (from longs), floats as NumPy writes its type's values. */
    private static String[] cells(NDArray a) {
        DType t = a.dtype();
        if (t.isComplex()) {
            return complexCells(a);
        }
        if (t.isInteger()) {
            long[] v = a.toLongArray();
            String[] out = new String[v.length];
            int w = 0;
            for (int i = 0; i < v.length; i++) {
                out[i] = t == DType.UINT64 ? Long.toUnsignedString(v[i]) : Long.toString(v[i]);
                w = Math.max(w, out[i].length());
            }
            for (int i = 0; i < v.length; i++) {
                out[i] = " ".repeat(w - out[i].length()) + out[i];
            }
            return out;
        }
        double[] v = a.toDoubleArray();
        return t.isFloating() ? floatCells(v, t, false) : cells(v, t);
    }

    private static String[] floatCells(double[] v, DType t, boolean plus) {
        if (t == DType.FLOAT16 || t == DType.FLOAT32) {
            double[] exact = v.clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = shortest(v[i], t);
            }
            return floats(v, exact, plus);
        }
        return floats(v, null, plus);
    }

    /**
     * NumPy's complex cells: the real parts formatted together as floats, the imaginary parts
     * together with a sign always shown, then "j" after the imaginary digits (before their padding).
     */
    private static String[] complexCells(NDArray a) {
        DType part = a.dtype().component();
        String[] re = floatCells(a.real().toDoubleArray(), part, false);
        String[] im = floatCells(a.imag().toDoubleArray(), part, true);
        String[] out = new String[re.length];
        for (int i = 0; i < re.length; i++) {
            String s = im[i].stripTrailing();
            out[i] = re[i] + s + "j" + im[i].substring(s.length());
        }
        return out;
    }

    /**
     * The double of the shortest decimal that reads back as the same float16 or float32 (NumPy
     * prints a float16's 0.1 as {@code 0.1}, not as the double it is, 0.0999755859375).
     */
    static double shortest(double x, DType t) {
        if (!Double.isFinite(x) || x == 0) {
            return x;
        }
        BigDecimal d = shortestDecimal(x, 9, v -> t == DType.FLOAT16 ? Buffer.doubleToHalf(v) == Buffer.doubleToHalf(x) : (float) v == (float) x);
        return d == null ? x : d.doubleValue();
    }

    /**
     * The nearest decimal to {@code x} of the fewest significant digits, at most {@code most},
     * whose double {@code readsBack} accepts; null when none does.
     */
    private static BigDecimal shortestDecimal(double x, int most, java.util.function.DoublePredicate readsBack) {
        BigDecimal exact = new BigDecimal(x);
        for (int digits = 1; digits <= most; digits++) {
            BigDecimal d = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (readsBack.test(d.doubleValue())) {
                return d;
            }
        }
        return null;
    }

    /**
     * The shortest decimal that reads back as {@code x} (finite, not 0), the nearest to it of that
     * length, as Python's repr: {@code Double.toString} of JDK 17 gives more digits for some
     * ({@code 4.9E-324} for 5e-324).
     */
    static BigDecimal shortestDouble(double x) {
        BigDecimal given = new BigDecimal(Double.toString(x));
        BigDecimal shorter = shortestDecimal(x, given.precision() - 1, v -> v == x);
        return shorter == null ? given : shorter;
    }

    private static String[] cells(double[] v, DType t) {
        String[] out = new String[v.length];
        if (t == DType.BOOL) {
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] != 0 ? " True" : "False";
            }
            return out;
        }
        if (t.isInteger()) {
            int w = 0;
            for (int i = 0; i < v.length; i++) {
                out[i] = Long.toString((long) v[i]);
                w = Math.max(w, out[i].length());
            }
            for (int i = 0; i < v.length; i++) {
                out[i] = " ".repeat(w - out[i].length()) + out[i];
            }
            return out;
        }
        return floats(v);
    }

    static String[] floats(double[] v) {
        return floats(v, null, false);
    }

    /**
     * The cells of floats {@code v}; {@code exact}, when given, holds the values v stands for
     * (v: their shortest digits): a scientific mantissa shorter than the others then shows more of
     * its exact value's digits rather than zeros, as NumPy's {@code min_digits} does. {@code plus}:
     * a sign on every value (NumPy's {@code sign='+'}, for imaginary parts).
     */
    static String[] floats(double[] v, double[] exact, boolean plus) {
        double maxAbs = 0;
        double minAbs = Double.MAX_VALUE;
        boolean anyFinite = false;
        for (double x : v) {
            if (Double.isFinite(x) && x != 0) {
                anyFinite = true;
                maxAbs = Math.max(maxAbs, Math.abs(x));
                minAbs = Math.min(minAbs, Math.abs(x));
            }
        }
        boolean exp = anyFinite && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3);
        String[] raw = new String[v.length];
        int intWidth = 0;
        int fracWidth = 0;
        int expWidth = 0;
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (!Double.isFinite(x)) {
                raw[i] = Double.isNaN(x) ? (plus ? "+nan" : "nan") : x > 0 ? (plus ? "+inf" : "inf") : "-inf";
                continue;
            }
            raw[i] = signed(exp ? scientific(x) : positional(x), plus);
            String mant = exp ? raw[i].substring(0, raw[i].indexOf('e')) : raw[i];
            int dot = mant.indexOf('.');
            intWidth = Math.max(intWidth, dot);
            fracWidth = Math.max(fracWidth, mant.length() - dot - 1);
            if (exp) {
                expWidth = Math.max(expWidth, raw[i].length() - raw[i].indexOf('e'));
            }
        }
        String[] out = new String[v.length];
        int width = 0;
        for (int i = 0; i < v.length; i++) {
            String r = raw[i];
            if (r.endsWith("nan") || r.endsWith("inf")) {
                out[i] = r;
            } else {
                String mant = exp ? r.substring(0, r.indexOf('e')) : r;
                String e = exp ? r.substring(r.indexOf('e')) : "";
                int dot = mant.indexOf('.');
                if (exp && exact != null && mant.length() - dot - 1 < fracWidth && exact[i] != 0) {
                    String full = signed(scientific(exact[i], fracWidth + 1), plus);
                    mant = full.substring(0, full.indexOf('e'));
                    e = full.substring(full.indexOf('e'));
                    dot = mant.indexOf('.');
                }
                if (exp && e.length() < expWidth) { // NumPy gives every exponent as many digits as the longest
                    e = e.substring(0, 2) + "0".repeat(expWidth - e.length()) + e.substring(2);
                }
                // NumPy pads fractions with spaces, and scientific mantissas with zeros
                String pad = (exp ? "0" : " ").repeat(fracWidth - (mant.length() - dot - 1));
                out[i] = " ".repeat(intWidth - dot) + mant + pad + e;
            }
            width = Math.max(width, out[i].length());
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = " ".repeat(width - out[i].length()) + out[i];
        }
        return out;
    }

    private static String signed(String s, boolean plus) {
        return plus && !s.startsWith("-") ? "+" + s : s;
    }

    /** Shortest digits that identify x, at most PRECISION after the point, trailing zeros trimmed but the point kept. */
    static String positional(double x) {
        if (x == 0) {
            return (1 / x < 0 ? "-" : "") + "0.";
        }
        BigDecimal b = shortestDouble(x);
        if (b.scale() > PRECISION) {
            b = b.setScale(PRECISION, RoundingMode.HALF_EVEN);
        }
        String s = b.stripTrailingZeros().toPlainString();
        if (!s.contains(".")) {
            s += ".";
        }
        return s;
    }

    /** x in scientific notation with {@code digits} significant digits of its exact value (ties to even), zeros kept. */
    static String scientific(double x, int digits) {
        BigDecimal b = new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        String d = b.unscaledValue().abs().toString();
        int exponent = d.length() - 1 - b.scale();
        d = (d + "0".repeat(digits)).substring(0, digits);
        String e = String.format("%02d", Math.abs(exponent));
        return (b.signum() < 0 ? "-" : "") + d.charAt(0) + "." + d.substring(1) + "e" + (exponent < 0 ? "-" : "+") + e;
    }

    static String scientific(double x) {
        if (x == 0) {
            return (1 / x < 0 ? "-" : "") + "0.e+00";
        }
        BigDecimal b = shortestDouble(x).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        String digits = b.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - b.scale();
        String mant = digits.charAt(0) + "." + digits.substring(1);
        String sign = b.signum() < 0 ? "-" : "";
        String e = String.format("%02d", Math.abs(exponent));
        return sign + mant + "e" + (exponent < 0 ? "-" : "+") + e;
    }

    /**
     * The nested brackets of axis {@code d}, from cell {@code start}; {@code indent}: the column
     * of this level's first element.
     */
    private static String nested(String[] cells, int[] shown, int[] real, int d, int start, int indent, boolean summarise) {
        int nd = shown.length;
        if (nd == 0) {
            return cells[0].strip();
        }
        int count = shown[d];
        int stride = 1;
        for (int k = d + 1; k < nd; k++) {
            stride *= shown[k];
        }
        boolean gap = summarise && real[d] > 2 * EDGE;
        StringBuilder b = new StringBuilder("[");
        if (d == nd - 1) {
            int col = indent;
            List<String> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (gap && i == EDGE) {
                    items.add("...");
                }
                items.add(cells[start + i]);
            }
            // NumPy's room for an element at nesting depth d (numpy.core.arrayprint's _formatArray): the line
            // width less repr's ")" (array2string's suffix), a "]" for each enclosing level and the "," or "]" after it
            int elementWidth = LINE_WIDTH - 1 - d - 1;
            for (int i = 0; i < items.size(); i++) {
                String cell = items.get(i);
                String item = cell + (i + 1 < items.size() ? "," : "");
                if (i > 0) {
                    if (col + 1 + cell.length() > elementWidth) {
                        b.append('\n').append(" ".repeat(indent));
                        col = indent;
                    } else {
                        b.append(' ');
                        col++;
                    }
                }
                b.append(item);
                col += item.length();
            }
            return b.append(']').toString();
        }
        String sep = "," + "\n".repeat(nd - d - 1) + " ".repeat(indent);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(sep);
            }
            if (gap && i == EDGE) {
                b.append("...").append(sep);
            }
            b.append(nested(cells, shown, real, d + 1, start + i * stride, indent + 1, summarise));
        }
        return b.append(']').toString();
    }

    /** An HTML table of a small 1-D or 2-D array, for notebooks; null for other arrays. */
    static String html(NDArray a) {
        if (a.ndim() < 1 || a.ndim() > 2 || a.size() > 400 || a.size() == 0) {
            return null;
        }
        int rows = a.ndim() == 1 ? 1 : a.shape()[0];
        int cols = a.shape()[a.ndim() - 1];
        String[] cells = cells(a);
        StringBuilder b = new StringBuilder("<table class=\"legate-ndarray\">\n<caption>")
                .append(a.dtype()).append(' ').append(NDArray.shapeText(a.shape())).append("</caption>\n");
        for (int r = 0; r < rows; r++) {
            b.append("<tr>");
            for (int c = 0; c < cols; c++) {
                b.append("<td style=\"text-align:right;font-family:monospace\">").append(cells[r * cols + c].strip()).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>").toString();
    }
}
