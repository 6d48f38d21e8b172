package legate.runtime.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.Expression;
import legate.runtime.backend.UnaryOp;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.Test;

/** When the CPU backend splits work across its threads: by the elements times what each costs. */
class CpuBackendTest {
    private static final int[] SHAPE = {10_000};

    private static Expression operand() { // a constant stands for the array: the cost counts operations, not operands
        return Expression.constant(2.0);
    }

    @Test
    void expensiveElementsAreSplitSoonerThanCheapOnes() {
        try (CpuBackend cpu = new CpuBackend(BackendConfig.cpus(2, 1L << 15))) {
            // 10,000 elements: an add or an exp alone stays on one thread (waking the pool costs more
            // than it saves), a power or a log of an exp is split
            assertFalse(cpu.splits(10_000, 1, BinaryOp.ADD.cost()));
            assertFalse(cpu.splits(10_000, 1, UnaryOp.EXP.cost()));
            assertTrue(cpu.splits(10_000, 1, BinaryOp.POW.cost()));
            Expression x = operand();
            Expression logExp = Expression.unary(UnaryOp.LOG, ElementType.FLOAT64, SHAPE,
                    Expression.unary(UnaryOp.EXP, ElementType.FLOAT64, SHAPE, x));
            assertTrue(cpu.splits(10_000, 1, new ExpressionLoop(logExp, List.of()).cost()));
            Expression mulAdd = Expression.binary(BinaryOp.ADD, ElementType.FLOAT64, SHAPE,
                    Expression.binary(BinaryOp.MUL, ElementType.FLOAT64, SHAPE, x, x), Expression.constant(1.0));
            assertEquals(4, new ExpressionLoop(mulAdd, List.of()).cost()); // two simple steps and the store's 2
            assertFalse(cpu.splits(10_000, 1, new ExpressionLoop(mulAdd, List.of()).cost()));
            // a polynomial of 12 simple steps (cnd's in black_scholes): each step is a pass over the
            // registers, and together they cost more than handing half to the pool
            Expression poly = x;
            for (int i = 0; i < 6; i++) {
                poly = Expression.binary(BinaryOp.ADD, ElementType.FLOAT64, SHAPE,
                        Expression.binary(BinaryOp.MUL, ElementType.FLOAT64, SHAPE, poly, x), Expression.constant(i));
            }
            assertEquals(14, new ExpressionLoop(poly, List.of()).cost());
            assertTrue(cpu.splits(10_000, 1, new ExpressionLoop(poly, List.of()).cost()));
            // cheap work is split from the threshold on, as before
            assertFalse(cpu.splits(32_767, 1, BinaryOp.ADD.cost()));
            assertTrue(cpu.splits(32_768, 1, BinaryOp.ADD.cost()));
            assertTrue(cpu.splits(128, 256, BinaryOp.ADD.cost()));
            assertFalse(cpu.splits(1, 1 << 20, BinaryOp.POW.cost())); // one row is never split
        }
        try (CpuBackend one = new CpuBackend(BackendConfig.cpus(1, 1L << 15))) {
            assertFalse(one.splits(1 << 20, 1, BinaryOp.POW.cost()));
        }
    }

    @Test
    void aSplitPowerGivesTheBitsOfOneThread() {
        double[] x = new double[10_000];
        double[] y = new double[10_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 + i * 1e-4;
            y[i] = 3.7 - i * 3e-4;
        }
        double[][] got = new double[2][];
        long[] thresholds = {1L << 40, 64}; // never split; split
        for (int t = 0; t < 2; t++) {
            try (CpuBackend cpu = new CpuBackend(BackendConfig.cpus(2, thresholds[t]))) {
                double[] out = new double[x.length];
                cpu.parallelRows(0, x.length, 1, BinaryOp.POW.cost(), (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        out[i] = BinaryOp.POW.apply(x[i], y[i]);
                    }
                });
                got[t] = out;
            }
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(StrictMath.pow(x[i], y[i]), got[0][i]);
        }
        assertArrayEquals(got[0], got[1]);
    }
}
