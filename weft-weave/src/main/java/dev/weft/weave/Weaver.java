package dev.weft.weave;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites the generator bodies of one class into woven state machines: every lambda whose
 * functional interface is {@code Generator.Body}, implemented in the class, and whose context is
 * only the receiver of its own yields (see {@link BodyWeaver}). The lambda's {@code invokedynamic}
 * then builds a {@code Woven.Step} over the woven method, wrapped by {@code Woven.body}, so the
 * factory it is passed to ({@code Generator.of}, {@code primed}, {@code Sink.coroutine}, ...)
 * receives a compiled body. Anything else stays as it was; a body is woven whole or not at all.
 *
 * <p>Logging ({@code System.Logger} "dev.weft.weave"): DEBUG, one line per woven body and per
 * body left stackful with the reason; WARNING, once per class the weaver could not process
 * (the class is then left unchanged).
 */
public final class Weaver {
    static final Logger LOG = System.getLogger("dev.weft.weave");
    static final String BODY = "dev/weft/gen/Generator$Body";
    static final String STEP = "dev/weft/gen/Woven$Step";
    static final String WOVEN = "dev/weft/gen/Woven";
    private static final byte[] MARK = BODY.getBytes(StandardCharsets.UTF_8);

    private final ClassLoader loader;

    /** A weaver that looks up class hierarchies (for frame types) through {@code loader}. */
    public Weaver(ClassLoader loader) {
        this.loader = loader;
    }

    /** What weaving one class did: the new bytes (null if unchanged), and one line per body. */
    public record Result(byte[] bytes, List<String> woven, List<String> refused) {
    }

