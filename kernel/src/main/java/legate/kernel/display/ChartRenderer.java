package legate.kernel.display;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** XChart charts ({@code XYChart}, {@code CategoryChart}, ...) as {@code image/png}. */
public final class ChartRenderer implements Renderer {
    @Override
    public MimeBundle render(Object value) {
        if (!(value instanceof Chart<?, ?> chart)) {
            return null;
        }
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return ImageRenderer.pngBundle(png, chart.getWidth() + "x" + chart.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw the chart as PNG", e);
        }
    }
}
