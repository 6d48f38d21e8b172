package legate.runtime.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import legate.numpy.np;
import legate.runtime.backend.cpu.CpuBackend;
import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --show-progress on one rank: the count, the lines, and the runtime left as it was beside the profiler. */
class ProgressTest {
    private ArrayRuntime rt;

    @BeforeEach
    void oneRank() {
        rt = new ArrayRuntime(2, 1L << 30, 1L << 18, 64);
        ArrayRuntime.useOnThisThread(rt);
    }

    @AfterEach
    void done() {
        Progress.lines(rt, null);
        ArrayRuntime.useOnThisThread(null);
    }

    @Test
    void countingCountsEachOperationOnceAndCostsNothingOff() {
        long before = Progress.operations();
        np.ones(10).sum(); // not counting
        assertEquals(before, Progress.operations());
        Progress.count(rt, true);
        assertInstanceOf(ProfiledBackend.class, rt.backend());
        double s = np.ones(1000).mul(2.0).add(1.0).sum(); // fill, one fused operation (run in parts), sum
        assertEquals(3000.0, s);
        assertEquals(before + 3, Progress.operations());
        assertEquals("", Progress.current()); // between operations
        Progress.count(rt, false);
        assertInstanceOf(CpuBackend.class, rt.backend());
        np.ones(10).sum();
        assertEquals(before + 3, Progress.operations());
    }

    @Test
    void countingRecordsNothingForTheProfiler() throws Exception {
        Progress.count(rt, true);
        np.ones(100).sum();
        Profiler.start(rt); // both on: one recording backend
        np.ones(100).sum();
        Profile p = Profiler.stop();
        assertEquals(2, p.operationCount()); // only the operations while profiling
        assertInstanceOf(ProfiledBackend.class, rt.backend()); // progress still counts
        long n = Progress.operations();
        np.ones(100).sum();
        assertEquals(n + 2, Progress.operations());
        Progress.count(rt, false);
        assertInstanceOf(CpuBackend.class, rt.backend());
    }

    @Test
    void theDriversLinesNameEachOperationAsItStarts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress.count(rt, true);
        np.ones(3).sum(); // counted before the lines: they number from their start
        Progress.lines(rt, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        np.ones(4, 5).add(1.0).sum();
        Progress.lines(rt, null);
        np.ones(3).sum(); // stopped: no more lines
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceAll(", at \\d+\\.\\d{3} s$", "")).toList();
        assertEquals(List.of("legate: progress: operation 1, fill (20,)", "legate: progress: operation 2, fused add (4, 5)",
                "legate: progress: operation 3, sum (4, 5)"), lines);
        assertInstanceOf(CpuBackend.class, rt.backend());
    }

    @Test
    void theKernelsPhaseShowsBetweenOperations() {
        Progress.phase("compiling the cell");
        try {
            assertEquals("compiling the cell", Progress.current());
        } finally {
            Progress.phase("");
        }
        assertTrue(Progress.current().isEmpty());
    }
}
