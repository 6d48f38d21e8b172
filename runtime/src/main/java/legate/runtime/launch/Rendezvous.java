package legate.runtime.launch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the ranks of one session find rank 0 and prove they belong to it, with no file system
 * shared between their hosts: whatever starts the ranks (the kernel's {@code legate-launch}
 * wrapper, the {@code legate} driver, or rank 0 itself for ranks on its machine) puts a fresh
 * random session key and rank 0's host in their environment. Rank 0 listens on that host, on a
 * port derived from the key (the first free of {@link #PORTS}); every other rank joins it there.
 * The key itself never travels over the network: the control plane's cluster name and the data
 * plane's credentials are derived from it ({@link #clusterName}, {@link #dataPlaneProof}).
 *
 * @param key       the session key (32 random bytes)
 * @param rank0Host rank 0's host: a name or an address, as the other hosts reach it
 * @param port      the first port rank 0 tries
 */
public record Rendezvous(byte[] key, String rank0Host, int port) {
    /** The session key, hex. */
    public static final String KEY_ENV = "LEGATE_SESSION_KEY";
    /** Rank 0's host, as the launching host names itself ({@code hostname}), or 127.0.0.1 on one machine. */
    public static final String HOST_ENV = "LEGATE_LAUNCH_HOST";
    /** Rank 0's first port, when not derived from the key (ranks started on one machine, where it is known free). */
    public static final String PORT_ENV = "LEGATE_LAUNCH_PORT";
    /** How many ports from {@link #port} rank 0 tries, and the others look at. */
    public static final int PORTS = 16;
    /** Derived ports lie below Linux's ephemeral range (32768 and up), where outgoing connections take theirs. */
    private static final int FIRST_PORT = 20000;
    private static final int PORT_SPAN = 12000;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Rendezvous {
        if (key.length < 16) {
            throw new IllegalArgumentException("a session key has at least 16 bytes; got " + key.length);
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** A new session whose rank 0 runs on {@code rank0Host}: a fresh random key, the port derived from it. */
    public static Rendezvous create(String rank0Host) {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return new Rendezvous(k, rank0Host, derivedPort(k));
    }

    /** The same session with rank 0 on a port known to be free (ranks on one machine). */
    public Rendezvous onPort(int p) {
        return new Rendezvous(key, rank0Host, p);
    }

    /**
     * The session this process was started for, from its environment; empty when it names none.
     *
     * @throws IllegalArgumentException the variables are there but malformed (the message says which and how)
     */
    public static Optional<Rendezvous> fromEnv(Map<String, String> env) {
        String hex = env.get(KEY_ENV);
        if (hex == null || hex.isBlank()) {
            return Optional.empty();
        }
        byte[] k;
        try {
            k = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY_ENV + " must be hex digits (the session key its launch made); got "
                    + hex.strip().length() + " characters that are not");
        }
        if (k.length < 16) {
            throw new IllegalArgumentException(KEY_ENV + " must hold at least 16 bytes (32 hex digits); got " + k.length);
        }
        String host = env.getOrDefault(HOST_ENV, "").strip();
        if (host.isEmpty()) {
            throw new IllegalArgumentException(KEY_ENV + " is set but " + HOST_ENV + " (rank 0's host) is not");
        }
        String p = env.get(PORT_ENV);
        int port = derivedPort(k);
        if (p != null && !p.isBlank()) {
            try {
                port = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535 - PORTS) {
                throw new IllegalArgumentException(PORT_ENV + " must be a port from 1 to " + (65535 - PORTS) + "; got " + p.strip());
            }
        }
        return Optional.of(new Rendezvous(k, host, port));
    }

    /** The variables that carry this session to the ranks. */
    public Map<String, String> env() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put(KEY_ENV, HexFormat.of().formatHex(key));
        e.put(HOST_ENV, rank0Host);
        if (port != derivedPort(key)) {
            e.put(PORT_ENV, Integer.toString(port));
        }
        return e;
    }

    /** Whether every rank runs on one machine (rank 0's host is loopback). */
    public boolean local() {
        return rank0Host.equals("localhost") || rank0Host.startsWith("127.") || rank0Host.equals("::1");
    }

    /** The control plane's cluster name: a member whose name differs (another session's) is refused. */
    public String clusterName() {
        return "legate-" + HexFormat.of().formatHex(mac("hazelcast cluster name"), 0, 16);
    }

    /**
     * A data-plane handshake's proof between ranks {@code from} (connecting) and {@code to}
     * (accepting): an HMAC of the session key over the step, the pair of ranks and both sides'
     * fresh challenges, so it proves the key without revealing it and is good for one connection
     * only (replaying one seen on the wire fails).
     *
     * @param step "accept" when rank {@code to} proves itself, "connect" when rank {@code from} does
     */
    public byte[] dataPlaneProof(String step, int from, int to, byte[] challenge, byte[] answerTo) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            m.update(("data plane " + step + " " + from + " -> " + to).getBytes(StandardCharsets.UTF_8));
            m.update(challenge);
            return m.doFinal(answerTo);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private byte[] mac(String purpose) {
        return mac(key, purpose);
    }

    private static byte[] mac(byte[] key, String purpose) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static int derivedPort(byte[] key) {
        byte[] h = mac(key, "port");
        int v = ((h[0] & 0xff) << 8) | (h[1] & 0xff);
        return FIRST_PORT + (v % (PORT_SPAN / PORTS)) * PORTS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rendezvous r && java.util.Arrays.equals(key, r.key) && rank0Host.equals(r.rank0Host) && port == r.port;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(key) * 31 + rank0Host.hashCode() * 17 + port;
    }

    @Override
    public String toString() { // never the key: it is printed in errors and logs
        return "Rendezvous[rank 0 at " + rank0Host + ":" + port + "-" + (port + PORTS - 1) + "]";
    }
}
