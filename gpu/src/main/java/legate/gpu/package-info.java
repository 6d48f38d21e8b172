/**
 * The CUDA processor backend (JCuda), to come: a {@link legate.runtime.backend.BackendProvider}
 * of kind {@link legate.runtime.backend.ProcessorKind#GPU}, registered in
 * {@code META-INF/services/legate.runtime.backend.BackendProvider}, which
 * {@link legate.runtime.backend.Backends} finds when {@code gpus > 0}. The kernel never imports
 * this package. No provider is registered yet, so asking the runtime for GPUs says that none is
 * installed.
 */
package legate.gpu;
