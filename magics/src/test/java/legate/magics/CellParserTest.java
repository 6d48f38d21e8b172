package legate.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellParserTest {
    /** Java counts as complete when its braces balance and it ends with ; or } (enough for parsing tests). */
    static boolean complete(String java) {
        String t = java.strip();
        return t.chars().filter(c -> c == '{').count() == t.chars().filter(c -> c == '}').count()
                && (t.endsWith(";") || t.endsWith("}"));
    }

    static List<CellParser.Segment> parse(String cell) throws MagicException {
        return CellParser.parse(cell, CellParserTest::complete);
    }

    @Test
    void aCellMagicTakesTheRestOfTheCell() throws MagicException {
        assertEquals(List.of(new CellParser.Call(Magic.Form.CELL, "bash", "-x", "echo 1\n%time x", 2, false)),
                parse("\n%%bash -x\necho 1\n%time x"));
    }

    @Test
    void lineMagicsSplitTheJavaAroundThemAndKeepLines() throws MagicException {
        assertEquals(List.of(new CellParser.Java("int a = 1;", 1),
                        new CellParser.Call(Magic.Form.LINE, "time", "a + 1", null, 2, false),
                        new CellParser.Java("int b = 2;\nb", 4)),
                parse("int a = 1;\n%time a + 1\n\nint b = 2;\nb"));
    }

    @Test
    void aPercentLineInsideIncompleteJavaIsJava() throws MagicException {
        assertEquals(List.of(new CellParser.Java("int m = 5\n    %modulo;", 1)), parse("int m = 5\n    %modulo;"));
    }

    @Test
    void helpAndMisplacedCellMagics() throws MagicException {
        assertEquals(List.of(new CellParser.Call(Magic.Form.LINE, "timeit", "", null, 1, true)), parse("%timeit?"));
        MagicException e = assertThrows(MagicException.class, () -> parse("int a = 1;\n%%bash\nls"));
        assertEquals("Cell magic %%bash must be the first line of the cell", e.getMessage());
    }

    @Test
    void quickCheckForMagics() {
        assertTrue(CellParser.mayHaveMagics("int a;\n  %time 1"));
        assertFalse(CellParser.mayHaveMagics("int a = 5 % 3;\nString s = \"%d\";"));
    }

    @Test
    void argsSplitLikeAShell() throws MagicException {
        assertEquals(List.of("-a", "my file.txt", "x"), Args.split(" -a 'my file.txt'  x "));
        assertEquals(List.of("", "b"), Args.split("\"\" b"));
        assertThrows(MagicException.class, () -> Args.split("'open"));
    }
}
