package legate.runtime.backend.cpu;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The helper threads of one CPU backend: {@code cpus - 1} threads that run chunks of a job
 * beside the thread that posts it. After a job a helper keeps looking for the next one for
 * {@link #SPIN_NANOS} before it sleeps, as OpenMP's threads do: the operations of an array program
 * follow one another microseconds apart, and waking a sleeping thread (a futex call, then the
 * scheduler) cost 10-20% of such programs on the development VM (docs/performance.md, session 27).
 * Only a sleeping helper is woken.
 */
final class Team {
    /** How long a helper looks for the next job before it sleeps. */
    static final long SPIN_NANOS = 200_000;

    /** A body run on a chunk of a job. */
    interface Chunked {
        void run(int chunk);
    }

    private final int helpers;
    private final ExecutorService spawner;
    private final String name;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Job current;
    private long jobs; // numbers the jobs (the caller's, under busy)
    private volatile boolean closed;
    private Helper[] threads; // made at the first job

    /**
     * @param helpers how many threads beside the caller
     * @param spawner the thread that starts them (in the JVM's root thread group)
     * @param name    their names' prefix
     */
    Team(int helpers, ExecutorService spawner, String name) {
        this.helpers = helpers;
        this.spawner = spawner;
        this.name = name;
    }

    /** One job: chunks 0 .. count-1, taken in turn by the caller and the helpers. */
    private static final class Job {
        final long seq;
        final Chunked body;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile RuntimeException failure;
        volatile Error error;

        Job(long seq, Chunked body, int count) {
            this.seq = seq;
            this.body = body;
            this.count = count;
        }

        /** Takes and runs chunks until none is left; a failure stops the others from taking more. */
        void work() {
            int c;
            while ((c = next.getAndIncrement()) < count) {
                try {
                    body.run(c);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    }
                    abandon();
                } catch (Error e) {
                    if (error == null) {
                        error = e;
                    }
                    abandon();
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        /** No chunk is taken after this: those not taken yet count as done. */
        private void abandon() {
            int taken = next.getAndSet(count);
            if (taken < count) {
                done.addAndGet(count - taken);
            }
        }
    }

    private final class Helper extends Thread {
        final int index;
        volatile boolean sleeping;

        Helper(ThreadGroup group, int index) {
            super(group, name + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long last = 0; // the number of the last job run (not the job: it would keep its arrays reachable)
            long idleSince = System.nanoTime();
            while (!closed) {
                long ran = runNew(last);
                if (ran != 0) {
                    last = ran;
                    idleSince = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                sleeping = true;
                Job j = current;
                if ((j == null || j.seq == last) && !closed) { // looked again after saying so: a job posted since wakes it
                    j = null;
                    LockSupport.park(this);
                }
                sleeping = false;
                idleSince = System.nanoTime();
            }
        }

        /** Works on the current job if it is newer than job {@code last}; its number, or 0 when there was none. */
        private long runNew(long last) {
            Job j = current;
            if (j == null || j.seq == last) {
                return 0;
            }
            j.work();
            return j.seq;
        }
    }

    /** The helper's number (1, 2, ...) when the calling thread is one of them, else 0 (the caller). */
    static int laneOf(Thread t) {
        return t instanceof Helper h ? h.index : 0;
    }

    /**
     * Runs chunks {@code 0 .. count-1} of {@code body} on the calling thread and the helpers, and
     * returns when all are done; rethrows the first failure. When another job is running (a body
     * that itself splits), the caller runs them all itself.
     */
    void run(int count, Chunked body) {
        if (helpers == 0 || !busy.compareAndSet(false, true)) {
            Job alone = new Job(0, body, count);
            alone.work();
            rethrow(alone);
            return;
        }
        Job job = new Job(++jobs, body, count);
        try {
            Helper[] hs = started();
            current = job;
            for (Helper h : hs) {
                if (h.sleeping) {
                    LockSupport.unpark(h);
                }
            }
            job.work();
            for (int spins = 0; job.done.get() < count; spins++) { // the helpers' last chunks
                if (spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        } finally {
            current = null; // its arrays are the caller's again
            busy.set(false);
        }
        rethrow(job);
    }

    private static void rethrow(Job job) {
        if (job.error != null) {
            throw job.error;
        }
        if (job.failure != null) {
            throw job.failure;
        }
    }

    private Helper[] started() {
        if (threads == null) {
            try {
                threads = spawner.submit(() -> { // a thread of the root group makes them (JShell waits for a cell's group)
                    Helper[] hs = new Helper[helpers];
                    for (int i = 0; i < helpers; i++) {
                        hs[i] = new Helper(Thread.currentThread().getThreadGroup(), i + 1);
                        hs[i].start();
                    }
                    return hs;
                }).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the array threads", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("cannot start the array threads", e.getCause());
            }
        }
        return threads;
    }

    /** Ends the helpers. */
    void close() {
        closed = true;
        Helper[] hs = threads;
        if (hs != null) {
            for (Helper h : hs) {
                LockSupport.unpark(h);
            }
        }
    }
}
