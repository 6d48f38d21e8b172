/**
 * The CUDA processor backend (JCuda, driver API): {@link legate.gpu.CudaBackendProvider}, of kind
 * {@link legate.runtime.backend.ProcessorKind#GPU}, registered in
 * {@code META-INF/services/legate.runtime.backend.BackendProvider}, which
 * {@link legate.runtime.backend.Backends} finds when {@code gpus > 0}. The kernel never imports
 * this package. So far it surveys the driver and devices ({@link legate.gpu.CudaProbe}) and
 * refuses to compute, with the reason; the GPU kernels are to come.
 */
package legate.gpu;
