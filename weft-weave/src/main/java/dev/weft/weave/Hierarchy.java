package dev.weft.weave;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * The class hierarchy as far as the weaver needs it (superclass, interface or not), answered from
 * class files found as resources, never by loading a class: an agent must not load application
 * classes while one of them is being defined.
 */
final class Hierarchy {
    private record Info(String superName, boolean isInterface) {
    }

    private static final Info UNKNOWN = new Info(null, false);

    private final ClassLoader loader;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    Hierarchy(ClassLoader loader) {
        this.loader = loader;
    }

    /** Teaches the hierarchy a class it cannot look up (the one being woven, not yet defined). */
    void add(String name, String superName, boolean isInterface) {
        cache.put(name, new Info(superName, isInterface));
    }

    private Info info(String name) {
        return cache.computeIfAbsent(name, this::read);
    }

    private Info read(String name) {
        String resource = name + ".class";
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            if (in == null) {
                return UNKNOWN;
            }
            ClassReader r = new ClassReader(in);
            return new Info(r.getSuperName(), (r.getAccess() & Opcodes.ACC_INTERFACE) != 0);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    boolean isInterface(String name) {
        return info(name).isInterface();
    }

    /** The superclass's internal name; null for java/lang/Object. */
    String superName(String name) {
        if (name.equals("java/lang/Object")) {
            return null;
        }
        Info i = info(name);
        if (i == UNKNOWN) {
            throw new TypeNotFound(name);
        }
        return i.superName() == null ? "java/lang/Object" : i.superName();
    }

    /** The nearest common superclass, as the JVM's verifier merges two reference types. */
    String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isInterface(a) || isInterface(b)) {
            return "java/lang/Object";
        }
        List<String> chainA = new ArrayList<>();
        for (String c = a; c != null; c = superName(c)) {
            chainA.add(c);
        }
        for (String c = b; c != null; c = superName(c)) {
            if (chainA.contains(c)) {
                return c;
            }
        }
        return "java/lang/Object";
    }

    /** Whether a value of class {@code from} may be used where {@code to} is expected (interfaces: always, as the verifier does). */
    boolean isAssignable(String to, String from) {
        if (to.equals(from) || to.equals("java/lang/Object") || isInterface(to)) {
            return true;
        }
        for (String c = from; c != null; c = superName(c)) {
            if (c.equals(to)) {
                return true;
            }
        }
        return false;
    }

    /** A type the weaver needed and could not find: the class is left unwoven. */
    static final class TypeNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TypeNotFound(String name) {
            super("class " + name.replace('/', '.') + " not found by the weaver's class loader", null, false, false);
        }
    }

    /** ASM's precise-type interpreter, answering hierarchy questions from this hierarchy. */
    SimpleVerifier verifier() {
        Hierarchy h = this;
        return new SimpleVerifier(Opcodes.ASM9, null, null, null, false) {
            @Override
            protected boolean isInterface(Type type) {
                return type.getSort() == Type.OBJECT && h.isInterface(type.getInternalName());
            }

            @Override
            protected Type getSuperClass(Type type) {
                if (type.getSort() == Type.ARRAY) {
                    return Type.getObjectType("java/lang/Object");
                }
                String s = h.superName(type.getInternalName());
                return s == null ? null : Type.getObjectType(s);
            }

            @Override
            protected boolean isAssignableFrom(Type to, Type from) {
                if (to.equals(from)) {
                    return true;
                }
                if (to.getSort() == Type.ARRAY) {
                    if (from.getSort() != Type.ARRAY || from.getDimensions() < to.getDimensions()) {
                        return false;
                    }
                    Type te = to.getElementType();
                    Type fe = from.getDimensions() == to.getDimensions() ? from.getElementType()
                            : Type.getObjectType("java/lang/Object");
                    if (te.getSort() != Type.OBJECT || fe.getSort() != Type.OBJECT) {
                        return te.equals(fe);
                    }
                    return h.isAssignable(te.getInternalName(), fe.getInternalName());
                }
                if (from.getSort() == Type.ARRAY) {
                    String t = to.getInternalName();
                    return t.equals("java/lang/Object") || t.equals("java/lang/Cloneable") || t.equals("java/io/Serializable");
                }
                return h.isAssignable(to.getInternalName(), from.getInternalName());
            }
        };
    }
}
