package legate.runtime.cluster;

import com.hazelcast.topic.ITopic;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/** Interrupting a cell on every rank: a cell's sequence number, published to all (a Hazelcast topic). */
public final class CellInterrupts {
    private final LongConsumer publisher;
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private volatile long interruptedUpTo = -1;

    /** {@code publisher} sends a cell's number to every rank, which hands it to {@link #received}. */
    CellInterrupts(LongConsumer publisher) {
        this.publisher = publisher;
    }

    /** Interrupts on {@code topic}, received from now on. */
    static CellInterrupts over(ITopic<Long> topic) {
        CellInterrupts interrupts = new CellInterrupts(topic::publish);
        topic.addMessageListener(m -> interrupts.received(m.getMessageObject()));
        return interrupts;
    }

    /** Interrupts cell {@code seq} on every rank, this one included. */
    public void publish(long seq) {
        publisher.accept(seq);
    }

    /** Tells {@code listener} the number of every cell interrupted from now on. */
    public void onInterrupt(LongConsumer listener) {
        listeners.add(listener);
    }

    void received(long seq) {
        interruptedUpTo = Math.max(interruptedUpTo, seq);
        listeners.forEach(l -> l.accept(seq));
    }

    /** Whether cell {@code cell} (or a later one) was interrupted. */
    boolean interrupted(long cell) {
        return interruptedUpTo >= cell;
    }
}
