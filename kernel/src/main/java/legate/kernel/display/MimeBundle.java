package legate.kernel.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Representations of one value keyed by MIME type ({@code text/plain}, {@code text/html}, ...),
 * with per-type metadata. A bundle returned by a cell is displayed as it is.
 */
public final class MimeBundle {
    private final Map<String, Object> data;
    private final Map<String, Object> metadata;

    public MimeBundle(Map<String, ?> data, Map<String, ?> metadata) {
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static MimeBundle of(String mimeType, Object value, String plainText) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(mimeType, value);
        d.putIfAbsent("text/plain", plainText);
        return new MimeBundle(d, Map.of());
    }

    public Map<String, Object> data() {
        return data;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    /** A copy with {@code other}'s representations added where this one has none. */
    public MimeBundle plus(MimeBundle other) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        other.data.forEach(d::putIfAbsent);
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        other.metadata.forEach(m::putIfAbsent);
        return new MimeBundle(d, m);
    }

    @Override
    public String toString() {
        Object plain = data.get("text/plain");
        return plain != null ? plain.toString() : "MimeBundle" + data.keySet();
    }
}
