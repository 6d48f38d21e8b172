package legate.kernel.display;

/**
 * Turns values of some types into MIME representations. Implementations are found with
 * {@link java.util.ServiceLoader}, so any module or jar on the kernel's classpath can add one.
 */
public interface Renderer {
    /** The representations of {@code value}, or null when this renderer does not know it. */
    MimeBundle render(Object value);

    /** Renderers with higher priority are asked first and win where two give the same type. */
    default int priority() {
        return 0;
    }
}
