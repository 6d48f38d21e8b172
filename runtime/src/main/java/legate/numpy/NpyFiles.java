package legate.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import legate.runtime.store.Buffer;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;

/**
 * NumPy's {@code .npy} files (format versions 1.0, 2.0 and 3.0): {@link np#save} and
 * {@link np#load}. Sharded: on many ranks each rank reads and writes only the rows it holds (a
 * file every rank sees, as Legate's sharded I/O needs), and nothing is gathered on one rank. The
 * ranks agree on the outcome: a file one rank cannot read fails on every rank, naming the rank.
 */
final class NpyFiles {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Header lengths NumPy itself refuses to read without being told to trust the file. */
    private static final int MAX_HEADER = 1 << 20;
    /** Elements per read or write of a contiguous stretch. */
    private static final int CHUNK = 1 << 20;
    /** Bytes a rank reads at once from a Fortran-order file (several short columns in one read). */
    private static final int SPAN = 8 << 20;

    private NpyFiles() {
    }

    /** What a {@code .npy} header says. */
    record Header(DType type, ByteOrder order, boolean fortran, int[] shape, long dataOffset) {
        long dataBytes() {
            return Store.sizeOf(shape) * type.itemSize();
        }
    }

    // ---- np.load ----

    static NDArray load(ArrayRuntime rt, String file) {
        String op = "np.load('" + file + "')";
        Path p = Path.of(file);
        Header h = null;
        String failed = null;
        boolean io = true;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            h = readHeader(ch, op);
        } catch (NoSuchFileException e) {
            failed = op + ": no such file" + FileAgreement.onWhichHost(rt);
        } catch (IOException e) {
            failed = op + ": " + FileAgreement.describe(e) + FileAgreement.onWhichHost(rt);
        } catch (NpyFormatException e) {
            failed = e.getMessage();
            io = false;
        }
        // every rank has read the same header before any makes the store: the ranks' stores stay in step
        FileAgreement.agree(rt, op, failed, io, h == null ? 0 : fingerprint(h));
        if (h.type().isComplex()) {
            return loadComplex(rt, p, h, op);
        }
        return readStore(rt, p, h, op);
    }

    /**
     * A complex file read as its parts' type with an axis of 2 (last in C order, first in
     * Fortran order: the same bytes), then the real and imaginary parts copied out of it.
     */
    private static NDArray loadComplex(ArrayRuntime rt, Path p, Header h, String op) {
        int n = h.shape().length;
        int[] pairs = new int[n + 1];
        System.arraycopy(h.shape(), 0, pairs, h.fortran() ? 1 : 0, n);
        pairs[h.fortran() ? 0 : n] = 2;
        NDArray both = readStore(rt, p, new Header(h.type().component(), h.order(), h.fortran(), pairs, h.dataOffset()), op);
        String re = h.fortran() ? "0" : "..., 0";
        String im = h.fortran() ? "1" : "..., 1";
        return new NDArray(h.type(), both.get(re).copy(), both.get(im).copy());
    }

    private static NDArray readStore(ArrayRuntime rt, Path p, Header h, String op) {
        String failed = null;
        Store s = rt.newStore(h.type().elementType(), h.shape(), op);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            readOwnRows(ch, h, s);
        } catch (IOException e) {
            failed = op + ": could not read this rank's rows: " + FileAgreement.describe(e) + FileAgreement.onWhichHost(rt);
        }
        FileAgreement.agree(rt, op, failed, true, 0);
        return new NDArray(rt, View.of(s));
    }

    /** A number that differs, almost surely, between headers of different arrays: the ranks compare theirs. */
    private static double fingerprint(Header h) {
        return (java.util.Arrays.hashCode(h.shape()) * 31 + h.type().ordinal()) * 2 + (h.fortran() ? 1 : 0);
    }

    /** The header, checked against the file's length; a clear error when the file is not a .npy file legate.numpy can read. */
    static Header readHeader(FileChannel ch, String op) throws IOException {
        long length = ch.size();
        ByteBuffer start = read(ch, 0, (int) Math.min(12, length));
        if (start.remaining() >= 4 && start.get(0) == 'P' && start.get(1) == 'K' && start.get(2) == 3 && start.get(3) == 4) {
            throw new NpyFormatException(op + ": the file is a zip archive (an .npz of np.savez?), not a .npy file; "
                    + "legate.numpy reads .npy files (np.save)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= start.remaining() || start.get(i) != MAGIC[i]) {
                throw new NpyFormatException(op + ": not a .npy file: it does not start with NumPy's magic bytes \\x93NUMPY"
                        + (length < MAGIC.length ? " (it has only " + length + " bytes)" : ""));
            }
        }
        if (start.remaining() < 10) {
            throw new NpyFormatException(op + ": the file is truncated: it ends inside the .npy preamble (" + length + " bytes)");
        }
        int major = start.get(6) & 0xff;
        int minor = start.get(7) & 0xff;
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = start.order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (start.remaining() < 12) {
                throw new NpyFormatException(op + ": the file is truncated: it ends inside the .npy preamble (" + length + " bytes)");
            }
            headerLength = start.order(ByteOrder.LITTLE_ENDIAN).getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new NpyFormatException(op + ": .npy format version " + major + "." + minor
                    + " is not one legate.numpy reads (1.0, 2.0 and 3.0 are)");
        }
        if (headerLength > MAX_HEADER) {
            throw new NpyFormatException(op + ": the header says it is " + headerLength + " bytes long; a .npy header this long "
                    + "(over " + MAX_HEADER + ") is not an array legate.numpy reads");
        }
        if (headerStart + headerLength > length) {
            throw new NpyFormatException(op + ": the file is truncated: it ends inside its header (" + length + " bytes, the header "
                    + "needs " + (headerStart + headerLength) + ")");
        }
        ByteBuffer text = read(ch, headerStart, (int) headerLength);
        byte[] bytes = new byte[text.remaining()];
        text.get(bytes);
        String dict = new String(bytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(dict, headerStart + headerLength, op);
        long needed = h.dataOffset() + h.dataBytes();
        if (length < needed) {
            throw new NpyFormatException(op + ": the file is truncated: " + describe(h) + " needs " + h.dataBytes()
                    + " bytes of data after its " + h.dataOffset() + "-byte header, and the file has " + (length - h.dataOffset()));
        }
        return h;
    }

    /** The header's dictionary ({@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}), read. */
    static Header parseHeader(String dict, long dataOffset, String op) {
        Map<String, Object> entries;
        try {
            Object parsed = new PyLiteral(dict.strip()).value();
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("it is not a dictionary");
            }
            entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entries.put(String.valueOf(e.getKey()), e.getValue());
            }
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(op + ": the .npy header cannot be read (" + e.getMessage() + "): " + abbreviate(dict));
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!entries.containsKey(key)) {
                throw new NpyFormatException(op + ": the .npy header has no '" + key + "': " + abbreviate(dict));
            }
        }
        Object descr = entries.get("descr");
        if (!(descr instanceof String d)) {
            throw new NpyFormatException(op + ": the file holds a structured dtype (" + abbreviate(String.valueOf(descr))
                    + "), which legate.numpy does not have");
        }
        if (!(entries.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException(op + ": the header's 'fortran_order' is " + entries.get("fortran_order") + ", not True or False");
        }
        if (!(entries.get("shape") instanceof List<?> dims)) {
            throw new NpyFormatException(op + ": the header's 'shape' is " + entries.get("shape") + ", not a tuple of sizes");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long n) || n < 0) {
                throw new NpyFormatException(op + ": the header's 'shape' " + entries.get("shape") + " has " + dims.get(i)
                        + ", not a size");
            }
            if (n > Integer.MAX_VALUE) {
                throw new NpyFormatException(op + ": an axis of " + n + " elements is longer than legate.numpy's arrays can be (2^31 - 1)");
            }
            shape[i] = (int) (long) n;
        }
        DType type = dtype(d, op);
        return new Header(type, byteOrder(d), fortran, shape, dataOffset);
    }

    /** legate.numpy's dtype for NumPy's type string ({@code <f8}, {@code |b1}, ...). */
    private static DType dtype(String descr, String op) {
        String code = descr.isEmpty() || "<>|=".indexOf(descr.charAt(0)) < 0 ? descr : descr.substring(1);
        DType t = switch (code) {
            case "f8" -> DType.FLOAT64;
            case "f4" -> DType.FLOAT32;
            case "i8" -> DType.INT64;
            case "i4" -> DType.INT32;
            case "b1", "?" -> DType.BOOL;
            case "f2" -> DType.FLOAT16;
            case "i2" -> DType.INT16;
            case "i1" -> DType.INT8;
            case "u8" -> DType.UINT64;
            case "u4" -> DType.UINT32;
            case "u2" -> DType.UINT16;
            case "u1" -> DType.UINT8;
            case "c8" -> DType.COMPLEX64;
            case "c16" -> DType.COMPLEX128;
            default -> null;
        };
        if (t == null) {
            throw new NpyFormatException(op + ": the file holds " + numpyName(code) + " ('" + descr + "'), which legate.numpy does not "
                    + "have yet (it has " + java.util.Arrays.toString(DType.values()).replaceAll("[\\[\\]]", "") + ")");
        }
        return t;
    }

    private static String numpyName(String code) {
        return switch (code) {
            case "i1" -> "int8";
            case "i2" -> "int16";
            case "u1" -> "uint8";
            case "u2" -> "uint16";
            case "u4" -> "uint32";
            case "u8" -> "uint64";
            case "f2" -> "float16";
            case "c8" -> "complex64";
            case "c16" -> "complex128";
            default -> code.startsWith("U") || code.startsWith("S") ? "strings" : code.startsWith("O") ? "Python objects"
                    : code.startsWith("M") || code.startsWith("m") ? "dates or times" : "the type";
        };
    }

    private static ByteOrder byteOrder(String descr) {
        return descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : descr.startsWith("<") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder();
    }

    /** This rank's rows of the file into the store's part (its host array: the store was just made). */
    private static void readOwnRows(FileChannel ch, Header h, Store s) throws IOException {
        Buffer out = s.local();
        out.array(); // made now if the backend makes it lazily
        int lo = s.ownLo();
        int hi = s.ownHi();
        int rowLength = s.rowLength();
        int item = h.type().itemSize();
        long size = Store.sizeOf(h.shape());
        if (size == 0 || hi <= lo) {
            return;
        }
        if (!h.fortran() || h.shape().length <= 1 || rowLength == 1) {
            long elements = (long) (hi - lo) * rowLength;
            long position = h.dataOffset() + (long) lo * rowLength * item;
            for (long done = 0; done < elements; done += CHUNK) {
                int n = (int) Math.min(CHUNK, elements - done);
                ByteBuffer b = read(ch, position + done * item, n * item).order(h.order());
                out.readFrom(b, (int) done, n);
            }
        } else {
            readFortranRows(ch, h, out, lo, hi, rowLength);
        }
        if (h.type() == DType.BOOL) { // NumPy writes 0 and 1; any other byte is true
            byte[] a = (byte[]) out.array();
            for (int i = 0; i < a.length; i++) {
                a[i] = a[i] != 0 ? (byte) 1 : 0;
            }
            java.lang.ref.Reference.reachabilityFence(out); // its array was written above (BufferPool)
        }
    }

    /**
     * Rows {@code lo .. hi} of a Fortran-order file (the first axis varies fastest): each column
     * (one index of the other axes) holds them as one run; short columns are read several at a
     * time, so a rank may read its neighbours' rows of them too.
     */
    private static void readFortranRows(FileChannel ch, Header h, Buffer out, int lo, int hi, int rowLength) throws IOException {
        int[] shape = h.shape();
        int item = h.type().itemSize();
        long d0 = shape[0];
        int rows = hi - lo;
        int columnsPerRead = (int) Math.max(1, Math.min(rowLength, SPAN / Math.max(1, d0 * item)));
        int[] index = new int[shape.length]; // the column's index over axes 1.., Fortran order
        long[] cStride = new long[shape.length];
        long st = 1;
        for (int a = shape.length - 1; a >= 1; a--) {
            cStride[a] = st;
            st *= shape[a];
        }
        for (int k0 = 0; k0 < rowLength; k0 += columnsPerRead) {
            int k1 = Math.min(rowLength, k0 + columnsPerRead);
            long first = lo + d0 * k0;
            long last = (hi - 1) + d0 * (k1 - 1);
            ByteBuffer span = read(ch, h.dataOffset() + first * item, (int) ((last - first + 1) * item)).order(h.order());
            for (int k = k0; k < k1; k++) {
                long c = 0;
                for (int a = 1; a < shape.length; a++) {
                    c += index[a] * cStride[a];
                }
                for (int i = 0; i < rows; i++) {
                    int at = (int) (((lo + i) + d0 * k - first) * item);
                    int to = (int) ((long) i * rowLength + c);
                    switch (h.type()) {
                        case FLOAT64 -> out.setDouble(to, span.getDouble(at));
                        case FLOAT32 -> out.setDouble(to, span.getFloat(at));
                        case INT64 -> out.setLong(to, span.getLong(at));
                        case INT32 -> out.setLong(to, span.getInt(at));
                        case BOOL -> out.setLong(to, span.get(at) != 0 ? 1 : 0);
                        case FLOAT16 -> out.setDouble(to, Buffer.halfToDouble(span.getShort(at)));
                        case INT16 -> out.setLong(to, span.getShort(at));
                        case INT8 -> out.setLong(to, span.get(at));
                        case UINT64 -> out.setLong(to, span.getLong(at));
                        case UINT32 -> out.setLong(to, span.getInt(at) & 0xffffffffL);
                        case UINT16 -> out.setLong(to, span.getShort(at) & 0xffff);
                        case UINT8 -> out.setLong(to, span.get(at) & 0xff);
                    }
                }
                for (int a = 1; a < shape.length && ++index[a] == shape[a]; a++) {
                    index[a] = 0;
                }
            }
        }
    }

    /** {@code n} bytes at {@code position}, or fewer where the file ends. */
    private static ByteBuffer read(FileChannel ch, long position, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            int got = ch.read(b, position + b.position());
            if (got < 0) {
                break;
            }
        }
        return b.flip();
    }

    // ---- np.save ----

    static void save(ArrayRuntime rt, String path, NDArray x) {
        String file = path.endsWith(".npy") ? path : path + ".npy"; // as NumPy names it
        String op = "np.save('" + file + "')";
        if (x.dtype().isComplex()) {
            // the parts side by side on a last axis of 2: the bytes of the complex array, C order
            NDArray both = np.stack(new NDArray[] {x.real(), x.imag()}, -1);
            write(rt, file, op, both.view(), header(x.dtype(), x.shape()));
            return;
        }
        View v = x.view();
        write(rt, file, op, v, header(DType.of(v.store().type()), v.shape()));
    }

    /** The elements of v (a copy of it when it is not a whole store) after {@code header}: rank 0 makes the file, each rank writes its rows. */
    private static void write(ArrayRuntime rt, String file, String op, View view, byte[] header) {
        View v = view.isWholeStore() ? view : new NDArray(rt, view).copy().view();
        Store s = v.store();
        Path p = Path.of(file);
        String failed = null;
        if (rt.rank() == 0) { // rank 0 makes the file; every rank then writes the rows it holds
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                write(ch, ByteBuffer.wrap(header), 0);
                if (s.isReplicated()) {
                    writeRows(ch, s, header.length, 0, s.rows());
                }
            } catch (IOException e) {
                failed = op + ": " + (e instanceof NoSuchFileException ? "no such directory" : FileAgreement.describe(e));
            }
        }
        FileAgreement.agree(rt, op, failed, true, 0);
        if (!s.isReplicated()) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                writeRows(ch, s, header.length, s.ownLo(), s.ownHi());
            } catch (IOException e) {
                failed = op + ": could not write this rank's rows: " + FileAgreement.describe(e) + FileAgreement.onWhichHost(rt);
            }
            FileAgreement.agree(rt, op, failed, true, 0);
        }
    }

    /** The store's rows {@code lo .. hi} (this rank's) at their place after a header of {@code offset} bytes, little-endian. */
    private static void writeRows(FileChannel ch, Store s, long offset, int lo, int hi) throws IOException {
        Buffer local = s.local().forHostRead();
        int item = s.type().itemSize();
        long elements = (long) (hi - lo) * s.rowLength();
        int first = (lo - s.ownLo()) * s.rowLength();
        long position = offset + (long) lo * s.rowLength() * item;
        for (long done = 0; done < elements; done += CHUNK) {
            int n = (int) Math.min(CHUNK, elements - done);
            ByteBuffer b = ByteBuffer.allocate(n * item).order(ByteOrder.LITTLE_ENDIAN);
            local.writeTo(b, first + (int) done, n);
            write(ch, b.rewind(), position + done * item); // (bool's bulk put moves the position; the typed views do not)
        }
    }

    private static void write(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b, position + b.position());
        }
    }

    /**
     * NumPy's header for a C-order array of {@code type} and {@code shape}: version 1.0 (2.0 when
     * the header needs more than 65,535 bytes), padded with spaces to a multiple of 64 bytes.
     */
    static byte[] header(DType type, int[] shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(i > 0 ? ", " : "").append(shape[i]);
        }
        dims.append(shape.length == 1 ? ",)" : ")");
        String descr = switch (type) {
            case FLOAT64 -> "<f8";
            case FLOAT32 -> "<f4";
            case INT64 -> "<i8";
            case INT32 -> "<i4";
            case BOOL -> "|b1";
            case FLOAT16 -> "<f2";
            case INT16 -> "<i2";
            case INT8 -> "|i1";
            case UINT64 -> "<u8";
            case UINT32 -> "<u4";
            case UINT16 -> "<u2";
            case UINT8 -> "|u1";
            case COMPLEX64 -> "<c8";
            case COMPLEX128 -> "<c16";
        };
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        for (int version = 1; ; version++) {
            int preamble = version == 1 ? 10 : 12;
            int total = preamble + dict.length() + 1;
            int padded = (total + 63) / 64 * 64;
            int headerLength = padded - preamble;
            if (version == 1 && headerLength > 0xffff) {
                continue;
            }
            ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).put((byte) version).put((byte) 0);
            if (version == 1) {
                b.putShort((short) headerLength);
            } else {
                b.putInt(headerLength);
            }
            b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
            while (b.position() < padded - 1) {
                b.put((byte) ' ');
            }
            b.put((byte) '\n');
            return b.array();
        }
    }

    private static String describe(Header h) {
        StringBuilder b = new StringBuilder("a " + h.type() + " array of shape (");
        for (int i = 0; i < h.shape().length; i++) {
            b.append(i > 0 ? ", " : "").append(h.shape()[i]);
        }
        return b.append(h.shape().length == 1 ? ",)" : ")").toString();
    }

    private static String abbreviate(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    /** A file that is not a .npy file legate.numpy can read. */
    static final class NpyFormatException extends IllegalArgumentException {
        NpyFormatException(String message) {
            super(message);
        }
    }

    /**
     * The Python literals a .npy header uses: a dictionary of strings, booleans, integers, tuples
     * and lists (a structured dtype's descr). Integers may carry Python 2's {@code L}.
     */
    static final class PyLiteral {
        private final String s;
        private int i;

        PyLiteral(String s) {
            this.s = s;
        }

        Object value() {
            Object v = parse();
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "' at " + i);
            }
            return v;
        }

        private Object parse() {
            skip();
            if (i >= s.length()) {
                throw new IllegalArgumentException("it ends early");
            }
            char c = s.charAt(i);
            if (c == '{') {
                Map<Object, Object> m = new LinkedHashMap<>();
                i++;
                while (true) {
                    skip();
                    if (peek('}')) {
                        i++;
                        return m;
                    }
                    Object key = parse();
                    skip();
                    expect(':');
                    m.put(key, parse());
                    skip();
                    if (peek(',')) {
                        i++;
                    } else if (!peek('}')) {
                        throw new IllegalArgumentException("expected ',' or '}' at " + i);
                    }
                }
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                List<Object> items = new ArrayList<>();
                i++;
                while (true) {
                    skip();
                    if (peek(close)) {
                        i++;
                        return items;
                    }
                    items.add(parse());
                    skip();
                    if (peek(',')) {
                        i++;
                    } else if (!peek(close)) {
                        throw new IllegalArgumentException("expected ',' or '" + close + "' at " + i);
                    }
                }
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a string that does not end");
                }
                String v = s.substring(i + 1, end);
                i = end + 1;
                return v;
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            int start = i;
            if (c == '-' || c == '+') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || (i == start + 1 && !Character.isDigit(c))) {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + start);
            }
            String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                i++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the number " + digits + " is too large");
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peek(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }
    }
}
