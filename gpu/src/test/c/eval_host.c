/*
 * The element-wise kernel's interpreter (gpu/src/main/cuda/eval.h) built for the host with gcc,
 * for EvalHostTest: the same C code the GPU runs, checked against its Java twin without a GPU.
 *
 *   eval_host layout     prints the descriptor's offsets, as gcc lays the structs out, and the type codes and flags
 *   eval_host half       reads u64 count, then that many doubles, and writes each one's float16 bits (u16)
 *                        and the double of each of the 65536 float16 bit patterns
 *   eval_host            reads an image of simulated device memory from stdin (u64 address of its
 *                        first byte, u64 length, the bytes, u64 address of a descriptor), runs every
 *                        element of the launch, and writes the image back to stdout
 *   eval_host reduce     the same for a reduction's descriptor (legate_reduce_blocks)
 *   eval_host matmul     the tiled matrix product (legate_matmul) of a DOT program's descriptor
 *   eval_host matmul_blocked   the same in tiles of 64 x 64, 4 x 4 elements a thread (legate_matmul_blocked)
 *   eval_host both       the element-wise launch twice from the same image: the image as the host build
 *                        computes it (lg_eval_all), then as legate_eval_prefetch does, one after the other
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

static int get(void *to, size_t n) {
    return fread(to, 1, n, stdin) == n;
}

/* The element-wise descriptor at device address `descriptor` in an image of device memory from
 * `base`, its operands' device addresses made this process's. */
static lg_eval *in_image(unsigned char *image, unsigned long long base, unsigned long long descriptor) {
    lg_eval *e = (lg_eval *) (image + (descriptor - base));
    for (int j = 0; j < e->nops; j++) {
        if (e->op[j].ptr != 0) { /* 0: a constant, its value in the descriptor */
            e->op[j].ptr = (unsigned long long) (image + (e->op[j].ptr - base));
        }
    }
    if (e->word[5] != 0) { /* the word for a negative integer exponent */
        e->word[5] = (long long) (image + (e->word[5] - base));
    }
    return e;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "layout") == 0) {
        printf("OPERAND_SIZE=%zu OP_PTR=%zu OP_OFFSET=%zu OP_STRIDE=%zu OP_BITS=%zu OP_TYPE=%zu OP_ROLL=%zu\n", sizeof(lg_operand),
               offsetof(lg_operand, ptr), offsetof(lg_operand, offset), offsetof(lg_operand, stride), offsetof(lg_operand, bits),
               offsetof(lg_operand, type), offsetof(lg_operand, roll));
        printf("N=%zu DIM=%zu ND=%zu NOPS=%zu NSTEPS=%zu OPS=%zu STEPS=%zu KONST=%zu WORD=%zu SIZE=%zu\n", offsetof(lg_eval, n),
               offsetof(lg_eval, dim), offsetof(lg_eval, nd), offsetof(lg_eval, nops), offsetof(lg_eval, nsteps), offsetof(lg_eval, op),
               offsetof(lg_eval, step), offsetof(lg_eval, konst), offsetof(lg_eval, word), sizeof(lg_eval));
        printf("R.DIM=%zu R.ND=%zu R.OP=%zu R.FIRST=%zu R.FROM=%zu R.TO=%zu R.BLOCK=%zu R.FIRST_BLOCK=%zu R.CENTER=%zu R.ACC=%zu "
               "R.INDEX=%zu R.WIDTH=%zu R.ROWS=%zu R.SIZE=%zu\n", offsetof(lg_reduce, dim), offsetof(lg_reduce, nd), offsetof(lg_reduce, op),
               offsetof(lg_reduce, first), offsetof(lg_reduce, from), offsetof(lg_reduce, to), offsetof(lg_reduce, block),
               offsetof(lg_reduce, first_block), offsetof(lg_reduce, center), offsetof(lg_reduce, acc), offsetof(lg_reduce, index),
               offsetof(lg_reduce, width), offsetof(lg_reduce, rows), sizeof(lg_reduce));
        printf("F64=%d F32=%d I64=%d I32=%d BOOL=%d F16=%d I16=%d I8=%d U64=%d U32=%d U16=%d U8=%d LONG=%d ROUND32=%d ARGS_LONG=%d UNSIGNED=%d\n",
               LG_F64, LG_F32, LG_I64, LG_I32, LG_BOOL, LG_F16, LG_I16, LG_I8, LG_U64, LG_U32, LG_U16, LG_U8, LG_LONG, LG_ROUND32, LG_ARGS_LONG,
               LG_UNSIGNED);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "half") == 0) {
        unsigned long long n;
        if (!get(&n, 8)) {
            return 2;
        }
        double *d = malloc(n * 8 + 8); /* all read before any is written: the caller writes everything first */
        if (d == NULL || !get(d, n * 8)) {
            return 2;
        }
        for (unsigned long long i = 0; i < n; i++) {
            unsigned short h = lg_double_to_half(d[i]);
            fwrite(&h, 2, 1, stdout);
        }
        for (unsigned int h = 0; h < 65536; h++) {
            double d = lg_half_to_double(h);
            fwrite(&d, 8, 1, stdout);
        }
        return 0;
    }
    unsigned long long base, length, descriptor;
    if (!get(&base, 8) || !get(&length, 8)) {
        return 2;
    }
    unsigned char *image = malloc(length);
    if (image == NULL || !get(image, length) || !get(&descriptor, 8)) {
        return 2;
    }
    if (argc > 1 && strcmp(argv[1], "reduce") == 0) {
        lg_reduce *r = (lg_reduce *) (image + (descriptor - base));
        r->in.ptr = (unsigned long long) (image + (r->in.ptr - base));
        r->acc = (unsigned long long) (image + (r->acc - base));
        r->index = (unsigned long long) (image + (r->index - base));
        long long threads = lg_reduce_threads(r);
        for (long long t = 0; t < threads; t++) {
            lg_reduce_thread(r, t);
        }
        fwrite(image, 1, length, stdout);
        return 0;
    }
    int both = argc > 1 && strcmp(argv[1], "both") == 0;
    unsigned char *again = both ? malloc(length) : NULL;
    if (both && again == NULL) {
        return 2;
    }
    if (both) {
        memcpy(again, image, length);
    }
    lg_eval *e = in_image(image, base, descriptor);
    if (argc > 1 && strcmp(argv[1], "matmul") == 0) {
        lg_matmul_all(e);
    } else if (argc > 1 && strcmp(argv[1], "matmul_blocked") == 0) {
        lg_matmul_blocked_all(e);
    } else {
        lg_eval_all(e);
    }
    fwrite(image, 1, length, stdout);
    if (both) {
        lg_eval_all_prefetch(in_image(again, base, descriptor));
        fwrite(again, 1, length, stdout);
    }
    return 0;
}
