package legate.runtime.profile;

import legate.runtime.comm.RankCommunicator;

/** A communicator that records every block sent and received (bytes, peer, tag, how long it took or waited). */
public final class ProfiledCommunicator implements RankCommunicator {
    private final RankCommunicator inner;

    public ProfiledCommunicator(RankCommunicator inner) {
        this.inner = inner;
    }

    public RankCommunicator inner() {
        return inner;
    }

    @Override
    public int rank() {
        return inner.rank();
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public long nextTag() {
        return inner.nextTag();
    }

    @Override
    public void send(int to, long tag, byte[] data) {
        long t0 = System.nanoTime();
        inner.send(to, tag, data);
        if (Profiler.on) {
            Profiler.comm(true, to, tag, data.length, t0, System.nanoTime());
        }
    }

    @Override
    public byte[] receive(int from, long tag) throws InterruptedException {
        long t0 = System.nanoTime();
        byte[] b = inner.receive(from, tag);
        if (Profiler.on) {
            Profiler.comm(false, from, tag, b.length, t0, System.nanoTime());
        }
        return b;
    }
}
