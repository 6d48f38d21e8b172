package legate.kernel.display;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a cell calls to show things; statically imported into every cell.
 * {@code html}, {@code markdown}, {@code latex} and {@code image} make bundles: the last
 * expression of a cell is displayed, or pass one to {@link #display(Object)}.
 */
public final class Display {
    private static volatile DisplaySink sink = DisplaySink.NONE;

    private Display() {
    }

    /** Connects the static API to a kernel; one kernel per JVM. */
    public static void install(DisplaySink target) {
        sink = Objects.requireNonNull(target);
    }

    public static void display(Object value) {
        sink.display(value, null, false);
    }

    public static void display(Object value, String displayId) {
        sink.display(value, requireId(displayId), false);
    }

    public static void updateDisplay(String displayId, Object value) {
        sink.display(value, requireId(displayId), true);
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    /** With {@code wait}, the frontend clears only when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        sink.clearOutput(wait);
    }

    public static MimeBundle html(String html) {
        return MimeBundle.of("text/html", html, html);
    }

    public static MimeBundle markdown(String markdown) {
        return MimeBundle.of("text/markdown", markdown, markdown);
    }

    /** LaTeX, e.g. {@code latex("$e^{i\\pi} + 1 = 0$")}. */
    public static MimeBundle latex(String latex) {
        return MimeBundle.of("text/latex", latex, latex);
    }

    /** A PNG image from its encoded bytes. */
    public static MimeBundle image(byte[] png) {
        if (png == null || png.length < 8 || !new String(png, 1, 3, StandardCharsets.US_ASCII).equals("PNG")) {
            throw new IllegalArgumentException("image(byte[]) expects the bytes of a PNG file");
        }
        return ImageRenderer.pngBundle(png, png.length + " bytes");
    }

    private static String requireId(String displayId) {
        if (displayId == null || displayId.isBlank()) {
            throw new IllegalArgumentException("a display id must be a non-empty string, got " + displayId);
        }
        return displayId;
    }
}
