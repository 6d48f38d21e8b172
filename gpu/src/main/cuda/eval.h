/*
 * legate.numpy's element-wise evaluator: the launch descriptor and the per-element interpreter,
 * shared by the CUDA kernel (eval.cu) and host builds of the same code (the gpu module's tests
 * compile this file with gcc). Plain C: nothing here is CUDA-only but the LG_FN and LG_TABLE
 * qualifiers. exp, log and tanh are the CPU backend's own (lg_math.h), with its bits; sin, cos and
 * pow are the C library's (CUDA's on a GPU), within an ulp or so of the CPU's StrictMath.
 *
 * One launch computes n elements of an output operand (operand 0) from up to LG_MAX_OPERANDS - 1
 * inputs: element i's coordinates in the launch's shape (dim[0..nd)) give each operand's element
 * offset + sum(stride[d] * coordinate[d]), the last coordinate first rolled by the operand's roll.
 * A program of steps computes the value: each step writes one register, in doubles or in 64-bit
 * integers (LG_LONG), and the last step's register is stored into operand 0, converted to its type.
 *
 * Java mirrors this layout (legate.gpu.EvalDescriptor) and this interpreter (legate.gpu.device
 * .EvalTwin); the gpu module's tests check the offsets below against gcc's and run both on the
 * same descriptors. Every conversion is Java's: float to integer truncates toward zero and
 * saturates, NaN gives 0; an int64 to int32 keeps the low 32 bits; any non-zero (NaN too) is true.
 */
#ifndef LEGATE_EVAL_H
#define LEGATE_EVAL_H

#ifndef LG_FN
#define LG_FN static inline
#endif
#ifndef LG_NOINLINE /* a function kept out of its callers (eval.cu: __noinline__), so that its registers are not theirs */
#define LG_NOINLINE static
#endif

#include "lg_math.h"

#define LG_MAX_DIMS 6
#define LG_MAX_OPERANDS 12
#define LG_MAX_STEPS 64
#define LG_MAX_REGS 16

/* element types (legate.runtime.types.ElementType, in order) */
enum { LG_F64 = 0, LG_F32 = 1, LG_I64 = 2, LG_I32 = 3, LG_BOOL = 4, LG_F16 = 5, LG_I16 = 6, LG_I8 = 7, LG_U64 = 8, LG_U32 = 9, LG_U16 = 10,
       LG_U8 = 11 };

/* step kinds; the flags below are or-ed in */
enum { LG_LOAD = 0, LG_CONST = 1, LG_UNARY = 2, LG_BINARY = 3, LG_COMPARE = 4, LG_WHERE = 5, LG_ALONG = 6, LG_DOT = 7, LG_RANDOM = 8,
       LG_INDEX = 9 /* the element's global flat index: word[4] + its number in the launch (sequences) */ };
#define LG_KIND 0xff
#define LG_LONG 0x100      /* the step's value is a 64-bit integer, else a double */
#define LG_ROUND32 0x200   /* the step's double is rounded to float32 */
#define LG_ARGS_LONG 0x400 /* COMPARE: its operands are integers; WHERE: its condition is */
#define LG_UNSIGNED 0x800  /* COMPARE of integers, BINARY maximum and minimum of integers: as uint64 (Java's compareUnsigned); the
                              LONG LOAD of a uint64 a float output stores: rounded once from its unsigned value (lg_store_unsigned) */

/* operations, in the order of legate.runtime.backend's UnaryOp, BinaryOp and CompareOp */
enum { LG_NEG, LG_ABS, LG_SQRT, LG_EXP, LG_LOG, LG_SIN, LG_COS, LG_TANH, LG_NOT, LG_COPY, LG_FLOOR, LG_CEIL, LG_RINT, LG_TRUNC, LG_SIGN,
       LG_LOG1P, LG_EXPM1, LG_LOG10, LG_LOG2, LG_TAN, LG_ARCSIN, LG_ARCCOS, LG_ARCTAN, LG_SINH, LG_COSH, LG_ERF };
enum { LG_ADD, LG_SUB, LG_MUL, LG_DIV, LG_POW, LG_MAXIMUM, LG_MINIMUM, LG_AND, LG_OR, LG_ARCTAN2, LG_HYPOT, LG_MOD,
       LG_UMOD /* not a BinaryOp: a uint64 remainder (Long.remainderUnsigned) */ };
enum { LG_GT, LG_GE, LG_LT, LG_LE, LG_EQ, LG_NE };
/* reductions, in the order of legate.runtime.backend.Reduction */
enum { LG_SUM, LG_PROD, LG_MAX, LG_MIN, LG_ARGMAX, LG_ARGMIN, LG_SQDEV };

typedef struct {
    unsigned long long ptr;         /* the address of the operand's element 0; 0: a constant, its value in bits */
    long long offset;               /* its element index at the launch's first element */
    long long stride[LG_MAX_DIMS];  /* its element step along each axis of the launch's shape */
    long long bits;                 /* a constant operand's value (ptr 0); LG_DOT: the step along the sum; the output (operand 0):
                                       0, or a bound: only its elements 0 .. bits - 1 are written (an assignment to the elements a
                                       rank holds of a view that crosses its rows) */
    int type;                       /* LG_F64 ... */
    int roll;                       /* a rolled read: the shift along the last axis (0: none) */
} lg_operand;

typedef struct {
    long long n;                    /* elements computed */
    long long dim[LG_MAX_DIMS];     /* the launch's shape */
    int nd;
    int nops;
    int nsteps;
    int unused;
    lg_operand op[LG_MAX_OPERANDS];
    int step[LG_MAX_STEPS][5];      /* kind | flags, destination register, arguments a, b, c */
    double konst[LG_MAX_STEPS];     /* a CONST step's value */
    long long word[6];              /* LG_RANDOM: seed, draw, low, range, the counter of element 0; LG_INDEX: word[4]; word[5]: 0, or
                                       the address of an int set to 1 when an integer power meets a negative exponent */
} lg_eval;

LG_FN long long lg_to_long(double v) {
    if (v != v) {
        return 0;
    }
    if (v >= 9223372036854775807.0) {
        return 9223372036854775807LL;
    }
    if (v <= -9223372036854775808.0) {
        return -9223372036854775807LL - 1;
    }
    return (long long) v;
}

/*
 * An operand's elements: its pointer, or for a constant (ptr 0) its bits in the descriptor itself,
 * wherever the descriptor is (a kernel's parameter on a GPU, passed by value at the launch).
 */
LG_FN const void *lg_base(const lg_operand *o) {
    return o->ptr != 0 ? (const void *) o->ptr : (const void *) &o->bits;
}

/*
 * The narrower types (float16, int16, int8, uint64, uint32, uint16, uint8), with the conversions of
 * legate.runtime.store.Buffer: float16 to and from doubles exactly as Buffer.halfToDouble and
 * doubleToHalf (ties to even, overflow to infinity), uint64 as the double nearest its unsigned value
 * and from a double by truncation (values from 2^63 kept), the integers truncated to their bits.
 * The float16 conversions are out of line (LG_NOINLINE): inlined, they cost every element-wise
 * kernel up to 16 registers (ptxas, sm_90), which the common types would pay too.
 */
