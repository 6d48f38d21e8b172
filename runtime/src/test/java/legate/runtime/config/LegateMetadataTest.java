package legate.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegateMetadataTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "/home/u/.local/share/jupyter/kernels/k/kernel.json";

    /** A configuration where every option of the table has a value other than its default. */
    static LegateConfig everyOptionChanged() throws ConfigException {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (LegateOption o : LegateOptions.ALL) {
            given.put(o.name(), switch (o.kind()) {
                case NUMBER -> List.of(Integer.toString(Integer.parseInt(o.defaultValue()) + 1));
                case FLAG -> List.of("true");
                case CHOICE -> List.of("srun");
                case REPEATED -> List.of("-p", "gpu");
            });
        }
        return LegateOptions.parse(given, Map.of(), List.of("--cpus", "5"));
    }

    static JsonNode written(LegateConfig c) {
        return JSON.valueToTree(LegateMetadata.write(c));
    }

    static LegateConfig read(String legateJson) throws Exception {
        return LegateMetadata.read(JSON.readTree(legateJson), FILE, note -> { });
    }

    static String failure(String legateJson) {
        return assertThrows(ConfigException.class, () -> read(legateJson)).getMessage();
    }

    @Test
    void writeThenReadGivesTheSameConfiguration() throws Exception {
        LegateConfig c = everyOptionChanged();
        for (LegateOption o : LegateOptions.ALL) {
            assertNotEquals(o.defaultTyped(), ConfigRecords.value(c, o), o.name() + " must differ from its default for this test");
        }
        assertEquals(c, LegateMetadata.read(written(c), FILE, note -> { }));
        assertEquals(LegateConfig.defaults(), LegateMetadata.read(written(LegateConfig.defaults()), FILE, note -> { }));
    }

    @Test
    void everyOptionOfTheTableIsWrittenUnderItsKey() throws Exception {
        LegateConfig c = everyOptionChanged();
        JsonNode legate = written(c);
        int keys = 0;
        for (LegateOption o : LegateOptions.ALL) {
            JsonNode v = legate.path(o.group().metadataKey()).path(o.metadataKey());
            assertFalse(v.isMissingNode(), o.metadataPath());
            assertEquals(JSON.valueToTree(ConfigRecords.value(c, o)), v, o.metadataPath());
            keys++;
        }
        int written = 0;
        for (String block : List.of("core", "memory", "multi_node")) {
            written += legate.get(block).size();
        }
        assertEquals(keys, written, "no key that is not a row of the table");
        assertEquals(List.of("--cpus", "5"), JSON.convertValue(legate.get("argv"), List.class));
    }

    @Test
    void theDefaultsAreWrittenExactlyAsLegateCoreWritesThem() throws Exception {
        assertEquals("{\"argv\":[],"
                + "\"core\":{\"cpus\":4,\"gpus\":0,\"omps\":0,\"ompthreads\":4,\"utility\":2},"
                + "\"memory\":{\"sysmem\":4000,\"numamem\":0,\"fbmem\":4000,\"zcmem\":32,\"regmem\":0,\"eager_alloc\":50},"
                + "\"multi_node\":{\"nodes\":1,\"ranks_per_node\":1,\"not_control_replicable\":false,\"launcher\":\"none\","
                + "\"launcher_extra\":[]}}", JSON.writeValueAsString(LegateMetadata.write(LegateConfig.defaults())));
    }

    /** kernel.json metadata the kernel refuses: the block, the key named, and what the message says after the file. */
    static final List<List<String>> REFUSED = List.of(
            // values the command line would refuse
            List.of("{\"core\": {\"cpus\": -3}}", "core.cpus", "expected a whole number >= 1, got -3"),
            List.of("{\"core\": {\"cpus\": \"x\"}}", "core.cpus", "expected a whole number >= 1, got \"x\""),
            List.of("{\"core\": {\"cpus\": 2.5}}", "core.cpus", "expected a whole number >= 1, got 2.5"),
            List.of("{\"memory\": {\"eager_alloc\": 101}}", "memory.eager_alloc", "expected a whole number from 0 to 100, got 101"),
            List.of("{\"memory\": {\"sysmem\": 99999999999}}", "memory.sysmem", "expected a whole number >= 1, got 99999999999"),
            List.of("{\"multi_node\": {\"launcher\": \"ssh\"}}", "multi_node.launcher",
                    "expected one of mpirun, jsrun, srun, none, got \"ssh\""),
            List.of("{\"multi_node\": {\"nodes\": 2, \"launcher\": \"none\"}}", "multi_node.launcher",
                    "expected mpirun, srun or jsrun to start ranks on 2 nodes, got \"none\""),
            // values of the wrong JSON type
            List.of("{\"multi_node\": {\"not_control_replicable\": \"yes\"}}", "multi_node.not_control_replicable",
                    "expected true or false, got \"yes\""),
            List.of("{\"multi_node\": {\"launcher_extra\": \"-p\"}}", "multi_node.launcher_extra", "expected a list of strings, got \"-p\""),
            List.of("{\"core\": {\"gpus\": true}}", "core.gpus", "expected a whole number >= 0, got true"),
            List.of("{\"core\": {\"cpus\": {\"a\": \"1\\n2\"}}}", "core.cpus", "expected a whole number >= 1, got {\"a\":\"1\\n2\"}"),
            List.of("{\"argv\": [1]}", "argv", "expected a list of strings, got [1]"),
            List.of("{\"core\": 4}", "core", "expected an object with the keys cpus, gpus, omps, ompthreads, utility, got 4"),
            List.of("\"x\"", "", "expected an object with the keys argv, core, memory, multi_node, got \"x\""),
            // keys no option has: a typo is not ignored
            List.of("{\"core\": {\"cpu\": 8}}", "core.cpu", "unknown key; expected one of cpus, gpus, omps, ompthreads, utility"),
            List.of("{\"cores\": {}}", "cores", "unknown key; expected one of argv, core, memory, multi_node"));

    @Test
    void badMetadataIsOneLineNamingTheKeyWhatItExpectsTheValueAndTheFile() {
        for (List<String> bad : REFUSED) {
            String key = bad.get(1).isEmpty() ? "metadata.legate" : "metadata.legate." + bad.get(1);
            String message = failure(bad.get(0));
            assertEquals(key + " in " + FILE + ": " + bad.get(2), message, bad.get(0));
            assertFalse(message.contains("\n"), message);
        }
    }

    @Test
    void aMissingKeyOrBlockTakesItsDefaultAndIsNamedInOneNote() throws Exception {
        List<String> notes = new ArrayList<>();
        LegateConfig c = LegateMetadata.read(JSON.readTree("{\"core\": {\"cpus\": 2}, \"multi_node\": {\"nodes\": 1}}"), FILE, notes::add);
        assertEquals(2, c.core().cpus());
        assertEquals(LegateConfig.defaults().memory(), c.memory());
        assertEquals(LegateConfig.defaults().multiNode(), c.multiNode());
        assertEquals(List.of("metadata.legate in " + FILE + " has no core.gpus, core.omps, core.ompthreads, core.utility, memory, "
                + "multi_node.ranks_per_node, multi_node.not_control_replicable, multi_node.launcher, multi_node.launcher_extra: "
                + "using the defaults"), notes);
        notes.clear();
        ObjectNode complete = (ObjectNode) written(LegateConfig.defaults());
        LegateMetadata.read(complete, FILE, notes::add);
        assertEquals(List.of(), notes, "a complete block needs no note");
    }

    @Test
    void theCommandLineAndTheMetadataShareTheirRules() {
        String fromCommandLine = assertThrows(ConfigException.class,
                () -> LegateOptions.parse(Map.of("--cpus", List.of("-3")), Map.of(), List.of())).getMessage();
        String fromMetadata = failure("{\"core\": {\"cpus\": -3}}");
        assertTrue(fromCommandLine.startsWith("--cpus: "), fromCommandLine);
        assertEquals(fromCommandLine.substring("--cpus".length()),
                fromMetadata.substring(("metadata.legate.core.cpus in " + FILE).length()));
    }
}
