package legate.kernel.wire;

import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The five Jupyter sockets over JeroMQ. Each socket has one owning thread that blocks in a
 * receive (no poll-then-sleep): shell and control handle requests, heartbeat echoes, and the
 * IOPub thread is the single sender of publications, fed by a queue. The stdin socket is used
 * only under its lock by the thread that asks for input.
 */
public final class KernelServer implements Outbox, InputChannel, PendingRequests, AutoCloseable {
    private static final int LINGER_MS = 1000;
    private static final Object STOP_IOPUB = new Object();

    private final ZMQ.Context context = ZMQ.context(1);
    private final Codec codec;
    private final Session session;
    private final PrintStream log;
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket stdin;
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket heartbeat;
    private final BlockingQueue<Object> iopubQueue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Object stdinLock = new Object();
    private volatile boolean closing;
    private volatile boolean inputCancelled;
    private Thread shellThread;
    private Thread controlThread;

    public KernelServer(ConnectionInfo info, Session session, PrintStream log) {
        this.codec = new Codec(new Signer(info.key()));
        this.session = session;
        this.log = log;
        List<ZMQ.Socket> opened = new ArrayList<>(); // the sockets made so far
        try {
            this.shell = bind(SocketType.ROUTER, info, info.shellPort(), "shell", opened);
            this.control = bind(SocketType.ROUTER, info, info.controlPort(), "control", opened);
            this.stdin = bind(SocketType.ROUTER, info, info.stdinPort(), "stdin", opened);
            this.iopub = bind(SocketType.PUB, info, info.iopubPort(), "iopub", opened);
            this.heartbeat = bind(SocketType.REP, info, info.hbPort(), "hb", opened);
        } catch (CannotListen e) {
            for (ZMQ.Socket bound : opened) { // nothing stays open: the frontend starts a kernel again on fresh ports
                bound.close();
            }
            context.term();
            throw e;
        }
        stdin.setReceiveTimeOut(100);
    }

    /**
     * A port of the connection file that this kernel cannot listen on (most often one another
     * process took between the frontend choosing it and the kernel binding it): the kernel cannot
     * serve, and its frontend starts it again on fresh ports.
     */
    public static final class CannotListen extends IllegalStateException {
        CannotListen(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ZMQ.Socket bind(SocketType type, ConnectionInfo info, int port, String name, List<ZMQ.Socket> opened) {
        String endpoint = info.endpoint(port);
        ZMQ.Socket s = context.socket(type);
        s.setLinger(0); // nothing is queued yet: were a bind to fail, closing must not wait
        opened.add(s);
        try {
            s.bind(endpoint);
        } catch (ZMQException | IllegalArgumentException e) { // the latter: an address JeroMQ cannot parse
            String why = e instanceof ZMQException z && z.getErrorCode() == ZMQ.Error.EADDRINUSE.getCode()
                    ? "the address is already in use (another process holds the port)" : e.getMessage();
            throw new CannotListen("cannot listen on " + endpoint + ", the " + name + "_port of the connection file: " + why, e);
        }
        s.setLinger(LINGER_MS);
        return s;
    }

    /** Starts the socket threads; requests go to {@code handler} from now on. */
    public void start(RequestHandler handler) {
        shellThread = thread("shell", () -> serveShell(handler));
        controlThread = thread("control", () -> serve(control, Channel.CONTROL, handler));
        thread("heartbeat", this::echoHeartbeats);
        thread("iopub", this::publish);
        for (Thread t : threads) {
            t.start();
        }
    }

    private Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, "jupyter-" + name);
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    @Override
    public void send(Channel channel, Message message) {
        switch (channel) {
            case IOPUB -> iopubQueue.add(message);
            case SHELL -> sendOn(shell, shellThread, message);
            case CONTROL -> sendOn(control, controlThread, message);
            case STDIN -> throw new IllegalArgumentException("stdin requests go through readLine");
        }
    }