LG_NOINLINE double lg_half_to_double(unsigned int h) {
    unsigned int e = (h >> 10) & 0x1f;
    unsigned int m = h & 0x3ff;
    double v;
    if (e == 0) {
        v = (double) m * 0x1p-24;
    } else if (e == 31) {
        v = lg_double_of(m == 0 ? 0x7ff0000000000000LL : 0x7ff8000000000000LL);
    } else {
        v = lg_double_of((long long) (e - 15 + 1023) << 52 | (long long) m << 42);
    }
    return lg_double_of(lg_bits_of(v) | (long long) (h & 0x8000) << 48); /* the sign as a bit: a GPU's negation of a NaN may not set it */
}

LG_NOINLINE unsigned short lg_double_to_half(double d) {
    unsigned int sign = lg_bits_of(d) < 0 ? 0x8000 : 0;
    if (d != d) {
        return (unsigned short) (sign | 0x7e00);
    }
    double a = fabs(d);
    if (a < 0x1p-14) { /* zero or subnormal: multiples of 2^-24 (1024 of them is the smallest normal) */
        return (unsigned short) (sign | (unsigned int) rint(a * 0x1p24));
    }
    if (a >= 65520.0) { /* halfway beyond 65504, the largest half, or more: infinity */
        return (unsigned short) (sign | 0x7c00);
    }
    int e = (int) ((lg_bits_of(a) >> 52) & 0x7ff) - 1023;
    long long m = (long long) rint(a * lg_pow2(10 - e)); /* 1024 .. 2048, exact scaling, ties to even */
    if (m == 2048) {
        m = 1024;
        e++;
    }
    return (unsigned short) (sign | (unsigned int) (e + 15) << 10 | (unsigned int) (m - 1024));
}

LG_FN long long lg_double_to_unsigned(double v) {
    if (v >= 0x1p63) {
        return v >= 0x1p64 ? 0 : lg_to_long(v - 0x1p63) ^ (-9223372036854775807LL - 1);
    }
    return lg_to_long(v);
}

LG_FN long long lg_load_narrow(const lg_operand *o, long long at) {
    const void *p = lg_base(o);
    switch (o->type) {
        case LG_I16: return ((const short *) p)[at];
        case LG_I8: return ((const signed char *) p)[at];
        case LG_U64: return ((const long long *) p)[at];
        case LG_U32: return ((const unsigned int *) p)[at];
        case LG_U16: return ((const unsigned short *) p)[at];
        case LG_U8: return ((const unsigned char *) p)[at];
        default: return ((const unsigned short *) p)[at]; /* LG_F16: its bits */
    }
}

LG_FN double lg_load_narrow_double(const lg_operand *o, long long at) {
    long long v = lg_load_narrow(o, at);
    if (o->type == LG_F16) {
        return lg_half_to_double((unsigned int) v);
    }
    return o->type == LG_U64 ? (double) (unsigned long long) v : (double) v;
}

LG_FN void lg_store_narrow(const lg_operand *o, long long at, long long v, double d, int isLong) {
    void *p = (void *) o->ptr;
    switch (o->type) {
        case LG_F16: ((unsigned short *) p)[at] = lg_double_to_half(isLong ? (double) v : d); break;
        case LG_U64: ((long long *) p)[at] = isLong ? v : lg_double_to_unsigned(d); break;
        default: {
            unsigned long long x = (unsigned long long) (isLong ? v : lg_to_long(d));
            switch (o->type) {
                case LG_I16:
                case LG_U16: ((unsigned short *) p)[at] = (unsigned short) x; break;
                case LG_U32: ((unsigned int *) p)[at] = (unsigned int) x; break;
                default: ((unsigned char *) p)[at] = (unsigned char) x; break; /* LG_I8, LG_U8 */
            }
        }
    }
}

LG_FN double lg_load_double(const lg_operand *o, long long at) {
    switch (o->type) {
        case LG_F64: return ((const double *) lg_base(o))[at];
        case LG_F32: return (double) ((const float *) lg_base(o))[at];
        case LG_I64: return (double) ((const long long *) lg_base(o))[at];
        case LG_I32: return (double) ((const int *) lg_base(o))[at];
        case LG_BOOL: return (double) ((const signed char *) lg_base(o))[at];
        default: return lg_load_narrow_double(o, at);
    }
}

LG_FN long long lg_load_long(const lg_operand *o, long long at) {
    switch (o->type) {
        case LG_F64: return lg_to_long(((const double *) lg_base(o))[at]);
        case LG_F32: return lg_to_long((double) ((const float *) lg_base(o))[at]);
        case LG_I64: return ((const long long *) lg_base(o))[at];
        case LG_I32: return (long long) ((const int *) lg_base(o))[at];
        case LG_BOOL: return (long long) ((const signed char *) lg_base(o))[at];
        case LG_F16: return lg_to_long(lg_load_narrow_double(o, at));
        default: return lg_load_narrow(o, at);
    }
}

LG_FN void lg_store_double(const lg_operand *o, long long at, double v) {
    switch (o->type) {
        case LG_F64: ((double *) o->ptr)[at] = v; break;
        case LG_F32: ((float *) o->ptr)[at] = (float) v; break;
        case LG_I64: ((long long *) o->ptr)[at] = lg_to_long(v); break;
        case LG_I32: ((int *) o->ptr)[at] = (int) (unsigned int) (unsigned long long) lg_to_long(v); break;
        case LG_BOOL: ((signed char *) o->ptr)[at] = v != 0 ? 1 : 0; break;
        default: lg_store_narrow(o, at, 0, v, 0); break;
    }
}

LG_FN void lg_store_long(const lg_operand *o, long long at, long long v) {
    switch (o->type) {
        case LG_F64: ((double *) o->ptr)[at] = (double) v; break;
        case LG_F32: ((float *) o->ptr)[at] = (float) v; break;
        case LG_I64: ((long long *) o->ptr)[at] = v; break;
        case LG_I32: ((int *) o->ptr)[at] = (int) (unsigned int) (unsigned long long) v; break;
        case LG_BOOL: ((signed char *) o->ptr)[at] = v != 0 ? 1 : 0; break;
        default: lg_store_narrow(o, at, v, 0, 1); break;
    }
}

/* A uint64's bits into a float, rounded once from the unsigned value as NumPy's cast (not through the double); else the bits */
LG_FN void lg_store_unsigned(const lg_operand *o, long long at, long long v) {
    switch (o->type) {
        case LG_F64: ((double *) o->ptr)[at] = (double) (unsigned long long) v; break;
        case LG_F32: ((float *) o->ptr)[at] = (float) (unsigned long long) v; break;
        case LG_F16: ((unsigned short *) o->ptr)[at] = lg_double_to_half((double) (unsigned long long) v); break;
        default: lg_store_long(o, at, v); break;
    }
}

/* Java's Math.max and Math.min of two non-NaN doubles: +0.0 above -0.0 */
LG_FN double lg_max(double x, double y) {
    if (x == 0 && y == 0) {
        return signbit(x) ? y : x;
    }
    return x >= y ? x : y;
}

LG_FN double lg_min(double x, double y) {
    if (x == 0 && y == 0) {
        return signbit(y) ? y : x;
    }
    return x <= y ? x : y;
}

/*
 * The functions of UnaryOp from LG_FLOOR on, as the CPU computes them: floor .. sign exactly; from
 * log1p on with the C library's (CUDA's) functions where the CPU has StrictMath's (fdlibm): within
 * a few ulps, not the same bits (docs/gpu.md); log2 and erf by the CPU's own formulas. Out of line,
 * so that they cost the element-wise kernels no registers (the call to lg_binary_math in the
 * lanes' loop still does: legate_eval_single 44 -> 46, legate_eval 48 -> 50, ptxas sm_90).
 */
