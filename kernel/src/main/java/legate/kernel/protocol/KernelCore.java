package legate.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import legate.kernel.display.MimeBundle;
import legate.kernel.display.Renderers;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.wire.Channel;
import legate.kernel.wire.InputChannel;
import legate.kernel.wire.Json;
import legate.kernel.wire.Message;
import legate.kernel.wire.Outbox;
import legate.kernel.wire.PendingRequests;
import legate.kernel.wire.RequestHandler;
import legate.kernel.wire.Session;

/**
 * The protocol: a handler per message type, each request wrapped in busy and idle with
 * exactly one reply routed back to its sender. Knows nothing of sockets (see {@link Outbox})
 * nor of Java (see {@link Interpreter}).
 */
public final class KernelCore implements RequestHandler {
    public static final String IMPLEMENTATION = "legate-java";
    public static final String IMPLEMENTATION_VERSION = "0.1.0";

    private interface Handler {
        void handle(Channel channel, Message request);
    }

    private final Session session;
    private final Interpreter interpreter;
    private final Outbox outbox;
    private final InputChannel stdin;
    private final PendingRequests pending;
    private final Runnable shutdown;
    private final PrintStream log;
    private final Renderers renderers;
    private final History history = new History(1);
    private final Comms comms;
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private int executionCount;
    /** Requests that were queued when a cell failed with stop_on_error: aborted after its idle. */
    private List<Message> toAbort = List.of();
    private volatile boolean shuttingDown;
    /** From just before execute_input to the reply: the time an interrupt applies to a cell. */
    private volatile boolean cellRunning;
    /** The shell request being handled: the parent of what cells and comms publish. */
    private volatile Message shellParent;

    public KernelCore(Session session, Interpreter interpreter, Outbox outbox, InputChannel stdin,
                      PendingRequests pending, Renderers renderers, Runnable shutdown, PrintStream log) {
        this.session = session;
        this.interpreter = interpreter;
        this.outbox = outbox;
        this.stdin = stdin;
        this.pending = pending;
        this.renderers = renderers;
        this.shutdown = shutdown;
        this.log = log;
        this.comms = new Comms((type, content) -> publish(shellParent, type, content));
        comms.makeCurrent();
        handlers.put("kernel_info_request", (ch, m) -> reply(ch, m, "kernel_info_reply", kernelInfo()));
        handlers.put("execute_request", this::execute);
        handlers.put("complete_request", this::complete);
        handlers.put("inspect_request", this::inspect);
        handlers.put("is_complete_request", this::isComplete);
        handlers.put("history_request", this::history);
        handlers.put("comm_info_request", this::commInfo);
        handlers.put("comm_open", (ch, m) -> comms.openedByFrontend(m.content()));
        handlers.put("comm_msg", (ch, m) -> comms.messageFromFrontend(m.content()));
        handlers.put("comm_close", (ch, m) -> comms.closedByFrontend(m.content()));
        handlers.put("interrupt_request", this::interrupt);
        handlers.put("shutdown_request", this::shutdownRequest);
    }

    public Comms comms() {
        return comms;
    }

    @Override
    public void handle(Channel channel, Message request) {
        Handler h = handlers.get(request.type());
        if (h == null) {
            log.println("legate kernel: ignored unknown message type '" + request.type() + "' on "
                    + channel.name().toLowerCase());
            return;
        }
        if (channel == Channel.SHELL) {
            shellParent = request;
        }
        status(request, "busy");
        try {
            h.handle(channel, request);
        } finally {
            status(request, "idle");
        }
        if (channel == Channel.SHELL && !toAbort.isEmpty()) {
            List<Message> queued = toAbort;
            toAbort = List.of();
            queued.forEach(this::abort);
        }
        if (shuttingDown) {
            shutdown.run();
        }
    }

