package legate.runtime.store;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import legate.runtime.OutOfMemoryError;

/**
 * A rank's budget for array storage ({@code --sysmem} MB). Each store is charged when made
 * and credited back once it has become unreachable and the collector has noticed. The charge
 * of a split store is the largest block any rank holds, not this rank's own, so that every
 * rank charges the same amount for the same program: after a full collection (when only what
 * the program still reaches is charged) the decision to refuse an array is the same on every
 * rank, and no rank goes on alone.
 *
 * <p>Credits are taken on the thread that makes stores, from a reference queue: no cleaner
 * thread, no lock shared with one (an operation on a small array costs about a microsecond,
 * and a contended lock per array cost more than the operation).
 */
public final class MemoryBudget {
    private final long limitBytes;
    private final String option;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Credit live = new Credit(); // the head of a ring of uncredited charges, kept reachable here
    private long charged;
    private long stores;

    /**
     * @param limitBytes the budget
     * @param option     the option that sets it, named in errors ({@code --sysmem})
     */
    public MemoryBudget(long limitBytes, String option) {
        this.limitBytes = limitBytes;
        this.option = option;
        live.prev = live;
        live.next = live;
    }

    /** Bytes charged for stores still reachable (or not yet collected). */
    public synchronized long chargedBytes() {
        drain();
        return charged;
    }

    public synchronized long liveStores() {
        drain();
        return stores;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /**
     * Charges {@code charge} bytes for {@code owner}, credited back when {@code owner} becomes
     * unreachable.
     *
     * @param what the operation, for the error
     * @throws OutOfMemoryError when it does not fit, even after collecting unreachable arrays
     */
    public synchronized void charge(Object owner, long charge, String what) {
        drain();
        if (charged + charge > limitBytes) {
            collect();
            if (charged + charge > limitBytes) {
                long left = Math.max(0, limitBytes - charged);
                throw new OutOfMemoryError(what + ": out of array memory (" + option + " " + limitBytes / (1 << 20) + " MB per rank): "
                        + "asked for " + mb(charge) + ", " + mb(left) + " left (" + stores + " arrays hold the rest); "
                        + "free arrays you no longer need (set their variables to null) or give the kernel more " + option);
            }
        }
        charged += charge;
        stores++;
        Credit c = new Credit(owner, queue, charge);
        c.next = live.next;
        c.prev = live;
        live.next.prev = c;
        live.next = c;
    }

    private void drain() {
        Reference<?> r;
        while ((r = queue.poll()) != null) {
            credit((Credit) r);
        }
    }

    private void credit(Credit c) {
        c.prev.next = c.next;
        c.next.prev = c.prev;
        charged -= c.charge;
        stores--;
    }

    /** Collects unreachable arrays and takes their credits. */
    private void collect() {
        for (int round = 0; round < 2; round++) {
            Credit sentinel = new Credit(new Object(), queue, 0); // its object is unreachable at once
            sentinel.next = live.next;
            sentinel.prev = live;
            live.next.prev = sentinel;
            live.next = sentinel;
            stores++;
            System.gc();
            try {
                Reference<?> r;
                boolean seen = false;
                while (!seen && (r = queue.remove(2000)) != null) {
                    credit((Credit) r);
                    seen = r == sentinel;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            drain();
        }
    }

    private static String mb(long bytes) {
        return bytes >= 10L << 20 ? bytes / (1 << 20) + " MB" : String.format("%.2f MB", bytes / 1048576.0);
    }

    /** A charge waiting for its store to become unreachable. */
    private static final class Credit extends PhantomReference<Object> {
        final long charge;
        Credit prev;
        Credit next;

        Credit() {
            super(null, null);
            this.charge = 0;
        }

        Credit(Object owner, ReferenceQueue<Object> queue, long charge) {
            super(owner, queue);
            this.charge = charge;
        }
    }
}
