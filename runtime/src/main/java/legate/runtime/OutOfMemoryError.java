package legate.runtime;

/**
 * An array did not fit in what is left of a rank's array memory ({@code --sysmem}, or
 * {@code --fbmem} on a GPU). Unlike {@link java.lang.OutOfMemoryError} it is an ordinary
 * exception: the cell fails, the arrays made before it stay, and the kernel goes on.
 */
public class OutOfMemoryError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfMemoryError(String message) {
        super(message);
    }
}
