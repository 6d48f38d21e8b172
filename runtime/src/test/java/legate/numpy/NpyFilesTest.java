package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** np.save and np.load: NumPy's .npy format, every dtype and layout, sharded over ranks, and the errors. */
class NpyFilesTest {
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

    /** A .npy file as NumPy writes it (version 1.0), with {@code data} after the padded header. */
    private static byte[] npy(String dict, byte[] data) {
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        return b.put((byte) '\n').put(data).array();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] doubles(ByteOrder order, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    @Test
    void theHeaderIsNumpysAndPaddedToSixtyFourBytes() {
        byte[] h = NpyFiles.header(DType.FLOAT64, new int[] {3, 4});
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }";
        assertArrayEquals(npy(dict, new byte[0]), h);
        assertEquals(128, h.length);
        String one = new String(NpyFiles.header(DType.BOOL, new int[] {5}), StandardCharsets.ISO_8859_1);
        assertTrue(one.contains("{'descr': '|b1', 'fortran_order': False, 'shape': (5,), }"), one);
        assertTrue(new String(NpyFiles.header(DType.INT32, new int[0]), StandardCharsets.ISO_8859_1).contains("'shape': (), }"));
    }

    @Test
    void everyDtypeAndShapeComesBackAsItWas() {
        List<NDArray> arrays = List.of(
                np.arange(0.5, 12.5, 1.0).reshape(3, 4).mul(-1.25),
                np.arange(24).reshape(2, 3, 4).sub(7),
                np.arange(10).astype(DType.INT32).mul(-3),
                np.arange(0.0, 2.0, 0.25).astype(DType.FLOAT32),
                np.arange(9).reshape(3, 3).gt(4),
                np.zeros(0),
                np.zeros(DType.INT64, 0, 3),
                np.full(2.5, new int[0]));
        int k = 0;
        for (NDArray x : arrays) {
            String name = dir.resolve("a" + k++).toString();
            np.save(name, x);
            NDArray y = np.load(name + ".npy"); // NumPy adds the extension, and so does np.save
            assertEquals(x.dtype(), y.dtype(), x.toString());
            assertArrayEquals(x.shape(), y.shape(), x.toString());
            assertEquals(x.toString(), y.toString());
        }
    }

    @Test
    void aViewIsSavedAsTheElementsItShows() {
        NDArray x = np.arange(20).reshape(4, 5);
        np.save(dir.resolve("v.npy").toString(), x.get("::2, 1:4").T());
        assertEquals(x.get("::2, 1:4").T().toString(), np.load(dir.resolve("v.npy").toString()).toString());
    }

