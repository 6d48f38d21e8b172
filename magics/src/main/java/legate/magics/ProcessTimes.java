package legate.magics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process, split into user and system time where the platform tells (Linux
 * /proc), with wall time beside it.
 */
public record ProcessTimes(long userNanos, long systemNanos, long totalNanos, long wallNanos) {
    public static final ProcessTimes ZERO = new ProcessTimes(0, 0, 0, 0);
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    public static ProcessTimes now() {
        long wall = System.nanoTime();
        long total = totalCpu();
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long user = Long.parseLong(f[11]) * TICK_NANOS;
            long sys = Long.parseLong(f[12]) * TICK_NANOS;
            return new ProcessTimes(user, sys, total >= 0 ? total : user + sys, wall);
        } catch (IOException | RuntimeException e) {
            return new ProcessTimes(Math.max(total, 0), 0, Math.max(total, 0), wall);
        }
    }

    private static long totalCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The time between {@code start} and this; the total is exact, the split follows /proc's coarser ticks. */
    public ProcessTimes since(ProcessTimes start) {
        long total = Math.max(0, totalNanos - start.totalNanos);
        long user = Math.max(0, userNanos - start.userNanos);
        long sys = Math.max(0, systemNanos - start.systemNanos);
        long wall = wallNanos - start.wallNanos;
        if (user + sys == 0) {
            return new ProcessTimes(total, 0, total, wall);
        }
        long userShare = Math.round(total * (double) user / (user + sys));
        return new ProcessTimes(userShare, total - userShare, total, wall);
    }

    public ProcessTimes plus(ProcessTimes o) {
        return new ProcessTimes(userNanos + o.userNanos, systemNanos + o.systemNanos, totalNanos + o.totalNanos,
                wallNanos + o.wallNanos);
    }
}
