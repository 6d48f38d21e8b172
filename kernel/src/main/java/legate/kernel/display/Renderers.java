package legate.kernel.display;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Every {@link Renderer} on the classpath, asked in priority order. */
public final class Renderers {
    private final List<Renderer> renderers;

    public Renderers(List<Renderer> renderers) {
        this.renderers = renderers.stream().sorted(Comparator.comparingInt(Renderer::priority).reversed()).toList();
    }

    /** The built-in renderers plus those registered as services on {@code loader}'s classpath. */
    public static Renderers discover(ClassLoader loader) {
        List<Renderer> all = new ArrayList<>();
        all.add(new ArrayRenderer());
        if (ModuleLayer.boot().findModule("java.desktop").isPresent()) { // absent from small runtimes
            all.add(new ImageRenderer());
            all.add(new ChartRenderer());
        }
        for (Renderer r : ServiceLoader.load(Renderer.class, loader)) {
            if (all.stream().noneMatch(x -> x.getClass() == r.getClass())) {
                all.add(r);
            }
        }
        return new Renderers(all);
    }

    /**
     * The bundle for {@code value}: its own when it is a bundle, else every renderer's
     * representations, always with {@code text/plain} (from {@code plainText}).
     */
    public MimeBundle render(Object value, String plainText) {
        if (value instanceof MimeBundle b) {
            return b;
        }
        MimeBundle bundle = null;
        if (value != null) {
            for (Renderer r : renderers) {
                MimeBundle b = r.render(value);
                if (b != null) {
                    bundle = bundle == null ? b : bundle.plus(b);
                }
            }
        }
        MimeBundle plain = MimeBundle.of("text/plain", plainText, plainText);
        return bundle == null ? plain : bundle.plus(plain);
    }
}
