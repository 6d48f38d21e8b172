package legate.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import legate.kernel.cell.MagicInterpreter;
import legate.kernel.display.Renderers;
import legate.kernel.jshell.JShellInterpreter;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.KernelCore;
import legate.kernel.protocol.SilentCellIO;
import legate.kernel.wire.Codec;
import legate.kernel.wire.InputChannel;
import legate.kernel.wire.Json;
import legate.kernel.wire.Message;
import legate.kernel.wire.Session;
import legate.kernel.wire.Signer;
import legate.magics.MagicRegistry;
import legate.runtime.cluster.Cluster;
import legate.runtime.config.KernelSpecs;
import legate.runtime.config.LegateConfig;
import legate.runtime.config.LegateMetadata;
import legate.runtime.task.ArrayRuntime;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A short run of what a kernel does at start-up and in its first cells, without a frontend. The
 * installer runs it with {@code -XX:ArchiveClassesAtExit} so that kernels start from a class-data
 * sharing archive (about half the start-up time).
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    private static Cluster joinAlone(PrintStream log) throws java.io.IOException {
        return Cluster.join(legate.runtime.launch.Rendezvous.create("127.0.0.1").onPort(Cluster.freePort()), 0, 1, "127.0.0.1",
                "127.0.0.1", null, log);
    }

    /** A kernel's first step: its kernel.json's metadata read and checked (classes and lambdas that otherwise cost ~60 ms at start). */
    private static void readKernelJson(PrintStream log) {
        try {
            Path json = Files.createTempFile("legate-training-", ".json");
            try {
                ObjectMapper mapper = new ObjectMapper();
                mapper.writeValue(json.toFile(), Map.of("metadata", Map.of("legate",
                        LegateMetadata.write(LegateConfig.defaults()))));
                KernelSpecs.read(json, note -> { });
            } finally {
                Files.deleteIfExists(json);
            }
        } catch (Exception e) {
            log.println("training: reading a kernel.json failed: " + e);
        }
    }

    public static void main(String[] args) {
        Stdio stdio = Stdio.install();
        PrintStream log = stdio.log();
        readKernelJson(log);
        ArrayRuntime.install(ArrayRuntime.create(1, 64, Map.of())); // the backend lookup too
        MagicInterpreter interpreter = new MagicInterpreter(new JShellInterpreter(stdio),
                MagicRegistry.discover(CdsTraining.class.getClassLoader()), "training", LegateConfig.defaults(), stdio, null);
        CellIO quiet = new SilentCellIO(1);
        Session session = Session.create();
        Codec codec = new Codec(new Signer("training"));
        InputChannel noInput = new InputChannel() {
            @Override
            public String readLine(Message parent, String prompt, boolean password) {
                return "";
            }

            @Override
            public void cancel() {
            }
        };
        KernelCore core = new KernelCore(session, interpreter, (channel, m) -> codec.encode(m), noInput, List::of,
                Renderers.discover(CdsTraining.class.getClassLoader()), () -> { }, log);
        for (String code : List.of("System.out.println(\"hello\");", "int x = 6 * 7;\nx", "String s = \"é\"; s.length()",
                "void f() { throw new IllegalStateException(); }\nf();", "int y = nope;", "display(html(\"<b>x</b>\"));",
                "%legate_info", "%time 1 + 1", "%%html\n<b>x</b>", "%who", "np.ones(4).add(1.0).mul(np.arange(4)).sum()")) {
            Message request = session.publication(null, "execute_request", Json.object().put("code", code));
            try {
                core.handle(legate.kernel.wire.Channel.SHELL, codec.decode(codec.encode(request)));
            } catch (Exception e) {
                log.println("training: " + e);
            }
        }
        interpreter.complete("System.out.printl", 17);
        interpreter.inspect("Math.max", 8);
        interpreter.isComplete("for (int i = 0; i < 3; i++) {");
        interpreter.evaluateExpressions(Map.of("a", "1 + 1"), quiet);
        try (ZMQ.Context context = ZMQ.context(1); ZMQ.Socket socket = context.socket(SocketType.ROUTER)) {
            socket.setLinger(0);
            socket.bind("tcp://127.0.0.1:*");
        }
        try { // Hazelcast's classes too: ranks start from the archive
            Cluster alone = joinAlone(log);
            legate.runtime.comm.Collectives.barrier(alone.communicator());
            alone.end(java.time.Duration.ZERO); // as a session ends
        } catch (Exception e) {
            log.println("training: a one-rank cluster did not start: " + e);
        }
        interpreter.close();
        stdio.close();
        System.exit(0);
    }
}
