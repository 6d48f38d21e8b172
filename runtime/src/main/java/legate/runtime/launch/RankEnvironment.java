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
        return HostAddresses.hostName();
    }

    /** The variables a launcher sets to this process's rank among those on its machine. */
    private static final String[] LOCAL_RANK = {"OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "SLURM_LOCALID", "JSM_NAMESPACE_LOCAL_RANK"};

    /**
     * This rank's place among the ranks of its machine (which GPUs it takes): as the launcher
     * tells, else its rank (every rank on one machine).
     */
    public int localRank(Map<String, String> env) {
        for (String name : LOCAL_RANK) {
            String v = env.get(name);
            if (v != null) {
                try {
                    int local = Integer.parseInt(v.strip());
                    if (local >= 0) {
                        return local;
                    }
                } catch (NumberFormatException ignored) {
                    // not one we can read: look further
                }
            }
        }
        return rank;
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
