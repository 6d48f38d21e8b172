package legate.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed kernels match their sources, their PTX is accepted for sm_80 and sm_90, and each launch passes what its kernel takes. */
class KernelsTest {
    private static final Path MODULE = Path.of("").toAbsolutePath(); // surefire runs in the module's folder
    private static final Path RESOURCES = MODULE.resolve("src/main/resources/legate/gpu");
    private static final Path NVCC_DIR = Path.of("/usr/local/cuda/bin");

    private static String ptx() throws IOException {
        return Files.readString(RESOURCES.resolve("kernels.ptx"));
    }

    /** Each {@code .entry} of the PTX and its parameters' types, in order. */
    static Map<String, List<String>> entries(String ptx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("\\.entry (\\w+)\\(([^)]*)\\)").matcher(ptx);
        while (entry.find()) {
            List<String> types = new ArrayList<>();
            Matcher p = Pattern.compile("\\.param (?:\\.align \\d+ )?\\.(\\w+) \\w+(\\[\\d+\\])?").matcher(entry.group(2));
            while (p.find()) {
                types.add(p.group(1) + (p.group(2) == null ? "" : p.group(2)));
            }
            out.put(entry.group(1), types);
        }
        return out;
    }

    @Test
    void everyKernelsLaunchPassesWhatItsKernelTakes() throws IOException {
        Map<String, List<String>> java = new LinkedHashMap<>();
        for (Kernels k : Kernels.values()) {
            java.put(k.symbol(), k.params().stream().map(Kernels.Param::ptxType).toList());
        }
        assertEquals(java, entries(ptx()));
    }

    @Test
    void theKernelsArithmeticIsRoundedAsJavasIsNeverFused() throws IOException {
        // -fmad=false gives every multiply, add and subtract of the sources an explicit rounding
        // (.rn), which ptxas never contracts into a fused multiply-add. The fma.rn instructions
        // that remain are CUDA's math library's own (sin, cos, pow).
        for (String ptx : List.of(ptx(), Files.readString(RESOURCES.resolve("functions.ptx")))) {
            for (String plain : List.of("mul.f64", "add.f64", "sub.f64", "mul.f32", "add.f32", "sub.f32")) {
                assertFalse(ptx.contains("\t" + plain + " "), "a contractible " + plain + " would give other bits than the CPU backend");
            }
            assertTrue(ptx.contains("mul.rn.f64") && ptx.contains("add.rn.f64") && ptx.contains("sub.rn.f64"));
        }
    }

    @Test
    void noFunctionIsNamedAfterWhereItWasBuilt() throws IOException {
        // nvcc names a static function that stays out of line _INTERNAL_<hash of the build's paths>_...: kernels built from
        // another checkout would be other bytes, and a clean clone's KernelsTest would fail
        Matcher internal = Pattern.compile("_INTERNAL_\\w+").matcher(ptx());
        assertFalse(internal.find(), () -> "a path-dependent name in the PTX (make the function not static): " + internal.group());
        Matcher functions = Pattern.compile("_INTERNAL_\\w+|__nv_static_\\w+").matcher(Files.readString(RESOURCES.resolve("functions.ptx")));
        assertFalse(functions.find(), () -> "a path-dependent name in functions.ptx (give it external linkage): " + functions.group());
    }

    @Test
    void theCommittedKernelsWereBuiltFromTheseSources() throws Exception {
        byte[] source = concat(concat(concat(Files.readAllBytes(MODULE.resolve("src/main/cuda/lg_math.h")), Files.readAllBytes(MODULE.resolve("src/main/cuda/eval.h"))),
                Files.readAllBytes(MODULE.resolve("src/main/cuda/eval.cu"))), Files.readAllBytes(MODULE.resolve("src/main/cuda/functions.cu")));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
        assertEquals(hash, Files.readString(RESOURCES.resolve("kernels.sources.sha256")).strip(),
                "gpu/src/main/cuda changed: run gpu/build-kernels.sh and commit its output");
        assertArrayEquals(Files.readAllBytes(RESOURCES.resolve("kernels.fatbin")), Kernels.fatbin());
    }