LG_NOINLINE double lg_unary_math(int op, double x) {
    switch (op) {
        case LG_FLOOR: return floor(x);
        case LG_CEIL: return ceil(x);
        case LG_RINT: return rint(x); /* halves to even, as Math.rint */
        case LG_TRUNC: return x < 0 ? ceil(x) : floor(x);
        case LG_SIGN: /* NumPy's: +0.0 for -0.0; a NaN gives Java's Double.NaN (NAN's sign differs between C libraries and CUDA) */
            return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : lg_double_of(0x7ff8000000000000LL);
        case LG_LOG1P: return log1p(x);
        case LG_EXPM1: return expm1(x);
        case LG_LOG10: return log10(x);
        case LG_LOG2: { /* exact for powers of two (UnaryOp.log2), else log(x) / log(2) */
            int e;
            double m = frexp(x, &e);
            if (x > 0 && m == 0.5 && e - 1 > -1023 && x != x + x) {
                return (double) (e - 1);
            }
            return log(x) / log(2.0);
        }
        case LG_TAN: return tan(x);
        case LG_ARCSIN: return asin(x);
        case LG_ARCCOS: return acos(x);
        case LG_ARCTAN: return atan(x);
        case LG_SINH: return sinh(x);
        case LG_COSH: return cosh(x);
        default: { /* LG_ERF: UnaryOp.erf's series below 1.5, 1 - erfc by its continued fraction below 6.5, else 1 */
            if (x != x) {
                return x;
            }
            double a = fabs(x);
            double r;
            if (a < 1.5) {
                double x2 = a * a;
                double term = a;
                double sum = a;
                for (int n = 1; n < 100; n++) {
                    term *= -x2 / n;
                    double t = term / (2 * n + 1);
                    sum += t;
                    if (fabs(t) < 1e-17 * fabs(sum)) {
                        break;
                    }
                }
                r = sum * 1.1283791670955126;
            } else if (a < 6.5) {
                double f = a;
                for (int k = 150; k >= 1; k--) {
                    f = a + (k / 2.0) / f;
                }
                r = 1 - exp(-a * a) / (1.7724538509055159 * f);
            } else {
                r = 1;
            }
            return copysign(r, x);
        }
    }
}

LG_FN double lg_unary(int op, double x) {
    switch (op) {
        case LG_NEG: return -x;
        case LG_ABS: return fabs(x);
        case LG_SQRT: return sqrt(x);
        case LG_EXP: return lg_exp(x);
        case LG_LOG: return lg_log(x);
        case LG_SIN: return sin(x);
        case LG_COS: return cos(x);
        case LG_TANH: return lg_tanh(x);
        case LG_NOT: return x == 0 ? 1 : 0;
        case LG_COPY: return x;
        default: return lg_unary_math(op, x);
    }
}

/* two's complement, as Java's long arithmetic (wraps instead of overflowing) */
LG_FN long long lg_wrap(unsigned long long v) {
    return (long long) v;
}

LG_FN long long lg_unary_long(int op, long long x) {
    switch (op) {
        case LG_NEG: return lg_wrap(0ULL - (unsigned long long) x);
        case LG_ABS: return x < 0 ? lg_wrap(0ULL - (unsigned long long) x) : x;
        case LG_NOT: return x == 0 ? 1 : 0;
        case LG_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
        default: return x;
    }
}

/*
 * Math.floorMod, 0 for a zero divisor (NumPy's), and no C overflow for the least long by -1; LG_UMOD:
 * Long.remainderUnsigned, 0 for a zero divisor. Out of line, as lg_unary_math.
 */
LG_NOINLINE long long lg_mod_long(int op, long long x, long long y) {
    if (y == 0) {
        return 0;
    }
    if (op == LG_UMOD) {
        return lg_wrap((unsigned long long) x % (unsigned long long) y);
    }
    if (y == -1) {
        return 0;
    }
    long long m = x % y;
    return m != 0 && ((m ^ y) < 0) ? m + y : m;
}

/* NumPy's float remainder (BinaryOp.remainder): fmod, exact, then the divisor's sign; out of line, as lg_unary_math */
LG_NOINLINE double lg_binary_math(int op, double x, double y) {
    switch (op) {
        case LG_ARCTAN2: return atan2(x, y);
        case LG_HYPOT: return hypot(x, y);
        default: { /* LG_MOD */
            double mod = fmod(x, y);
            if (y == 0 || mod != mod) {
                return mod;
            }
            if (mod != 0) {
                return (y < 0) != (mod < 0) ? mod + y : mod;
            }
            return copysign(0.0, y);
        }
    }
}

LG_FN double lg_binary(int op, double x, double y) {
    switch (op) {
        case LG_ADD: return x + y;
        case LG_SUB: return x - y;
        case LG_MUL: return x * y;
        case LG_DIV: return x / y;
        case LG_POW: return y == 2 ? x * x : pow(x, y);
        case LG_MAXIMUM: return x != x || y != y ? x + y : lg_max(x, y);
        case LG_MINIMUM: return x != x || y != y ? x + y : lg_min(x, y);
        case LG_AND: return x != 0 && y != 0 ? 1 : 0;
        case LG_OR: return x != 0 || y != 0 ? 1 : 0;
        default: return lg_binary_math(op, x, y);
    }
}

/* integer power by squaring, the exponent read as uint64 (a negative signed one is an error the launch reports, word[5]) */
LG_FN long long lg_ipow(long long x, unsigned long long y) {
    unsigned long long r = 1;
    unsigned long long b = (unsigned long long) x;
    while (y != 0) {
        if (y & 1) {
            r *= b;
        }
        b *= b;
        y >>= 1;
    }
    return lg_wrap(r);
}

/* Reports a negative integer exponent in the launch's word (word[5]), if it has one; out of line: rarely run */
LG_NOINLINE void lg_raise(const lg_eval *e) {
    if (e->word[5] != 0) {
        *(volatile int *) e->word[5] = 1;
    }
}

LG_FN long long lg_binary_long(int op, long long x, long long y) {
    switch (op) {
        case LG_ADD: return lg_wrap((unsigned long long) x + (unsigned long long) y);
        case LG_SUB: return lg_wrap((unsigned long long) x - (unsigned long long) y);
        case LG_MUL: return lg_wrap((unsigned long long) x * (unsigned long long) y);
        case LG_POW: return lg_ipow(x, y);
        case LG_MAXIMUM: return x >= y ? x : y;
        case LG_MINIMUM: return x <= y ? x : y;
        case LG_AND: return x != 0 && y != 0 ? 1 : 0;
        case LG_OR: return x != 0 || y != 0 ? 1 : 0;
        case LG_MOD:
        case LG_UMOD: return lg_mod_long(op, x, y);
        default: return 0; /* LG_DIV: integers divide into floats, never here */
    }
}

LG_FN int lg_compare(int op, double x, double y) {
    switch (op) {
        case LG_GT: return x > y;
        case LG_GE: return x >= y;
        case LG_LT: return x < y;
        case LG_LE: return x <= y;
        case LG_EQ: return x == y;
        default: return x != y;
    }
}

