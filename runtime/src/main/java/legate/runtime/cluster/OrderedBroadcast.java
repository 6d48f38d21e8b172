package legate.runtime.cluster;

import com.hazelcast.ringbuffer.Ringbuffer;

/**
 * What rank 0 publishes, read by every other rank in the order it was published (a Hazelcast
 * Ringbuffer, which each rank reads from the start): the lines the user types. (Cells go over
 * the data plane, {@link CellBroadcast}: faster.)
 */
public final class OrderedBroadcast<T> {
    private final Ringbuffer<T> items;
    private long nextToRead;

    OrderedBroadcast(Ringbuffer<T> items) {
        this.items = items;
    }

    /** Rank 0: sends {@code item} to every rank. */
    public void publish(T item) {
        items.add(item);
    }

    /** Ranks above 0: the next item, in order; blocks until there is one. */
    public T next() throws InterruptedException {
        return items.readOne(nextToRead++);
    }
}
