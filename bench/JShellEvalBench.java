import java.util.Arrays;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.execution.LocalExecutionControlProvider;

/**
 * JShell's own time to evaluate a snippet in-process, with no kernel around it: the floor under
 * the kernel's round trip. Evaluates as the kernel does (a result's temporary $N variable is
 * dropped afterwards). Usage: java JShellEvalBench.java [SNIPPET] [N]
 */
public class JShellEvalBench {
    public static void main(String[] args) {
        String snippet = args.length > 0 ? args[0] : "1+1";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (JShell js = JShell.builder().executionEngine(new LocalExecutionControlProvider(), Map.of()).build()) {
            for (int i = 0; i < 50; i++) {
                eval(js, snippet); // warm-up, as the kernel warms up
            }
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                eval(js, snippet);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("median_ms %.3f%n", ms[n / 2]);
        }
    }

    static void eval(JShell js, String snippet) {
        for (SnippetEvent e : js.eval(snippet)) {
            if (e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                js.drop(e.snippet());
            }
        }
    }
}
