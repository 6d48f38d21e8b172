package legate.runtime.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the backends on the class path ({@link ServiceLoader}) and opens the one for a processor kind. */
public final class Backends {
    private Backends() {
    }

    /** Every provider on the class path of this loader, in the loader's order. */
    public static List<BackendProvider> providers(ClassLoader loader) {
        List<BackendProvider> out = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(out::add);
        return out;
    }

    public static List<BackendProvider> providers() {
        return providers(Backends.class.getClassLoader());
    }

    /**
     * A backend for {@code kind} from the first of {@code providers} of that kind whose probe
     * passes; when none can run, an exception naming each one's reason.
     */
    public static Backend open(ProcessorKind kind, BackendConfig config, List<BackendProvider> providers) {
        Choice c = choose(kind, providers, kind == ProcessorKind.GPU ? config.gpus() : config.cpus());
        if (c.provider() == null) {
            throw new BackendUnavailableException(c.whyNot());
        }
        return c.provider().open(config);
    }

    /**
     * Why no backend for {@code kind} can run here (as {@link #open} would say), or empty when
     * one can; asks the providers' probes and opens nothing.
     */
    public static java.util.Optional<String> whyNot(ProcessorKind kind, List<BackendProvider> providers) {
        return whyNot(kind, 1, providers);
    }

    /** Why no backend for {@code kind} can run a rank that asks for {@code units} of its processors here, or empty when one can. */
    public static java.util.Optional<String> whyNot(ProcessorKind kind, int units, List<BackendProvider> providers) {
        return java.util.Optional.ofNullable(choose(kind, providers, units).whyNot());
    }

    /** The provider that can run here, or (provider null) why none can. */
    private record Choice(BackendProvider provider, String whyNot) {
    }

    /** The first of {@code providers} of {@code kind} whose probe for {@code units} processors passes, else each one's reason. */
    private static Choice choose(ProcessorKind kind, List<BackendProvider> providers, int units) {
        List<String> reasons = new ArrayList<>();
        for (BackendProvider p : providers) {
            if (p.kind() != kind) {
                continue;
            }
            Probe probe = p.probe(units);
            if (probe.usable()) {
                return new Choice(p, null);
            }
            reasons.add(p.name() + ": " + probe.reason());
        }
        String what = kind == ProcessorKind.GPU ? "GPUs" : "CPUs";
        return new Choice(null, reasons.isEmpty()
                ? "no backend for " + what + " is installed (none of " + names(providers) + " computes on " + what + ")"
                : "no backend for " + what + " can run here: " + String.join("; ", reasons));
    }

    public static java.util.Optional<String> whyNot(ProcessorKind kind) {
        return whyNot(kind, providers());
    }

    public static java.util.Optional<String> whyNot(ProcessorKind kind, int units) {
        return whyNot(kind, units, providers());
    }

    public static Backend open(ProcessorKind kind, BackendConfig config) {
        return open(kind, config, providers());
    }

    private static String names(List<BackendProvider> providers) {
        List<String> n = new ArrayList<>();
        for (BackendProvider p : providers) {
            n.add(p.name());
        }
        return n.isEmpty() ? "no backend" : String.join(", ", n);
    }
}
