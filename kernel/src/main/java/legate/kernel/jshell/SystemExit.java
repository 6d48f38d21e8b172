package legate.kernel.jshell;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code System.exit(status)} (or {@code Runtime.exit}/{@code halt}) in cell code throws
 * instead of ending the JVM, which is the kernel: as in IPython, where {@code sys.exit()} raises
 * {@code SystemExit} and the kernel goes on. The {@code legate} script driver ends with the status.
 */
public final class SystemExit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The error name a cell reports. */
    public static final String ENAME = "SystemExit";
    private static final Pattern STATUS = Pattern.compile("^(?:System|Runtime)\\.(?:exit|halt)\\((-?\\d+)\\)");

    SystemExit(String call, int status) {
        super(call + "(" + status + ") was called: the kernel stays up, with everything defined so far"
                + " (restart the kernel to start over)");
    }

    /** The status in a message this class wrote, or null when {@code message} is not one. */
    public static Integer statusIn(String message) {
        Matcher m = message == null ? null : STATUS.matcher(message);
        return m != null && m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
