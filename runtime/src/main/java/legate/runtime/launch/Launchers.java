package legate.runtime.launch;

import java.util.ArrayList;
import java.util.List;
import legate.runtime.config.LegateConfig.MultiNodeConfig;

/**
 * The command line that starts every rank through an external launcher ({@code mpirun},
 * {@code srun}, {@code jsrun}): the launcher, the number of ranks and ranks per node, the
 * configured {@code --launcher-extra} arguments, then the rank's own command. Every rank then
 * finds its rank and size in the launcher's environment ({@link RankEnvironment}), and its
 * session in the variables the launch set ({@link Rendezvous}): a kernel's launcher runs under
 * {@code bin/legate-launch} ({@link #WRAPPER}), which sets them.
 */
public final class Launchers {
    /** The script in the distribution's {@code bin/} that runs a kernel's launcher with the session set. */
    public static final String WRAPPER = "legate-launch";

    private Launchers() {
    }

    /** The words that run a kernel's launcher under {@link #WRAPPER}: {@code --local} when every rank is on this machine. */
    public static List<String> wrapper(java.nio.file.Path binDir, MultiNodeConfig multi) {
        if (multi.launcher().equals("none")) {
            return List.of();
        }
        List<String> w = new ArrayList<>(List.of(binDir.resolve(WRAPPER).toString()));
        if (multi.nodes() == 1) {
            w.add("--local");
        }
        return w;
    }

    /**
     * The words before the rank's own command; empty for launcher {@code none}. Besides
     * {@code passEnv}, the launcher passes every rank the session's {@link Rendezvous} variables.
     */
    public static List<String> prefix(MultiNodeConfig multi, List<String> extraEnv) {
        List<String> passEnv = new ArrayList<>(List.of(Rendezvous.KEY_ENV, Rendezvous.HOST_ENV));
        passEnv.addAll(extraEnv);
        int ranks = multi.nodes() * multi.ranksPerNode();
        String n = Integer.toString(ranks);
        String perNode = Integer.toString(multi.ranksPerNode());
        List<String> cmd = new ArrayList<>();
        switch (multi.launcher()) {
            case "none" -> {
                return List.of();
            }
            case "mpirun" -> {
                // --enable-recovery: a lost rank does not abort the job, so rank 0 lives to report it
                cmd.addAll(List.of("mpirun", "-n", n, "--npernode", perNode, "--bind-to", "none", "--enable-recovery"));
                for (String var : passEnv) { // local ranks inherit the environment; remote ones only what -x names
                    cmd.addAll(List.of("-x", var));
                }
            }
            case "srun" -> cmd.addAll(List.of("srun", "-n", n, "--ntasks-per-node", perNode, "--nodes", Integer.toString(multi.nodes()),
                    "--cpu-bind=none")); // srun passes the whole environment by default; a lost rank does not end the step
            case "jsrun" -> {
                cmd.addAll(List.of("jsrun", "-n", n, "-r", perNode, "-a", "1", "-b", "none"));
                for (String var : passEnv) {
                    cmd.addAll(List.of("-E", var));
                }
            }
            default -> throw new IllegalArgumentException("--launcher: expected one of none, mpirun, srun, jsrun; got " + multi.launcher());
        }
        cmd.addAll(multi.launcherExtra());
        if (multi.launcher().equals("mpirun")) {
            // Open MPI rewrites a command named java (adding its bindings and the working folder
            // to the classpath), which would void the kernel's class-data archive: start it through env
            cmd.add("env");
        }
        return cmd;
    }
}
