package legate.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegateJupyterTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        return runWith(Map.of("JUPYTER_DATA_DIR", tmp.resolve("data").toString()), args);
    }

    Run runWith(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LegateJupyter.run(args, env, tmp.resolve("lib"), false, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    JsonNode kernelJson(String dir) throws Exception {
        return new ObjectMapper().readTree(tmp.resolve("data/kernels").resolve(dir).resolve("kernel.json").toFile());
    }

    @Test
    void installsIntoTheUserDataDirWithTheContractsKernelJson() throws Exception {
        Run r = run("--name", "My_Kernel", "--display-name", "Java (test)");
        assertEquals(0, r.code(), r.err());
        assertEquals("Jupyter kernel spec My_Kernel (Java (test)) has been installed\n", r.out());
        JsonNode k = kernelJson("my_kernel");
        List<String> argv = new ObjectMapper().convertValue(k.get("argv"), List.class);
        assertTrue(Path.of(argv.get(0)).isAbsolute() && argv.get(0).endsWith("/bin/java"), argv.get(0));
        assertEquals(List.of("-cp", tmp.resolve("lib").toAbsolutePath() + "/*", "legate.kernel.Main", "-f", "{connection_file}"),
                argv.subList(argv.size() - 5, argv.size()));
        assertEquals("Java (test)", k.get("display_name").asText());
        assertEquals("java", k.get("language").asText());
        assertEquals("message", k.get("interrupt_mode").asText());
        assertEquals("My_Kernel", k.at("/env/__LEGATE_JUPYTER_KERNEL_SPEC__").asText());
        assertEquals(4, k.at("/metadata/legate/core/cpus").asInt());
        assertEquals(4000, k.at("/metadata/legate/memory/sysmem").asInt());
        int heap = argv.indexOf("-Xmx5024m");
        assertTrue(heap > 0, "the heap holds --sysmem of arrays and 1 GB more: " + argv);
        assertEquals("-XX:MaxNewSize=128m", argv.get(heap + 1), "its young generation is capped: " + argv);
        assertEquals(50, k.at("/metadata/legate/memory/eager_alloc").asInt());
        assertEquals("none", k.at("/metadata/legate/multi_node/launcher").asText());
        assertFalse(k.at("/metadata/legate/multi_node/not_control_replicable").asBoolean());
    }

    @Test
    void withALauncherKernelJsonRunsItUnderLegateLaunchAndWarnsWhenItIsNotOnPath() throws Exception {
        Path wrapper = tmp.resolve("bin").resolve("legate-launch");
        Files.createDirectories(wrapper.getParent());
        Files.writeString(wrapper, "#!/bin/sh\n");
        wrapper.toFile().setExecutable(true);
        Run r = run("--name", "n2", "--nodes", "2", "--launcher", "srun", "--launcher-extra", "-p", "--launcher-extra", "gpu");
        assertEquals(0, r.code(), r.err());
        List<String> argv = new ObjectMapper().convertValue(kernelJson("n2").get("argv"), List.class);
        assertEquals(List.of(wrapper.toAbsolutePath().toString(), "srun", "-n", "2", "--ntasks-per-node", "1", "--nodes", "2",
                "--cpu-bind=none", "-p", "gpu"), argv.subList(0, 11));
        assertTrue(argv.get(11).endsWith("/bin/java"), argv.toString());
        assertEquals("warning: --launcher srun: srun is not on PATH here; the kernel runs it to start its ranks, so it must be on PATH "
                + "where Jupyter starts the kernel\n", r.err());
        // every rank on one machine: rank 0's host is loopback
        run("--name", "n1", "--ranks-per-node", "2", "--launcher", "srun");
        List<String> local = new ObjectMapper().convertValue(kernelJson("n1").get("argv"), List.class);
        assertEquals(List.of(wrapper.toAbsolutePath().toString(), "--local", "srun"), local.subList(0, 3));
        assertFalse(argv.contains("-Dlegate.noReplicate=true"), argv.toString());
        // --no-replicate is on every rank's command line: ranks on other hosts cannot read kernel.json
        run("--name", "n4", "--nodes", "2", "--launcher", "mpirun", "--no-replicate");
        List<String> norepl = new ObjectMapper().convertValue(kernelJson("n4").get("argv"), List.class);
        assertTrue(norepl.indexOf("-Dlegate.noReplicate=true") > norepl.indexOf("env"), norepl.toString());
    }

    @Test
    void aMissingLegateLaunchIsSaid() throws Exception {
        Run r = run("--name", "n3", "--nodes", "2", "--launcher", "mpirun");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("bin/legate-launch is missing; the kernel runs its launcher through it"), r.err());
    }

    @Test
    void defaultNameAndVerboseOutput() throws Exception {
        Run r = run("-v");
        assertEquals(0, r.code());
        assertEquals("Wrote kernel spec file legate_sm_gpu/kernel.json\n\nJupyter kernel spec Legate_SM_GPU (Legate_SM_GPU) has been installed\n",
                r.out());
        Run vv = run("-vv", "--name", "k2");
        assertTrue(vv.out().contains("\"interrupt_mode\" : \"message\""), vv.out());
        assertTrue(vv.out().endsWith("Jupyter kernel spec k2 (k2) has been installed\n"));
    }

    @Test
    void existingSpecNeedsForce() throws Exception {
        assertEquals(0, run("--name", "dup").code());
        Run again = run("--name", "dup", "--display-name", "second");
        assertEquals(1, again.code());
        assertEquals("ERROR: kernel spec 'dup' already exists. Remove it by running: 'jupyter kernelspec uninstall dup', "
                + "or choose a new kernel name.\n", again.err());
        assertEquals("dup", kernelJson("dup").get("display_name").asText());
        assertEquals(0, run("--name", "dup", "--display-name", "second", "--force").code());
        assertEquals("second", kernelJson("dup").get("display_name").asText());
    }

    @Test
    void prefixInstallsUnderShareJupyterKernels() throws Exception {
        Run r = run("--name", "p", "--prefix", tmp.resolve("env").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("env/share/jupyter/kernels/p/kernel.json")));
        assertFalse(Files.exists(tmp.resolve("data")));
    }

    @Test
    void badInputIsRefusedWithUsageAndExitTwoAndNothingWritten() {
        for (String[] args : List.of(new String[] {"--cpu", "2"}, new String[] {"--nam", "x"}, new String[] {"--name", "a b"},
                new String[] {"--name", "ü"}, new String[] {"--name"})) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            String[] lines = r.err().split("\n");
            assertTrue(lines[0].startsWith("usage: legate-jupyter "), r.err());
            assertTrue(lines[lines.length - 1].startsWith("legate-jupyter: error: "), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertEquals("", r.out());
        }
        assertFalse(Files.exists(tmp.resolve("data")));
    }

    @Test
    void unwritablePrefixIsAClearError() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Run r = run("--name", "k", "--prefix", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cannot write the kernel spec to " + file), r.err());
    }

    @Test
    void installsUnderXdgDataHomeWhenJupyterDataDirIsNotSet() throws Exception {
        Run r = runWith(Map.of("XDG_DATA_HOME", tmp.resolve("xdg").toString(), "HOME", tmp.resolve("home").toString()), "--name", "x");
        assertEquals(0, r.code(), r.err());
        Path file = tmp.resolve("xdg/jupyter/kernels/x/kernel.json");
        assertTrue(Files.isRegularFile(file));
        List<String> argv = new ObjectMapper().convertValue(new ObjectMapper().readTree(file.toFile()).get("argv"), List.class);
        assertTrue(argv.contains("-Dlegate.kernelspec=" + file.toAbsolutePath()), argv.toString());
        assertFalse(Files.exists(tmp.resolve("home")));
    }

    @Test
    void sysPrefixInstallsUnderThePrefixOfThePythonThatRunsJupyter() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path python = executable(bin.resolve("python"), "#!/bin/sh\necho " + tmp.resolve("conda") + "\n");
        executable(bin.resolve("jupyter"), "#!" + python + "\n");
        Run r = runWith(Map.of("PATH", bin.toString(), "JUPYTER_DATA_DIR", tmp.resolve("data").toString()), "--name", "s", "--sys-prefix");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("conda/share/jupyter/kernels/s/kernel.json")));
        assertFalse(Files.exists(tmp.resolve("data")));
    }

    static Path executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void theTrainingRunMakesAnAotCacheFromJdk25OnAndAClassDataArchiveBefore() {
        assertEquals(CdsArchive.Kind.CDS, CdsArchive.Kind.of(17));
        assertEquals(CdsArchive.Kind.CDS, CdsArchive.Kind.of(24));
        assertEquals(CdsArchive.Kind.AOT, CdsArchive.Kind.of(25));
        assertEquals(CdsArchive.Kind.AOT, CdsArchive.Kind.of(26));
        assertEquals("-XX:AOTCacheOutput=", CdsArchive.Kind.AOT.write);
        assertEquals("-XX:AOTCache=", CdsArchive.Kind.AOT.read);
        assertEquals("-XX:ArchiveClassesAtExit=", CdsArchive.Kind.CDS.write);
        assertEquals("-XX:SharedArchiveFile=", CdsArchive.Kind.CDS.read);
    }

    @Test
    void onJdk23AndLaterHazelcastMayUseUnsafesMemoryAccessWithoutAWarning() {
        assertFalse(KernelSpecWriter.hazelcastAccess(17).contains("--sun-misc-unsafe-memory-access=allow"));
        assertFalse(KernelSpecWriter.hazelcastAccess(22).contains("--sun-misc-unsafe-memory-access=allow"));
        List<String> access = KernelSpecWriter.hazelcastAccess(25);
        assertEquals("--sun-misc-unsafe-memory-access=allow", access.get(access.size() - 1));
        assertEquals(KernelSpecWriter.hazelcastAccess(17), access.subList(0, access.size() - 1));
    }

    @Test
    void archivesAreKeptUnderTheUsersCacheFolder() {
        assertEquals(Path.of("/x/cache", "legate", "class-data"), CdsArchive.cacheRoot(Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/h")));
        assertEquals(Path.of("/h", ".cache", "legate", "class-data"), CdsArchive.cacheRoot(Map.of("XDG_CACHE_HOME", "rel", "HOME", "/h")));
        assertEquals(null, CdsArchive.cacheRoot(Map.of()));
    }

    @Test
    void theDriversPointerNamesTheCachedArchiveForItsJarsAndJava(@TempDir Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path lib = Files.createDirectories(tmp.resolve("dist/lib"));
        Files.createDirectories(tmp.resolve("dist/bin"));
        Path cache = tmp.resolve("cache");
        Path cached = Files.createDirectories(cache.resolve("0123456789abcdef")).resolve("legate-kernel.jsa");
        Files.writeString(cached, "archive");
        CdsArchive archive = new CdsArchive(tmp.resolve("kernel/legate-kernel.jsa"), CdsArchive.Kind.CDS, cached);
        Path pointer = archive.pointDriver(cache, java, tmp.resolve("dist/bin/../lib"));
        // bin/legate's name for it: printf '%s' "$lib:$real" | tr / %, with both real paths
        String name = (lib.toRealPath() + ":" + java.toRealPath()).replace('/', '%');
        assertEquals(cache.resolve("driver").resolve(name), pointer);
        assertEquals(cached.toAbsolutePath() + "\n", Files.readString(pointer));
        assertEquals(List.of(name), Files.list(cache.resolve("driver")).map(p -> p.getFileName().toString()).toList(), "a .part left behind");
        // the pointer is only written to a cache that holds the archive
        assertEquals(null, new CdsArchive(archive.file(), CdsArchive.Kind.CDS, null).pointDriver(cache, java, lib));
        assertEquals(null, archive.pointDriver(null, java, lib));
        // nor is a cache entry pruned for it: the driver/ folder is not an entry
        CdsArchive.prune(cache, cached.getParent(), 1);
        assertTrue(Files.exists(pointer));
    }

    @Test
    void anArchivesKeyChangesWithAnyJarTheJavaOrTheOptionsAndNothingElse(@TempDir Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(lib.resolve("a.jar"), "aaaa");
        Files.writeString(lib.resolve("b.jar"), "bb");
        Files.writeString(lib.resolve("notes.txt"), "not on the classpath");
        List<String> options = List.of("-Djava.awt.headless=true", "-cp", lib + "/*", "legate.kernel.CdsTraining");
        String key = CdsArchive.key(java, options, lib + "/*");
        assertTrue(key.matches("[0-9a-f]{16}"), key);
        assertEquals(key, CdsArchive.key(java, options, lib + "/*"));
        Files.writeString(lib.resolve("notes.txt"), "changed");
        assertEquals(key, CdsArchive.key(java, options, lib + "/*"), "a file the JVM does not load");
        Files.setLastModifiedTime(lib.resolve("a.jar"), FileTime.fromMillis(1_000_000));
        String touched = CdsArchive.key(java, options, lib + "/*");
        assertFalse(key.equals(touched), "a rebuilt jar");
        Files.writeString(lib.resolve("c.jar"), "c");
        assertFalse(touched.equals(CdsArchive.key(java, options, lib + "/*")), "one jar more");
        assertFalse(touched.equals(CdsArchive.key(java, List.of("-Xmx1g"), lib + "/*")), "other training options");
        assertFalse(touched.equals(CdsArchive.key(java, options, lib.resolve("a.jar").toString())), "another classpath");
    }

    @Test
    void theCacheKeepsTheEntryInUseAndTheMostRecentlyUsedOthers(@TempDir Path tmp) throws Exception {
        List<Path> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path e = Files.createDirectories(tmp.resolve("%016x".formatted(0xabc0 + i)));
            Files.writeString(e.resolve("legate-kernel.jsa"), "archive " + i);
            Files.writeString(e.resolve("legate-kernel.jsa.123.part"), "stopped");
            Files.setLastModifiedTime(e, FileTime.fromMillis(1_000_000L * (i + 1)));
            entries.add(e);
        }
        Path mine = Files.createDirectories(tmp.resolve("not-an-entry"));
        CdsArchive.prune(tmp, entries.get(0), 3); // the oldest is the one in use
        assertTrue(Files.exists(entries.get(0).resolve("legate-kernel.jsa")));
        assertTrue(Files.exists(entries.get(4)) && Files.exists(entries.get(3)));
        assertFalse(Files.exists(entries.get(2)) || Files.exists(entries.get(1)));
        assertTrue(Files.isDirectory(mine), "only entries are removed");
    }
}
