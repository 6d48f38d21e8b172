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

    @Test
    void aValueTheCommandLineWouldRefuseIsAnErrorNamingKeyValueExpectationAndFile() {
        assertEquals("metadata.legate.core.cpus in " + FILE + ": expected a whole number >= 1, got -3",
                failure("{\"core\": {\"cpus\": -3}}"));
        assertEquals("metadata.legate.core.cpus in " + FILE + ": expected a whole number >= 1, got \"x\"",
                failure("{\"core\": {\"cpus\": \"x\"}}"));
        assertEquals("metadata.legate.core.cpus in " + FILE + ": expected a whole number >= 1, got 2.5",
                failure("{\"core\": {\"cpus\": 2.5}}"));
        assertEquals("metadata.legate.memory.eager_alloc in " + FILE + ": expected a whole number from 0 to 100, got 101",
                failure("{\"memory\": {\"eager_alloc\": 101}}"));
        assertEquals("metadata.legate.memory.sysmem in " + FILE + ": expected a whole number >= 1, got 99999999999",
                failure("{\"memory\": {\"sysmem\": 99999999999}}"));
        assertEquals("metadata.legate.multi_node.launcher in " + FILE + ": expected one of mpirun, jsrun, srun, none, got \"ssh\"",
                failure("{\"multi_node\": {\"launcher\": \"ssh\"}}"));
        assertEquals("metadata.legate.multi_node.launcher in " + FILE + ": expected mpirun, srun or jsrun to start ranks on 2 nodes, "
                + "got \"none\"", failure("{\"multi_node\": {\"nodes\": 2, \"launcher\": \"none\"}}"));
    }

    @Test
    void aValueOfTheWrongJsonTypeIsAnError() {
        assertEquals("metadata.legate.multi_node.not_control_replicable in " + FILE + ": expected true or false, got \"yes\"",
                failure("{\"multi_node\": {\"not_control_replicable\": \"yes\"}}"));
        assertEquals("metadata.legate.multi_node.launcher_extra in " + FILE + ": expected a list of strings, got \"-p\"",
                failure("{\"multi_node\": {\"launcher_extra\": \"-p\"}}"));
        assertEquals("metadata.legate.core.gpus in " + FILE + ": expected a whole number >= 0, got true",
                failure("{\"core\": {\"gpus\": true}}"));
        assertEquals("metadata.legate.argv in " + FILE + ": expected a list of strings, got [1]", failure("{\"argv\": [1]}"));
        assertEquals("metadata.legate.core in " + FILE + ": expected an object with the keys cpus, gpus, omps, ompthreads, utility, "
                + "got 4", failure("{\"core\": 4}"));
        assertEquals("metadata.legate in " + FILE + ": expected an object with the keys argv, core, memory, multi_node, got \"x\"",
                failure("\"x\""));
    }

    @Test
    void aKeyNoOptionHasIsAnErrorSoATypoIsNotIgnored() {
        assertEquals("metadata.legate.core.cpu in " + FILE + ": unknown key; expected one of cpus, gpus, omps, ompthreads, utility",
                failure("{\"core\": {\"cpu\": 8}}"));
        assertEquals("metadata.legate.cores in " + FILE + ": unknown key; expected one of argv, core, memory, multi_node",
                failure("{\"cores\": {}}"));
    }

    @Test
    void everyMessageIsOneLine() {
        for (String bad : List.of("{\"core\": {\"cpus\": \"a\\nb\"}}", "{\"core\": {\"cpus\": {\"x\": 1}}}")) {
            assertFalse(failure(bad).contains("\n"), failure(bad));
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
