package legate.numpy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import legate.runtime.comm.Collectives;
import legate.runtime.task.ArrayRuntime;

/**
 * How the ranks end a file operation together: each rank says whether its part failed and what
 * it read, in one exchange (which also keeps them in step); then all go on, or all throw. A rank
 * that failed throws its own error; the others throw one naming the ranks that failed.
 */
final class FileAgreement {
    private FileAgreement() {
    }

    /**
     * @param mine what failed on this rank (null: nothing)
     * @param io   whether that is an I/O error (thrown as {@link UncheckedIOException}) or a file that is not what it should be
     * @param seen a number that differs, almost surely, when two ranks read different contents (0 when nothing was read)
     */
    static void agree(ArrayRuntime rt, String op, String mine, boolean io, double seen) {
        List<Integer> failedRanks = new ArrayList<>();
        boolean differ = false;
        if (rt.size() == 1) {
            if (mine != null) {
                failedRanks.add(0);
            }
        } else {
            double[][] all;
            try {
                all = Collectives.allgather(rt.comm(), new double[] {mine == null ? 0 : 1, seen});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(op + ": interrupted while the ranks compared their outcomes", e);
            }
            for (int r = 0; r < all.length; r++) {
                if (all[r][0] != 0) {
                    failedRanks.add(r);
                }
                differ |= all[r][1] != all[0][1];
            }
        }
        if (failedRanks.isEmpty()) {
            if (differ) {
                throw new IllegalStateException(op + ": the ranks read different contents at this path (is it a file every rank "
                        + "sees, the same on every host?)");
            }
            return;
        }
        if (mine != null) {
            String message = mine + (rt.size() > 1 && failedRanks.size() < rt.size() ? " (on rank " + rt.rank() + ")" : "");
            throw io ? new UncheckedIOException(message, new IOException(message)) : new IllegalArgumentException(message);
        }
        throw new IllegalStateException(op + " failed on rank" + (failedRanks.size() == 1 ? " " : "s ")
                + failedRanks.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "; see the error"
                + (failedRanks.size() == 1 ? " it gave" : "s they gave"));
    }

    /** An I/O error as a user reads it: what is missing or refused, without Java's exception names. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** " on host H" when there are several ranks (they may be on several hosts), else nothing. */
    static String onWhichHost(ArrayRuntime rt) {
        return rt.size() > 1 ? " on host " + legate.runtime.launch.HostAddresses.hostName() : "";
    }
}
