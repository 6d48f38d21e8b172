package legate.gpu.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sizes CudaDevice makes its blocks with (the blocks themselves are checked through the GPU check's allocator section). */
class CudaDeviceTest {
    @Test
    void smallBlocksArePowersOfTwoFrom512BytesAndLargeOnes2MiBSteps() {
        assertEquals(512, CudaDevice.blockSize(0));
        assertEquals(512, CudaDevice.blockSize(1));
        assertEquals(512, CudaDevice.blockSize(512));
        assertEquals(1024, CudaDevice.blockSize(513));
        assertEquals(8192, CudaDevice.blockSize(8000));
        assertEquals(1 << 20, CudaDevice.blockSize((1 << 20) - 1));
        assertEquals(2 << 20, CudaDevice.blockSize(1 << 20));
        assertEquals(4 << 20, CudaDevice.blockSize(3_200_000));
        assertEquals(512L << 20, CudaDevice.blockSize(512L << 20));
        assertEquals(514L << 20, CudaDevice.blockSize((512L << 20) + 1));
    }

    @Test
    void onlyACompilersRefusalSendsAGeneratedKernelBackToTheInterpreter() {
        for (int r : new int[] {jcuda.driver.CUresult.CUDA_ERROR_INVALID_PTX, jcuda.driver.CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION,
            jcuda.driver.CUresult.CUDA_ERROR_JIT_COMPILER_NOT_FOUND}) {
            org.junit.jupiter.api.Assertions.assertTrue(CudaDevice.cannotCompile(r), jcuda.driver.CUresult.stringFor(r));
        }
        // a GPU that failed before (a kernel's fault is sticky) or has no memory left is an error, not a refusal
        for (int r : new int[] {jcuda.driver.CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, jcuda.driver.CUresult.CUDA_ERROR_OUT_OF_MEMORY,
            jcuda.driver.CUresult.CUDA_ERROR_LAUNCH_FAILED}) {
            org.junit.jupiter.api.Assertions.assertFalse(CudaDevice.cannotCompile(r), jcuda.driver.CUresult.stringFor(r));
        }
    }
}
