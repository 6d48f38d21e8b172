package legate.installer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The kernel's logos, drawn: a rounded square with a bold "L" over three dots (ranks). */
final class Logo {
    private Logo() {
    }

    static void write(Path dir) throws IOException {
        for (int size : new int[] {32, 64}) {
            ImageIO.write(draw(size), "png", dir.resolve("logo-" + size + "x" + size + ".png").toFile());
        }
    }

    static BufferedImage draw(int s) {
        BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x76, 0xb9, 0x00)); // green
        g.fillRoundRect(0, 0, s, s, s / 4, s / 4);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(s / 8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(s * 3 / 10, s / 5, s * 3 / 10, s * 13 / 20);
        g.drawLine(s * 3 / 10, s * 13 / 20, s * 3 / 4, s * 13 / 20);
        for (int i = 0; i < 3; i++) {
            int d = Math.max(2, s / 10);
            g.fillOval(s * 3 / 10 + i * s * 9 / 40 - d / 2, s * 17 / 20 - d / 2, d, d);
        }
        g.dispose();
        return img;
    }
}