LG_FN int lg_compare_long(int op, long long x, long long y) {
    switch (op) {
        case LG_GT: return x > y;
        case LG_GE: return x >= y;
        case LG_LT: return x < y;
        case LG_LE: return x <= y;
        case LG_EQ: return x == y;
        default: return x != y;
    }
}

/*
 * LG_ALONG: n elements of operand o from its element `at`, `step` apart, reduced in order as the CPU
 * backend reduces along an axis: one accumulator for sums and products; max and min from the first,
 * NaN winning; the arg reductions give the position (0 .. n-1) of the first best.
 */
LG_FN double lg_along(const lg_operand *o, long long at, long long n, long long step, int op) {
    if (op == LG_SUM || op == LG_PROD) {
        double s = op == LG_SUM ? 0 : 1;
        for (long long k = 0; k < n; k++, at += step) {
            double x = lg_load_double(o, at);
            s = op == LG_SUM ? s + x : s * x;
        }
        return s;
    }
    double best = lg_load_double(o, at);
    long long where = 0;
    for (long long k = 1; k < n; k++) {
        double x = lg_load_double(o, at + k * step);
        if (op == LG_MAX || op == LG_MIN) {
            best = best != best || x != x ? best + x : op == LG_MAX ? lg_max(best, x) : lg_min(best, x);
        } else if (best == best && (x != x || (op == LG_ARGMAX ? x > best : x < best))) {
            best = x;
            where = k;
        }
    }
    return op == LG_MAX || op == LG_MIN ? best : (double) where;
}

/*
 * LG_RANDOM: counter-based random numbers, the CPU backend's (legate.runtime.backend.cpu.Fills):
 * Philox4x32 with 10 rounds of the element's counter (its global flat index, and the draw) under
 * the seed; uniform doubles from 53 bits, normals by Box-Muller on the element's own two uniforms,
 * integers by the high half of a 64 x 64-bit product (Lemire's mapping). Normals take the CPU's own
 * log and cos(2 pi u) (lg_math.h): the same bits as the CPU's.
 */
enum { LG_UNIFORM, LG_NORMAL, LG_INTEGERS };

