package legate.kernel.jshell;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps cell code from ending the kernel's JVM: in the class files JShell compiles from cells,
 * calls of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} (and method
 * references to them) are pointed at the methods here, which throw {@link SystemExit}. Code in
 * jars a cell adds to the classpath is not rewritten.
 */
public final class ExitGuard {
    private static final String SELF = ExitGuard.class.getName().replace('.', '/');
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final byte[] EXIT = "exit".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HALT = "halt".getBytes(StandardCharsets.US_ASCII);

    private ExitGuard() {
    }

    /** In place of {@code System.exit(status)}. */
    public static void exit(int status) {
        throw new SystemExit("System.exit", status);
    }

    /** In place of {@code runtime.exit(status)}. */
    public static void exit(Runtime runtime, int status) {
        throw new SystemExit("Runtime.exit", status);
    }

    /** In place of {@code runtime.halt(status)}. */
    public static void halt(Runtime runtime, int status) {
        throw new SystemExit("Runtime.halt", status);
    }

    /**
     * The class file with those calls rewritten; the same array when it has none, or when it
     * is of a version this ASM does not read (then the cell runs unguarded rather than not at all).
     */
    static byte[] guard(byte[] classFile) {
        if (indexOf(classFile, EXIT) < 0 && indexOf(classFile, HALT) < 0) {
            return classFile; // most cells: no constant named so, nothing to rewrite
        }
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException newerThanAsm) {
            return classFile;
        }
        ClassWriter writer = new ClassWriter(reader, 0); // same stack effects: no frames or maxima to recompute
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                        String replacement = replacement(opcode == Opcodes.INVOKESTATIC, owner, method, desc);
                        if (replacement != null) {
                            changed[0] = true;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, SELF, method, replacement, false);
                        } else {
                            super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... args) {
                        Object[] mapped = args.clone();
                        for (int i = 0; i < mapped.length; i++) {
                            if (mapped[i] instanceof Handle h) {
                                String replacement = replacement(h.getTag() == Opcodes.H_INVOKESTATIC, h.getOwner(), h.getName(), h.getDesc());
                                if (replacement != null && (h.getTag() == Opcodes.H_INVOKESTATIC || h.getTag() == Opcodes.H_INVOKEVIRTUAL)) {
                                    changed[0] = true;
                                    mapped[i] = new Handle(Opcodes.H_INVOKESTATIC, SELF, h.getName(), replacement, false);
                                }
                            }
                        }
                        super.visitInvokeDynamicInsn(name, desc, bootstrap, mapped);
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : classFile;
    }

    /** The descriptor of this class's method that replaces the call, or null when the call is another one. */
    private static String replacement(boolean isStatic, String owner, String method, String desc) {
        if (!desc.equals("(I)V")) {
            return null;
        }
        if (isStatic && owner.equals(SYSTEM) && method.equals("exit")) {
            return "(I)V";
        }
        if (!isStatic && owner.equals(RUNTIME) && (method.equals("exit") || method.equals("halt"))) {
            return "(Ljava/lang/Runtime;I)V";
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
