package legate.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import legate.runtime.config.LegateConfig.MultiNodeConfig;
import org.junit.jupiter.api.Test;

class LaunchersTest {
    @Test
    void mpirunStartsEveryRankWithTheExtrasAndPassesTheNamedVariables() {
        var multi = new MultiNodeConfig(2, 3, false, "mpirun", List.of("--hostfile", "hosts"));
        assertEquals(List.of("mpirun", "-n", "6", "--npernode", "3", "--bind-to", "none", "--enable-recovery",
                "-x", "LEGATE_SESSION_KEY", "-x", "LEGATE_LAUNCH_HOST", "-x", "A", "--hostfile", "hosts", "env"),
                Launchers.prefix(multi, List.of("A")));
        assertEquals(List.of(Path.of("/opt/legate/bin/legate-launch").toString()), Launchers.wrapper(Path.of("/opt/legate/bin"), multi));
        assertEquals(List.of(Path.of("/opt/legate/bin/legate-launch").toString(), "--local"),
                Launchers.wrapper(Path.of("/opt/legate/bin"), new MultiNodeConfig(1, 2, false, "mpirun", List.of())));
        assertEquals(List.of(), Launchers.wrapper(Path.of("/opt/legate/bin"), new MultiNodeConfig(1, 2, false, "none", List.of())));
    }

