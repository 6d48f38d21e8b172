package legate.runtime.store;

import java.lang.ref.Cleaner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import legate.runtime.OutOfMemoryError;

/**
 * A rank's budget for array storage ({@code --sysmem} MB). Each store is charged when made
 * and credited back when it becomes unreachable. The charge of a split store is the largest
 * block any rank holds, not this rank's own, so that every rank charges the same amount for
 * the same program: after a full collection (when only what the program still reaches is
 * charged) the decision to refuse an array is the same on every rank, and no rank goes on
 * alone.
 */
public final class MemoryBudget {
    private final long limitBytes;
    private final String option;
    private final Cleaner cleaner;
    private final AtomicLong charged = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong stores = new AtomicLong();

    /**
     * @param limitBytes the budget
     * @param option     the option that sets it, named in errors ({@code --sysmem})
     * @param cleaner    runs the credits; its thread must not belong to a cell
     */
    public MemoryBudget(long limitBytes, String option, Cleaner cleaner) {
        this.limitBytes = limitBytes;
        this.option = option;
        this.cleaner = cleaner;
    }

    /** Bytes charged for stores still reachable (or not yet collected). */
    public long chargedBytes() {
        return charged.get();
    }

    /** Bytes this rank really holds in stores. */
    public long heldBytes() {
        return held.get();
    }

    public long liveStores() {
        return stores.get();
    }

    public long limitBytes() {
        return limitBytes;
    }

    /**
     * Charges {@code charge} bytes for {@code owner} (this rank holds {@code bytes} of it),
     * credited back when {@code owner} becomes unreachable.
     *
     * @param what the operation, for the error
     * @throws OutOfMemoryError when it does not fit, even after collecting unreachable arrays
     */
    public void charge(Object owner, long charge, long bytes, String what) {
        if (!tryCharge(charge)) {
            collect();
            if (!tryCharge(charge)) {
                long left = Math.max(0, limitBytes - charged.get());
                throw new OutOfMemoryError(what + ": out of array memory (" + option + " " + limitBytes / (1 << 20) + " MB per rank): "
                        + "asked for " + mb(charge) + ", " + mb(left) + " left (" + stores.get() + " arrays hold the rest); "
                        + "free arrays you no longer need (set their variables to null) or give the kernel more " + option);
            }
        }
        held.addAndGet(bytes);
        stores.incrementAndGet();
        cleaner.register(owner, new Credit(charged, held, stores, charge, bytes));
    }

    private boolean tryCharge(long charge) {
        while (true) {
            long now = charged.get();
            if (now + charge > limitBytes) {
                return false;
            }
            if (charged.compareAndSet(now, now + charge)) {
                return true;
            }
        }
    }

    /** Collects unreachable arrays and waits until their credits have run. */
    private void collect() {
        for (int round = 0; round < 2; round++) {
            CountDownLatch sentinelCleaned = new CountDownLatch(1);
            cleaner.register(new Object(), sentinelCleaned::countDown);
            System.gc();
            try {
                sentinelCleaned.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String mb(long bytes) {
        return bytes >= 10L << 20 ? bytes / (1 << 20) + " MB" : String.format("%.2f MB", bytes / 1048576.0);
    }

    /** The credit; holds no reference to the store it credits. */
    private record Credit(AtomicLong charged, AtomicLong held, AtomicLong stores, long charge, long bytes) implements Runnable {
        @Override
        public void run() {
            charged.addAndGet(-charge);
            held.addAndGet(-bytes);
            stores.decrementAndGet();
        }
    }
}
