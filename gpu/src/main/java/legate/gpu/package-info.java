/**
 * The CUDA processor backend (JCuda). The runtime finds it through ServiceLoader when
 * {@code gpus > 0}; the kernel never imports this package. Empty until the array runtime lands.
 */
package legate.gpu;
