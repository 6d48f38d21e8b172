package legate.magics;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import legate.runtime.config.LegateConfig;

/** What a magic can reach: the cell's output, this rank's Java session, the configuration. */
public interface MagicContext {
    /** Text on the cell's stdout. */
    void print(String text);

    /** Text on the cell's stderr. */
    void printError(String text);

    /** Rich output: MIME type to data, e.g. {@code text/html}. */
    void display(Map<String, Object> mimeBundle);

    /** Text for the pager (what {@code name?} shows). */
    void page(String text);

    JavaSession java();

    MagicRegistry registry();

    /** The kernelspec name this kernel was installed as. */
    String kernelName();

    LegateConfig config();

    /** The ranks running this session, rank 0 first. */
    List<RankInfo> ranks();

    /** This rank's number: magics of scope {@code RANK_ZERO} run only where it is 0. */
    int rank();

    /** Environment for commands magics start ({@code %env} changes it; a JVM cannot change its own). */
    Map<String, String> environment();

    /** The folder relative paths in magics resolve against. */
    Path workingDirectory();

    /**
     * The magic about to run ({@link Pipeline} says, and says {@code null} after it): Java that a
     * magic of scope {@code RANK_ZERO} evaluates runs on rank 0 alone, not on every rank.
     */
    default void running(Magic magic) {
    }
}
