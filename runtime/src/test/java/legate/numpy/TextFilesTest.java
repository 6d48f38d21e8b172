package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** np.savetxt and np.loadtxt: NumPy's text format, its shapes, and the errors. */
class TextFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void oneRank() {
        ArrayRuntime.useOnThisThread(new ArrayRuntime(2, 1L << 30, 1L << 40, 64));
    }

    @AfterEach
    void done() {
        ArrayRuntime.useOnThisThread(null);
    }

    @Test
    void numbersAreWrittenAsCsPrintfWritesThem() {
        // what Python's '%.18e' % v gives (C's printf: the exact binary value, rounded to 19 digits)
        assertEquals("1.000000000000000056e-01", TextFiles.e18(0.1));
        assertEquals("1.000000000000000000e+00", TextFiles.e18(1.0));
        assertEquals("-2.500000000000000000e+00", TextFiles.e18(-2.5));
        assertEquals("1.234567890123456698e+300", TextFiles.e18(1.2345678901234567e300));
        assertEquals("4.940656458412465442e-324", TextFiles.e18(Double.MIN_VALUE));
        assertEquals("-0.000000000000000000e+00", TextFiles.e18(-0.0));
        assertEquals("nan", TextFiles.e18(Double.NaN));
        assertEquals("-inf", TextFiles.e18(Double.NEGATIVE_INFINITY));
        assertEquals("1.000000000000000000e+16", TextFiles.e18(1e16));
    }

    @Test
    void aTwoDimensionalArrayComesBackWithItsShape() throws IOException {
        Path f = dir.resolve("a.txt");
        NDArray x = np.arange(0.0, 12.0, 1.0).reshape(3, 4).div(3.0);
        np.savetxt(f.toString(), x);
        assertEquals(3, Files.readAllLines(f).size());
        assertTrue(Files.readAllLines(f).get(0).startsWith("0.000000000000000000e+00 3.333333333333333148e-01 "), Files.readString(f));
        assertEquals(x.toString(), np.loadtxt(f.toString()).toString());
        np.savetxt(f.toString(), x, ",");
        assertEquals(x.toString(), np.loadtxt(f.toString(), ",").toString());
    }

    @Test
    void aRowOrAColumnIsOneDimensionalAndOneValueZeroDimensional() throws IOException {
        Path f = Files.writeString(dir.resolve("b.txt"), "# a comment\n1 2 3  # and another\n\n");
        assertEquals("array([1., 2., 3.])", np.loadtxt(f.toString()).toString());
        Files.writeString(f, "1\n-2.5e3\nnan\n-inf\n");
        assertEquals("array([ 1.0e+00, -2.5e+03,      nan,     -inf])", np.loadtxt(f.toString()).toString()); // NumPy's repr
        Files.writeString(f, "4.5\n");
        assertEquals(0, np.loadtxt(f.toString()).ndim());
        np.savetxt(f.toString(), np.arange(3));
        assertEquals(List.of("0.000000000000000000e+00", "1.000000000000000000e+00", "2.000000000000000000e+00"), Files.readAllLines(f));
    }

    @Test
    void badTextIsAnErrorNamingTheFileAndTheLine() throws IOException {
        Path f = Files.writeString(dir.resolve("c.txt"), "1 2 3\n4 5\n");
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class, () -> np.loadtxt(f.toString()));
        assertEquals("np.loadtxt('" + f + "'): line 2 has 2 values, the lines before it 3", ragged.getMessage());
        Files.writeString(f, "1 2\n3 0x10\n");
        IllegalArgumentException hex = assertThrows(IllegalArgumentException.class, () -> np.loadtxt(f.toString()));
        assertEquals("np.loadtxt('" + f + "'): could not read '0x10' as a number (line 2, column 2)", hex.getMessage());
        IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
                () -> np.savetxt(f.toString(), np.zeros(2, 2, 2)));
        assertTrue(three.getMessage().contains("expected a 1-D or 2-D array, got 3-D"), three.getMessage());
        assertThrows(java.io.UncheckedIOException.class, () -> np.loadtxt(dir.resolve("none.txt").toString()));
    }

    @Test
    void onTwoRanksEveryRankHasTheArray() throws IOException {
        Path f = dir.resolve("d.txt");
        np.savetxt(f.toString(), np.arange(0.0, 40.0, 1.0).reshape(20, 2).mul(0.5));
        List<String> seen = LocalRanks.run(2, 1, 16, r -> np.loadtxt(f.toString()).sum(0).toString());
        assertEquals(List.of("array([190., 200.])", "array([190., 200.])"), seen);
    }
}
