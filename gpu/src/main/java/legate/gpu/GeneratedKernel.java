package legate.gpu;

/**
 * An element-wise kernel generated for one program shape ({@link ElementwisePtx}): PTX text that
 * the GPU's driver compiles the first time it is launched, and the name of its one entry. It takes
 * the same parameter as the interpreting kernels (an {@code lg_eval} descriptor by value), so a
 * launch passes the same bytes to either.
 *
 * @param name the entry's name, {@code legate_gen_} and a hash of {@code key}
 * @param key what the code depends on: the steps, the number of axes, each operand's type and
 *     whether it is a constant or a rolled read (every other field of the descriptor is read at run time)
 * @param ptx the module's text, ASCII
 */
public record GeneratedKernel(String name, String key, String ptx) {
}
