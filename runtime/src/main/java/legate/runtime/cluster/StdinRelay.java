package legate.runtime.cluster;

import com.hazelcast.ringbuffer.Ringbuffer;

/** The lines rank 0 reads from the user, for the other ranks to read too (a Hazelcast Ringbuffer, in order). */
public final class StdinRelay {
    private final Ringbuffer<String> lines;
    private long nextToRead;

    StdinRelay(Ringbuffer<String> lines) {
        this.lines = lines;
    }

    /** Rank 0: a line the user typed. */
    public void publish(String line) {
        lines.add(line);
    }

    /** Ranks above 0: the next line rank 0 read; blocks until there is one. */
    public String next() throws InterruptedException {
        return lines.readOne(nextToRead++);
    }
}
