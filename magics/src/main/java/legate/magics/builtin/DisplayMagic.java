package legate.magics.builtin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;

/** {@code %%html}, {@code %%markdown}, {@code %%latex}, {@code %%javascript}: show the cell as that type. */
public class DisplayMagic implements Magic {
    private final String name;
    private final String mimeType;

    DisplayMagic(String name, String mimeType) {
        this.name = name;
        this.mimeType = mimeType;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.CELL);
    }

    @Override
    public String help() {
        return "Show the cell as " + mimeType;
    }

    @Override
    public String usage() {
        return "%%" + name + "\nCONTENT";
    }

    @Override
    public Scope scope() {
        return Scope.RANK_ZERO;
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(mimeType, invocation.body());
        if (!mimeType.equals("application/javascript")) {
            bundle.put("text/plain", invocation.body());
        }
        context.display(bundle);
        return null;
    }

    public static final class Html extends DisplayMagic {
        public Html() {
            super("html", "text/html");
        }
    }

    public static final class Markdown extends DisplayMagic {
        public Markdown() {
            super("markdown", "text/markdown");
        }
    }

    public static final class Latex extends DisplayMagic {
        public Latex() {
            super("latex", "text/latex");
        }
    }

    public static final class Javascript extends DisplayMagic {
        public Javascript() {
            super("javascript", "application/javascript");
        }
    }
}