    /** Answers an execute_request that was queued behind a failed cell; other requests run. */
    private void abort(Message request) {
        if (!request.type().equals("execute_request")) {
            handle(Channel.SHELL, request);
            return;
        }
        log.println("legate kernel: aborted a queued execute_request after an error");
        status(request, "busy");
        reply(Channel.SHELL, request, "execute_reply", Json.object().put("status", "aborted")
                .put("execution_count", executionCount));
        status(request, "idle");
    }

    /** Publishes on IOPub; {@code parent} may be null. */
    public void publish(Message parent, String type, ObjectNode content) {
        outbox.send(Channel.IOPUB, session.publication(parent, type, content));
    }

    /** The "starting" status a kernel announces once its sockets are up. */
    public void announceStarting() {
        publish(null, "status", Json.object().put("execution_state", "starting"));
    }

    private void status(Message parent, String state) {
        publish(parent, "status", Json.object().put("execution_state", state));
    }

    private void reply(Channel channel, Message request, String type, ObjectNode content) {
        outbox.send(channel, session.reply(request, type, content));
    }

    private ObjectNode kernelInfo() {
        ObjectNode c = Json.object();
        c.put("status", "ok");
        c.put("protocol_version", Session.PROTOCOL_VERSION);
        c.put("implementation", IMPLEMENTATION);
        c.put("implementation_version", IMPLEMENTATION_VERSION);
        ObjectNode li = c.putObject("language_info");
        li.put("name", "java");
        li.put("version", interpreter.languageVersion());
        li.put("mimetype", "text/x-java-source");
        li.put("file_extension", ".jsh");
        li.put("pygments_lexer", "java");
        li.put("codemirror_mode", "text/x-java");
        c.put("banner", interpreter.banner());
        ArrayNode links = c.putArray("help_links");
        links.addObject().put("text", "Java SE API").put("url", "https://docs.oracle.com/en/java/javase/"
                + Runtime.version().feature() + "/docs/api/");
        links.addObject().put("text", "JShell").put("url", "https://docs.oracle.com/en/java/javase/"
                + Runtime.version().feature() + "/jshell/");
        c.put("debugger", false);
        return c;
    }

    private void execute(Channel channel, Message request) {
        ObjectNode c = request.content();
        String code = c.path("code").asText("");
        boolean silent = c.path("silent").asBoolean(false);
        boolean storeHistory = !silent && c.path("store_history").asBoolean(true);
        boolean allowStdin = c.path("allow_stdin").asBoolean(true);
        boolean stopOnError = c.path("stop_on_error").asBoolean(true);
        if (storeHistory) {
            executionCount++;
        }
        int count = executionCount;
        interpreter.clearInterrupt();
        cellRunning = true;
        if (!silent) {
            publish(request, "execute_input", Json.object().put("code", code).put("execution_count", count));
        }
        CellOutput io = new CellOutput(request, count, !silent, allowStdin);
        ExecuteOutcome outcome;
        try {
            outcome = interpreter.execute(code, io);
        } catch (RuntimeException | Error e) {
            outcome = internalError(e);
        } finally {
            cellRunning = false;
        }
        ObjectNode reply = Json.object();
        String historyOutput = null;
        if (outcome instanceof Success s) {
            reply.put("status", "ok").put("execution_count", count);
            if (s.value() != null) {
                MimeBundle bundle = renderers.render(s.value().object(), s.value().plainText());
                historyOutput = s.value().plainText();
                if (!silent) {
                    ObjectNode result = Json.object().put("execution_count", count);
                    putBundle(result, bundle);
                    publish(request, "execute_result", result);
                }
            }
            ArrayNode payload = reply.putArray("payload");
            for (ExecuteOutcome.Page page : s.pages()) {
                ObjectNode p = payload.addObject().put("source", "page");
                p.set("data", Json.MAPPER.valueToTree(page.data().data()));
                p.put("start", 0);
            }
            reply.set("user_expressions", userExpressions(c.path("user_expressions"), io));
        } else if (outcome instanceof Failure f) {
            ObjectNode error = errorContent(f);
            if (!silent) {
                publish(request, "error", error.deepCopy());
            }
            reply.put("status", "error").put("execution_count", count).setAll(error);
            reply.set("user_expressions", Json.object());
            if (stopOnError && channel == Channel.SHELL) {
                toAbort = pending.drain(); // what is queued now, before the reply lets the client send more
            }
        }
        if (storeHistory) {
            history.add(count, code, historyOutput);
        }
        reply(channel, request, "execute_reply", reply);
    }

