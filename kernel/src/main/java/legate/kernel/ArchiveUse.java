package legate.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether this kernel's JVM started from the class-data archive (or AOT cache) its kernel.json
 * names. The JVM refuses one made for other jars (a distribution rebuilt or moved since the
 * install) or another java, and kernel.json turns its own cryptic line about it off: the kernel
 * says it once in its log (Jupyter's terminal), with the command that makes a fitting one.
 */
final class ArchiveUse {
    private ArchiveUse() {
    }

    private static final List<String> OPTIONS = List.of("-XX:SharedArchiveFile=", "-XX:AOTCache=");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

    /**
     * What to say when the JVM was told to start from an archive ({@code jvmOptions}) that it has
     * not mapped ({@code maps}, as /proc/self/maps lists the files mapped); empty when it has, or
     * when none was named.
     *
     * @param installedWith the options kernel.json was installed with ({@code metadata.legate.argv})
     */
    static Optional<String> unused(List<String> jvmOptions, String maps, List<String> installedWith) {
        String archive = null;
        for (String o : jvmOptions) {
            for (String prefix : OPTIONS) {
                if (o.startsWith(prefix)) {
                    archive = o.substring(prefix.length()); // the last one counts, as for the JVM
                }
            }
        }
        if (archive == null || maps.contains(archive) || maps.contains(realPath(archive))) {
            return Optional.empty();
        }
        StringBuilder command = new StringBuilder("legate-jupyter --force");
        for (String a : installedWith) {
            if (a.equals("--force")) {
                continue; // given once above: twice, the installer refuses it
            }
            command.append(' ').append(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        String why = Files.isReadable(Path.of(archive)) ? "it was made for other jars or another java (the distribution was rebuilt "
                + "or moved, or the JDK updated, since the install)" : "it is missing";
        return Optional.of("legate kernel: this kernel starts without its class-data archive " + archive + ": " + why
                + "; kernels start about twice as slowly until it is installed again: " + command);
    }

    /** The file's real path, as /proc/self/maps names it (the path itself when it has none). */
    private static String realPath(String file) {
        try {
            return Path.of(file).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return file;
        }
    }

    /** Says on {@code log} when this JVM did not start from the archive kernel.json names; silent where /proc is not. */
    static void check(List<String> installedWith, PrintStream log) {
        String maps;
        try {
            maps = Files.readString(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            return; // not Linux: nothing to tell by
        }
        unused(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(), maps, installedWith).ifPresent(log::println);
    }
}
