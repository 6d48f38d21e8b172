package legate.kernel.display;

import legate.numpy.NDArray;

/** Small 1-D and 2-D {@link NDArray}s as an HTML table, beside their NumPy-style text. */
public final class ArrayRenderer implements Renderer {
    @Override
    public MimeBundle render(Object value) {
        if (!(value instanceof NDArray a)) {
            return null;
        }
        String html = a.toHtml();
        return html == null ? null : new MimeBundle(java.util.Map.of("text/html", html), java.util.Map.of());
    }
}
