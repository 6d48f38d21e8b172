package legate.kernel.jshell;

import java.util.List;

/**
 * What rank 0's JShell asked of its execution control, for the other ranks to do the same in the
 * same order without compiling anything: a segment (one Java evaluation of a cell) begins, class
 * bytes are loaded, a snippet method runs or a variable is shown, a snippet's origin is known, the
 * segment ends with rank 0's outcome.
 */
public sealed interface ControlOp {
    /** A segment begins: {@code kind} is what the cell asked for ({@code "execute"}, {@code "loadClass"}). */
    record Begin(String kind) implements ControlOp {
    }

    /** Classes JShell loaded, as javac wrote them (each rank applies the System.exit guard itself). */
    record Load(List<NamedClass> classes) implements ControlOp {
        public Load {
            classes = List.copyOf(classes);
        }
    }

    /** One class's name and bytes. */
    record NamedClass(String name, byte[] bytes) {
    }

    /**
     * A snippet's code runs: {@code invoke(className, member)} (its do_it$ method), or, with
     * {@code varValue}, the value of variable {@code member} is made a string (its toString runs).
     * With {@code valueUnused} (nothing shows the value: the piece ends with ';'), the value is not
     * made a string, on any rank: an array's toString is collective.
     */
    record Execute(boolean varValue, String className, String member, boolean valueUnused) implements ControlOp {
        public Execute(boolean varValue, String className, String member) {
            this(varValue, className, member, false);
        }
    }

    /**
     * Where snippet {@code snippetId} came from, so errors on any rank name the cell and line: its
     * cell and first line there, its wrapper class, and which line of the snippet each line of
     * the wrapper's source holds (pairs: wrapper line from 0, snippet line from 1), to which the
     * line numbers of that class's frames refer.
     */
    record Origin(String snippetId, String cell, int firstLine, String wrapperClass, int[] wrapperLines) implements ControlOp {
        /** The snippet's line that line {@code wrapperLine} (from 1, as in a frame) of its wrapper holds; 1 when none does. */
        public int snippetLine(int wrapperLine) {
            int best = -1;
            int line = 1;
            for (int i = 0; i + 1 < wrapperLines.length; i += 2) {
                int w = wrapperLines[i];
                if (w <= wrapperLine - 1 && w > best) {
                    best = w;
                    line = wrapperLines[i + 1];
                }
            }
            return line;
        }
    }

    /**
     * The segment ended on rank 0. When it failed, {@code ranHere} says whether running code on
     * rank 0 failed (another rank may have run it without error) or it failed before running (a
     * compilation error, an interrupt: the same on every rank).
     */
    record End(boolean failed, boolean ranHere, String ename, String evalue, List<String> traceback) implements ControlOp {
        public End {
            traceback = traceback == null ? List.of() : List.copyOf(traceback);
        }

        /** How a segment that ended with {@code outcome} ends for the other ranks. */
        public static End of(legate.kernel.protocol.ExecuteOutcome outcome, boolean ranHere) {
            return outcome instanceof legate.kernel.protocol.ExecuteOutcome.Failure f
                    ? new End(true, ranHere, f.ename(), f.evalue(), f.traceback()) : new End(false, false, null, null, List.of());
        }
    }

    /** Rank 0 has finished the cell: nothing more of it will come (a rank still waiting for a segment is out of step). */
    record Over() implements ControlOp {
    }
}
