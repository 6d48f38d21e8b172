package legate.runtime.cluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/** The ranks that left the session (a JVM died or stopped answering), and who wants to hear of one. */
final class LostRanks {
    private final Set<Integer> lost = ConcurrentHashMap.newKeySet();
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();

    /** What a user reads about a lost rank. */
    static String stopped(int rank) {
        return "rank " + rank + " stopped (its JVM died or stopped answering)";
    }

    void add(int rank) {
        lost.add(rank);
        listeners.forEach(l -> l.accept(rank));
    }

    boolean contains(int rank) {
        return lost.contains(rank);
    }

    /** Tells {@code listener} of every rank lost from now on, and at once of those lost already. */
    void onRankLost(IntConsumer listener) {
        listeners.add(listener);
        lost.forEach(listener::accept);
    }
}
