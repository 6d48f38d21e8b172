package legate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import legate.gpu.device.SimulatedDevice;
import legate.numpy.np;
import legate.runtime.profile.Profile;
import legate.runtime.profile.Profiler;
import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.Test;

/** The GPU's lane of a profile, on a simulated GPU: a span per kernel launch, named by its operation, timed by the device's marks. */
class KernelSpansTest {
    @Test
    void aProfileHasEveryKernelLaunchOnTheGpuLane() {
        GpuRanks.run(1, 64L << 20, 1L << 40, b -> {
            GpuBackend g = (GpuBackend) b;
            np.ones(1000).sum(); // before the profile: not recorded
            long before = g.launches();
            Profiler.start(ArrayRuntime.current());
            double s;
            Profile p;
            try {
                s = np.ones(1000).mul(2.0).add(1.0).sum();
            } finally {
                try {
                    p = Profiler.stop();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            long launched = g.launches() - before;
            np.ones(1000).sum(); // after: not recorded
            assertEquals(3000.0, s);
            List<Profile.Span> gpu = p.ranks().get(0).spans().stream().filter(x -> x.lane().equals("gpu 0")).toList();
            assertTrue(launched >= 2, launched + " launches");
            assertEquals(launched, gpu.size(), gpu.toString());
            Set<String> ops = p.ranks().get(0).ops().stream().map(Profile.Op::name).collect(Collectors.toSet());
            for (Profile.Span x : gpu) {
                assertEquals("task", x.kind());
                assertTrue(ops.contains(x.name()), x.name() + " is not one of the operations " + ops);
                assertTrue(x.detail().matches("legate_\\w+, \\d+ threads"), x.detail());
                assertTrue(x.start() <= x.end(), x.toString());
            }
            assertTrue(gpu.stream().anyMatch(x -> x.name().equals("fused mul+add")), gpu.toString());
            // the spans lie inside the operations that launched them, on the same clock
            long[] extent = p.extent();
            for (Profile.Span x : gpu) {
                assertTrue(x.start() >= extent[0] - 1_000_000 && x.end() <= extent[1] + 1_000_000, x + " outside " + extent[0] + ".." + extent[1]);
            }
            return null;
        });
    }

    @Test
    void marksAreReadInBatchesAndAtTheEnd() throws Exception {
        SimulatedDevice device = new SimulatedDevice(0, 1L << 20);
        KernelSpans spans = new KernelSpans(device);
        Profiler.start(null);
        Profile p;
        try {
            spans.profiling(true);
            int[] ran = {0};
            for (int i = 0; i < KernelSpans.LIMIT + 3; i++) {
                spans.launched("legate_eval", 128, () -> ran[0]++);
            }
            assertEquals(KernelSpans.LIMIT + 3, ran[0]);
            assertEquals(3, spans.waiting()); // the first LIMIT were read when they filled the batch
            spans.profiling(false);
            assertEquals(0, spans.waiting());
        } finally {
            p = Profiler.stop();
        }
        assertEquals(KernelSpans.LIMIT + 3, p.ranks().get(0).spans().stream().filter(x -> x.lane().equals("gpu 0")).count());
        device.close();
    }

    @Test
    void aDeviceThatCannotTimeStillRunsEveryLaunch() throws Exception {
        SimulatedDevice real = new SimulatedDevice(0, 1L << 20);
        legate.gpu.device.Device untimed = (legate.gpu.device.Device) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {legate.gpu.device.Device.class},
                (proxy, m, args) -> m.getName().equals("mark") ? null : m.invoke(real, args));
        KernelSpans spans = new KernelSpans(untimed);
        Profiler.start(null);
        Profile p;
        int[] ran = {0};
        try {
            spans.profiling(true);
            for (int i = 0; i < 5; i++) {
                spans.launched("legate_eval", 128, () -> ran[0]++);
            }
            spans.profiling(false);
        } finally {
            p = Profiler.stop();
        }
        assertEquals(5, ran[0]);
        assertEquals(0, spans.waiting());
        assertEquals(0, p.ranks().get(0).spans().stream().filter(x -> x.lane().equals("gpu 0")).count());
        real.close();
    }
}
