package legate.kernel.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import legate.kernel.jshell.CellErrors;
import legate.kernel.jshell.ControlOp;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.runtime.cluster.CellOutcome;
import org.junit.jupiter.api.Test;

class ControlOpCodecTest {
    private static ControlOp roundTrip(ControlOp op) {
        return ControlOpCodec.decode(ControlOpCodec.encode(op));
    }

    @Test
    void everyOperationComesBackAsSent() {
        assertEquals(new ControlOp.Begin("loadClass"), roundTrip(new ControlOp.Begin("loadClass")));
        assertEquals(new ControlOp.Execute(true, "REPL.$JShell$12", "x"), roundTrip(new ControlOp.Execute(true, "REPL.$JShell$12", "x")));
        assertEquals(new ControlOp.Execute(false, "REPL.$JShell$13", "do_it$", true),
                roundTrip(new ControlOp.Execute(false, "REPL.$JShell$13", "do_it$", true)));
        ControlOp.End end = new ControlOp.End(true, false, "CompilationError", "ünïcode ✓", List.of("line 1: x", "   ^"));
        assertEquals(end, roundTrip(end));
        assertEquals(new ControlOp.End(false, false, null, null, List.of()), roundTrip(new ControlOp.End(false, false, null, null, null)));
        assertInstanceOf(ControlOp.Over.class, roundTrip(new ControlOp.Over()));

        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 0xCA);
        ControlOp.Load load = (ControlOp.Load) roundTrip(new ControlOp.Load(List.of(new ControlOp.NamedClass("REPL.$JShell$3", big),
                new ControlOp.NamedClass("REPL.$JShell$3$Point", new byte[] {1, 2, 3}))));
        assertEquals(List.of("REPL.$JShell$3", "REPL.$JShell$3$Point"), load.classes().stream().map(ControlOp.NamedClass::name).toList());
        assertArrayEquals(big, load.classes().get(0).bytes());
        assertArrayEquals(new byte[] {1, 2, 3}, load.classes().get(1).bytes());

        ControlOp.Origin o = (ControlOp.Origin) roundTrip(new ControlOp.Origin("7", "cell [2]", 3, "REPL.$JShell$7", new int[] {30, 1, 34, 2}));
        assertEquals(List.of("7", "cell [2]", 3, "REPL.$JShell$7"), List.of(o.snippetId(), o.cell(), o.firstLine(), o.wrapperClass()));
        assertArrayEquals(new int[] {30, 1, 34, 2}, o.wrapperLines());
    }

    @Test
    void aFrameLineIsTheSnippetLineItsWrapperLineHolds() {
        ControlOp.Origin o = new ControlOp.Origin("7", "cell [2]", 3, "REPL.$JShell$7", new int[] {30, 1, 34, 2, 20, 1});
        assertEquals(1, o.snippetLine(21)); // wrapper line 20 from 0: the declaration, moved up
        assertEquals(1, o.snippetLine(31));
        assertEquals(1, o.snippetLine(33)); // generated lines between: the snippet line before them
        assertEquals(2, o.snippetLine(35));
        assertEquals(1, o.snippetLine(5)); // above every snippet line
    }

    @Test
    void bytesThatAreNoOperationSayWhatWasWrong() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ControlOpCodec.decode(new byte[] {42}));
        assertTrue(e.getMessage().contains("could not decode a control operation from rank 0 (1 bytes): unknown operation 42"), e.getMessage());
        byte[] truncated = Arrays.copyOf(ControlOpCodec.encode(new ControlOp.Begin("execute")), 6);
        assertThrows(IllegalStateException.class, () -> ControlOpCodec.decode(truncated));
    }

    @Test
    void aRankThatStoppedBecauseTheCellFailedElsewhereIsNotNamedAsFailing() {
        Failure rank1 = new Failure("java.lang.IllegalStateException", "only here", List.of("java.lang.IllegalStateException: only here"));
        Failure rank0 = new Failure(CellErrors.FAILED_ELSEWHERE, "the cell failed on rank 1: ...", List.of());
        ExecuteOutcome merged = ReplicatedInterpreter.merge(rank0,
                List.of(new CellOutcome(5, 1, false, rank1.ename(), rank1.evalue(), rank1.traceback()),
                        new CellOutcome(5, 2, false, CellErrors.FAILED_ELSEWHERE, "the cell failed on rank 0", List.of())), 3);
        Failure f = assertInstanceOf(Failure.class, merged);
        assertEquals("only here (on rank 1)", f.evalue());
        assertEquals(List.of("java.lang.IllegalStateException: only here", "(on rank 1 of 3)"), f.traceback());
        Failure interrupted = assertInstanceOf(Failure.class, ReplicatedInterpreter.merge(rank0,
                List.of(new CellOutcome(6, 1, false, "Interrupted", "the cell was interrupted", List.of())), 2));
        assertEquals("Interrupted", interrupted.ename(), "stopped by an interrupt elsewhere, and no rank failed of its own");
    }
}
