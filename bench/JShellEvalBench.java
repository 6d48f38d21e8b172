import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.execution.LocalExecutionControlProvider;

/**
 * JShell's own time to evaluate a snippet in-process, with no kernel around it: the floor under
 * the kernel's round trip. Evaluates as the kernel does (a result's temporary $N variable is
 * dropped afterwards), bare and with the kernel's start-up imports and classpath.
 * Run with the kernel's lib/* on the classpath. Usage: java JShellEvalBench.java [SNIPPET] [N] [CELLS BEFORE]
 */
public class JShellEvalBench {
    public static void main(String[] args) throws Exception {
        String snippet = args.length > 0 ? args[0] : "1+1";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // as many evaluations before the measured ones as the kernel had: its background
        // warm-up, then the cells it ran before (given)
        int warmUp = (int) Class.forName("legate.kernel.jshell.CompilerWarmUp").getField("DEFAULT_SNIPPETS").get(null)
                + (args.length > 2 ? Integer.parseInt(args[2]) : 0);
        @SuppressWarnings("unchecked")
        List<String> imports = (List<String>) Class.forName("legate.kernel.jshell.JShellInterpreter")
                .getField("STARTUP_IMPORTS").get(null);
        try (JShell bare = jshell(List.of(), false); JShell configured = jshell(imports, true)) {
            for (int i = 0; i < warmUp / 2; i++) { // two shells: each eval warms the compiler for both
                eval(bare, snippet);
                eval(configured, snippet);
            }
            double[][] ms = new double[2][n];
            for (int i = 0; i < n; i++) { // interleaved, so both see the same machine
                ms[0][i] = eval(bare, snippet);
                ms[1][i] = eval(configured, snippet);
            }
            Arrays.sort(ms[0]);
            Arrays.sort(ms[1]);
            System.out.printf("bare_ms %.3f%nconfigured_ms %.3f%n", ms[0][n / 2], ms[1][n / 2]);
        }
    }

    static JShell jshell(List<String> imports, boolean classpath) {
        JShell js = JShell.builder().executionEngine(new LocalExecutionControlProvider(), Map.of()).build();
        if (classpath) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                js.addToClasspath(entry);
            }
        }
        imports.forEach(js::eval);
        return js;
    }

    static double eval(JShell js, String snippet) {
        long t = System.nanoTime();
        for (SnippetEvent e : js.eval(snippet)) {
            if (e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                js.drop(e.snippet());
            }
        }
        return (System.nanoTime() - t) / 1e6;
    }
}
