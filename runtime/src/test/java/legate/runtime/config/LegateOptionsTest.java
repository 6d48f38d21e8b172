package legate.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegateOptionsTest {
    static LegateConfig parse(Map<String, List<String>> given, Map<String, String> env) throws ConfigException {
        return LegateOptions.parse(given, env, List.of());
    }

    @Test
    void legateCoreDefaults() throws ConfigException {
        LegateConfig c = parse(Map.of(), Map.of());
        assertEquals(LegateConfig.defaults(), c);
        assertEquals(new LegateConfig.CoreConfig(4, 0, 0, 4, 2), c.core());
        assertEquals(new LegateConfig.MemoryConfig(4000, 0, 4000, 32, 0, 50), c.memory());
        assertEquals("none", c.multiNode().launcher());
    }

    @Test
    void givenOverEnvironmentOverDefault() throws ConfigException {
        LegateConfig c = parse(Map.of("--cpus", List.of("2")), Map.of("LEGATE_CPUS", "3", "LEGATE_GPUS", "1", "LEGATE_OMP_THREADS", "8"));
        assertEquals(2, c.core().cpus());
        assertEquals(1, c.core().gpus());
        assertEquals(8, c.core().ompthreads());
    }

    @Test
    void multiNodeNeedsALauncher() throws ConfigException {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of("--nodes", List.of("2")), Map.of()));
        assertTrue(e.getMessage().startsWith("--nodes 2 needs a launcher"));
        LegateConfig c = parse(Map.of("--nodes", List.of("2"), "--launcher", List.of("srun"),
                "--launcher-extra", List.of("-N", "2"), "--no-replicate", List.of("true")), Map.of());
        assertEquals(new LegateConfig.MultiNodeConfig(2, 1, true, "srun", List.of("-N", "2")), c.multiNode());
    }

    @Test
    void badValuesSayWhatWasExpected() {
        assertEquals("--utility: expected a whole number >= 1, got 0",
                assertThrows(ConfigException.class, () -> parse(Map.of("--utility", List.of("0")), Map.of())).getMessage());
        assertEquals("--eager-alloc-percentage: expected a whole number from 0 to 100, got -5",
                assertThrows(ConfigException.class, () -> parse(Map.of("--eager-alloc-percentage", List.of("-5")), Map.of())).getMessage());
        assertEquals("--zcmem: expected a whole number >= 0, got \"99999999999\"",
                assertThrows(ConfigException.class, () -> parse(Map.of("--zcmem", List.of("99999999999")), Map.of())).getMessage()
                        .replace("got 99999999999", "got \"99999999999\""));
        assertEquals("LEGATE_NODES (the default of --nodes): expected a whole number >= 1, got \"two\"",
                assertThrows(ConfigException.class, () -> parse(Map.of(), Map.of("LEGATE_NODES", "two"))).getMessage());
    }

    @Test
    void splitSeparatesResourceOptionsFromTheRest() throws ConfigException {
        List<String> rest = new ArrayList<>();
        Map<String, List<String>> given = LegateOptions.split(List.of("--cpus", "2", "-f", "conn.json", "--sysmem=100", "--no-replicate"), rest);
        assertEquals(Map.of("--cpus", List.of("2"), "--sysmem", List.of("100"), "--no-replicate", List.of("true")), given);
        assertEquals(List.of("-f", "conn.json"), rest);
    }
}
