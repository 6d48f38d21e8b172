import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import legate.runtime.cluster.Cluster;
import legate.runtime.cluster.DataPlane;
import legate.runtime.comm.Collectives;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.comm.ReduceOp;
import legate.runtime.launch.HostAddresses;
import legate.runtime.launch.RankEnvironment;
import legate.runtime.launch.Rendezvous;

/**
 * Between two ranks, on this machine (this JVM starts the second) or started by a launcher under
 * bin/legate-launch (on two hosts: bench/hosts.py): data-plane bandwidth and
 * small-message round trip beside a plain TCP socket measured in the same run, and barrier and
 * all-reduce latency. Run with the kernel's lib/* on the classpath:
 * java -cp 'distribution/target/legate/lib/*' bench/RanksBench.java
 */
public class RanksBench {
    static final int BLOCK = 1 << 20;
    static final int BLOCKS = 96;
    static final int PINGS = 2000;
    static final int CELLS = 300;
    static final int REPEATS = 15;

    public static void main(String[] args) throws Exception {
        RankEnvironment launched = RankEnvironment.from(System.getenv());
        int rank = launched.launcher().equals("none") ? (args.length > 0 ? Integer.parseInt(args[0]) : 0) : launched.rank();
        PrintStream log = System.err;
        Rendezvous session;
        Process other = null;
        if (!launched.launcher().equals("none")) { // 2 ranks from a launcher, under bin/legate-launch: as the kernel's ranks meet
            session = Rendezvous.fromEnv(System.getenv()).orElseThrow();
        } else if (rank == 0) {
            session = Rendezvous.create("127.0.0.1").onPort(Cluster.freePort());
            String java = ProcessHandle.current().info().command().orElse("java");
            // run from the repository root as a source file: the second rank is the same program
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "bench/RanksBench.java", "1")
                    .inheritIO();
            pb.environment().putAll(session.env());
            other = pb.start();
        } else {
            session = Rendezvous.fromEnv(System.getenv()).orElseThrow();
        }
        HostAddresses.Endpoints at = HostAddresses.of(session, rank, System.getenv());
        String host = at.own();
        Cluster c = Cluster.join(session, rank, 2, host, at.rank0(), null, log);
        String hosts = c.members().stream().map(m -> m.host()).distinct().collect(java.util.stream.Collectors.joining(", "));
        RankCommunicator comm = c.communicator();
        DataPlane d = c.data();
        double[] dp = new double[REPEATS];
        double[] plain = new double[REPEATS];
        double[] dpPing = new double[REPEATS];
        double[] plainPing = new double[REPEATS];
        byte[] block = new byte[BLOCK];
        long tag = 1L << 40;
        // the plain socket between the same two addresses the data plane uses
        ServerSocket server = rank == 1 ? new ServerSocket(0, 1, InetAddress.getByName(host)) : null;
        byte[] where = Collectives.broadcast(comm, (server == null ? "" : host + " " + server.getLocalPort()).getBytes(), 1);
        String[] hp = new String(where).split(" ");
        Socket sock = rank == 0 ? new Socket(hp[0], Integer.parseInt(hp[1])) : server.accept();
        sock.setTcpNoDelay(true);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(sock.getOutputStream(), 1 << 16));
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(sock.getInputStream(), 1 << 16));
        double[] ratio = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            // the two in turn, the first alternating: the machine's moods fall on both alike
            if (r % 2 == 0) {
                dp[r] = dataPlaneTransfer(comm, d, rank, block, tag);
                plain[r] = socketTransfer(comm, in, out, rank, block);
            } else {
                plain[r] = socketTransfer(comm, in, out, rank, block);
                dp[r] = dataPlaneTransfer(comm, d, rank, block, tag);
            }
            ratio[r] = dp[r] / plain[r];
            tag += 2;
            long t;
            Collectives.barrier(comm);
            byte[] ping = new byte[8];
            t = System.nanoTime();
            for (int i = 0; i < PINGS; i++) {
                if (rank == 0) {
                    d.send(1, tag, ping);
                    d.receive(1, tag);
                } else {
                    d.receive(0, tag);
                    d.send(0, tag, ping);
                }
            }
            dpPing[r] = (System.nanoTime() - t) / 1e3 / PINGS;
            tag++;
            Collectives.barrier(comm);
            t = System.nanoTime();
            for (int i = 0; i < PINGS; i++) {
                if (rank == 0) {
                    out.writeLong(i);
                    out.flush();
                    in.readLong();
                } else {
                    in.readLong();
                    out.writeLong(i);
                    out.flush();
                }
            }
            plainPing[r] = (System.nanoTime() - t) / 1e3 / PINGS;
        }
        double[] barrier = new double[REPEATS];
        double[] allreduce = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                Collectives.barrier(comm);
            }
            barrier[r] = (System.nanoTime() - t) / 1e3 / 500;
            t = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                Collectives.allreduce(comm, rank + 0.5, ReduceOp.SUM);
            }
            allreduce[r] = (System.nanoTime() - t) / 1e3 / 500;
        }
        // a cell's way to the other rank (the Hazelcast Ringbuffer every cell goes through), answered over the data plane
        double[] cell = new double[REPEATS];
        long seq = 1_000_000;
        for (int r = 0; r < REPEATS; r++) {
            Collectives.barrier(comm);
            long t = System.nanoTime();
            for (int i = 0; i < CELLS; i++, seq++) {
                if (rank == 0) {
                    c.cells().publish(new legate.runtime.cluster.CellRequest(seq, "1+1", i, false));
                    d.receive(1, tag);
                } else {
                    c.cells().next();
                    d.send(0, tag, new byte[8]);
                }
            }
            cell[r] = (System.nanoTime() - t) / 1e3 / CELLS;
            tag++;
        }
        if (rank == 0) {
            System.out.println("ranks on " + hosts);
            double[] sorted = ratio.clone();
            Arrays.sort(sorted);
            System.out.printf("data plane bandwidth, %d x 1 MiB (GB/s): %.2f   plain socket: %.2f   ratio %.2f"
                    + "   (median of %d ratios, each of two transfers in turn; quartiles %.2f-%.2f)%n",
                    BLOCKS, median(dp), median(plain), median(ratio), REPEATS, sorted[REPEATS / 4], sorted[3 * REPEATS / 4]);
            System.out.printf("small-message round trip (us): data plane %.1f   plain socket %.1f   ratio %.2f%n",
                    median(dpPing), median(plainPing), median(dpPing) / median(plainPing));
            System.out.printf("barrier (us): %.1f   allreduce of a double (us): %.1f%n", median(barrier), median(allreduce));
            System.out.printf("cell broadcast (Ringbuffer) and an answer over the data plane (us): %.1f%n", median(cell));
        }
        sock.close();
        Collectives.barrier(comm);
        c.close();
        if (other != null) {
            other.waitFor();
        }
        System.exit(0);
    }

    /** GB/s of BLOCKS blocks from rank 0 to rank 1 over the data plane, each delivered as a new array. */
    static double dataPlaneTransfer(RankCommunicator comm, DataPlane d, int rank, byte[] block, long tag) throws Exception {
        Collectives.barrier(comm);
        long t = System.nanoTime();
        if (rank == 0) {
            for (int i = 0; i < BLOCKS; i++) {
                d.send(1, tag, block);
            }
            d.receive(1, tag + 1);
        } else {
            for (int i = 0; i < BLOCKS; i++) {
                d.receive(0, tag);
            }
            d.send(0, tag + 1, new byte[1]);
        }
        return (double) BLOCK * BLOCKS / ((System.nanoTime() - t) / 1e9) / 1e9;
    }

    /** The same over a plain TCP socket between the same two addresses. */
    static double socketTransfer(RankCommunicator comm, DataInputStream in, DataOutputStream out, int rank, byte[] block) throws Exception {
        Collectives.barrier(comm);
        long t = System.nanoTime();
        if (rank == 0) {
            for (int i = 0; i < BLOCKS; i++) {
                out.writeInt(BLOCK);
                out.write(block);
            }
            out.flush();
            in.readByte();
        } else {
            for (int i = 0; i < BLOCKS; i++) {
                byte[] buf = new byte[in.readInt()]; // a new block each time, as the data plane delivers them
                in.readFully(buf);
            }
            out.writeByte(1);
            out.flush();
        }
        return (double) BLOCK * BLOCKS / ((System.nanoTime() - t) / 1e9) / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
