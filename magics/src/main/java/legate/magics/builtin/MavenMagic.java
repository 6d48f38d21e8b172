package legate.magics.builtin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import legate.magics.Args;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * {@code %maven G:A:V ...}: resolves artifacts and their dependencies with Maven Resolver, all
 * in one request (so versions are mediated as Maven does), and adds the jars to the classpath.
 */
public final class MavenMagic implements Magic {
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private volatile RepositorySystem system;

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "Add Maven artifacts and their dependencies to the classpath";
    }

    @Override
    public String usage() {
        return "%maven [--repo URL]... [--local-repo DIR] [--offline] GROUP:ARTIFACT:VERSION...\n\n"
                + "  GROUP:ARTIFACT[:EXTENSION[:CLASSIFIER]]:VERSION, e.g. org.apache.commons:commons-math3:3.6.1\n"
                + "  --repo URL        also look in this repository (before Maven Central); file: URLs work\n"
                + "  --local-repo DIR  the local repository (default: ~/.m2/repository)\n"
                + "  --offline         use only the local repository and file: repositories\n"
                + "All artifacts given are resolved together, so Maven's version mediation applies across them.";
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        List<String> words = Args.split(invocation.args());
        List<RemoteRepository> repos = new ArrayList<>();
        Path localRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        boolean offline = false;
        List<String> coords = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "--repo" -> {
                    String url = value(words, ++i, w);
                    repos.add(new RemoteRepository.Builder("repo" + repos.size(), "default", url).build());
                }
                case "--local-repo" -> localRepo = context.workingDirectory().resolve(value(words, ++i, w));
                case "--offline" -> offline = true;
                default -> {
                    if (w.startsWith("-")) {
                        throw new MagicException("%maven: unknown option " + w + "\n" + usage());
                    }
                    coords.add(w);
                }
            }
        }
        if (coords.isEmpty()) {
            throw new MagicException("%maven needs at least one GROUP:ARTIFACT:VERSION\n" + usage());
        }
        repos.add(new RemoteRepository.Builder("central", "default", CENTRAL).build());

        CollectRequest collect = new CollectRequest();
        for (String c : coords) {
            DefaultArtifact artifact;
            try {
                artifact = new DefaultArtifact(c);
            } catch (IllegalArgumentException e) {
                throw new MagicException("%maven: expected GROUP:ARTIFACT:VERSION, got " + c);
            }
            collect.addDependency(new Dependency(artifact, JavaScopes.RUNTIME));
        }
        collect.setRepositories(repos);
        RepositorySystem sys = system();
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(sys.newLocalRepositoryManager(session, new LocalRepository(localRepo.toFile())));
        session.setOffline(offline);
        session.setConfigProperty("aether.offline.protocols", "file"); // a file: repository is local: usable offline
        List<ArtifactResult> results;
        try {
            results = sys.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME))).getArtifactResults();
        } catch (DependencyResolutionException e) {
            throw new MagicException("DependencyResolutionException", firstLine(e.getMessage()));
        }
        StringBuilder added = new StringBuilder("Added to the classpath:\n");
        for (ArtifactResult r : results) {
            context.java().addToClasspath(r.getArtifact().getFile().getAbsolutePath());
            added.append("  ").append(r.getArtifact()).append('\n');
        }
        context.print(added.toString());
        return null;
    }

    private RepositorySystem system() {
        RepositorySystem s = system;
        if (s == null) {
            s = new RepositorySystemSupplier().get();
            system = s;
        }
        return s;
    }

    private static String value(List<String> words, int i, String option) throws MagicException {
        if (i >= words.size()) {
            throw new MagicException("%maven: " + option + " needs a value");
        }
        return words.get(i);
    }

    private static String firstLine(String s) {
        return s == null ? "resolution failed" : s.lines().findFirst().orElse(s);
    }
}
