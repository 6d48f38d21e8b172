package legate.runtime.launch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launcher "none" with several ranks: rank 0 (this JVM) starts ranks 1..R-1 as child JVMs on this
 * machine: the same java, classpath, JVM options and main class, with their rank in the
 * environment. They watch this JVM and exit when it is gone.
 */
public final class LocalLauncher {
    private final List<Process> children = new ArrayList<>();

    /**
     * Starts the other ranks.
     *
     * @param env extra environment for every rank (how to reach rank 0)
     */
    public void start(int ranks, String mainClass, List<String> mainArgs, Map<String, String> env) throws IOException {
        for (int rank = 1; rank < ranks; rank++) {
            List<String> cmd = new ArrayList<>(javaCommand(mainClass));
            if (cmd.stream().noneMatch(a -> a.startsWith("-XX:ParallelGCThreads="))) {
                // the ranks share this machine's cores: each collector gets its share
                cmd.add(1, "-XX:ParallelGCThreads=" + Math.max(1, Runtime.getRuntime().availableProcessors() / ranks));
            }
            cmd.addAll(mainArgs);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().putAll(env);
            pb.environment().put(RankEnvironment.RANK, Integer.toString(rank));
            pb.environment().put(RankEnvironment.RANKS, Integer.toString(ranks));
            children.add(pb.start());
        }
    }

    /** The command that starts this JVM again with another main class: the same java, JVM options and classpath. */
    public static List<String> javaCommand(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> !a.startsWith("-agentlib:jdwp")).forEach(cmd::add);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        return cmd;
    }

    /** Ends every child rank, politely first. */
    public void stop(long graceMillis) {
        long deadline = System.currentTimeMillis() + graceMillis;
        for (Process p : children) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

}
