package legate.runtime.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import legate.numpy.NDArray;
import legate.numpy.np;
import legate.runtime.backend.cpu.CpuBackend;
import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The profiler on one rank: what it records, that it leaves the runtime as it was, its text form, the page and the graphs. */
class ProfilerTest {
    private ArrayRuntime rt;

    @BeforeEach
    void oneRank() {
        rt = new ArrayRuntime(2, 1L << 30, 1L << 18, 64);
        ArrayRuntime.useOnThisThread(rt);
    }

    @AfterEach
    void done() {
        ArrayRuntime.useOnThisThread(null);
    }

    @Test
    void aFactorizationsHostWorkIsAnOperationOfItsOwnAndItsThreadsSpansCarryItsName() throws Exception {
        // qr's reflections run on the host threads outside the backend's operations: their spans were named after the
        // operation before (the input's random fill); now one operation "qr" holds them
        Profiler.start(rt);
        NDArray[] qr = np.linalg.qr(np.random(3).rand(300, 200));
        Profile p = Profiler.stop();
        assertEquals(2, qr.length);
        holdsItsThreadsSpans(p, "qr", "(300, 200)");
    }

    @Test
    void aSortsPiecesOnTheHostThreadsAreAnOperationOfItsOwn() throws Exception {
        // the pieces of a parallel sort, and their merges, run on the host threads outside the backend's operations
        Profiler.start(rt);
        NDArray sorted = np.sort(np.random(4).rand(200_000));
        Profile p = Profiler.stop();
        assertEquals(200_000, sorted.size());
        holdsItsThreadsSpans(p, "sort", "(200000,)");
    }

    /** The profile has an operation {@code name} of {@code shape}, and the threads' spans inside it (two at least) carry its name. */
    private static void holdsItsThreadsSpans(Profile p, String name, String shape) {
        List<Profile.Op> ops = p.ranks().get(0).ops();
        Profile.Op op = ops.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name + " among " + ops));
        assertEquals(shape, op.shape());
        List<Profile.Span> inside = p.ranks().get(0).spans().stream().filter(x -> x.lane().startsWith("cpu ") && x.start() >= op.start()
                && x.end() <= op.end()).toList();
        assertTrue(inside.size() >= 2, name + "'s work on the threads: " + inside.size() + " spans");
        assertEquals(java.util.Set.of(name), inside.stream().map(Profile.Span::name).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aProfileRecordsTheOperationsAndTheStoresTheyUse() throws Exception {
        assertInstanceOf(CpuBackend.class, rt.backend());
        np.ones(10).sum(); // before: not recorded
        Profiler.start(rt);
        assertInstanceOf(ProfiledBackend.class, rt.backend());
        double s = np.ones(1000).mul(2.0).add(1.0).sum();
        Profile p = Profiler.stop();
        assertEquals(3000.0, s);
        assertInstanceOf(CpuBackend.class, rt.backend()); // taken away again
        assertFalse(Profiler.on);
        List<Profile.Op> ops = p.ranks().get(0).ops();
        assertEquals(List.of("fill", "fused mul+add", "sum"), ops.stream().map(Profile.Op::name).toList());
        long filled = ops.get(0).writes().get(0);
        assertEquals(List.of(filled), ops.get(1).reads());
        long computed = ops.get(1).writes().get(0);
        assertTrue(computed != filled);
        assertEquals(List.of(computed), ops.get(2).reads());
        assertEquals(List.of(), ops.get(2).writes());
        // 1000 elements, 2 threads, parallel from 64 elements: the fused operation's rows ran on both threads' lanes
        Map<String, Long> lanes = new java.util.TreeMap<>();
        for (Profile.Span sp : p.ranks().get(0).spans()) {
            lanes.merge(sp.lane() + "|" + sp.kind(), 1L, Long::sum);
        }
        assertEquals(java.util.Set.of("fill", "fused mul+add", "sum"), p.ranks().get(0).spans().stream().filter(x -> x.lane().equals("operations"))
                .map(Profile.Span::name).collect(java.util.stream.Collectors.toSet())); // a fused operation may run in several parts
        // but none of them empty: on one rank the rows are all here, and the (empty) rest draws no span of its own
        List<Profile.Span> opSpans = p.ranks().get(0).spans().stream().filter(x -> x.lane().equals("operations")).toList();
        assertEquals(List.of(), opSpans.stream().filter(x -> x.detail().matches(".*rows (\\d+)\\.\\.\\1\\b.*")).toList());
        assertEquals(3, opSpans.size(), opSpans.toString());
        assertTrue(lanes.get("cpu 0|task") >= 1, lanes.toString());
        np.ones(10).sum(); // after: not recorded
        assertEquals(3, p.operationCount());
        assertEquals(List.of(), Profiler.ops());
    }

    @Test
    void theTextFormGoesToRankZeroUnchanged() {
        Profile.Rank r = new Profile.Rank(1, List.of(new Profile.Span("cpu 1", "task", "add\ttab", 5, 9, "rows 0..4\nnext \\ line")),
                List.of(new Profile.Op(0, "fill", "(3,)", List.of(), List.of(7L), 1, 2), new Profile.Op(1, "sum", "(3,)", List.of(7L, 8L),
                        List.of(), 3, 4)), List.of(new Profile.Comm(1, true, 0, 42, 800, 3, 4)));
        assertEquals(r, Profile.Rank.decode(r.encode()));
    }

    @Test
    void thePageIsSelfContainedAndTheGraphsNameEveryOperationAndStore() {
        Profile.Rank r0 = new Profile.Rank(0, List.of(new Profile.Span("operations", "op", "fill", 10, 20, "</script><b>")),
                List.of(new Profile.Op(0, "fill", "(4,)", List.of(), List.of(0L), 10, 20), new Profile.Op(1, "add", "(4,)", List.of(0L),
                        List.of(1L), 20, 30)), List.of(new Profile.Comm(1, true, 1, 5, 64, 21, 22)));
        Profile.Rank r1 = new Profile.Rank(1, List.of(new Profile.Span("operations", "op", "fill", 11, 21, "")),
                List.of(new Profile.Op(0, "fill", "(4,)", List.of(), List.of(0L), 11, 21)), List.of(new Profile.Comm(0, false, 0, 5, 64, 21,
                        23)));
        Profile p = new Profile(List.of(r0, r1));
        String page = ProfilePage.page(p, "t");
        assertFalse(page.contains("http"), "no address to fetch");
        assertFalse(page.contains("src="), "no script or image from elsewhere");
        assertFalse(page.contains("</script><b>"), "a span's text cannot end the page's script");
        assertEquals("digraph dataflow {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
                + "  s0 [shape=ellipse, label=\"store 0\"];\n  s1 [shape=ellipse, label=\"store 1\"];\n"
                + "  op0 [shape=box, style=filled, fillcolor=\"#dbe7f3\", label=\"0: fill\\n(4,)\"];\n"
                + "  op1 [shape=box, style=filled, fillcolor=\"#dbe7f3\", label=\"1: add\\n(4,)\"];\n"
                + "  op0 -> s0;\n  s0 -> op1;\n  op1 -> s1;\n}\n", Graphs.dataflow(p));
        String events = Graphs.events(p);
        assertTrue(events.contains("  r0_op1 -> r1_op0 [color=\"#e15759\", style=dashed, label=\"64 B\"];\n"), events);
        assertTrue(events.contains("    r0_start -> r0_op0;\n    r0_op0 -> r0_op1;\n"), events);
    }
}
