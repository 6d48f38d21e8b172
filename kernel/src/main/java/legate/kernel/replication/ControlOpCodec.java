package legate.kernel.replication;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import legate.kernel.jshell.ControlOp;
import static legate.runtime.cluster.CellOutcome.readString;
import static legate.runtime.cluster.CellOutcome.writeString;

/**
 * The bytes of a {@link ControlOp} on the data plane: a kind byte, then its fields (strings as
 * UTF-8 with their length, class bytes with theirs). Plain, like the cell outcomes: this is on
 * every snippet's path.
 */
final class ControlOpCodec {
    private static final byte BEGIN = 1;
    private static final byte LOAD = 2;
    private static final byte EXECUTE = 3;
    private static final byte ORIGIN = 4;
    private static final byte END = 5;
    private static final byte OVER = 6;

    private ControlOpCodec() {
    }

    static byte[] encode(ControlOp op) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(op instanceof ControlOp.Load ? 4096 : 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (op instanceof ControlOp.Begin b) {
                out.writeByte(BEGIN);
                writeString(out, b.kind());
            } else if (op instanceof ControlOp.Load l) {
                out.writeByte(LOAD);
                out.writeInt(l.classes().size());
                for (ControlOp.NamedClass c : l.classes()) {
                    writeString(out, c.name());
                    out.writeInt(c.bytes().length);
                    out.write(c.bytes());
                }
            } else if (op instanceof ControlOp.Execute e) {
                out.writeByte(EXECUTE);
                out.writeBoolean(e.varValue());
                writeString(out, e.className());
                writeString(out, e.member());
                out.writeBoolean(e.valueUnused());
            } else if (op instanceof ControlOp.Origin o) {
                out.writeByte(ORIGIN);
                writeString(out, o.snippetId());
                writeString(out, o.cell());
                out.writeInt(o.firstLine());
                writeString(out, o.wrapperClass());
                out.writeInt(o.wrapperLines().length);
                for (int line : o.wrapperLines()) {
                    out.writeInt(line);
                }
            } else if (op instanceof ControlOp.End e) {
                out.writeByte(END);
                out.writeBoolean(e.failed());
                out.writeBoolean(e.ranHere());
                writeString(out, e.ename());
                writeString(out, e.evalue());
                out.writeInt(e.traceback().size());
                for (String line : e.traceback()) {
                    writeString(out, line);
                }
            } else {
                out.writeByte(OVER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return bytes.toByteArray();
    }

    static ControlOp decode(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            byte kind = in.readByte();
            return switch (kind) {
                case BEGIN -> new ControlOp.Begin(readString(in));
                case LOAD -> {
                    int n = count(in, b);
                    List<ControlOp.NamedClass> classes = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        String name = readString(in);
                        classes.add(new ControlOp.NamedClass(name, in.readNBytes(count(in, b))));
                    }
                    yield new ControlOp.Load(classes);
                }
                case EXECUTE -> new ControlOp.Execute(in.readBoolean(), readString(in), readString(in), in.readBoolean());
                case ORIGIN -> {
                    String id = readString(in);
                    String cell = readString(in);
                    int firstLine = in.readInt();
                    String wrapper = readString(in);
                    int[] lines = new int[count(in, b)];
                    for (int i = 0; i < lines.length; i++) {
                        lines[i] = in.readInt();
                    }
                    yield new ControlOp.Origin(id, cell, firstLine, wrapper, lines);
                }
                case END -> {
                    boolean failed = in.readBoolean();
                    boolean ranHere = in.readBoolean();
                    String ename = readString(in);
                    String evalue = readString(in);
                    int n = count(in, b);
                    List<String> tb = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        tb.add(readString(in));
                    }
                    yield new ControlOp.End(failed, ranHere, ename, evalue, tb);
                }
                case OVER -> new ControlOp.Over();
                default -> throw new IOException("unknown operation " + kind);
            };
        } catch (IOException e) {
            throw new IllegalStateException("could not decode a control operation from rank 0 (" + b.length + " bytes): " + e.getMessage(), e);
        }
    }

    private static int count(DataInputStream in, byte[] whole) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > whole.length) {
            throw new IOException("a count of " + n + " in " + whole.length + " bytes");
        }
        return n;
    }
}
