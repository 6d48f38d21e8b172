package legate.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import legate.kernel.display.Renderers;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.ExecuteOutcome.Value;
import legate.kernel.wire.Channel;
import legate.kernel.wire.InputChannel;
import legate.kernel.wire.Json;
import legate.kernel.wire.Message;
import legate.kernel.wire.Session;
import org.junit.jupiter.api.Test;

/** The protocol core against an in-memory outbox and a scripted interpreter: no sockets. */
class KernelCoreTest {
    record Sent(Channel channel, Message message) {
        String type() {
            return message.type();
        }
    }

    final List<Sent> sent = new ArrayList<>();
    final List<Message> queued = new ArrayList<>();
    final AtomicInteger interrupts = new AtomicInteger();
    final AtomicInteger cancels = new AtomicInteger();
    final AtomicInteger clears = new AtomicInteger();
    final AtomicInteger shutdowns = new AtomicInteger();
    final Session client = new Session("client-session", "user");
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** Runs "print:TEXT", "value:X", "fail", "input:PROMPT"; completes and inspects trivially. */
    final Interpreter scripted = new Interpreter() {
        @Override
        public ExecuteOutcome execute(String code, CellIO io) {
            if (code.startsWith("print:")) {
                io.stream("stdout", code.substring(6));
                return Success.of(null);
            }
            if (code.startsWith("value:")) {
                return Success.of(new Value(code.substring(6), code.substring(6)));
            }
            if (code.startsWith("input:")) {
                try {
                    return Success.of(new Value(null, io.readLine(code.substring(6), false)));
                } catch (java.io.InterruptedIOException e) {
                    throw new AssertionError(e);
                }
            }
            if (code.equals("display")) {
                io.display("shown", "id1", false);
                io.clearOutput(true);
                return Success.of(null);
            }
            return new Failure("java.lang.RuntimeException", "failed", List.of("java.lang.RuntimeException: failed"));
        }

        @Override
        public Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions, CellIO io) {
            return Map.of("e", Success.of(new Value(7, "7")));
        }

        @Override
        public Completion complete(String code, int cursor) {
            // replaces the word before the cursor
            int start = cursor;
            while (start > 0 && Character.isLetter(code.charAt(start - 1))) {
                start--;
            }
            return new Completion(List.of("println("), start, cursor, List.of());
        }

        @Override
        public String inspect(String code, int cursor) {
            return code.isEmpty() ? null : "doc of " + code.substring(0, cursor);
        }

        @Override
        public IsComplete isComplete(String code) {
            return code.endsWith("{") ? IsComplete.incomplete("    ") : IsComplete.COMPLETE;
        }

        @Override
        public void interrupt() {
            interrupts.incrementAndGet();
        }

        @Override
        public void clearInterrupt() {
            clears.incrementAndGet();
        }

        @Override
        public String languageVersion() {
            return "17.0.1";
        }

        @Override
        public String banner() {
            return "banner";
        }

