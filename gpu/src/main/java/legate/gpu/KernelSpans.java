package legate.gpu;

import java.util.ArrayList;
import java.util.List;
import legate.gpu.device.Device;
import legate.runtime.profile.Profiler;

/**
 * A GPU's lane of a profile ({@code rank R · gpu 0}, {@code gpu 1} for the rank's second): each kernel launch as a span of the time
 * it ran on the device, measured with timing marks on the stream (CUDA events) before and after
 * it, not with the host's clock (launches return before the kernel runs). The marks are read in
 * batches, after a synchronize: when {@link #LIMIT} are waiting and when the profile stops. Each
 * batch's spans are placed on the host's clock by a first mark taken on an idle stream; a span's
 * length is measured between its own two marks.
 *
 * <p>Only while the profiler is on (the backend calls {@link #launched} only then).
 */
final class KernelSpans {
    /** Launches whose marks wait at most before they are read (a synchronize while profiling). */
    static final int LIMIT = 4096;

    private record Pending(Object start, Object end, String name, String detail) {
    }

    private final Device device;
    /** Its lane's name: "gpu 0" for the rank's first GPU. */
    private final String lane;
    private final List<Pending> pending = new ArrayList<>();
    private Object base;
    private long baseHostNanos;
    private boolean unsupported;

    KernelSpans(Device device) {
        this(device, 0);
    }

    /** The spans of the rank's GPU {@code index}, on lane "gpu index". */
    KernelSpans(Device device, int index) {
        this.device = device;
        this.lane = "gpu " + index;
    }

    /** Runs {@code launch} (one kernel launch), between two marks when the profiler is on. */
    void launched(String kernel, long threads, Runnable launch) {
        if (!Profiler.on || unsupported) {
            launch.run();
            return;
        }
        Object start;
        try {
            if (base == null) { // on an idle stream, the first mark is reached at once: now on the host's clock
                device.synchronize();
                baseHostNanos = System.nanoTime();
                base = device.mark();
                if (base == null) {
                    throw new UnsupportedOperationException("the device has no timing marks");
                }
            }
            start = device.mark();
        } catch (RuntimeException e) {
            cannotTime(e);
            launch.run();
            return;
        }
        try {
            launch.run();
        } catch (RuntimeException e) {
            device.release(start);
            throw e;
        }
        Object end;
        try {
            end = device.mark();
        } catch (RuntimeException e) {
            device.release(start);
            cannotTime(e);
            return;
        }
        String op = Profiler.currentName();
        pending.add(new Pending(start, end, op.isEmpty() ? kernel : op, kernel + ", " + threads + " threads"));
        if (pending.size() >= LIMIT) {
            resolve();
        }
    }

    /** A driver without timing: the run goes on, its GPU lane stays empty, and the log says why (once). */
    private void cannotTime(RuntimeException e) {
        if (unsupported) {
            return;
        }
        unsupported = true;
        System.err.println("legate: the profile has no GPU lane: its kernels cannot be timed here (" + e.getMessage() + ")");
    }

    /** The profiler starts or stops: waiting marks become spans, and the next profile takes a new first mark. */
    void profiling(boolean on) {
        if (!on) {
            resolve();
        } else {
            discard();
            unsupported = false;
        }
        if (base != null) {
            device.release(base);
            base = null;
        }
    }

    /** Launches whose marks are not read yet (tests). */
    int waiting() {
        return pending.size();
    }

    private void resolve() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            device.synchronize();
            for (Pending p : pending) { // floats of milliseconds: a start from this batch's base, a length from its own marks
                long s = baseHostNanos + Math.round(device.elapsedMillis(base, p.start()) * 1e6);
                long length = Math.round(device.elapsedMillis(p.start(), p.end()) * 1e6);
                Profiler.span(lane, "task", p.name(), s, s + Math.max(0, length), p.detail());
            }
        } catch (RuntimeException e) {
            cannotTime(e);
        } finally {
            discard();
            if (base != null) { // the next batch takes a base of its own: offsets stay short, so floats keep them precise
                device.release(base);
                base = null;
            }
        }
    }

    private void discard() {
        for (Pending p : pending) {
            device.release(p.start());
            device.release(p.end());
        }
        pending.clear();
    }
}