    private void sendOn(ZMQ.Socket socket, Thread owner, Message message) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a " + message.type() + " must be sent by " + owner.getName());
        }
        sendFrames(socket, codec.encode(message));
    }

    private static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /**
     * Receives one multipart message ({@code flags} 0 blocks; {@link ZMQ#DONTWAIT} does not);
     * null when the context is terminating or nothing came.
     */
    private static List<byte[]> receive(ZMQ.Socket socket, int flags) {
        byte[] first;
        try {
            first = socket.recv(flags);
        } catch (ZMQException e) {
            return null;
        }
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private Message decode(List<byte[]> frames, Channel channel) {
        try {
            return codec.decode(frames);
        } catch (MalformedMessageException e) {
            log.println("legate kernel: dropped a message on " + channel.name().toLowerCase() + ": " + e.getMessage());
            return null;
        }
    }

    private void serveShell(RequestHandler handler) {
        try {
            while (!closing) {
                List<byte[]> frames = receive(shell, 0);
                if (frames == null) {
                    continue;
                }
                Message m = decode(frames, Channel.SHELL);
                if (m == null) {
                    continue;
                }
                handleSafely(handler, Channel.SHELL, m);
            }
        } finally {
            shell.close();
        }
    }

    @Override
    public List<Message> drain() {
        if (Thread.currentThread() != shellThread) {
            throw new IllegalStateException("pending shell requests are taken on the shell thread only");
        }
        List<Message> pending = new ArrayList<>();
        List<byte[]> frames;
        while ((frames = receive(shell, ZMQ.DONTWAIT)) != null) {
            Message m = decode(frames, Channel.SHELL);
            if (m != null) {
                pending.add(m);
            }
        }
        return pending;
    }

    private void serve(ZMQ.Socket socket, Channel channel, RequestHandler handler) {
        try {
            while (!closing) {
                List<byte[]> frames = receive(socket, 0);
                if (frames == null) {
                    continue;
                }
                Message m = decode(frames, channel);
                if (m != null) {
                    handleSafely(handler, channel, m);
                }
            }
        } finally {
            socket.close();
        }
    }

    private void handleSafely(RequestHandler handler, Channel channel, Message m) {
        try {
            handler.handle(channel, m);
        } catch (RuntimeException | Error e) {
            log.println("legate kernel: bug while handling " + m.type() + " on " + channel + ":");
            e.printStackTrace(log);
        }
    }

    private void echoHeartbeats() {
        try {
            while (!closing) {
                byte[] ping;
                try {
                    ping = heartbeat.recv(0);
                } catch (ZMQException e) {
                    return;
                }
                if (ping != null) {
                    heartbeat.send(ping, 0);
                }
            }
        } finally {
            heartbeat.close();
        }
    }

    private void publish() {
        try {
            while (true) {
                Object next = iopubQueue.take();
                if (next == STOP_IOPUB) {
                    return;
                }
                sendFrames(iopub, codec.encode((Message) next));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ZMQException e) {
            // context terminated: nothing left to publish to
        } finally {
            iopub.close();
        }
    }

    @Override
    public String readLine(Message parent, String prompt, boolean password) throws InterruptedIOException {
        synchronized (stdinLock) {
            inputCancelled = false;
            var content = Json.object().put("prompt", prompt).put("password", password);
            Message request = session.reply(parent, "input_request", content); // to the cell's sender, as a reply is
            sendFrames(stdin, codec.encode(request));
            while (true) {
                if (inputCancelled || closing) {
                    throw new InterruptedIOException("input was interrupted");
                }
                List<byte[]> frames = receive(stdin, 0);
                if (frames == null) {
                    continue;
                }
                Message reply = decode(frames, Channel.STDIN);
                if (reply != null && reply.type().equals("input_reply")) {
                    return reply.content().path("value").asText("");
                }
            }
        }
    }

    @Override
    public void cancel() {
        inputCancelled = true;
    }

    /** Flushes what is queued for IOPub, closes every socket and terminates the context. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        iopubQueue.add(STOP_IOPUB);
        synchronized (stdinLock) {
            stdin.close();
        }
        Thread term = new Thread(context::term, "jupyter-term");
        term.setDaemon(true);
        term.start();
        try {
            term.join(LINGER_MS + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
