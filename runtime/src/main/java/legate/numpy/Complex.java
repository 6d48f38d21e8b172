package legate.numpy;

import java.math.BigDecimal;

/**
 * A complex number: what {@link NDArray#citem}, {@link NDArray#csum} and {@link NDArray#cmean}
 * return, and a scalar operand of complex arithmetic ({@code z.mul(new Complex(0, 1))} is
 * NumPy's {@code z * 1j}). Printed as Python prints a complex: {@code (1+2j)}, {@code 2.5j}.
 */
public record Complex(double re, double im) {
    /** The imaginary unit, Python's {@code 1j}. */
    public static final Complex I = new Complex(0, 1);

    /** Its magnitude, {@code hypot(re, im)}. */
    public double abs() {
        return Math.hypot(re, im);
    }

    /** Python's {@code repr} of a complex: the parts as Python writes floats, without ".0". */
    @Override
    public String toString() {
        if (re == 0 && Double.doubleToRawLongBits(re) == 0) {
            return part(im) + "j";
        }
        String i = part(im);
        if (!i.startsWith("-")) {
            i = "+" + i;
        }
        return "(" + part(re) + i + "j)";
    }

    /** A double as Python's {@code repr} writes it, less a trailing ".0" (its 'r' format as complex's repr uses it). */
    static String part(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0" : "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        int exponent = b.precision() - b.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            return b.toPlainString();
        }
        String digits = b.unscaledValue().abs().toString();
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (b.signum() < 0 ? "-" : "") + mant + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
