package legate.numpy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import legate.runtime.task.ArrayRuntime;

/**
 * {@link np#savetxt} and {@link np#loadtxt}: small arrays as text, in NumPy's default format
 * ({@code %.18e}, the exact decimal digits C's printf gives, so Python reads back the same
 * doubles). Every rank reads a text file whole; rank 0 writes one. The ranks agree on the
 * outcome, as with {@code .npy} files.
 */
final class TextFiles {
    /** What Python's float() and NumPy's loadtxt take: decimal numbers, nan and inf (any case). */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)");
    private static final Pattern SPECIAL = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");
    private static final MathContext NINETEEN_DIGITS = new MathContext(19, RoundingMode.HALF_EVEN);

    private TextFiles() {
    }

    static void savetxt(ArrayRuntime rt, String file, NDArray x, String delimiter) {
        String op = "np.savetxt('" + file + "')";
        int[] shape = x.shape();
        if (shape.length != 1 && shape.length != 2) {
            throw new IllegalArgumentException(op + ": expected a 1-D or 2-D array, got " + shape.length + "-D");
        }
        double[] values = x.toDoubleArray(); // every rank takes part; rank 0 writes
        String failed = null;
        if (rt.rank() == 0) {
            int cols = shape.length == 1 ? 1 : shape[1];
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                out.append(e18(values[i])).append((i + 1) % cols == 0 ? "\n" : delimiter);
            }
            try {
                Files.writeString(Path.of(file), out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                failed = op + ": " + (e instanceof NoSuchFileException ? "no such directory" : FileAgreement.describe(e));
            }
        }
        FileAgreement.agree(rt, op, failed, true, 0);
    }

    static NDArray loadtxt(ArrayRuntime rt, String file, String delimiter) {
        String op = "np.loadtxt('" + file + "')";
        double[] flat = null;
        int[] shape = null;
        String failed = null;
        boolean io = false;
        try {
            List<double[]> rows = new ArrayList<>();
            int lineNumber = 0;
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                lineNumber++;
                int hash = line.indexOf('#');
                String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (text.isEmpty()) {
                    continue;
                }
                String[] fields = delimiter == null ? text.split("\\s+") : text.split(Pattern.quote(delimiter), -1);
                double[] row = new double[fields.length];
                for (int c = 0; c < fields.length; c++) {
                    row[c] = parse(fields[c].strip(), op, lineNumber, c + 1);
                }
                if (!rows.isEmpty() && row.length != rows.get(0).length) {
                    throw new IllegalArgumentException(op + ": line " + lineNumber + " has " + row.length + " value"
                            + (row.length == 1 ? "" : "s") + ", the lines before it " + rows.get(0).length);
                }
                rows.add(row);
            }
            int cols = rows.isEmpty() ? 0 : rows.get(0).length;
            flat = new double[rows.size() * cols];
            for (int r = 0; r < rows.size(); r++) {
                System.arraycopy(rows.get(r), 0, flat, r * cols, cols);
            }
            // NumPy's ndmin=0: axes of length 1 are dropped (a row or a column is 1-D, one value 0-D)
            shape = rows.isEmpty() ? new int[] {0} : Arrays.stream(new int[] {rows.size(), cols}).filter(d -> d != 1).toArray();
        } catch (NoSuchFileException e) {
            failed = op + ": no such file" + FileAgreement.onWhichHost(rt);
            io = true;
        } catch (IOException e) {
            failed = op + ": " + FileAgreement.describe(e) + FileAgreement.onWhichHost(rt);
            io = true;
        } catch (IllegalArgumentException e) {
            failed = e.getMessage();
        }
        FileAgreement.agree(rt, op, failed, io, flat == null ? 0 : Arrays.hashCode(flat) * 31.0 + Arrays.hashCode(shape));
        return np.fromFlat(rt, flat, shape, DType.FLOAT64, "loadtxt");
    }

    private static double parse(String field, String op, int line, int column) {
        if (NUMBER.matcher(field).matches()) {
            return Double.parseDouble(field);
        }
        if (SPECIAL.matcher(field).matches()) {
            boolean negative = field.startsWith("-");
            return field.toLowerCase(java.util.Locale.ROOT).contains("nan") ? Double.NaN
                    : negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new IllegalArgumentException(op + ": could not read '" + field + "' as a number (line " + line + ", column " + column + ")");
    }

    /** {@code v} as C's printf {@code %.18e} writes it, and Python's: 19 significant digits of its exact value, ties to even. */
    static String e18(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String sign = (Double.doubleToRawLongBits(v) < 0) ? "-" : "";
        if (v == 0) {
            return sign + "0.000000000000000000e+00";
        }
        BigDecimal r = new BigDecimal(v).abs().round(NINETEEN_DIGITS);
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - 1 - r.scale();
        StringBuilder d = new StringBuilder(digits);
        while (d.length() < 19) {
            d.append('0');
        }
        int e = Math.abs(exponent);
        return sign + d.charAt(0) + "." + d.substring(1, 19) + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
    }
}
