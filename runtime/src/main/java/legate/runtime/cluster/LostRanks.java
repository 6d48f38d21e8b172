package legate.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        lost.add(rank);
        listeners.forEach(l -> l.accept(rank));
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