    /** Whether the class file mentions a generator body at all (a cheap scan of its bytes). */
    static boolean mayHaveBodies(byte[] classFile) {
        outer:
        for (int i = 0; i + MARK.length <= classFile.length; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (classFile[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Weaves {@code classFile}; returns its result, with {@code bytes == null} when nothing was
     * woven. Never throws for a class it cannot process: it reports it and leaves it unchanged.
     */
    public Result weave(byte[] classFile) {
        List<String> woven = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        if (!mayHaveBodies(classFile)) {
            return new Result(null, woven, refused);
        }
        String className = "?";
        try {
            ClassReader reader = new ClassReader(classFile);
            className = reader.getClassName();
            ClassNode cn = new ClassNode();
            reader.accept(cn, 0);
            byte[] out = weave(cn, woven, refused);
            for (String w : woven) {
                LOG.log(Level.DEBUG, "weft-weave: woven " + w);
            }
            for (String r : refused) {
                LOG.log(Level.DEBUG, "weft-weave: left stackful " + r);
            }
            return new Result(out, woven, refused);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "weft-weave: left " + className.replace('/', '.') + " unchanged: the weaver "
                    + "could not process it (" + e + "); its generators run stackful. Please report this "
                    + "as a weft-weave bug with the class file.");
            refused.add(className.replace('/', '.') + ": the weaver failed (" + e + ")");
            return new Result(null, List.of(), refused);
        }
    }

    private byte[] weave(ClassNode cn, List<String> woven, List<String> refused) {
        Hierarchy hierarchy = new Hierarchy(loader);
        hierarchy.add(cn.name, cn.superName, (cn.access & Opcodes.ACC_INTERFACE) != 0);
        Map<String, MethodNode> bodies = new LinkedHashMap<>();
        for (MethodNode mn : cn.methods) {
            for (AbstractInsnNode insn : mn.instructions) {
                Handle impl = bodyLambda(insn);
                if (impl == null) {
                    continue;
                }
                String where = cn.name.replace('/', '.') + "." + impl.getName();
                if (!impl.getOwner().equals(cn.name) || !impl.getName().startsWith("lambda$")) {
                    refused.add(where + ": a method reference, not a lambda of this class");
                    continue;
                }
                MethodNode target = find(cn, impl.getName(), impl.getDesc());
                if (target != null && (target.access & Opcodes.ACC_SYNTHETIC) != 0) {
                    bodies.putIfAbsent(impl.getName() + impl.getDesc(), target);
                }
            }
        }
        Map<String, MethodNode> done = new LinkedHashMap<>();
        for (Map.Entry<String, MethodNode> e : bodies.entrySet()) {
            MethodNode body = e.getValue();
            String where = cn.name.replace('/', '.') + "." + body.name;
            try {
                done.put(e.getKey(), new BodyWeaver(cn, body, hierarchy).weave());
                woven.add(where);
            } catch (BodyWeaver.Refused r) {
                refused.add(where + ": " + r.getMessage());
            }
        }
        if (done.isEmpty()) {
            return null;
        }
        List<MethodNode> wovenMethods = new ArrayList<>(done.values());
        cn.methods.addAll(wovenMethods);
        for (MethodNode mn : cn.methods) {
            for (AbstractInsnNode insn : mn.instructions.toArray()) {
                Handle impl = bodyLambda(insn);
                if (impl != null && impl.getOwner().equals(cn.name) && done.containsKey(impl.getName() + impl.getDesc())) {
                    relink(mn, (InvokeDynamicInsnNode) insn, impl);
                }
            }
        }
        cn.methods.removeAll(wovenMethods);
        cn.methods.addAll(framed(cn, wovenMethods, hierarchy));
        ClassWriter cw = new ClassWriter(0);
        cn.accept(cw);
        return cw.toByteArray();
    }

    /** The implementation handle of a LambdaMetafactory indy that makes a Generator.Body, else null. */
    private static Handle bodyLambda(AbstractInsnNode insn) {
        if (!(insn instanceof InvokeDynamicInsnNode indy)
                || !indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")
                || !indy.bsm.getName().equals("metafactory")
                || !Type.getReturnType(indy.desc).getInternalName().equals(BODY)
                || indy.bsmArgs.length < 3 || !(indy.bsmArgs[1] instanceof Handle h)) {
            return null;
        }
        return h;
    }

    private static MethodNode find(ClassNode cn, String name, String desc) {
        for (MethodNode mn : cn.methods) {
            if (mn.name.equals(name) && mn.desc.equals(desc)) {
                return mn;
            }
        }
        return null;
    }

    /** Makes the indy build a Woven.Step over the woven method, and wraps it with Woven.body. */
    private static void relink(MethodNode mn, InvokeDynamicInsnNode indy, Handle impl) {
        Type stepType = Type.getMethodType("(L" + BodyWeaver.FRAME + ";)Ljava/lang/Object;");
        Handle wovenImpl = new Handle(impl.getTag(), impl.getOwner(), impl.getName() + "$woven",
                BodyWeaver.wovenDesc(impl.getDesc()), impl.isInterface());
        Type[] captures = Type.getArgumentTypes(indy.desc);
        InvokeDynamicInsnNode step = new InvokeDynamicInsnNode("step",
                Type.getMethodDescriptor(Type.getObjectType(STEP), captures), indy.bsm, stepType, wovenImpl, stepType);
        mn.instructions.insertBefore(indy, step);
        mn.instructions.insertBefore(indy, new MethodInsnNode(Opcodes.INVOKESTATIC, WOVEN, "body",
                "(L" + STEP + ";)L" + BODY + ";", false));
        mn.instructions.remove(indy);
    }

    /**
     * Computes stack map frames for the woven methods alone (in a scratch class with the same
     * header), so the class's other methods keep the frames javac wrote.
     */
    private static List<MethodNode> framed(ClassNode cn, List<MethodNode> methods, Hierarchy hierarchy) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return hierarchy.commonSuperClass(a, b);
            }
        };
        cw.visit(cn.version, cn.access, cn.name, cn.signature, cn.superName,
                cn.interfaces.toArray(new String[0]));
        for (MethodNode mn : methods) {
            mn.accept(cw);
        }
        cw.visitEnd();
        ClassNode scratch = new ClassNode();
        new ClassReader(cw.toByteArray()).accept(scratch, 0);
        return scratch.methods;
    }
}