LG_FN void lg_philox(unsigned int c0, unsigned int c1, unsigned int c2, unsigned int c3, unsigned int k0, unsigned int k1,
                     unsigned int out[4]) {
    for (int round = 0; round < 10; round++) {
        unsigned long long p0 = 0xD2511F53ULL * c0;
        unsigned long long p1 = 0xCD9E8D57ULL * c2;
        unsigned int n0 = (unsigned int) (p1 >> 32) ^ c1 ^ k0;
        unsigned int n2 = (unsigned int) (p0 >> 32) ^ c3 ^ k1;
        c1 = (unsigned int) p1;
        c3 = (unsigned int) p0;
        c0 = n0;
        c2 = n2;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/* 53 random bits as a double in [0, 1) */
LG_FN double lg_unit(unsigned int hi, unsigned int lo) {
    return (double) ((((unsigned long long) hi << 32) | lo) >> 11) * 0x1.0p-53;
}

/* the high 64 bits of the unsigned 128-bit product */
LG_FN unsigned long long lg_mulhi(unsigned long long x, unsigned long long y) {
    unsigned long long x0 = x & 0xffffffffULL;
    unsigned long long x1 = x >> 32;
    unsigned long long y0 = y & 0xffffffffULL;
    unsigned long long y1 = y >> 32;
    unsigned long long p01 = x0 * y1;
    unsigned long long p10 = x1 * y0;
    unsigned long long mid = ((x0 * y0) >> 32) + (p01 & 0xffffffffULL) + (p10 & 0xffffffffULL);
    return x1 * y1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* not inlined: the normals' log and cos2pi would otherwise add 4 registers to every element-wise kernel (ptxas, sm_90) */
LG_NOINLINE void lg_random(const long long *word, long long i, int distribution, double *d, long long *l) {
    unsigned long long counter = (unsigned long long) word[4] + (unsigned long long) i;
    unsigned long long seed = (unsigned long long) word[0];
    unsigned long long draw = (unsigned long long) word[1];
    unsigned int w[4];
    lg_philox((unsigned int) counter, (unsigned int) (counter >> 32), (unsigned int) draw, (unsigned int) (draw >> 32),
              (unsigned int) seed, (unsigned int) (seed >> 32), w);
    if (distribution == LG_UNIFORM) {
        *d = lg_unit(w[0], w[1]);
    } else if (distribution == LG_NORMAL) {
        double u1 = 1.0 - lg_unit(w[0], w[1]);
        double u2 = lg_unit(w[2], w[3]);
        *d = sqrt(-2 * lg_log(u1)) * lg_cos2pi(u2);
    } else {
        unsigned long long bits = ((unsigned long long) w[0] << 32) | w[1];
        *l = lg_wrap((unsigned long long) word[2] + lg_mulhi(bits, (unsigned long long) word[3]));
    }
}

/* A register holds a double or a 64-bit integer, as its step says. */
typedef union {
    double d;
    long long l;
} lg_value;

#ifdef __CUDACC__
#define LG_UNROLL _Pragma("unroll")
#else
#define LG_UNROLL
#endif

/* i / n for 0 <= i and 0 < n: in 32 bits when both fit (a 64-bit division is a long software routine on a GPU) */
LG_FN long long lg_div(long long i, long long n) {
    if ((((unsigned long long) i | (unsigned long long) n) >> 32) == 0) {
        return (long long) ((unsigned int) i / (unsigned int) n);
    }
    return i / n;
}

/*
 * Operand j's element of the launch's element i: i's coordinates in the launch's shape (the last
 * rolled by the operand's roll) times the operand's strides. The loop runs over every possible
 * axis with those past nd skipped, so that a compiler unrolls it and keeps it in registers.
 */
LG_FN long long lg_index_of(const lg_eval *e, int j, long long i) {
    const lg_operand *o = &e->op[j];
    long long at = o->offset;
    int nd = e->nd;
    LG_UNROLL
    for (int d = LG_MAX_DIMS - 1; d >= 0; d--) {
        if (d < nd) {
            long long c = i;
            if (d > 0) {
                long long q = lg_div(i, e->dim[d]);
                c = i - q * e->dim[d];
                i = q;
            }
            if (d == nd - 1 && o->roll != 0) {
                long long n = e->dim[d];
                c = c - o->roll < 0 ? c - o->roll + n : c - o->roll;
            }
            at += o->stride[d] * c;
        }
    }
    return at;
}

/*
 * Element i's coordinates in the launch's shape (c[d] for d < nd), each axis's division done once
 * for all the operands rather than once per operand (lg_index_of).
 */
LG_FN void lg_coords(const lg_eval *e, long long i, long long c[LG_MAX_DIMS]) {
    int nd = e->nd;
    LG_UNROLL
    for (int d = LG_MAX_DIMS - 1; d >= 0; d--) {
        c[d] = 0;
        if (d < nd) {
            if (d > 0) {
                long long q = lg_div(i, e->dim[d]);
                c[d] = i - q * e->dim[d];
                i = q;
            } else {
                c[d] = i;
            }
        }
    }
}

/* Operand j's element at coordinates c: what lg_index_of gives for the element of those coordinates. */
LG_FN long long lg_index_at(const lg_eval *e, int j, const long long c[LG_MAX_DIMS]) {
    const lg_operand *o = &e->op[j];
    long long at = o->offset;
    int nd = e->nd;
    LG_UNROLL
    for (int d = 0; d < LG_MAX_DIMS; d++) {
        if (d < nd) {
            long long x = c[d];
            if (d == nd - 1 && o->roll != 0) {
                long long n = e->dim[d];
                x = x - o->roll < 0 ? x - o->roll + n : x - o->roll;
            }
            at += o->stride[d] * x;
        }
    }
    return at;
}

/*
 * Elements i0, i0 + gap, ..., `lanes` of them (at most LG_LANES; those below n), each computed exactly as alone:
 * every step runs for all lanes before the next, so that one thread has LG_LANES loads in flight
 * at once rather than one (a GPU thread waits for a load only where its value is used, and the
 * element-wise kernel is bound by how many loads are in flight). Lanes past n compute element i0
 * again and store nothing.
 */
#ifndef LG_LANES
#define LG_LANES 4
#endif
/* operands whose loads legate_eval_prefetch issues before its steps: 1 .. LG_PREFETCH */
#define LG_PREFETCH 4

LG_FN void lg_eval_steps(const lg_eval *e, long long i0, long long gap, int lanes, int hoist, unsigned int prefetch) {
    lg_value reg[LG_MAX_REGS][LG_LANES];
    long long idx[LG_LANES];
    long long crd[LG_LANES][LG_MAX_DIMS]; /* with hoist: each lane's coordinates, for every operand */
    int live[LG_LANES];
    lg_value pre[LG_PREFETCH][LG_LANES]; /* with prefetch: operands 1 .. LG_PREFETCH's elements, loaded before any step */
    LG_UNROLL
    for (int l = 0; l < LG_LANES && l < lanes; l++) {
        long long i = i0 + l * gap;
        live[l] = i < e->n;
        idx[l] = live[l] ? i : i0;
        if (hoist) {
            lg_coords(e, idx[l], crd[l]);
        }
    }
    /* every load issued before any value is used: one thread has all of them in flight at once */
    LG_UNROLL
    for (int k = 0; k < LG_PREFETCH; k++) {
        const long long *x = (const long long *) e->op[k + 1].ptr;
        LG_UNROLL
        for (int l = 0; l < LG_LANES && l < lanes; l++) {
            pre[k][l].l = (prefetch >> (k + 1)) & 1 ? x[hoist ? lg_index_at(e, k + 1, crd[l]) : lg_index_of(e, k + 1, idx[l])] : 0;
        }
    }
    int last = 0;
    for (int s = 0; s < e->nsteps; s++) {
        int code = e->step[s][0];
        int dst = e->step[s][1];
        int a = e->step[s][2];
        int b = e->step[s][3];
        int c = e->step[s][4];
        int isLong = (code & LG_LONG) != 0;
        int argsLong = (code & LG_ARGS_LONG) != 0;
        long long flip = (code & LG_UNSIGNED) != 0 ? -9223372036854775807LL - 1 : 0;
        lg_value r[LG_LANES];
        switch (code & LG_KIND) {
            case LG_LOAD: {
                const lg_operand *o = &e->op[a];
                if ((prefetch >> a) & 1) { /* loaded already: its 64 bits, as a double or an integer */
                    LG_UNROLL
                    for (int l = 0; l < LG_LANES && l < lanes; l++) {
                        lg_value v = pre[0][l];
                        LG_UNROLL
                        for (int k = 1; k < LG_PREFETCH; k++) { /* a select, not an index: pre stays in registers */
                            if (a == k + 1) {
                                v = pre[k][l];
                            }
                        }
                        if (o->type == LG_F64) {
                            r[l].d = v.d;
                            if (isLong) {
                                r[l].l = lg_to_long(v.d);
                            }
                        } else {
                            r[l].l = v.l;
                            if (!isLong) {
                                r[l].d = (double) v.l;
                            }
                        }
                    }
                    break;
                }
                long long at[LG_LANES];
                LG_UNROLL
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    at[l] = hoist ? lg_index_at(e, a, crd[l]) : lg_index_of(e, a, idx[l]);
                }
                /* the type's switch outside the lanes: the lanes' loads go out together */
                if (o->type == LG_F64 && !isLong) {
                    const double *x = (const double *) lg_base(o);
                    LG_UNROLL
                    for (int l = 0; l < LG_LANES && l < lanes; l++) {
                        r[l].d = x[at[l]];
                    }
                } else if (o->type == LG_I64 && isLong) {
                    const long long *x = (const long long *) lg_base(o);
                    LG_UNROLL
                    for (int l = 0; l < LG_LANES && l < lanes; l++) {
                        r[l].l = x[at[l]];
                    }
                } else if (isLong) {
                    LG_UNROLL
                    for (int l = 0; l < LG_LANES && l < lanes; l++) {
                        r[l].l = lg_load_long(o, at[l]);
                    }
                } else {
                    LG_UNROLL
                    for (int l = 0; l < LG_LANES && l < lanes; l++) {
                        r[l].d = lg_load_double(o, at[l]);
                    }
                }
                break;
            }
            case LG_CONST:
                LG_UNROLL
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    r[l].d = e->konst[s];
                }
                break;
            case LG_INDEX: /* the element's global flat index, as an integer or a double */
                LG_UNROLL
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    long long g = e->word[4] + idx[l];
                    if (isLong) {
                        r[l].l = g;
                    } else {
                        r[l].d = (double) g;
                    }
                }
                break;
            case LG_RANDOM: /* element i's random number of distribution b */
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    lg_random(e->word, idx[l], b, &r[l].d, &r[l].l);
                }
                break;
            case LG_DOT: { /* the sum, in order, of c products of operands a and b, each stepping by its bits */
                const lg_operand *x = &e->op[a];
                const lg_operand *y = &e->op[b];
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    long long ia = lg_index_of(e, a, idx[l]);
                    long long ib = lg_index_of(e, b, idx[l]);
                    double sum = 0;
                    for (long long t = 0; t < c; t++) {
                        sum = sum + lg_load_double(x, ia + t * x->bits) * lg_load_double(y, ib + t * y->bits);
                    }
                    r[l].d = sum;
                }
                break;
            }
            case LG_ALONG: /* c elements of operand a along a stride of konst (exact below 2^53), reduced by b */
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    r[l].d = lg_along(&e->op[a], lg_index_of(e, a, idx[l]), c, (long long) e->konst[s], b);
                }
                break;
            case LG_UNARY:
                LG_UNROLL
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    if (isLong) {
                        r[l].l = lg_unary_long(b, reg[a][l].l);
                    } else {
                        r[l].d = lg_unary(b, reg[a][l].d);
                    }
                }
                break;
            case LG_BINARY:
                LG_UNROLL
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    if (isLong) { /* LG_UNSIGNED (maximum, minimum): compared as uint64 by flipping the sign bit both ways */
                        r[l].l = lg_binary_long(c, reg[a][l].l ^ flip, reg[b][l].l ^ flip) ^ flip;
                        if (c == LG_POW && reg[b][l].l < 0) { /* the CPU's error: a negative exponent */
                            lg_raise(e);
                        }
                    } else {
                        r[l].d = lg_binary(c, reg[a][l].d, reg[b][l].d);
                    }
                }
                break;
            case LG_COMPARE:
                LG_UNROLL
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    int t = argsLong ? lg_compare_long(c, reg[a][l].l ^ flip, reg[b][l].l ^ flip) : lg_compare(c, reg[a][l].d, reg[b][l].d);
                    if (isLong) {
                        r[l].l = t;
                    } else {
                        r[l].d = t;
                    }
                }
                break;
            default: /* LG_WHERE */
                LG_UNROLL
                for (int l = 0; l < LG_LANES && l < lanes; l++) {
                    int t = argsLong ? reg[a][l].l != 0 : reg[a][l].d != 0;
                    r[l] = t ? reg[b][l] : reg[c][l];
                }
                break;
        }
        LG_UNROLL
        for (int l = 0; l < LG_LANES && l < lanes; l++) {
            if (code & LG_ROUND32) {
                r[l].d = (double) (float) r[l].d;
            }
            reg[dst][l] = r[l];
        }
        last = s;
    }
    if (e->nsteps == 0) {
        return;
    }
    int out = e->step[last][1];
    int outLong = (e->step[last][0] & LG_LONG) != 0;
    int outUnsigned = (e->step[last][0] & LG_UNSIGNED) != 0 && (e->step[last][0] & LG_KIND) == LG_LOAD;
    long long bound = e->op[0].bits; /* 0, or only the output's elements 0 .. bound - 1 are written */
    LG_UNROLL
    for (int l = 0; l < LG_LANES && l < lanes; l++) {
        long long at = hoist ? lg_index_at(e, 0, crd[l]) : lg_index_of(e, 0, idx[l]);
        if (live[l] && (bound == 0 || (at >= 0 && at < bound))) {
            if (outUnsigned) {
                lg_store_unsigned(&e->op[0], at, reg[out][l].l);
            } else if (outLong) {
                lg_store_long(&e->op[0], at, reg[out][l].l);
            } else {
                lg_store_double(&e->op[0], at, reg[out][l].d);
            }
        }
    }
}

