package legate.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import legate.runtime.config.LegateConfig.MultiNodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchersTest {
    @Test
    void mpirunStartsEveryRankWithTheExtrasAndPassesTheNamedVariables() {
        var multi = new MultiNodeConfig(2, 3, false, "mpirun", List.of("--hostfile", "hosts"));
        assertEquals(List.of("mpirun", "-n", "6", "--npernode", "3", "--bind-to", "none", "--enable-recovery", "-x", "A",
                "--hostfile", "hosts", "env"), Launchers.prefix(multi, List.of("A")));
    }

    @Test
    void srunAndJsrun() {
        assertEquals(List.of("srun", "-n", "4", "--ntasks-per-node", "2", "--nodes", "2", "--cpu-bind=none", "-p", "gpu"),
                Launchers.prefix(new MultiNodeConfig(2, 2, false, "srun", List.of("-p", "gpu")), List.of("A")));
        assertEquals(List.of("jsrun", "-n", "2", "-r", "1", "-a", "1", "-b", "none", "-E", "A"),
                Launchers.prefix(new MultiNodeConfig(2, 1, false, "jsrun", List.of()), List.of("A")));
    }

    @Test
    void noneHasNoPrefixAndAnUnknownLauncherIsRefused() {
        assertEquals(List.of(), Launchers.prefix(new MultiNodeConfig(1, 2, false, "none", List.of()), List.of("A")));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Launchers.prefix(new MultiNodeConfig(1, 2, false, "qsub", List.of()), List.of()));
        assertTrue(e.getMessage().contains("qsub"), e.getMessage());
    }

    @Test
    void eachLauncherTellsTheRankAndTheJob() {
        assertEquals(new RankEnvironment(1, 2, "mpirun"), RankEnvironment.from(Map.of("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "2")));
        assertEquals(new RankEnvironment(3, 4, "srun"), RankEnvironment.from(Map.of("SLURM_PROCID", "3", "SLURM_NTASKS", "4")));
        assertEquals(new RankEnvironment(0, 1, "none"), RankEnvironment.from(Map.of("SLURM_PROCID", "4", "SLURM_NTASKS", "4")));
        assertEquals("42", RankEnvironment.job(Map.of("OMPI_MCA_ess_base_jobid", "42", "PMIX_NAMESPACE", "x")));
        assertEquals("7.0", RankEnvironment.job(Map.of("SLURM_JOB_ID", "7", "SLURM_STEP_ID", "0")));
        assertEquals("", RankEnvironment.job(Map.of("SLURM_JOB_ID", "7")));
    }

    @Test
    void theRendezvousIsPrivateAndReadBackByTheSameJob(@TempDir Path dir) throws Exception {
        Path file = Rendezvous.besideConnectionFile(dir.resolve("kernel-1.json"));
        assertEquals(dir.resolve("kernel-1.json.legate-ranks"), file);
        Rendezvous written = Rendezvous.create("10.0.0.5:5701", "job-9");
        assertTrue(written.clusterName().matches("legate-[0-9a-f]{32}"), written.clusterName());
        assertTrue(!written.clusterName().equals(Rendezvous.create("x:1", "").clusterName()));
        written.write(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(written, Rendezvous.await(file, "job-9", Instant.now(), Duration.ofSeconds(1)));
    }

    @Test
    void aRendezvousOfAnotherJobIsNotTakenAndWaitingEndsWithAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.json.legate-ranks");
        Rendezvous.create("127.0.0.1:1", "old-job").write(file);
        var e = assertThrows(IOException.class, () -> Rendezvous.await(file, "new-job", Instant.now(), Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("rank 0 did not say where it listens") && e.getMessage().contains("job old-job"), e.getMessage());
        // without a job id, age decides: a file from long before this rank started is a leftover
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        assertThrows(IOException.class, () -> Rendezvous.await(file, "", Instant.now(), Duration.ofMillis(100)));
        Rendezvous fresh = Rendezvous.create("127.0.0.1:2", "");
        fresh.write(file);
        assertEquals(fresh, Rendezvous.await(file, "", Instant.now(), Duration.ofSeconds(1)));
    }

    @Test
    void aRankWaitsForRank0ToWrite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("late.legate-ranks");
        Rendezvous r = Rendezvous.create("127.0.0.1:3", "j");
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(150);
                r.write(file);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        assertEquals(r, Rendezvous.await(file, "j", Instant.now(), Duration.ofSeconds(5)));
        writer.join();
    }
}
