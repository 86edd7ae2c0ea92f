package dev.weft.weave;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The {@code -javaagent:weft-weave.jar} entry point: weaves generator bodies as classes load.
 * The JDK's classes and weft-weave's own are skipped; a class with no generator body is returned
 * untouched ({@code null}) after a scan of its bytes.
 */
public final class WeaveAgent implements ClassFileTransformer {

    private WeaveAgent() {
    }

    /** Installs the transformer. */
    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new WeaveAgent());
    }

    /** Installs the transformer when the agent is attached to a running JVM (classes loaded before stay stackful). */
    public static void agentmain(String args, Instrumentation inst) {
        premain(args, inst);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) {
        if (className == null || redefined != null || className.startsWith("java/") || className.startsWith("jdk/")
                || className.startsWith("sun/") || className.startsWith("dev/weft/weave/")
                || !Weaver.mayHaveBodies(classFile)) {
            return null;
        }
        try {
            return new Weaver(loader).weave(classFile).bytes();
        } catch (Throwable t) { // a transformer's exception is dropped by the JVM: report it ourselves
            Weaver.LOG.log(System.Logger.Level.WARNING, "weft-weave: left " + className.replace('/', '.')
                    + " unchanged: " + t + "; please report this as a weft-weave bug", t);
            return null;
        }
    }
}