/*
 * Which of operands 1 .. LG_PREFETCH a launch's elements can be loaded before its steps run (bit j
 * for operand j): those with elements in memory (not constants) of a 64-bit type that a LOAD step
 * reads, and no other kind of step (a reduction along an axis or a dot product reads from its own
 * index, which may be past an empty operand's end).
 */
LG_FN unsigned int lg_prefetchable(const lg_eval *e) {
    unsigned int loaded = 0;
    unsigned int other = 0;
    for (int s = 0; s < e->nsteps; s++) {
        int kind = e->step[s][0] & LG_KIND;
        if (kind == LG_LOAD) {
            loaded |= 1u << e->step[s][2];
        } else if (kind == LG_ALONG) {
            other |= 1u << e->step[s][2];
        } else if (kind == LG_DOT) {
            other |= 1u << e->step[s][2] | 1u << e->step[s][3];
        }
    }
    unsigned int mask = 0;
    for (int j = 1; j <= LG_PREFETCH && j < e->nops; j++) {
        const lg_operand *o = &e->op[j];
        if (((loaded & ~other) >> j & 1) && o->ptr != 0 && (o->type == LG_F64 || o->type == LG_I64)) {
            mask |= 1u << j;
        }
    }
    return mask;
}

/* The lanes, each operand's element found from the element's number alone. */
LG_FN void lg_eval_lanes(const lg_eval *e, long long i0, long long gap, int lanes) {
    lg_eval_steps(e, i0, gap, lanes, 0, 0);
}

/* Computes element i of the launch (0 <= i < n) alone. */
LG_FN void lg_eval_element(const lg_eval *e, long long i) {
    lg_eval_steps(e, i, 1, 1, 0, 0);
}

/* The same, the element's coordinates found once for all its operands (legate_eval_coords). */
LG_FN void lg_eval_element_coords(const lg_eval *e, long long i) {
    lg_eval_steps(e, i, 1, 1, 1, 0);
}

/* The same, the loads of the operands in `prefetch` (lg_prefetchable) issued together first (legate_eval_prefetch). */
LG_FN void lg_eval_element_prefetch(const lg_eval *e, long long i, unsigned int prefetch) {
    lg_eval_steps(e, i, 1, 1, 0, prefetch);
}

/* Every element of the launch as legate_eval_prefetch computes it, one after the other (host builds). */
LG_FN void lg_eval_all_prefetch(const lg_eval *e) {
    unsigned int prefetch = lg_prefetchable(e);
    for (long long i = 0; i < e->n; i++) {
        lg_eval_element_prefetch(e, i, prefetch);
    }
}

/* Every element of the launch, in groups of LG_LANES neighbours, coordinates found once: what the host builds run. */
LG_FN void lg_eval_all(const lg_eval *e) {
    for (long long i = 0; i < e->n; i += LG_LANES) {
        lg_eval_steps(e, i, 1, LG_LANES, 1, 0);
    }
}

/*
 * legate_matmul: a matrix product in tiles of LG_TILE x LG_TILE, on the descriptor of the DOT
 * program the interpreter would run (operand 0 the rows x m output, its dim[0] x dim[1], strided;
 * operands 1 and 2 dense row-major float64 A, rows x k, and B, k x m; step 0's c is k). A block of
 * LG_TILE^2 threads computes one tile of the output, one element a thread, bringing a tile of A
 * and one of B into shared memory per LG_TILE of k: each element still sums its products in
 * index order from 0, as the DOT step and the CPU backend do, so the bits are theirs. The phases
 * (load both tiles; every thread adds its LG_TILE products) are functions here, so that host
 * builds run them thread after thread with the same results, and the CUDA kernel runs them with a
 * barrier between.
 */
#define LG_TILE 16

/* Output tiles of `size` x `size` of the product: a block takes tile b, b + blocks, ... */
LG_FN long long lg_tiles(const lg_eval *e, long long size) {
    return ((e->dim[0] + size - 1) / size) * ((e->dim[1] + size - 1) / size);
}

LG_FN long long lg_matmul_tiles(const lg_eval *e) {
    return lg_tiles(e, LG_TILE);
}

/* Thread `thread` (0 .. LG_TILE^2) of the block on `tile` puts its element of the k0-th tiles of A and B into shared memory (0 outside). */
LG_FN void lg_matmul_load(const lg_eval *e, long long tile, long long k0, int thread, double *as, double *bs) {
    long long rows = e->dim[0];
    long long m = e->dim[1];
    long long k = e->step[0][4];
    long long across = (m + LG_TILE - 1) / LG_TILE;
    int ty = thread / LG_TILE;
    int tx = thread % LG_TILE;
    long long i = (tile / across) * LG_TILE + ty;
    long long j = (tile % across) * LG_TILE + tx;
    const double *a = (const double *) e->op[1].ptr;
    const double *b = (const double *) e->op[2].ptr;
    as[ty * LG_TILE + tx] = i < rows && k0 + tx < k ? a[i * k + k0 + tx] : 0;
    bs[ty * (LG_TILE + 1) + tx] = j < m && k0 + ty < k ? b[(k0 + ty) * m + j] : 0;
}

/* The thread's sum after the k0-th tiles' products (those of k0 .. min(k, k0 + LG_TILE)), in order. */
LG_FN double lg_matmul_add(const lg_eval *e, long long k0, int thread, const double *as, const double *bs, double sum) {
    long long k = e->step[0][4];
    int ty = thread / LG_TILE;
    int tx = thread % LG_TILE;
    int n = k - k0 < LG_TILE ? (int) (k - k0) : LG_TILE;
    for (int t = 0; t < n; t++) {
        sum = sum + as[ty * LG_TILE + t] * bs[t * (LG_TILE + 1) + tx];
    }
    return sum;
}

