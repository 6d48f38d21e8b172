package legate.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The magics a kernel knows: those on its classpath as services, and those loaded later. */
public final class MagicRegistry {
    private final Map<String, Magic> line = new TreeMap<>();
    private final Map<String, Magic> cell = new TreeMap<>();

    /** Every {@link Magic} service visible to {@code loader}. */
    public static MagicRegistry discover(ClassLoader loader) {
        MagicRegistry r = new MagicRegistry();
        ServiceLoader.load(Magic.class, loader).forEach(r::register);
        return r;
    }

    public synchronized void register(Magic magic) {
        if (magic.forms().contains(Magic.Form.LINE)) {
            line.put(magic.name(), magic);
        }
        if (magic.forms().contains(Magic.Form.CELL)) {
            cell.put(magic.name(), magic);
        }
    }

    public synchronized Optional<Magic> find(Magic.Form form, String name) {
        return Optional.ofNullable((form == Magic.Form.LINE ? line : cell).get(name));
    }

    /** Names (without prefix) of the magics of one form, sorted. */
    public synchronized List<String> names(Magic.Form form) {
        return new ArrayList<>((form == Magic.Form.LINE ? line : cell).keySet());
    }
}
