package legate.runtime.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile of every rank: spans on lanes (CPU threads, the data plane, cells, GC, the
 * operations), the array operations in program order with the stores they read and wrote, and
 * the blocks sent between ranks. {@link ProfilePage} draws it, {@link Graphs} turns it into
 * Graphviz's DOT.
 *
 * @param ranks every rank's record, in rank order
 */
public record Profile(List<Rank> ranks) {
    /** A stretch of time on a lane: times in nanoseconds since the epoch. */
    public record Span(String lane, String kind, String name, long start, long end, String detail) {
    }

    /** An array operation: its number on its rank, and the ids of the stores it read and wrote. */
    public record Op(int id, String name, String shape, List<Long> reads, List<Long> writes, long start, long end) {
    }

    /** A block sent ({@code send}) to or received from {@code peer}, during operation {@code op} (-1: between operations). */
    public record Comm(int op, boolean send, int peer, long tag, int bytes, long start, long end) {
    }

    /**
     * One rank's record. {@code totals}: per operation name {count, total ns}, of every
     * operation, also those past the recording's limits; {@code dropped}: the spans and the
     * operations not kept past those limits.
     */
    public record Rank(int rank, List<Span> spans, List<Op> ops, List<Comm> comms, Map<String, long[]> totals, long[] dropped) {
        /** A record with totals made from its operations (nothing dropped). */
        public Rank(int rank, List<Span> spans, List<Op> ops, List<Comm> comms) {
            this(rank, spans, ops, comms, totalsOf(ops), new long[2]);
        }

        static Map<String, long[]> totalsOf(List<Op> ops) {
            Map<String, long[]> m = new LinkedHashMap<>();
            for (Op o : ops) {
                long[] a = m.computeIfAbsent(o.name(), k -> new long[2]);
                a[0]++;
                a[1] += Math.max(0, o.end() - o.start());
            }
            return m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rank r && r.rank == rank && r.spans.equals(spans) && r.ops.equals(ops) && r.comms.equals(comms)
                    && java.util.Arrays.equals(r.dropped, dropped) && r.totals.size() == totals.size()
                    && totals.entrySet().stream().allMatch(e -> r.totals.containsKey(e.getKey())
                    && java.util.Arrays.equals(e.getValue(), r.totals.get(e.getKey())));
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(rank, spans, ops, comms);
        }

        /** As text, one record a line, fields split by tabs (for the gathering to rank 0). */
        String encode() {
            StringBuilder b = new StringBuilder("rank\t" + rank + "\n");
            for (Span s : spans) {
                line(b, "span", s.lane(), s.kind(), s.name(), s.start(), s.end(), s.detail());
            }
            for (Op o : ops) {
                line(b, "op", o.id(), o.name(), o.shape(), ids(o.reads()), ids(o.writes()), o.start(), o.end());
            }
            for (Comm c : comms) {
                line(b, "comm", c.op(), c.send(), c.peer(), c.tag(), c.bytes(), c.start(), c.end());
            }
            for (Map.Entry<String, long[]> e : totals.entrySet()) {
                line(b, "total", e.getKey(), e.getValue()[0], e.getValue()[1]);
            }
            line(b, "dropped", dropped[0], dropped[1]);
            return b.toString();
        }

        static Rank decode(String text) {
            int rank = 0;
            List<Span> spans = new ArrayList<>();
            List<Op> ops = new ArrayList<>();
            List<Comm> comms = new ArrayList<>();
            Map<String, long[]> totals = new LinkedHashMap<>();
            long[] dropped = new long[2];
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                for (int i = 0; i < f.length; i++) {
                    f[i] = unescape(f[i]);
                }
                switch (f[0]) {
                    case "rank" -> rank = Integer.parseInt(f[1]);
                    case "span" -> spans.add(new Span(f[1], f[2], f[3], Long.parseLong(f[4]), Long.parseLong(f[5]), f[6]));
                    case "op" -> ops.add(new Op(Integer.parseInt(f[1]), f[2], f[3], parseIds(f[4]), parseIds(f[5]), Long.parseLong(f[6]),
                            Long.parseLong(f[7])));
                    case "comm" -> comms.add(new Comm(Integer.parseInt(f[1]), Boolean.parseBoolean(f[2]), Integer.parseInt(f[3]),
                            Long.parseLong(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7])));
                    case "total" -> totals.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                    case "dropped" -> dropped = new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
                    default -> throw new IllegalArgumentException("profile: a record of an unknown kind: " + f[0]);
                }
            }
            return new Rank(rank, spans, ops, comms, totals, dropped);
        }

        private static String unescape(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char n = s.charAt(++i);
                    b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }

        private static String ids(List<Long> ids) {
            StringBuilder b = new StringBuilder();
            for (long id : ids) {
                b.append(b.length() == 0 ? "" : ",").append(id);
            }
            return b.toString();
        }

        private static List<Long> parseIds(String s) {
            List<Long> ids = new ArrayList<>();
            for (String p : s.split(",")) {
                if (!p.isEmpty()) {
                    ids.add(Long.parseLong(p));
                }
            }
            return ids;
        }

        private static void line(StringBuilder b, Object... fields) {
            for (int i = 0; i < fields.length; i++) {
                String f = String.valueOf(fields[i]).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
                b.append(i == 0 ? "" : "\t").append(f);
            }
            b.append('\n');
        }
    }

    /** The earliest and latest time of any span, in nanoseconds since the epoch. */
    public long[] extent() {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Rank r : ranks) {
            for (Span s : r.spans()) {
                lo = Math.min(lo, s.start());
                hi = Math.max(hi, s.end());
            }
        }
        return lo > hi ? new long[] {0, 0} : new long[] {lo, hi};
    }

    /** Per operation name, over every rank: {count, total ns}, in order of total time, largest first. */
    public Map<String, long[]> byOperation() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Rank r : ranks) {
            for (Map.Entry<String, long[]> e : r.totals().entrySet()) {
                long[] a = m.computeIfAbsent(e.getKey(), k -> new long[2]);
                a[0] += e.getValue()[0];
                a[1] += e.getValue()[1];
            }
        }
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(m.entrySet());
        entries.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        Map<String, long[]> sorted = new LinkedHashMap<>();
        entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** How many operations every rank ran in all (also those past the recording's limits). */
    public long operationCount() {
        return ranks.stream().mapToLong(r -> r.totals().values().stream().mapToLong(a -> a[0]).sum()).sum();
    }

    /** The spans and the operations not kept, over every rank. */
    public long[] dropped() {
        return new long[] {ranks.stream().mapToLong(r -> r.dropped()[0]).sum(), ranks.stream().mapToLong(r -> r.dropped()[1]).sum()};
    }
}
