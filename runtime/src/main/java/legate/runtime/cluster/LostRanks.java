package legate.runtime.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/** The ranks that left the session (a JVM died or stopped answering), and who wants to hear of one. */
final class LostRanks {
    private final Set<Integer> lost = ConcurrentHashMap.newKeySet();
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();

    /** What a user reads about a lost rank. */
    static String stopped(int rank) {
        return "rank " + rank + " stopped (its JVM died or stopped answering)";
    }

    void add(int rank) {
        synchronized (this) {
            lost.add(rank);
            notifyAll();
        }
        listeners.forEach(l -> l.accept(rank));
    }

    /**
     * Waits until the loss has settled and says it ({@link #summary}). The ranks of a host that
     * stopped answering are noticed one by one, as far apart as their last heartbeats were: this
     * returns as soon as every host with a lost rank has lost all its ranks, or is this rank's own
     * host (which answers: a JVM there died alone), else after {@code spread} (a JVM that died
     * beside live ranks of its host).
     *
     * @param hosts every rank's host, rank order
     * @param self  the rank asking, alive by definition
     */
    String settledSummary(List<String> hosts, int self, Duration spread) throws InterruptedException {
        long deadline = System.nanoTime() + spread.toNanos();
        synchronized (this) {
            for (long left = spread.toNanos(); !settled(hosts, self) && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return summary(hosts);
    }

    /** Whether every host with a lost rank is {@code self}'s own or has lost all its ranks. */
    private boolean settled(List<String> hosts, int self) {
        for (int r : lost) {
            String host = r < hosts.size() ? hosts.get(r) : null;
            if (host == null || (self < hosts.size() && host.equals(hosts.get(self)))) {
                continue;
            }
            for (int other = 0; other < hosts.size(); other++) {
                if (hosts.get(other).equals(host) && !lost.contains(other)) {
                    return false;
                }
            }
        }
        return !lost.isEmpty();
    }

    /**
     * What a user reads about the ranks lost so far, by host: "host h1 (ranks 2, 3)" when every
     * rank of a host is lost, else "rank 1 on host h0".
     *
     * @param hosts every rank's host, rank order
     */
    String summary(List<String> hosts) {
        Map<String, List<Integer>> byHost = new TreeMap<>();
        lost.stream().sorted().forEach(r -> byHost.computeIfAbsent(r < hosts.size() ? hosts.get(r) : "?", h -> new ArrayList<>()).add(r));
        List<String> parts = new ArrayList<>();
        byHost.forEach((host, ranks) -> {
            long onHost = hosts.stream().filter(host::equals).count();
            String list = ranks.stream().map(String::valueOf).collect(Collectors.joining(", "));
            parts.add(ranks.size() == onHost && hosts.size() > onHost
                    ? "host " + host + " (rank" + (ranks.size() == 1 ? " " : "s ") + list + ")"
                    : "rank" + (ranks.size() == 1 ? " " : "s ") + list + " on host " + host);
        });
        return String.join(" and ", parts);
    }

    /** The ranks lost so far, in order. */
    List<Integer> ranks() {
        return lost.stream().sorted().toList();
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
