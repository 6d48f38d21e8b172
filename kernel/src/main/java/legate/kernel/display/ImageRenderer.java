package legate.kernel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** {@link RenderedImage} (e.g. a {@code BufferedImage}) as {@code image/png}. */
public final class ImageRenderer implements Renderer {
    @Override
    public MimeBundle render(Object value) {
        if (!(value instanceof RenderedImage image)) {
            return null;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
        return pngBundle(png.toByteArray(), image.getWidth() + "x" + image.getHeight());
    }

    static MimeBundle pngBundle(byte[] png, String size) {
        return MimeBundle.of("image/png", Base64.getEncoder().encodeToString(png),
                "<image/png " + size + ">");
    }
}
