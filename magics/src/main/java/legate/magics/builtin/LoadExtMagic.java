package legate.magics.builtin;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Set;
import legate.magics.Args;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;
import legate.magics.MagicProvider;

/**
 * {@code %load_ext NAME}: {@code legate.jupyter} is what Legate users type and is built in; any
 * other name is a class on the classpath implementing {@link Magic} or {@link MagicProvider}.
 */
public final class LoadExtMagic implements Magic {
    static final String LEGATE = "legate.jupyter";

    @Override
    public String name() {
        return "load_ext";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "Load an extension: legate.jupyter (built in), or a class that adds magics";
    }

    @Override
    public String usage() {
        return "%load_ext legate.jupyter\n%load_ext com.example.MyMagic      (a class implementing legate.magics.Magic\n"
                + "                                    or legate.magics.MagicProvider, on the classpath:\n"
                + "                                    add its jar with %classpath or %maven first)";
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        List<String> names = Args.split(invocation.args());
        if (names.isEmpty()) {
            throw new MagicException("%load_ext needs the name of an extension, e.g. %load_ext legate.jupyter");
        }
        for (String name : names) {
            if (!name.equals(LEGATE)) {
                load(context, name);
            }
        }
        return null;
    }

    private static void load(MagicContext context, String name) throws MagicException {
        Class<?> cls;
        try {
            cls = context.java().loadClass(name);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new MagicException("%load_ext: no class " + name + " on the classpath (add its jar with %classpath or %maven)");
        }
        Object instance;
        try {
            instance = cls.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new MagicException("%load_ext: " + name + " has no public constructor without arguments");
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new MagicException("%load_ext: could not create " + name + ": " + cause);
        }
        if (instance instanceof MagicProvider p) {
            p.magics().forEach(context.registry()::register);
        } else if (instance instanceof Magic m) {
            context.registry().register(m);
        } else {
            throw new MagicException("%load_ext: " + name + " is neither a legate.magics.Magic nor a legate.magics.MagicProvider");
        }
    }
}