    @Test
    void srunAndJsrun() {
        assertEquals(List.of("srun", "-n", "4", "--ntasks-per-node", "2", "--nodes", "2", "--cpu-bind=none", "-p", "gpu"),
                Launchers.prefix(new MultiNodeConfig(2, 2, false, "srun", List.of("-p", "gpu")), List.of("A")));
        assertEquals(List.of("jsrun", "-n", "2", "-r", "1", "-a", "1", "-b", "none", "-E", "LEGATE_SESSION_KEY", "-E", "LEGATE_LAUNCH_HOST",
                "-E", "A"),
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
    void eachLauncherTellsTheRank() {
        assertEquals(new RankEnvironment(1, 2, "mpirun"), RankEnvironment.from(Map.of("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "2")));
        assertEquals(new RankEnvironment(3, 4, "srun"), RankEnvironment.from(Map.of("SLURM_PROCID", "3", "SLURM_NTASKS", "4")));
        assertEquals(new RankEnvironment(0, 1, "none"), RankEnvironment.from(Map.of("SLURM_PROCID", "4", "SLURM_NTASKS", "4")));
    }

    @Test
    void aSessionTravelsInTheEnvironmentAndItsKeyNever() {
        Rendezvous s = Rendezvous.create("h0");
        Map<String, String> env = s.env();
        assertEquals(Map.of("LEGATE_SESSION_KEY", env.get("LEGATE_SESSION_KEY"), "LEGATE_LAUNCH_HOST", "h0"), env);
        assertTrue(env.get("LEGATE_SESSION_KEY").matches("[0-9a-f]{64}"));
        Rendezvous back = Rendezvous.fromEnv(env).orElseThrow();
        assertEquals(s, back);
        assertEquals(s.clusterName(), back.clusterName());
        assertTrue(s.port() >= 20000 && s.port() + Rendezvous.PORTS <= 32768, "below the ephemeral ports: " + s.port());
        assertFalse(s.toString().contains(env.get("LEGATE_SESSION_KEY")), s.toString());
        assertFalse(s.clusterName().contains(env.get("LEGATE_SESSION_KEY").substring(0, 16)));
        // another session: another name, other proofs
        Rendezvous other = Rendezvous.create("h0");
        assertNotEquals(s.clusterName(), other.clusterName());
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6};
        assertFalse(Arrays.equals(s.dataPlaneProof("connect", 1, 0, a, b), other.dataPlaneProof("connect", 1, 0, a, b)));
        assertFalse(Arrays.equals(s.dataPlaneProof("connect", 1, 0, a, b), s.dataPlaneProof("connect", 0, 1, a, b)),
                "a proof is for one pair of ranks, one way");
        assertFalse(Arrays.equals(s.dataPlaneProof("connect", 1, 0, a, b), s.dataPlaneProof("accept", 1, 0, a, b)),
                "the acceptor's proof is not the connector's");
        assertFalse(Arrays.equals(s.dataPlaneProof("connect", 1, 0, a, b), s.dataPlaneProof("connect", 1, 0, b, a)),
                "a proof answers one challenge");
        assertArrayEquals(s.dataPlaneProof("connect", 1, 0, a, b), back.dataPlaneProof("connect", 1, 0, a, b));
        // a port given explicitly travels too
        assertEquals(4567, Rendezvous.fromEnv(s.onPort(4567).env()).orElseThrow().port());
        assertTrue(Rendezvous.fromEnv(Map.of()).isEmpty());
        assertTrue(Rendezvous.create("127.0.0.1").local());
        assertFalse(s.local());
    }

    @Test
    void aMalformedSessionSaysWhatIsWrong() {
        var e = assertThrows(IllegalArgumentException.class, () -> Rendezvous.fromEnv(Map.of("LEGATE_SESSION_KEY", "xyz", "LEGATE_LAUNCH_HOST", "h")));
        assertTrue(e.getMessage().contains("hex"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rendezvous.fromEnv(Map.of("LEGATE_SESSION_KEY", "00ff")));
        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rendezvous.fromEnv(Map.of("LEGATE_SESSION_KEY", "00".repeat(32))));
        assertTrue(e.getMessage().contains("LEGATE_LAUNCH_HOST"), e.getMessage());
        Map<String, String> env = new HashMap<>(Rendezvous.create("h").env());
        env.put("LEGATE_LAUNCH_PORT", "http");
        e = assertThrows(IllegalArgumentException.class, () -> Rendezvous.fromEnv(env));
        assertTrue(e.getMessage().contains("LEGATE_LAUNCH_PORT must be a port"), e.getMessage());
    }

    private static InetAddress ip(String a) throws Exception {
        return InetAddress.getByName(a);
    }

    /** Host h1: loopback, eth0 on the test network, ib0 on another. */
    private static HostAddresses h1() throws Exception {
        return new HostAddresses(List.of(new HostAddresses.Nic("lo", List.of(ip("127.0.0.1"))),
                new HostAddresses.Nic("eth0", List.of(ip("192.0.2.11"))), new HostAddresses.Nic("ib0", List.of(ip("198.51.100.11")))), "h1");
    }

    @Test
    void aBindAddressIsAnAddressANetworkOrAnInterfaceOfThisHost() throws Exception {
        HostAddresses h = h1();
        assertEquals(ip("192.0.2.11"), h.select("192.0.2.11"));
        assertEquals(ip("198.51.100.11"), h.select("198.51.100.0/24"));
        assertEquals(ip("198.51.100.11"), h.select("ib0"));
        var e = assertThrows(IllegalStateException.class, () -> h.select("192.0.2.10"));
        assertTrue(e.getMessage().contains("not an address of host h1") && e.getMessage().contains("give a network"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> h.select("203.0.113.0/24"));
        assertTrue(e.getMessage().contains("no address in that network"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> h.select("wlan9"));
        assertTrue(e.getMessage().contains("interfaces lo, eth0, ib0"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> h.select("192.0.2.0/40"));
        assertTrue(e.getMessage().contains("prefix length"), e.getMessage());
    }

    @Test
    void rank0ListensWhereTheLaunchingHostsNameLeadsAndOnlyThere() throws Exception {
        HostAddresses h0 = new HostAddresses(List.of(new HostAddresses.Nic("lo", List.of(ip("127.0.0.1"))),
                new HostAddresses.Nic("eth0", List.of(ip("192.0.2.10")))), "h0");
        assertEquals(ip("192.0.2.10"), h0.forRank0("h0", List.of(ip("192.0.2.10")), Map.of()));
        // Debian names its own host 127.0.1.1: the network's address instead
        HostAddresses deb = new HostAddresses(List.of(new HostAddresses.Nic("lo", List.of(ip("127.0.0.1"), ip("127.0.1.1"))),
                new HostAddresses.Nic("eth0", List.of(ip("192.0.2.10")))), "h0");
        assertEquals(ip("192.0.2.10"), deb.forRank0("h0", List.of(ip("127.0.1.1")), Map.of()));
        assertEquals(ip("127.0.0.1"), h0.forRank0("h0", List.of(ip("192.0.2.10")), Map.of("LEGATE_BIND_ADDRESS", "lo")));
        // rank 0 placed on another host than the launcher's
        var e = assertThrows(IllegalStateException.class, () -> h1().forRank0("h0", List.of(ip("192.0.2.10")), Map.of()));
        assertTrue(e.getMessage().contains("rank 0 runs on host h1, but the launcher was started on h0 (192.0.2.10)"), e.getMessage());
    }

    @Test
    void otherRanksReachRank0InTheBindNetworkAndNeverOnLoopback() throws Exception {
        HostAddresses h = h1();
        List<InetAddress> twoNets = List.of(ip("198.51.100.10"), ip("192.0.2.10"));
        assertEquals(ip("198.51.100.10"), h.rank0("h0", twoNets, Map.of()));
        assertEquals(ip("192.0.2.10"), h.rank0("h0", twoNets, Map.of("LEGATE_BIND_ADDRESS", "192.0.2.0/24")));
        assertEquals(ip("192.0.2.11"), h.forRank(ip("192.0.2.10"), Map.of("LEGATE_BIND_ADDRESS", "192.0.2.0/24")));
        var e = assertThrows(IllegalStateException.class, () -> h.rank0("h0", List.of(ip("127.0.1.1")), Map.of()));
        assertTrue(e.getMessage().contains("resolves to loopback (127.0.1.1) on host h1"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> HostAddresses.resolve("no-such-host.invalid"));
        assertTrue(e.getMessage().contains("does not resolve"), e.getMessage());
    }

    @Test
    void theRouteToRank0PicksTheSourceAddress() throws Exception {
        // on this machine: the route to loopback leaves from loopback (nothing is sent)
        assertEquals(ip("127.0.0.1"), HostAddresses.ofThisHost().forRank(ip("127.0.0.1"), Map.of()));
        // every rank on one machine: loopback for both ends, whatever the rank
        assertEquals(new HostAddresses.Endpoints("127.0.0.1", "127.0.0.1"), HostAddresses.of(Rendezvous.create("127.0.0.1"), 1, Map.of()));
        assertFalse(HostAddresses.hostName().isBlank());
    }
}