    @Test
    void withThisNvccTheSourcesCompileToTheCommittedBytes(@TempDir Path out) throws Exception {
        Path nvcc = NVCC_DIR.resolve("nvcc");
        Assumptions.assumeTrue(Files.isExecutable(nvcc), "no nvcc at " + nvcc + ": the committed kernels are used as they are");
        String version = run(List.of(nvcc.toString(), "--version"), Map.of()).lines().filter(l -> l.contains("release")).findFirst().orElse("");
        String committed = Files.readString(RESOURCES.resolve("kernels.nvcc-version")).strip();
        Assumptions.assumeTrue(version.equals(committed), "this nvcc (" + version + ") is not the one the kernels were built with ("
                + committed + "): its bytes may differ");
        run(List.of(MODULE.resolve("build-kernels.sh").toString(), out.toString()), Map.of("NVCC", nvcc.toString()));
        for (String f : List.of("kernels.fatbin", "kernels.ptx", "functions.ptx", "kernels.sources.sha256")) {
            assertTrue(Arrays.equals(Files.readAllBytes(RESOURCES.resolve(f)), Files.readAllBytes(out.resolve(f))),
                    f + " differs from what gpu/build-kernels.sh makes of the sources: run it and commit its output");
        }
    }

    @Test
    void ptxasAcceptsThePtxForAmpereAndHopper(@TempDir Path out) throws Exception {
        Path ptxas = NVCC_DIR.resolve("ptxas");
        Assumptions.assumeTrue(Files.isExecutable(ptxas), "no ptxas at " + ptxas);
        for (String arch : List.of("sm_80", "sm_90")) {
            run(List.of(ptxas.toString(), "-arch=" + arch, "-o", out.resolve(arch + ".cubin").toString(),
                    RESOURCES.resolve("kernels.ptx").toString()), Map.of());
            assertTrue(Files.size(out.resolve(arch + ".cubin")) > 0, arch);
        }
    }

    @Test
    void lgMathsTablesAreTranscendentals() throws Exception {
        // the C copy of the CPU's exp and log tables, entry for entry (hexadecimal literals: exact)
        String header = Files.readString(MODULE.resolve("src/main/cuda/lg_math.h"));
        for (String name : List.of("EXP_HI", "EXP_LO", "LOG_C_HI", "LOG_C_LO", "LOG_INV_C")) {
            java.lang.reflect.Field f = legate.runtime.backend.Transcendental.class.getDeclaredField(name);
            f.setAccessible(true);
            double[] cpu = (double[]) f.get(null);
            Matcher m = Pattern.compile("LG_TABLE double lg_" + name.toLowerCase(java.util.Locale.ROOT) + "\\[(\\d+)\\] = \\{([^}]*)\\};").matcher(header);
            assertTrue(m.find(), "lg_math.h has the table " + name);
            String[] entries = m.group(2).strip().split("\\s*,\\s*");
            assertEquals(cpu.length, Integer.parseInt(m.group(1)), name);
            assertEquals(cpu.length, entries.length - (entries[entries.length - 1].isEmpty() ? 1 : 0), name);
            for (int i = 0; i < cpu.length; i++) {
                assertEquals(Double.doubleToRawLongBits(cpu[i]), Double.doubleToRawLongBits(Double.parseDouble(entries[i].strip())), name + "[" + i + "]");
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + text);
        return text;
    }

    @Test
    void theLaunchSizesTheEvalGridByTheElementsEachThreadTakes() throws IOException {
        Matcher lanes = Pattern.compile("#define LG_LANES (\\d+)").matcher(Files.readString(MODULE.resolve("src/main/cuda/eval.h")));
        assertTrue(lanes.find(), "eval.h defines LG_LANES");
        assertEquals(Integer.parseInt(lanes.group(1)), Kernels.EVAL.perThread(), "legate_eval takes LG_LANES elements a thread");
        assertEquals(1, Kernels.EVAL_SINGLE.perThread());
        assertEquals(1, Kernels.REDUCE_BLOCKS.perThread());
        Matcher tile = Pattern.compile("#define LG_TILE (\\d+)").matcher(Files.readString(MODULE.resolve("src/main/cuda/eval.h")));
        assertTrue(tile.find(), "eval.h defines LG_TILE");
        int t = Integer.parseInt(tile.group(1));
        assertEquals(Kernels.MATMUL_TILE, t, "GpuBackend.matmul counts tiles of Kernels.MATMUL_TILE");
        assertEquals(Kernels.BLOCK_THREADS, t * t, "legate_matmul's blocks are one tile of LG_TILE x LG_TILE threads");
        Matcher blocked = Pattern.compile("#define LG_BTILE (\\d+)").matcher(Files.readString(MODULE.resolve("src/main/cuda/eval.h")));
        assertTrue(blocked.find(), "eval.h defines LG_BTILE");
        assertEquals(Kernels.MATMUL_BLOCKED_TILE, Integer.parseInt(blocked.group(1)), "GpuBackend.matmul counts tiles of Kernels.MATMUL_BLOCKED_TILE");
    }
}