    private ObjectNode userExpressions(JsonNode requested, CellIO io) {
        ObjectNode out = Json.object();
        if (!requested.isObject() || requested.isEmpty()) {
            return out;
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        requested.fields().forEachRemaining(e -> expressions.put(e.getKey(), e.getValue().asText()));
        interpreter.evaluateExpressions(expressions, io).forEach((name, outcome) -> {
            ObjectNode v = out.putObject(name);
            if (outcome instanceof Success s) {
                v.put("status", "ok");
                Object object = s.value() == null ? null : s.value().object();
                String plain = s.value() == null ? "" : s.value().plainText();
                putBundle(v, renderers.render(object, plain));
            } else if (outcome instanceof Failure f) {
                v.put("status", "error").setAll(errorContent(f));
            }
        });
        return out;
    }

    private static ObjectNode errorContent(Failure f) {
        ObjectNode e = Json.object().put("ename", f.ename()).put("evalue", f.evalue());
        ArrayNode tb = e.putArray("traceback");
        f.traceback().forEach(tb::add);
        return e;
    }

    private Failure internalError(Throwable e) {
        log.println("legate kernel: bug while executing a cell:");
        e.printStackTrace(log);
        return new Failure("InternalError", "the kernel failed: " + e, List.of(
                "InternalError: the kernel failed: " + e, "(this is a bug in the kernel; details are in its log)"));
    }

    private static void putBundle(ObjectNode target, MimeBundle bundle) {
        target.set("data", Json.MAPPER.valueToTree(bundle.data()));
        target.set("metadata", Json.MAPPER.valueToTree(bundle.metadata()));
    }

    private void complete(Channel channel, Message request) {
        String code = request.content().path("code").asText("");
        int cursor = charIndex(code, request.content().path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        Interpreter.Completion c = interpreter.complete(code, cursor);
        ObjectNode reply = Json.object().put("status", "ok");
        ArrayNode matches = reply.putArray("matches");
        c.matches().forEach(matches::add);
        reply.put("cursor_start", code.codePointCount(0, c.cursorStart()));
        reply.put("cursor_end", code.codePointCount(0, c.cursorEnd()));
        ObjectNode md = reply.putObject("metadata");
        if (!c.types().isEmpty()) {
            ArrayNode types = md.putArray("_jupyter_types_experimental");
            for (Interpreter.CompletionType t : c.types()) {
                types.addObject().put("text", t.text()).put("start", code.codePointCount(0, t.start()))
                        .put("end", code.codePointCount(0, t.end())).put("type", t.type())
                        .put("signature", t.signature());
            }
        }
        reply(channel, request, "complete_reply", reply);
    }

    private void inspect(Channel channel, Message request) {
        String code = request.content().path("code").asText("");
        int cursor = charIndex(code, request.content().path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        String doc = interpreter.inspect(code, cursor);
        ObjectNode reply = Json.object().put("status", "ok").put("found", doc != null);
        ObjectNode data = reply.putObject("data");
        if (doc != null) {
            data.put("text/plain", doc);
        }
        reply.putObject("metadata");
        reply(channel, request, "inspect_reply", reply);
    }

    private void isComplete(Channel channel, Message request) {
        Interpreter.IsComplete r = interpreter.isComplete(request.content().path("code").asText(""));
        ObjectNode reply = Json.object().put("status", r.status());
        if (r.indent() != null) {
            reply.put("indent", r.indent());
        }
        reply(channel, request, "is_complete_reply", reply);
    }

    private void history(Channel channel, Message request) {
        ObjectNode c = request.content();
        boolean output = c.path("output").asBoolean(false);
        List<History.Entry> entries = switch (c.path("hist_access_type").asText("tail")) {
            case "range" -> history.range(c.path("session").asInt(0), c.path("start").asInt(0), c.path("stop").asInt(0));
            case "search" -> history.search(c.path("pattern").asText("*"), c.path("n").asInt(0), c.path("unique").asBoolean(false));
            default -> history.tail(c.path("n").asInt(10));
        };
        ObjectNode reply = Json.object().put("status", "ok");
        ArrayNode list = reply.putArray("history");
        for (History.Entry e : entries) {
            ArrayNode row = list.addArray().add(e.session()).add(e.line());
            if (output) {
                row.addArray().add(e.input()).add(e.output());
            } else {
                row.add(e.input());
            }
        }
        reply(channel, request, "history_reply", reply);
    }

    private void commInfo(Channel channel, Message request) {
        JsonNode target = request.content().get("target_name");
        ObjectNode reply = Json.object().put("status", "ok");
        ObjectNode list = reply.putObject("comms");
        comms.openComms().forEach((id, comm) -> {
            if (target == null || target.isNull() || target.asText().equals(comm.targetName())) {
                list.putObject(id).put("target_name", comm.targetName());
            }
        });
        reply(channel, request, "comm_info_reply", reply);
    }

    private void interrupt(Channel channel, Message request) {
        interruptCell();
        reply(channel, request, "interrupt_reply", Json.object().put("status", "ok"));
    }

    /** Stops the running cell: an interrupt_request, or SIGINT. With no cell running there is nothing to stop. */
    public void interruptCell() {
        if (cellRunning) {
            interpreter.interrupt();
            stdin.cancel();
        }
    }

    private void shutdownRequest(Channel channel, Message request) {
        boolean restart = request.content().path("restart").asBoolean(false);
        reply(channel, request, "shutdown_reply", Json.object().put("status", "ok").put("restart", restart));
        publish(request, "shutdown_reply", Json.object().put("status", "ok").put("restart", restart));
        shuttingDown = true;
        interpreter.interrupt();
        stdin.cancel();
    }

    /** Cursor positions on the wire count code points; Java strings count UTF-16 units. */
    static int charIndex(String code, int codePoints) {
        int n = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, n);
    }

    /** The frontend as one cell sees it: outputs go out with the cell's request as parent. */
    private final class CellOutput implements CellIO {
        private final Message request;
        private final int executionCount;
        private final boolean publishes;
        private final boolean allowStdin;

        CellOutput(Message request, int executionCount, boolean publishes, boolean allowStdin) {
            this.request = request;
            this.executionCount = executionCount;
            this.publishes = publishes;
            this.allowStdin = allowStdin;
        }

        @Override
        public void stream(String name, String text) {
            if (publishes && !text.isEmpty()) {
                publish(request, "stream", Json.object().put("name", name).put("text", text));
            }
        }

        @Override
        public void display(Object value, String displayId, boolean update) {
            String plain = plainText(value); // on every rank, publishing or not (see SilentCellIO)
            if (!publishes) {
                return;
            }
            ObjectNode content = Json.object();
            putBundle(content, renderers.render(value, plain));
            ObjectNode t = content.putObject("transient");
            if (displayId != null) {
                t.put("display_id", displayId);
            }
            publish(request, update ? "update_display_data" : "display_data", content);
        }

        @Override
        public void clearOutput(boolean wait) {
            if (publishes) {
                publish(request, "clear_output", Json.object().put("wait", wait));
            }
        }

        @Override
        public String readLine(String prompt, boolean password) throws InterruptedIOException {
            if (!allowStdin) {
                throw new IllegalStateException("this frontend does not accept input (allow_stdin is false)");
            }
            return stdin.readLine(request, prompt, password);
        }

        @Override
        public int executionCount() {
            return executionCount;
        }

        @Override
        public boolean publishes() {
            return publishes;
        }
    }

    static String plainText(Object value) {
        if (value instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (value != null && value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(value);
    }
}