/* The thread's element of the output tile, if it is one of the product's. */
LG_FN void lg_matmul_store(const lg_eval *e, long long tile, int thread, double sum) {
    long long across = (e->dim[1] + LG_TILE - 1) / LG_TILE;
    long long i = (tile / across) * LG_TILE + thread / LG_TILE;
    long long j = (tile % across) * LG_TILE + thread % LG_TILE;
    if (i < e->dim[0] && j < e->dim[1]) {
        const lg_operand *o = &e->op[0];
        lg_store_double(o, o->offset + i * o->stride[0] + j * o->stride[1], sum);
    }
}

/* The whole product, each tile's threads one after the other between the phases (host builds). */
LG_FN void lg_matmul_all(const lg_eval *e) {
    double as[LG_TILE * LG_TILE];
    double bs[LG_TILE * (LG_TILE + 1)];
    double sum[LG_TILE * LG_TILE];
    long long k = e->step[0][4];
    for (long long tile = 0; tile < lg_matmul_tiles(e); tile++) {
        for (int t = 0; t < LG_TILE * LG_TILE; t++) {
            sum[t] = 0;
        }
        for (long long k0 = 0; k0 < k; k0 += LG_TILE) {
            for (int t = 0; t < LG_TILE * LG_TILE; t++) {
                lg_matmul_load(e, tile, k0, t, as, bs);
            }
            for (int t = 0; t < LG_TILE * LG_TILE; t++) {
                sum[t] = lg_matmul_add(e, k0, t, as, bs, sum[t]);
            }
        }
        for (int t = 0; t < LG_TILE * LG_TILE; t++) {
            lg_matmul_store(e, tile, t, sum[t]);
        }
    }
}

/*
 * legate_matmul_blocked: the same product in output tiles of LG_BTILE x LG_BTILE, a block's
 * LG_TILE^2 threads each computing LG_BPER x LG_BPER elements in registers: thread (ty, tx) those of
 * rows ty + LG_TILE r and columns tx + LG_TILE c (r, c < LG_BPER), so that a warp reads LG_TILE
 * neighbouring elements of a row of B's tile and one or two of A's (the same for all, a broadcast).
 * Each product of the k-th tiles read from shared memory serves LG_BPER elements, where the 16 x 16
 * kernel reads two values for every product. Per LG_TILE of k, A's tile (LG_BTILE rows) goes into
 * shared memory transposed, a row of it padded by one, and B's tile as it is. Each element still
 * sums its products in index order from 0, multiply then add (no fused multiply-add): the bits of
 * the DOT step and the CPU.
 */
#define LG_BTILE 64
#define LG_BPER (LG_BTILE / LG_TILE)
#define LG_BAS (LG_TILE * (LG_BTILE + 1))
#define LG_BBS (LG_TILE * LG_BTILE)

LG_FN long long lg_matmul_blocked_tiles(const lg_eval *e) {
    return lg_tiles(e, LG_BTILE);
}

/*
 * Thread `thread` of the block on `tile` puts LG_BPER elements of the k0-th tiles of A and B into
 * shared memory (0 outside): of A, column thread % LG_TILE of rows thread / LG_TILE + LG_TILE q (a
 * half-warp reads LG_TILE neighbours in a row of A); of B, column thread % LG_BTILE of its rows
 * thread / LG_BTILE + (LG_TILE^2 / LG_BTILE) q (a warp reads 32 neighbours).
 */
LG_FN void lg_matmul_blocked_load(const lg_eval *e, long long tile, long long k0, int thread, double *as, double *bs) {
    long long rows = e->dim[0];
    long long m = e->dim[1];
    long long k = e->step[0][4];
    long long across = (m + LG_BTILE - 1) / LG_BTILE;
    long long i0 = (tile / across) * LG_BTILE;
    long long j = (tile % across) * LG_BTILE + thread % LG_BTILE;
    const double *a = (const double *) e->op[1].ptr;
    const double *b = (const double *) e->op[2].ptr;
    int c = thread % LG_TILE;
    LG_UNROLL
    for (int q = 0; q < LG_BPER; q++) {
        int r = thread / LG_TILE + LG_TILE * q;
        long long i = i0 + r;
        as[c * (LG_BTILE + 1) + r] = i < rows && k0 + c < k ? a[i * k + k0 + c] : 0;
        int kk = thread / LG_BTILE + (LG_TILE * LG_TILE / LG_BTILE) * q;
        bs[kk * LG_BTILE + thread % LG_BTILE] = j < m && k0 + kk < k ? b[(k0 + kk) * m + j] : 0;
    }
}

/* The thread's LG_BPER x LG_BPER sums (row r's column c at r * LG_BPER + c) after the k0-th tiles' products, in order. */
LG_FN void lg_matmul_blocked_add(const lg_eval *e, long long k0, int thread, const double *as, const double *bs, double *sum) {
    long long k = e->step[0][4];
    int ty = thread / LG_TILE;
    int tx = thread % LG_TILE;
    int n = k - k0 < LG_TILE ? (int) (k - k0) : LG_TILE;
    for (int t = 0; t < n; t++) {
        double x[LG_BPER];
        double y[LG_BPER];
        LG_UNROLL
        for (int r = 0; r < LG_BPER; r++) {
            x[r] = as[t * (LG_BTILE + 1) + ty + LG_TILE * r];
            y[r] = bs[t * LG_BTILE + tx + LG_TILE * r];
        }
        LG_UNROLL
        for (int r = 0; r < LG_BPER; r++) {
            LG_UNROLL
            for (int c = 0; c < LG_BPER; c++) {
                sum[r * LG_BPER + c] = sum[r * LG_BPER + c] + x[r] * y[c];
            }
        }
    }
}

/* The thread's elements of the output tile that are the product's. */
LG_FN void lg_matmul_blocked_store(const lg_eval *e, long long tile, int thread, const double *sum) {
    long long across = (e->dim[1] + LG_BTILE - 1) / LG_BTILE;
    const lg_operand *o = &e->op[0];
    LG_UNROLL
    for (int r = 0; r < LG_BPER; r++) {
        long long i = (tile / across) * LG_BTILE + thread / LG_TILE + LG_TILE * r;
        LG_UNROLL
        for (int c = 0; c < LG_BPER; c++) {
            long long j = (tile % across) * LG_BTILE + thread % LG_TILE + LG_TILE * c;
            if (i < e->dim[0] && j < e->dim[1]) {
                lg_store_double(o, o->offset + i * o->stride[0] + j * o->stride[1], sum[r * LG_BPER + c]);
            }
        }
    }
}

/* The whole product, each tile's threads one after the other between the phases (host builds). */
LG_FN void lg_matmul_blocked_all(const lg_eval *e) {
    double as[LG_BAS];
    double bs[LG_BBS];
    double sum[LG_TILE * LG_TILE][LG_BPER * LG_BPER];
    long long k = e->step[0][4];
    for (long long tile = 0; tile < lg_matmul_blocked_tiles(e); tile++) {
        for (int t = 0; t < LG_TILE * LG_TILE; t++) {
            for (int q = 0; q < LG_BPER * LG_BPER; q++) {
                sum[t][q] = 0;
            }
        }
        for (long long k0 = 0; k0 < k; k0 += LG_TILE) {
            for (int t = 0; t < LG_TILE * LG_TILE; t++) {
                lg_matmul_blocked_load(e, tile, k0, t, as, bs);
            }
            for (int t = 0; t < LG_TILE * LG_TILE; t++) {
                lg_matmul_blocked_add(e, k0, t, as, bs, sum[t]);
            }
        }
        for (int t = 0; t < LG_TILE * LG_TILE; t++) {
            lg_matmul_blocked_store(e, tile, t, sum[t]);
        }
    }
}

