package legate.runtime.cluster;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import legate.runtime.launch.Rendezvous;

/**
 * How two ranks prove to each other, when one connects to the other's data plane, that both hold
 * the session key: a mutual challenge-response, each side answering the other's fresh random
 * challenge with {@link Rendezvous#dataPlaneProof}. The key never travels, and a proof seen on
 * the wire is good for no other connection.
 *
 * <pre>
 * connecting rank (from)                          accepting rank (to)
 *   MAGIC, VERSION, from, to, challenge C   -->
 *                                           <--   challenge A, proof("accept", C, A)
 *   proof("connect", A, C)                  -->
 *                                           <--   ADMITTED
 * </pre>
 *
 * A peer that fails any step is refused before a block of it is read.
 */
final class Handshake {
    static final int MAGIC = 0x4c474450; // "LGDP"
    static final int VERSION = 1;
    static final int CHALLENGE = 32;
    static final int ADMITTED = 0x4f;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {
    }

    /**
     * A connection closed before it sent a byte: someone looking whether the port is open (a port
     * scan, a health check), not a peer that tried to get in. Nothing was refused: not said.
     */
    static final class Looked extends IOException {
        Looked() {
            super("closed before it sent a byte");
        }
    }

    /** A peer that did not prove the session's key, or spoke another protocol; the message says how. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * The connecting side: proves rank {@code from} of {@code session} to rank {@code to}, and
     * checks that the other side is rank {@code to} of the same session.
     *
     * @throws Refused the other side is not rank {@code to} of this session, or refused this one
     */
    static void connect(DataInputStream in, DataOutputStream out, Rendezvous session, int from, int to) throws IOException {
        byte[] mine = challenge();
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(from);
        out.writeInt(to);
        out.write(mine);
        out.flush();
        byte[] theirs = new byte[CHALLENGE];
        byte[] proof = new byte[32];
        try {
            in.readFully(theirs);
            in.readFully(proof);
        } catch (java.io.EOFException e) {
            throw new Refused("it closed the connection: it is not rank " + to + " of this session, or refused this rank");
        }
        if (!MessageDigest.isEqual(proof, session.dataPlaneProof("accept", from, to, mine, theirs))) {
            throw new Refused("it did not prove this session's key: it is not rank " + to + " of this session");
        }
        out.write(session.dataPlaneProof("connect", from, to, theirs, mine));
        out.flush();
        int answer = in.read();
        if (answer != ADMITTED) {
            throw new Refused("it refused this rank's proof");
        }
    }

    /**
     * The accepting side, rank {@code to} of {@code size}: the connecting peer's rank once it has
     * proved it belongs to {@code session}.
     *
     * @throws Refused it did not; the message says what it got wrong
     * @throws Looked  it closed the connection without a byte
     */
    static int accept(DataInputStream in, DataOutputStream out, Rendezvous session, int to, int size) throws IOException {
        int magic;
        int version;
        int from;
        int claimedTo;
        byte[] theirs = new byte[CHALLENGE];
        int first = in.read();
        if (first < 0) {
            throw new Looked();
        }
        try {
            magic = (first << 24) | (in.readUnsignedByte() << 16) | in.readUnsignedShort();
            if (magic != MAGIC) {
                throw new Refused("it does not speak the data plane's protocol");
            }
            version = in.readInt();
            from = in.readInt();
            claimedTo = in.readInt();
            in.readFully(theirs);
        } catch (java.io.EOFException e) {
            throw new Refused("it closed the connection before it said who it is");
        }
        if (version != VERSION) {
            throw new Refused("it speaks version " + version + " of the data plane's protocol, this rank " + VERSION);
        }
        if (claimedTo != to || from < 0 || from >= size || from == to) {
            throw new Refused("it claims to be rank " + from + " connecting to rank " + claimedTo
                    + ", not another of the " + size + " ranks connecting to rank " + to);
        }
        byte[] mine = challenge();
        out.write(mine);
        out.write(session.dataPlaneProof("accept", from, to, theirs, mine));
        out.flush();
        byte[] proof = new byte[32];
        try {
            in.readFully(proof);
        } catch (java.io.EOFException e) {
            throw new Refused("it closed the connection instead of proving the session's key");
        }
        if (!MessageDigest.isEqual(proof, session.dataPlaneProof("connect", from, to, mine, theirs))) {
            throw new Refused("it did not prove this session's key");
        }
        out.write(ADMITTED);
        out.flush();
        return from;
    }

    private static byte[] challenge() {
        byte[] b = new byte[CHALLENGE];
        RANDOM.nextBytes(b);
        return b;
    }
}
