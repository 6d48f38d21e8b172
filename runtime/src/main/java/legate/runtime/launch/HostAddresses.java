package legate.runtime.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which address a rank listens on and which it reaches rank 0 at. Every rank on one machine:
 * loopback. On several hosts, rank 0 listens on its host's address that the launching host's
 * name resolves to, the others on the address of the interface their route to rank 0 leaves
 * through; {@code LEGATE_BIND_ADDRESS} overrides both: an address of this host, a network
 * ({@code 192.0.2.0/24}: this host's address in it) or an interface name ({@code eth0}). A
 * network or an interface is the same value on every host, so it can be set once for a job.
 * Nothing ever listens on the wildcard address.
 */
public final class HostAddresses {
    public static final String BIND_ENV = "LEGATE_BIND_ADDRESS";

    /** This host's interfaces: name and addresses, for the interfaces that are up. */
    public record Nic(String name, List<InetAddress> addresses) {
    }

    private final List<Nic> nics;
    private final String hostName;

    HostAddresses(List<Nic> nics, String hostName) {
        this.nics = List.copyOf(nics);
        this.hostName = hostName;
    }

    /** Where a rank listens ({@code own}) and where it reaches rank 0 ({@code rank0}); the same for rank 0. */
    public record Endpoints(String own, String rank0) {
    }

    /**
     * A rank's endpoints in {@code session}: loopback when every rank is on one machine, else as
     * {@link #forRank0} (rank 0) or {@link #rank0} and {@link #forRank} (the others) choose on this host.
     *
     * @throws IllegalStateException no address fits; the message says why
     */
    public static Endpoints of(Rendezvous session, int rank, Map<String, String> env) {
        if (session.local()) {
            return new Endpoints("127.0.0.1", "127.0.0.1");
        }
        HostAddresses here = ofThisHost();
        List<InetAddress> addresses = resolve(session.rank0Host());
        if (rank == 0) {
            String own = here.forRank0(session.rank0Host(), addresses, env).getHostAddress();
            return new Endpoints(own, own);
        }
        InetAddress r0 = here.rank0(session.rank0Host(), addresses, env);
        return new Endpoints(here.forRank(r0, env).getHostAddress(), r0.getHostAddress());
    }

    /** This host's. */
    public static HostAddresses ofThisHost() {
        List<Nic> nics = new ArrayList<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (n.isUp()) {
                    nics.add(new Nic(n.getName(), Collections.list(n.getInetAddresses())));
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot list this host's network interfaces", e);
        }
        return new HostAddresses(nics, hostName());
    }

    /**
     * This machine's name as ranks report it: the kernel's host name (what {@code hostname}
     * prints), which needs no name service to answer.
     */
    public static String hostName() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the name service
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    public String name() {
        return hostName;
    }

    /** Every address of this host, loopback included. */
    List<InetAddress> all() {
        return nics.stream().flatMap(n -> n.addresses().stream()).toList();
    }

    /**
     * Where rank 0 listens, on rank 0's host.
     *
     * @param rank0Addresses what the launching host's name ({@link Rendezvous#rank0Host}) resolves to
     * @throws IllegalStateException rank 0 runs on another host than the launcher, or no address fits
     */
    public InetAddress forRank0(String rank0Host, List<InetAddress> rank0Addresses, Map<String, String> env) {
        Optional<String> bind = bindSpec(env);
        if (bind.isPresent()) {
            return select(bind.get());
        }
        List<InetAddress> mine = all();
        List<InetAddress> ours = rank0Addresses.stream().filter(mine::contains).toList();
        if (ours.isEmpty()) {
            throw new IllegalStateException("rank 0 runs on host " + hostName + ", but the launcher was started on " + rank0Host
                    + " (" + addresses(rank0Addresses) + "): rank 0 must run where the launcher starts, which serves Jupyter "
                    + "(put that host first in mpirun's host list; with srun, start from the allocation's first node)");
        }
        return ours.stream().filter(a -> !a.isLoopbackAddress()).findFirst()
                .or(() -> firstNonLoopback()) // the name says loopback here (Debian's 127.0.1.1): the network's address
                .orElseThrow(() -> new IllegalStateException("host " + hostName + " has no network address besides loopback; set "
                        + BIND_ENV + " to the address the other hosts reach it at"));
    }

    /**
     * The address of rank 0 that a rank on this host connects to: of what the launching host's
     * name resolves to, one in {@code LEGATE_BIND_ADDRESS}'s network when that names one, not
     * loopback when another is there.
     */
    public InetAddress rank0(String rank0Host, List<InetAddress> rank0Addresses, Map<String, String> env) {
        if (rank0Addresses.isEmpty()) {
            throw new IllegalStateException("rank 0's host " + rank0Host + " has no address on host " + hostName);
        }
        Optional<Cidr> net = bindSpec(env).flatMap(Cidr::parse);
        List<InetAddress> candidates = net.map(n -> rank0Addresses.stream().filter(n::contains).toList()).orElse(rank0Addresses);
        if (candidates.isEmpty()) {
            throw new IllegalStateException("rank 0's host " + rank0Host + " resolves to " + addresses(rank0Addresses) + ", none in "
                    + BIND_ENV + "=" + bindSpec(env).orElse(""));
        }
        InetAddress chosen = candidates.stream().filter(a -> !a.isLoopbackAddress()).findFirst().orElse(candidates.get(0));
        if (chosen.isLoopbackAddress()) {
            throw new IllegalStateException("rank 0's host " + rank0Host + " resolves to loopback (" + chosen.getHostAddress()
                    + ") on host " + hostName + ", so no rank here can reach it: make the name resolve to its network address, or "
                    + "start the launcher with " + Rendezvous.HOST_ENV + " set to that address");
        }
        return chosen;
    }

    /** Where a rank other than 0 listens: {@code LEGATE_BIND_ADDRESS}, else the source of its route to rank 0. */
    public InetAddress forRank(InetAddress rank0, Map<String, String> env) {
        Optional<String> bind = bindSpec(env);
        if (bind.isPresent()) {
            return select(bind.get());
        }
        try (DatagramSocket s = new DatagramSocket()) { // connecting a datagram socket sends nothing: it picks the route
            s.connect(rank0, 9);
            InetAddress local = s.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                throw new IllegalStateException("host " + hostName + " has no route to rank 0 at " + rank0.getHostAddress());
            }
            return local;
        } catch (SocketException | UncheckedIOException e) {
            throw new IllegalStateException("host " + hostName + " has no route to rank 0 at " + rank0.getHostAddress() + ": "
                    + e.getMessage());
        }
    }

    /** What the launching host's name resolves to, here. */
    public static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("rank 0's host " + host + " does not resolve on host " + hostName()
                    + ": make it resolve on every host (DNS or /etc/hosts), or start the launcher with " + Rendezvous.HOST_ENV
                    + " set to its address");
        }
    }

    /**
     * This host's address that {@code spec} names: an address of this host, a network in CIDR
     * notation, or an interface.
     *
     * @throws IllegalStateException when it names none of this host's
     */
    public InetAddress select(String spec) {
        Optional<Cidr> net = Cidr.parse(spec);
        if (net.isPresent()) {
            return all().stream().filter(net.get()::contains).findFirst().orElseThrow(() -> new IllegalStateException(
                    BIND_ENV + "=" + spec + ": host " + hostName + " has no address in that network (it has " + addresses(all()) + ")"));
        }
        for (Nic n : nics) {
            if (n.name().equals(spec)) {
                return n.addresses().stream().filter(a -> a instanceof Inet4Address).findFirst()
                        .or(() -> n.addresses().stream().findFirst())
                        .orElseThrow(() -> new IllegalStateException(BIND_ENV + "=" + spec + ": interface " + spec + " of host "
                                + hostName + " has no address"));
            }
        }
        if (spec.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            try {
                InetAddress a = InetAddress.getByName(spec);
                if (all().contains(a)) {
                    return a;
                }
            } catch (UnknownHostException e) {
                // not an address: said below
            }
            throw new IllegalStateException(BIND_ENV + "=" + spec + " is not an address of host " + hostName + " (it has "
                    + addresses(all()) + "); for a job on several hosts give a network (192.0.2.0/24) or an interface (eth0)");
        }
        throw new IllegalStateException(BIND_ENV + "=" + spec + ": expected an address of this host, a network such as "
                + "192.0.2.0/24, or an interface name; host " + hostName + " has interfaces "
                + String.join(", ", nics.stream().map(Nic::name).toList()));
    }

    private Optional<InetAddress> firstNonLoopback() {
        return nics.stream().flatMap(n -> n.addresses().stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
    }

    private static Optional<String> bindSpec(Map<String, String> env) {
        String v = env.get(BIND_ENV);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static String addresses(List<InetAddress> as) {
        return String.join(", ", as.stream().map(InetAddress::getHostAddress).toList());
    }

    /** A network: an address and a prefix length. */
    record Cidr(byte[] network, int bits) {
        static Optional<Cidr> parse(String spec) {
            int slash = spec.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            try {
                byte[] a = InetAddress.getByName(spec.substring(0, slash)).getAddress();
                int bits = Integer.parseInt(spec.substring(slash + 1));
                if (bits < 0 || bits > a.length * 8) {
                    throw new IllegalStateException(BIND_ENV + "=" + spec + ": a prefix length runs from 0 to " + a.length * 8);
                }
                return Optional.of(new Cidr(a, bits));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalStateException(BIND_ENV + "=" + spec + ": expected a network such as 192.0.2.0/24");
            }
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
