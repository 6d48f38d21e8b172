package legate.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import legate.runtime.launch.Rendezvous;

/** The data planes of {@code size} ranks in one JVM, connected over loopback: the control plane is not needed for tests. */
final class LoopbackDataPlanes implements AutoCloseable {
    static final Rendezvous SESSION = Rendezvous.create("127.0.0.1");
    private final List<DataPlane> planes = new ArrayList<>();

    LoopbackDataPlanes(int size) {
        List<String> endpoints = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            DataPlane p = new DataPlane(r, size, "127.0.0.1", SESSION, System.err);
            planes.add(p);
            endpoints.add(p.endpoint());
        }
        planes.forEach(p -> p.connect(endpoints));
    }

    DataPlane rank(int rank) {
        return planes.get(rank);
    }

    @Override
    public void close() {
        planes.forEach(DataPlane::close);
    }
}
