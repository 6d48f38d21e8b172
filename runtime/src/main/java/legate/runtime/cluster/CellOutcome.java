package legate.runtime.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** How a cell ended on one rank: ok, or the error it raised there. */
public record CellOutcome(long seq, int rank, boolean ok, String ename, String evalue, List<String> traceback) {
    public CellOutcome {
        traceback = traceback == null ? List.of() : List.copyOf(traceback);
    }

    public static CellOutcome ok(long seq, int rank) {
        return new CellOutcome(seq, rank, true, null, null, List.of());
    }

    /**
     * The bytes a rank sends rank 0 at the end of every cell. A plain layout, not Java
     * serialization: this is on every cell's path, and serialization took a quarter of a
     * millisecond to write and read one.
     */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ok ? 16 : 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(seq);
            out.writeInt(rank);
            out.writeBoolean(ok);
            if (!ok) {
                writeString(out, ename);
                writeString(out, evalue);
                out.writeInt(traceback.size());
                for (String line : traceback) {
                    writeString(out, line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return bytes.toByteArray();
    }

    /** The outcome {@link #encode()} wrote. */
    public static CellOutcome decode(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            long seq = in.readLong();
            int rank = in.readInt();
            if (in.readBoolean()) {
                return ok(seq, rank);
            }
            String ename = readString(in);
            String evalue = readString(in);
            int lines = in.readInt();
            if (lines < 0 || lines > b.length) {
                throw new IOException("a traceback of " + lines + " lines");
            }
            List<String> traceback = new ArrayList<>(lines);
            for (int i = 0; i < lines; i++) {
                traceback.add(readString(in));
            }
            return new CellOutcome(seq, rank, false, ename, evalue, traceback);
        } catch (IOException e) {
            throw new IllegalStateException("could not decode a cell outcome (" + b.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** A string as its UTF-8 length (-1 for null) and bytes: unlike writeUTF, no 64 KB limit. */
    public static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** A string {@link #writeString} wrote; a length beyond what is left is an IOException. */
    public static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.available()) {
            throw new IOException("a string of " + n + " bytes where " + in.available() + " are left");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
