package legate.runtime.backend;

/** What a backend computes on: {@code --cpus} threads, or {@code --gpus} devices. */
public enum ProcessorKind {
    CPU, GPU
}
