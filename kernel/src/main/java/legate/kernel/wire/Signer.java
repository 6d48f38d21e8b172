package legate.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over the exact bytes of header, parent header, metadata and content, as
 * lower-case hex. An empty key turns signing off (the signature is the empty string).
 */
public final class Signer {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final SecretKeySpec key;

    public Signer(String key) {
        this.key = key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public boolean enabled() {
        return key != null;
    }

    public String sign(byte[]... parts) {
        if (key == null) {
            return "";
        }
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
        for (byte[] p : parts) {
            mac.update(p);
        }
        byte[] d = mac.doFinal();
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }

    /** Constant-time comparison of a received signature with the one these parts should have. */
    public boolean verify(byte[] signature, byte[]... parts) {
        if (key == null) {
            return true;
        }
        return MessageDigest.isEqual(sign(parts).getBytes(StandardCharsets.US_ASCII), signature);
    }
}
