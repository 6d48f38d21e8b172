package legate.runtime.launch;

import java.util.Map;

/**
 * This process's rank and the number of ranks, as the launcher that started it tells:
 * mpirun (OMPI_COMM_WORLD_*), PMI (PMI_*), srun (SLURM_*), jsrun (JSM_NAMESPACE_*), or this
 * project's own launcher for ranks on one machine (LEGATE_RANK, LEGATE_RANKS).
 */
public record RankEnvironment(int rank, int size, String launcher) {
    public static final String RANK = "LEGATE_RANK";
    public static final String RANKS = "LEGATE_RANKS";

    private static final String[][] SOURCES = {
        {RANK, RANKS, "none"},
        {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "mpirun"},
        {"PMI_RANK", "PMI_SIZE", "mpirun"},
        {"SLURM_PROCID", "SLURM_NTASKS", "srun"},
        {"JSM_NAMESPACE_RANK", "JSM_NAMESPACE_SIZE", "jsrun"},
    };

    /** This machine's name, as ranks report it. */
    public static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /**
     * The launcher's id of this job (the same on every rank of it, different for the next
     * one), or empty when the launcher gives none.
     */
    public static String job(Map<String, String> env) {
        for (String[] ids : new String[][] {{"OMPI_MCA_ess_base_jobid"}, {"PMIX_NAMESPACE"}, {"SLURM_JOB_ID", "SLURM_STEP_ID"},
            {"LSB_JOBID", "JSM_NAMESPACE_SIZE"}}) {
            StringBuilder id = new StringBuilder();
            for (String var : ids) {
                String v = env.get(var);
                if (v == null || v.isBlank()) {
                    id.setLength(0);
                    break;
                }
                id.append(id.length() == 0 ? "" : ".").append(v.strip());
            }
            if (id.length() > 0) {
                return id.toString();
            }
        }
        return "";
    }

    /**
     * The address this rank's control and data planes listen on: loopback when every rank runs
     * on this machine; else {@code LEGATE_BIND_ADDRESS} if set, else this machine's address
     * on the network (the first non-loopback one when its name resolves to loopback).
     */
    public static String bindAddress(boolean allLocal, Map<String, String> env) {
        if (allLocal) {
            return "127.0.0.1";
        }
        String given = env.get("LEGATE_BIND_ADDRESS");
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        try {
            java.net.InetAddress local = java.net.InetAddress.getLocalHost();
            if (!local.isLoopbackAddress()) {
                return local.getHostAddress();
            }
            for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (var a : java.util.Collections.list(nic.getInetAddresses())) {
                        if (a instanceof java.net.Inet4Address) {
                            return a.getHostAddress();
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            // no network: loopback is all there is
        }
        return "127.0.0.1";
    }

    public static RankEnvironment from(Map<String, String> env) {
        for (String[] s : SOURCES) {
            String r = env.get(s[0]);
            String n = env.get(s[1]);
            if (r != null && n != null) {
                try {
                    int rank = Integer.parseInt(r.strip());
                    int size = Integer.parseInt(n.strip());
                    if (rank >= 0 && size >= 1 && rank < size) {
                        return new RankEnvironment(rank, size, s[2]);
                    }
                } catch (NumberFormatException ignored) {
                    // not set by a launcher we know: look further
                }
            }
        }
        return new RankEnvironment(0, 1, "none");
    }
}