/*
 * A reduction's block partials (legate_reduce_blocks): the elements of a view in row-major (flat)
 * order, cut into blocks of `block`, each reduced in the CPU backend's fixed order. Sums, products
 * and sums of squared deviations keep four accumulators per block (element f goes to accumulator
 * f % 4, each summed in increasing f); max and min keep the first element and pick; the arg
 * reductions keep the first best. One launch covers the flat indices from .. to of a stretch of
 * rows that one buffer holds: in.offset is the element of flat index `first` (the stretch's first
 * row), dim and in.stride address the rest; a later launch for the next stretch goes on from the
 * accumulators this one left. The host combines each block's four accumulators as the CPU does.
 */
typedef struct {
    lg_operand in;
    long long dim[LG_MAX_DIMS];
    int nd;
    int op;
    long long first;                /* the flat index of the stretch's element 0 */
    long long from;                 /* flat indices reduced by this launch: from .. to */
    long long to;
    long long block;                /* elements per block (a multiple of 4) */
    long long first_block;          /* the block whose accumulators come first */
    double center;                  /* LG_SQDEV: the centre */
    unsigned long long acc;         /* double[blocks][4] (sum, product, squared deviations) or double[blocks] (best) */
    unsigned long long index;       /* long long[blocks]: the best's flat index (-1: none yet) */
    long long width;                /* rows: each block's partials (a row's elements, twice that for arg reductions) */
    int rows;                       /* 1: reduce along the first axis (lg_reduce_rows_lane), from and to being rows */
    int unused;
} lg_reduce;

/* The element of flat index f (from .. to), as a double. */
LG_FN double lg_reduce_load(const lg_reduce *r, long long f) {
    long long i = f - r->first;
    long long at = r->in.offset;
    for (int d = r->nd - 1; d >= 0; d--) {
        long long n = r->dim[d];
        at += r->in.stride[d] * (i % n);
        i /= n;
    }
    return lg_load_double(&r->in, at);
}

/* Lanes of one launch: four per block for the sums and products, one for the others. */
LG_FN int lg_reduce_lanes(const lg_reduce *r) {
    return r->op == LG_SUM || r->op == LG_PROD || r->op == LG_SQDEV ? 4 : 1;
}

/* The elements of one row of the stretch (rows mode). */
LG_FN long long lg_row_length(const lg_reduce *r) {
    long long m = 1;
    for (int d = 1; d < r->nd; d++) {
        m *= r->dim[d];
    }
    return m;
}

/* The threads a launch needs: lanes for each block from .. to touches (rows mode: one per element of a row). */
LG_FN long long lg_reduce_threads(const lg_reduce *r) {
    long long per = r->rows ? lg_row_length(r) : lg_reduce_lanes(r);
    return r->to <= r->from ? 0 : ((r->to - 1) / r->block - r->from / r->block + 1) * per;
}

/*
 * Rows mode, thread `thread`: element c of the rows of one block of `block` rows that this stretch
 * holds, in row order, into acc[(t - first_block) * width + c] (arg reductions: the best's row at
 * + m); the block's first row sets it, as on the CPU.
 */
LG_FN void lg_reduce_rows_lane(const lg_reduce *r, long long thread) {
    long long m = lg_row_length(r);
    long long t = r->from / r->block + thread / m;
    long long c = thread % m;
    long long lo = t * r->block > r->from ? t * r->block : r->from;
    long long hi = (t + 1) * r->block < r->to ? (t + 1) * r->block : r->to;
    double *acc = (double *) r->acc + (t - r->first_block) * r->width;
    long long inner = r->in.offset; /* element c of row `first`: the row's own coordinates */
    long long rest = c;
    for (int d = r->nd - 1; d >= 1; d--) {
        inner += r->in.stride[d] * (rest % r->dim[d]);
        rest /= r->dim[d];
    }
    int arg = r->op == LG_ARGMAX || r->op == LG_ARGMIN;
    for (long long row = lo; row < hi; row++) {
        double x = lg_load_double(&r->in, inner + r->in.stride[0] * (row - r->first));
        if (row == t * r->block) {
            acc[c] = x;
            if (arg) {
                acc[m + c] = (double) row;
            }
            continue;
        }
        double b = acc[c];
        switch (r->op) {
            case LG_SUM: acc[c] = b + x; break;
            case LG_PROD: acc[c] = b * x; break;
            case LG_MAX: acc[c] = b != b || x != x ? b + x : lg_max(b, x); break;
            case LG_MIN: acc[c] = b != b || x != x ? b + x : lg_min(b, x); break;
            default:
                if (b == b && (x != x || (r->op == LG_ARGMAX ? x > b : x < b))) {
                    acc[c] = x;
                    acc[m + c] = (double) row;
                }
                break;
        }
    }
}

/* Thread `thread` of a launch: lane `thread % lanes` of the thread / lanes-th block from `from`'s. */
LG_FN void lg_reduce_lane(const lg_reduce *r, long long thread) {
    int lanes = lg_reduce_lanes(r);
    long long t = r->from / r->block + thread / lanes;
    long long lo = t * r->block > r->from ? t * r->block : r->from;
    long long hi = (t + 1) * r->block < r->to ? (t + 1) * r->block : r->to;
    if (lo >= hi) {
        return;
    }
    long long slot = t - r->first_block;
    if (lanes == 4) {
        int k = (int) (thread % 4);
        long long f = lo + ((k - lo % 4) + 4) % 4; /* the first flat index of lane k */
        double *a = (double *) r->acc + slot * 4 + k;
        double s = *a;
        for (; f < hi; f += 4) {
            double x = lg_reduce_load(r, f);
            if (r->op == LG_SUM) {
                s = s + x;
            } else if (r->op == LG_PROD) {
                s = s * x;
            } else {
                s = s + (x - r->center) * (x - r->center);
            }
        }
        *a = s;
        return;
    }
    double *best = (double *) r->acc + slot;
    long long *at = (long long *) r->index + slot;
    double b = *best;
    long long bi = *at;
    for (long long f = lo; f < hi; f++) {
        double x = lg_reduce_load(r, f);
        if (r->op == LG_MAX || r->op == LG_MIN) {
            if (bi < 0) {
                b = x;
                bi = f;
            } else if (b != b || x != x) {
                b = b + x; /* NaN wins */
            } else {
                b = r->op == LG_MAX ? lg_max(b, x) : lg_min(b, x);
            }
        } else {
            int better;
            if (bi < 0) {
                better = 1;
            } else if (b != b) {
                better = 0; /* a NaN, first, stays */
            } else if (x != x) {
                better = 1;
            } else {
                better = r->op == LG_ARGMAX ? x > b : x < b;
            }
            if (better) {
                b = x;
                bi = f;
            }
        }
    }
    *best = b;
    *at = bi;
}

/* Thread t of a reduction launch, in either mode. */
LG_FN void lg_reduce_thread(const lg_reduce *r, long long t) {
    if (r->rows) {
        lg_reduce_rows_lane(r, t);
    } else {
        lg_reduce_lane(r, t);
    }
}

#endif
