package legate.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CellSourceTest {
    static CellSource.Openings o(String code) {
        return CellSource.openings(code);
    }

    @Test
    void bracketsOutsideCommentsAndLiteralsCount() {
        assertEquals(new CellSource.Openings(1, false), o("for (int i = 0; i < 3; i++) {"));
        assertEquals(new CellSource.Openings(0, false), o("int[] a = {1, 2};\nf(a[0]);"));
        assertEquals(new CellSource.Openings(-1, false), o(")"));
        assertEquals(new CellSource.Openings(2, false), o("void f() {\n  if (x) {"));
    }

    @Test
    void bracketsInCommentsStringsCharsAndTextBlocksDoNot() {
        assertEquals(new CellSource.Openings(0, false), o("String s = \"{ ( [\"; // {\nchar c = '{';"));
        assertEquals(new CellSource.Openings(0, false), o("String e = \"a \\\" {\";"));
        assertEquals(new CellSource.Openings(0, false), o("/* { */ int x = 1;"));
        assertEquals(new CellSource.Openings(0, false), o("String t = \"\"\"\n  { \\\"\"\" (\n  \"\"\";"));
    }

    @Test
    void anUnclosedCommentOrTextBlockContinues() {
        assertEquals(new CellSource.Openings(0, true), o("/* a comment that goes on"));
        assertEquals(new CellSource.Openings(1, true), o("f(\"\"\"\n text"));
        // an unclosed string ends at its line, as javac reports it: not a continuation
        assertEquals(new CellSource.Openings(0, false), o("String s = \"oops;\nint y = 2;"));
    }
}
