package legate.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import legate.runtime.config.LegateOption;
import legate.runtime.config.LegateOptions;
import org.junit.jupiter.api.Test;

class DriverHelpTest {
    @Test
    void helpListsEveryOptionWithItsDefaultAndVariableUnderItsGroup() {
        String help = DriverHelp.full();
        assertTrue(help.startsWith("usage: legate [-h] [--version] [RESOURCE OPTIONS] [--profile] [--dataflow] [--event] [--show-progress] [SCRIPT.jsh [ARGS...]]\n"), help);
        assertTrue(help.contains("\n  --show-progress "), help);
        assertTrue(help.contains("\n  -h, --help "), help);
        for (LegateOption o : LegateOptions.ALL) {
            int at = help.indexOf("\n  " + o.name() + (o.metavar() == null ? "" : " " + o.metavar()) + " ");
            assertTrue(at > help.indexOf("\n" + o.group().title() + ":\n"), o.name() + " under " + o.group().title() + ":\n" + help);
            String line = help.substring(at + 1, help.indexOf('\n', at + 1));
            assertTrue(line.contains("(default: " + o.defaultValue()), line);
            if (o.env() != null) {
                assertTrue(line.contains("$" + o.env()), line);
            }
        }
    }

    @Test
    void anUnknownOptionGetsTheClosestOnes() {
        assertEquals(List.of("--gpus"), DriverHelp.suggestions("--gpu"));
        assertEquals(List.of("--cpus"), DriverHelp.suggestions("--cpu=2"));
        assertEquals(List.of("--fbmem"), DriverHelp.suggestions("--fbmen"));
        assertEquals(List.of("--nodes"), DriverHelp.suggestions("--nodse"));
        assertEquals(List.of("--version"), DriverHelp.suggestions("--verison"));
        assertEquals(List.of("--show-progress"), DriverHelp.suggestions("--show-progres"));
        assertEquals(List.of(), DriverHelp.suggestions("--bogus"));
        assertEquals(List.of(), DriverHelp.suggestions("-x"));
        assertEquals("unknown option --gpu (did you mean --gpus?); legate --help lists the options", DriverHelp.unknown("--gpu"));
        assertEquals("unknown option --bogus; legate --help lists the options", DriverHelp.unknown("--bogus"));
    }

    @Test
    void editDistance() {
        assertEquals(0, DriverHelp.distance("--cpus", "--cpus"));
        assertEquals(1, DriverHelp.distance("--cpu", "--cpus"));
        assertEquals(2, DriverHelp.distance("--nodse", "--nodes"));
        assertEquals(6, DriverHelp.distance("", "--cpus"));
    }
}