    @Test
    void fortranOrderAndBigEndianFilesAreRead() throws IOException {
        // [[1, 2, 3], [4, 5, 6]] in Fortran order: the first axis varies fastest
        Path f = file("f.npy", npy("{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }",
                doubles(ByteOrder.BIG_ENDIAN, 1, 4, 2, 5, 3, 6)));
        assertEquals("array([[1., 2., 3.],\n       [4., 5., 6.]])", np.load(f.toString()).toString());
        // 3-D: element (i, j, k) at i + 2 j + 6 k
        double[] fortran = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
                }
            }
        }
        Path g = file("g.npy", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 4), }",
                doubles(ByteOrder.LITTLE_ENDIAN, fortran)));
        NDArray y = np.load(g.toString());
        assertEquals(123.0, y.item(1, 2, 3));
        assertEquals(12.0, y.item(0, 1, 2));
        assertEquals(np.arange(2).reshape(2, 1, 1).mul(100).add(np.arange(3).reshape(1, 3, 1).mul(10)).add(np.arange(4))
                .astype(DType.FLOAT64).toString(), y.toString());
        ByteBuffer ints = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putInt(-1).putInt(2).putInt(70000);
        assertEquals("array([   -1,     2, 70000], dtype=int32)",
                np.load(file("i.npy", npy("{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }", ints.array())).toString())
                        .toString());
    }

    @Test
    void versionTwoHeadersAndPythonTwoLongsAreRead() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }";
        int total = (12 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(total - 12).put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').putDouble(1.5).putDouble(-2);
        assertEquals("array([ 1.5, -2. ])", np.load(file("v2.npy", b.array()).toString()).toString());
    }

    @Test
    void onManyRanksTheFileIsTheSameAndEachRankHoldsItsRows() throws IOException {
        NDArray reference = np.arange(0.0, 60.0, 1.0).reshape(12, 5).mul(0.1);
        Path one = dir.resolve("one.npy");
        np.save(one.toString(), reference);
        for (int ranks : new int[] {2, 3}) {
            Path many = dir.resolve("many" + ranks + ".npy");
            List<String> texts = LocalRanks.run(ranks, 1, 16, r -> {
                NDArray x = np.arange(0.0, 60.0, 1.0).reshape(12, 5).mul(0.1);
                assertTrue(!x.view().store().isReplicated(), "the test needs a split array");
                np.save(many.toString(), x);
                NDArray y = np.load(one.toString());
                NDArray fortran = np.load(dir.resolve("f3.npy").toString());
                return y.add(1.0).toString() + fortran.sum() + y.view().store().ownLo();
            });
            assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(many), ranks + " ranks wrote another file");
            for (String t : texts) {
                assertTrue(t.startsWith(reference.add(1.0).toString()), t);
            }
            assertTrue(texts.stream().map(t -> t.substring(t.length() - 1)).distinct().count() > 1, "each rank holds other rows");
        }
    }

    @BeforeEach
    void fortranFileForRanks() throws IOException {
        // a (12, 5) Fortran-order array of i + 12 j: its sum is known
        double[] data = new double[60];
        for (int i = 0; i < 60; i++) {
            data[i] = i;
        }
        file("f3.npy", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (12, 5), }", doubles(ByteOrder.LITTLE_ENDIAN, data)));
    }

    @Test
    void aFortranFileSplitOverRanksIsTheSameArray() {
        // element (i, j) is i + 12 j
        String whole = np.arange(12).reshape(12, 1).add(np.arange(5).mul(12)).astype(DType.FLOAT64).toString();
        assertEquals(whole, np.load(dir.resolve("f3.npy").toString()).toString());
        for (int ranks : new int[] {2, 3}) {
            List<String> parts = LocalRanks.run(ranks, 1, 16, r -> np.load(dir.resolve("f3.npy").toString()).toString());
            parts.forEach(p -> assertEquals(whole, p));
        }
    }

    private static String loadError(Path p) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> np.load(p.toString()));
        return e.getMessage();
    }

    @Test
    void badFilesAreClearErrorsNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.npy");
        UncheckedIOException gone = assertThrows(UncheckedIOException.class, () -> np.load(missing.toString()));
        assertEquals("np.load('" + missing + "'): no such file", gone.getMessage());

        Path text = file("text.npy", "hello, world".getBytes(StandardCharsets.US_ASCII));
        assertTrue(loadError(text).contains("'): not a .npy file: it does not start with NumPy's magic"), loadError(text));

        byte[] good = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 4), }", doubles(ByteOrder.LITTLE_ENDIAN, new double[16]));
        Path cut = file("cut.npy", java.util.Arrays.copyOf(good, good.length - 40));
        assertEquals("np.load('" + cut + "'): the file is truncated: a float64 array of shape (4, 4) needs 128 bytes of data after its "
                + "128-byte header, and the file has 88", loadError(cut));
        Path cutHeader = file("cuthead.npy", java.util.Arrays.copyOf(good, 50));
        assertTrue(loadError(cutHeader).contains("the file is truncated: it ends inside its header (50 bytes"), loadError(cutHeader));

        Path dates = file("m8.npy", npy("{'descr': '<M8[D]', 'fortran_order': False, 'shape': (2,), }", new byte[16]));
        assertEquals("np.load('" + dates + "'): the file holds dates or times ('<M8[D]'), which legate.numpy does not have yet (it has "
                + "float64, float32, int64, int32, bool, float16, int16, int8, uint64, uint32, uint16, uint8, complex64, complex128)",
                loadError(dates));
        Path complex = file("c8.npy", npy("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", new byte[15]));
        assertEquals("np.load('" + complex + "'): the file is truncated: a complex64 array of shape (2,) needs 16 bytes of data after "
                + "its 128-byte header, and the file has 15", loadError(complex));
        Path structured = file("s.npy", npy("{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[12]));
        assertTrue(loadError(structured).contains("a structured dtype"), loadError(structured));
        Path npz = file("a.npz", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertTrue(loadError(npz).contains("a zip archive (an .npz of np.savez?)"), loadError(npz));
        Path garbled = file("g2.npy", npy("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }", new byte[8]));
        assertTrue(loadError(garbled).contains("the .npy header cannot be read"), loadError(garbled));
        Path negative = file("n.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", new byte[8]));
        assertTrue(loadError(negative).contains("has -1, not a size"), loadError(negative));
        byte[] v9 = good.clone();
        v9[6] = 9;
        assertTrue(loadError(file("v9.npy", v9)).contains(".npy format version 9.0 is not one legate.numpy reads"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> np.load(cut.toString()));
        assertTrue(e.getMessage().startsWith("np.load("), e.getMessage());
    }

    @Test
    void aFileRank0CannotMakeFailsOnEveryRank() {
        Path missing = dir.resolve("nowhere/x.npy");
        List<String> errors = LocalRanks.run(2, 1, 16, r -> {
            try {
                np.save(missing.toString(), np.arange(100));
                return "saved";
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        });
        assertTrue(errors.get(0).equals("UncheckedIOException: np.save('" + missing + "'): no such directory (on rank 0)"),
                errors.get(0));
        assertEquals("IllegalStateException: np.save('" + missing + "') failed on rank 0; see the error it gave", errors.get(1));
    }
}