        @Override
        public void close() {
        }
    };

    final InputChannel stdin = new InputChannel() {
        @Override
        public String readLine(Message parent, String prompt, boolean password) {
            return "typed after " + prompt + " for " + parent.id();
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    };

    final KernelCore core = new KernelCore(Session.create(), scripted, (ch, m) -> sent.add(new Sent(ch, m)), stdin,
            () -> {
                List<Message> q = new ArrayList<>(queued);
                queued.clear();
                return q;
            }, new Renderers(List.of()), shutdowns::incrementAndGet, new PrintStream(log, true, StandardCharsets.UTF_8));

    Message request(String type, ObjectNode content) {
        return client.publication(null, type, content); // a client message; identities are its topic frame
    }

    Message execute(String code) {
        return request("execute_request", Json.object().put("code", code).put("silent", false)
                .put("store_history", true).put("allow_stdin", true).put("stop_on_error", true));
    }

    List<String> types() {
        return sent.stream().map(s -> s.channel() + ":" + s.type() + (s.type().equals("status")
                ? "=" + s.message().content().get("execution_state").asText() : "")).toList();
    }

    JsonNode reply() {
        return sent.stream().filter(s -> s.channel() != Channel.IOPUB).reduce((a, b) -> b).orElseThrow().message().content();
    }

    @Test
    void kernelInfoIsWrappedInBusyAndIdleAndRoutedBack() {
        Message req = request("kernel_info_request", Json.object());
        core.handle(Channel.SHELL, req);
        assertEquals(List.of("IOPUB:status=busy", "SHELL:kernel_info_reply", "IOPUB:status=idle"), types());
        Message reply = sent.get(1).message();
        assertArrayEquals(req.headerBytes(), reply.parentHeaderBytes());
        assertArrayEquals(req.identities().get(0), reply.identities().get(0));
        JsonNode c = reply.content();
        assertEquals("ok", c.get("status").asText());
        assertEquals("5.3", c.get("protocol_version").asText());
        assertEquals("java", c.at("/language_info/name").asText());
        assertEquals("17.0.1", c.at("/language_info/version").asText());
        assertEquals("text/x-java-source", c.at("/language_info/mimetype").asText());
        assertEquals(".jsh", c.at("/language_info/file_extension").asText());
        assertEquals("text/x-java", c.at("/language_info/codemirror_mode").asText());
        assertEquals(false, c.get("debugger").asBoolean());
        for (Sent s : sent) {
            assertEquals(req.id(), s.message().parentHeader().get("msg_id").asText());
        }
    }

    @Test
    void controlRequestsAreAnsweredOnControl() {
        core.handle(Channel.CONTROL, request("kernel_info_request", Json.object()));
        assertEquals(List.of("IOPUB:status=busy", "CONTROL:kernel_info_reply", "IOPUB:status=idle"), types());
    }

    @Test
    void executePublishesInputOutputAndResultThenReplies() {
        core.handle(Channel.SHELL, execute("print:hello"));
        core.handle(Channel.SHELL, execute("value:42"));
        assertEquals(List.of("IOPUB:status=busy", "IOPUB:execute_input", "IOPUB:stream", "SHELL:execute_reply", "IOPUB:status=idle",
                "IOPUB:status=busy", "IOPUB:execute_input", "IOPUB:execute_result", "SHELL:execute_reply", "IOPUB:status=idle"), types());
        assertEquals("hello", sent.get(2).message().content().get("text").asText());
        JsonNode result = sent.get(7).message().content();
        assertEquals(2, result.get("execution_count").asInt());
        assertEquals("42", result.at("/data/text~1plain").asText());
        JsonNode r = reply();
        assertEquals("ok", r.get("status").asText());
        assertEquals(2, r.get("execution_count").asInt());
        assertTrue(r.get("payload").isArray() && r.get("user_expressions").isObject());
    }

    @Test
    void failureIsOneErrorAndAbortsWhatWasQueued() {
        Message queuedExecute = execute("print:never");
        Message queuedComplete = request("complete_request", Json.object().put("code", "pri").put("cursor_pos", 3));
        queued.add(queuedExecute);
        queued.add(queuedComplete);
        core.handle(Channel.SHELL, execute("fail"));
        assertEquals(List.of("IOPUB:status=busy", "IOPUB:execute_input", "IOPUB:error", "SHELL:execute_reply", "IOPUB:status=idle",
                "IOPUB:status=busy", "SHELL:execute_reply", "IOPUB:status=idle",
                "IOPUB:status=busy", "SHELL:complete_reply", "IOPUB:status=idle"), types());
        JsonNode failed = sent.get(3).message().content();
        assertEquals("error", failed.get("status").asText());
        assertEquals("java.lang.RuntimeException", failed.get("ename").asText());
        assertEquals("java.lang.RuntimeException: failed", failed.get("traceback").get(0).asText());
        JsonNode aborted = sent.get(6).message().content();
        assertEquals("aborted", aborted.get("status").asText());
        assertEquals(queuedExecute.id(), sent.get(6).message().parentHeader().get("msg_id").asText());
        // the next cell runs normally
        sent.clear();
        core.handle(Channel.SHELL, execute("value:1"));
        assertEquals("ok", reply().get("status").asText());
    }

    @Test
    void withoutStopOnErrorNothingIsAborted() {
        queued.add(execute("print:later"));
        core.handle(Channel.SHELL, request("execute_request", Json.object().put("code", "fail").put("stop_on_error", false)));
        assertEquals(1, queued.size());
    }

    @Test
    void silentCellsPublishNothingAndDoNotCount() {
        core.handle(Channel.SHELL, request("execute_request", Json.object().put("code", "print:quiet").put("silent", true)));
        assertEquals(List.of("IOPUB:status=busy", "SHELL:execute_reply", "IOPUB:status=idle"), types());
        assertEquals(0, reply().get("execution_count").asInt());
        sent.clear();
        core.handle(Channel.SHELL, execute("value:1"));
        assertEquals(1, reply().get("execution_count").asInt());
    }

    @Test
    void userExpressionsAreRendered() {
        core.handle(Channel.SHELL, request("execute_request", Json.object().put("code", "value:1")
                .set("user_expressions", Json.object().put("e", "3+4"))));
        assertEquals("7", reply().at("/user_expressions/e/data/text~1plain").asText());
        assertEquals("ok", reply().at("/user_expressions/e/status").asText());
    }

    @Test
    void displayAndClearCarryTheCellAsParent() {
        Message req = execute("display");
        core.handle(Channel.SHELL, req);
        Message display = sent.get(2).message();
        assertEquals("display_data", display.type());
        assertEquals("id1", display.content().at("/transient/display_id").asText());
        assertEquals("shown", display.content().at("/data/text~1plain").asText());
        assertEquals(req.id(), display.parentHeader().get("msg_id").asText());
        assertEquals("clear_output", sent.get(3).type());
        assertTrue(sent.get(3).message().content().get("wait").asBoolean());
    }

    @Test
    void inputIsAskedOnBehalfOfTheCell() {
        Message req = execute("input:Name? ");
        core.handle(Channel.SHELL, req);
        assertEquals("typed after Name?  for " + req.id(), reply().isEmpty() ? "" : sent.stream()
                .filter(s -> s.type().equals("execute_result")).findFirst().orElseThrow().message().content().at("/data/text~1plain").asText());
    }

    @Test
    void cursorsOnTheWireCountCodePoints() {
        String code = "String s = \"😀\"; System.out.pri"; // the emoji is 2 UTF-16 units, 1 code point
        int cp = code.codePointCount(0, code.length());
        core.handle(Channel.SHELL, request("complete_request", Json.object().put("code", code).put("cursor_pos", cp)));
        JsonNode r = reply();
        assertEquals(cp, r.get("cursor_end").asInt());
        assertEquals(cp - 3, r.get("cursor_start").asInt());
        assertEquals("println(", r.get("matches").get(0).asText());
        sent.clear();
        core.handle(Channel.SHELL, request("inspect_request", Json.object().put("code", "😀ab").put("cursor_pos", 2)));
        assertEquals("doc of 😀a", reply().at("/data/text~1plain").asText());
        assertTrue(reply().get("found").asBoolean());
    }

    @Test
    void isCompleteAndHistory() {
        core.handle(Channel.SHELL, request("is_complete_request", Json.object().put("code", "for (;;) {")));
        assertEquals("incomplete", reply().get("status").asText());
        assertEquals("    ", reply().get("indent").asText());
        core.handle(Channel.SHELL, execute("value:a"));
        core.handle(Channel.SHELL, execute("value:b"));
        core.handle(Channel.SHELL, request("history_request", Json.object().put("hist_access_type", "tail").put("n", 1)
                .put("output", true).put("raw", true)));
        JsonNode h = reply().get("history");
        assertEquals(1, h.size());
        assertEquals("[1,2,[\"value:b\",\"b\"]]", h.get(0).toString());
        core.handle(Channel.SHELL, request("history_request", Json.object().put("hist_access_type", "search")
                .put("pattern", "value:?").put("unique", true).put("output", false).put("raw", true)));
        assertEquals("[[1,1,\"value:a\"],[1,2,\"value:b\"]]", reply().get("history").toString());
    }

    @Test
    void commsOpenedForUnknownTargetsAreClosed() {
        core.comms().registerTarget("known", comm -> comm.onMessage(data -> comm.send(Map.of("got", data.get("x")))));
        core.handle(Channel.SHELL, request("comm_open", Json.object().put("comm_id", "c1").put("target_name", "unknown")));
        assertEquals(List.of("IOPUB:status=busy", "IOPUB:comm_close", "IOPUB:status=idle"), types());
        sent.clear();
        ObjectNode open = Json.object().put("comm_id", "c2").put("target_name", "known");
        open.putObject("data");
        core.handle(Channel.SHELL, request("comm_open", open));
        ObjectNode msg = Json.object().put("comm_id", "c2");
        msg.putObject("data").put("x", 5);
        core.handle(Channel.SHELL, request("comm_msg", msg));
        Sent echo = sent.stream().filter(s -> s.type().equals("comm_msg")).findFirst().orElseThrow();
        assertEquals("{\"comm_id\":\"c2\",\"data\":{\"got\":5}}", echo.message().content().toString());
        core.handle(Channel.SHELL, request("comm_info_request", Json.object().put("target_name", "known")));
        assertEquals("{\"c2\":{\"target_name\":\"known\"}}", reply().get("comms").toString());
        core.handle(Channel.SHELL, request("comm_close", Json.object().put("comm_id", "c2")));
        core.handle(Channel.SHELL, request("comm_info_request", Json.object()));
        assertEquals("{}", reply().get("comms").toString());
    }

    @Test
    void interruptWithNoCellRunningIsAnsweredButStopsNothing() {
        core.handle(Channel.CONTROL, request("interrupt_request", Json.object()));
        assertEquals(0, interrupts.get());
        assertEquals(0, cancels.get());
        assertEquals("CONTROL:interrupt_reply", types().get(1));
    }

    @Test
    void eachCellStartsWithItsInterruptFlagCleared() {
        core.handle(Channel.SHELL, execute("value:1"));
        core.handle(Channel.SHELL, execute("value:2"));
        assertEquals(2, clears.get());
    }

    @Test
    void shutdownRepliesThenStopsAfterIdle() {
        core.handle(Channel.CONTROL, request("shutdown_request", Json.object().put("restart", true)));
        assertEquals(List.of("IOPUB:status=busy", "CONTROL:shutdown_reply", "IOPUB:shutdown_reply", "IOPUB:status=idle"), types());
        assertTrue(reply().get("restart").asBoolean());
        assertEquals(1, shutdowns.get());
    }

    @Test
    void unknownMessageTypesAreLoggedNotAnswered() {
        core.handle(Channel.SHELL, request("no_such_request", Json.object()));
        assertEquals(List.of(), types());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("ignored unknown message type 'no_such_request'"));
    }
}
