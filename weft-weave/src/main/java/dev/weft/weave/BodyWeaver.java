package dev.weft.weave;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Turns one generator body method ({@code lambda$...(captures..., Context)}) into a woven step
 * method ({@code lambda$...$woven(captures..., Woven.Frame)}) that the {@code Woven.Step} contract
 * describes, or refuses with the reason.
 *
 * <p>Implementation notes. The woven method is a copy of the body with: an entry switch on
 * {@code f.state()}; at each yield site k, the operand stack below {@code (ctx, value)} popped into
 * temporaries, every typed local and those temporaries spilled into the frame's arrays (references
 * in {@code refs}, primitives as raw bits in {@code longs}) and {@code return f.yield(k, value)};
 * after it, label k (a target of the entry switch only) reloading them with their analysed types
 * and evaluating {@code f.resume()} where the call was. The reload code is cut out of every try
 * range (its locals are not yet set, so a handler must not see it); {@code f.resume()} is inside
 * them, so an exception thrown in meets the body's own handlers and finally copies. The context
 * slot holds the frame, which is why the context may only be the receiver of yield/yieldFrom.
 * Parameters (captured values and {@code this}) are passed again at every step and never spilled.
 */
final class BodyWeaver {
    static final String CONTEXT = "dev/weft/gen/Generator$Context";
    static final String FRAME = "dev/weft/gen/Woven$Frame";
    static final String OBJECT = "java/lang/Object";

    /** Why a body is left stackful; the message is the reason, as logged. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ClassNode owner;
    private final MethodNode m;
    private final Hierarchy hierarchy;
    private int ctxSlot;
    private int firstLocal;
    private int nextTemp;

    BodyWeaver(ClassNode owner, MethodNode m, Hierarchy hierarchy) {
        this.owner = owner;
        this.m = m;
        this.hierarchy = hierarchy;
    }

    /** The woven method's descriptor for a body method's. */
    static String wovenDesc(String bodyDesc) {
        Type[] args = Type.getArgumentTypes(bodyDesc);
        args[args.length - 1] = Type.getObjectType(FRAME);
        return Type.getMethodDescriptor(Type.getObjectType(OBJECT), args);
    }

    /** Whether {@code insn} is a call of yield / yieldFrom on a Context. */
    private static boolean isContextCall(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode mi && mi.getOpcode() == Opcodes.INVOKEINTERFACE
                && mi.owner.equals(CONTEXT) && (mi.name.equals("yield") || mi.name.equals("yieldFrom"));
    }

    MethodNode weave() throws Refused {
        Type[] args = Type.getArgumentTypes(m.desc);
        if (args.length == 0 || !args[args.length - 1].getInternalName().equals(CONTEXT)) {
            throw new Refused("its last parameter is not the generator's Context");
        }
        int slot = (m.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type a : args) {
            slot += a.getSize();
        }
        firstLocal = slot;
        ctxSlot = slot - 1;
        for (AbstractInsnNode insn : m.instructions) {
            int op = insn.getOpcode();
            if (op == Opcodes.JSR || op == Opcodes.RET) {
                throw new Refused("it uses jsr/ret subroutines");
            }
            if (op == Opcodes.MONITORENTER) {
                throw new Refused("it has a synchronized block (a monitor cannot be held across a yield)");
            }
            if (insn instanceof VarInsnNode v && v.var == ctxSlot && op != Opcodes.ALOAD) {
                throw new Refused("it assigns to its Context parameter");
            }
        }
        Frame<SourceValue>[] sources;
        Frame<BasicValue>[] types;
        try {
            sources = new Analyzer<>(new SourceInterpreter()).analyze(owner.name, m);
            types = new Analyzer<>(hierarchy.verifier()).analyze(owner.name, m);
        } catch (AnalyzerException e) {
            throw new Refused("its frames cannot be typed (" + e.getMessage() + ")");
        } catch (Hierarchy.TypeNotFound e) {
            throw new Refused("its frames cannot be typed: " + e.getMessage());
        }
        List<MethodInsnNode> sites = findSites(sources);
        return rewrite(sites, sources, types);
    }

    /** The yield sites, after checking that the context is used only as their receiver. */
    private List<MethodInsnNode> findSites(Frame<SourceValue>[] sources) throws Refused {
        InsnList insns = m.instructions;
        Set<AbstractInsnNode> ctxLoads = new HashSet<>();
        Set<AbstractInsnNode> receivers = new HashSet<>();
        List<MethodInsnNode> sites = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (sources[i] == null) {
                continue; // unreachable
            }
            if (insn instanceof VarInsnNode v && v.var == ctxSlot) {
                ctxLoads.add(insn);
            }
            if (isContextCall(insn)) {
                Frame<SourceValue> f = sources[i];
                Set<AbstractInsnNode> from = f.getStack(f.getStackSize() - 2).insns;
                boolean fromCtx = from.size() == 1 && ctxLoads(from.iterator().next());
                if (fromCtx) {
                    receivers.add(from.iterator().next());
                    sites.add((MethodInsnNode) insn);
                } else if (from.stream().anyMatch(this::ctxLoads)) {
                    throw new Refused("its Context reaches a yield through a merge of paths");
                }
            }
        }
        if (!receivers.containsAll(ctxLoads)) {
            throw new Refused("its Context is used other than as the receiver of yield/yieldFrom "
                    + "(passed to a method, stored, captured or compared)");
        }
        return sites;
    }

    private boolean ctxLoads(AbstractInsnNode insn) {
        return insn instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == ctxSlot;
    }

    /** One spilled value: where it lives in the body, its type, and its index in refs or longs. */
    private record Spill(int local, Type type, boolean ref, int index) {
    }

    private MethodNode rewrite(List<MethodInsnNode> sites, Frame<SourceValue>[] sources, Frame<BasicValue>[] types)
            throws Refused {
        MethodNode w = new MethodNode(Opcodes.ASM9, m.access, m.name + "$woven", wovenDesc(m.desc), null,
                m.exceptions == null ? null : m.exceptions.toArray(new String[0]));
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof LabelNode l) {
                labels.put(l, new LabelNode());
            }
        }
        Map<AbstractInsnNode, AbstractInsnNode> copies = new HashMap<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof FrameNode) {
                continue; // frames are recomputed
            }
            AbstractInsnNode c = insn.clone(labels);
            copies.put(insn, c);
            w.instructions.add(c);
        }
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            w.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(t.start), labels.get(t.end), labels.get(t.handler), t.type));
        }
        java.util.BitSet[] live = Liveness.liveOut(m);
        nextTemp = m.maxLocals;
        int tmpArg = nextTemp++;
        int tmpRefs = nextTemp++;
        int tmpLongs = nextTemp++;

        LabelNode start = new LabelNode();
        LabelNode bad = new LabelNode();
        LabelNode[] resumeAt = new LabelNode[sites.size() + 1];
        resumeAt[0] = start;
        for (int k = 1; k <= sites.size(); k++) {
            resumeAt[k] = new LabelNode();
        }
        for (int k = 1; k <= sites.size(); k++) {
            MethodInsnNode site = sites.get(k - 1);
            int index = m.instructions.indexOf(site);
            Frame<BasicValue> f = types[index];
            Frame<SourceValue> sf = sources[index];
            if (f == null) {
                throw new Refused("weft-weave bug: no typed frame at a reachable yield");
            }
            List<Spill> spills = new ArrayList<>();
            int[] counts = new int[2];
            for (int local = firstLocal; local < f.getLocals(); local++) {
                BasicValue v = f.getLocal(local);
                if (v == null || v.getType() == null || v == BasicValue.UNINITIALIZED_VALUE || !live[index].get(local)) {
                    continue;
                }
                spills.add(spill(local, v, counts));
            }
            int below = f.getStackSize() - 2;
            InsnList before = new InsnList();
            before.add(new VarInsnNode(Opcodes.ASTORE, tmpArg));
            before.add(new InsnNode(Opcodes.POP));
            List<Spill> stack = new ArrayList<>();
            for (int j = 0; j < below; j++) {
                if (underConstruction(sf.getStack(j).insns, sources)) {
                    throw new Refused("an object under construction is on the stack at a yield "
                            + "(new Foo(..., ctx.yield(x)))");
                }
                BasicValue v = f.getStack(j);
                if (v.getType() == null || v == BasicValue.RETURNADDRESS_VALUE) {
                    throw new Refused("an untyped value is on the stack at a yield");
                }
                int temp = nextTemp;
                nextTemp += v.getSize();
                stack.add(spill(temp, v, counts));
            }
            for (int j = below - 1; j >= 0; j--) {
                Spill s = stack.get(j);
                before.add(new VarInsnNode(s.type().getOpcode(Opcodes.ISTORE), s.local()));
            }
            List<Spill> all = new ArrayList<>(spills);
            all.addAll(stack);
            arrays(before, counts, tmpRefs, tmpLongs);
            for (Spill s : all) {
                store(before, s, tmpRefs, tmpLongs);
            }
            boolean delegates = site.name.equals("yieldFrom");
            before.add(new VarInsnNode(Opcodes.ALOAD, ctxSlot));
            before.add(ldcInt(k));
            before.add(new VarInsnNode(Opcodes.ALOAD, tmpArg));
            before.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FRAME, delegates ? "delegate" : "yield",
                    "(ILjava/lang/Object;)Ljava/lang/Object;", false));
            before.add(new InsnNode(Opcodes.ARETURN));
            LabelNode reloadEnd = new LabelNode();
            before.add(resumeAt[k]);
            arrays(before, counts, tmpRefs, tmpLongs);
            for (Spill s : spills) {
                load(before, s, tmpRefs, tmpLongs);
                before.add(new VarInsnNode(s.type().getOpcode(Opcodes.ISTORE), s.local()));
            }
            for (Spill s : stack) {
                load(before, s, tmpRefs, tmpLongs);
            }
            before.add(reloadEnd);
            before.add(new VarInsnNode(Opcodes.ALOAD, ctxSlot));
            before.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FRAME, "resume", "()Ljava/lang/Object;", false));
            if (Type.getReturnType(site.desc).getSort() == Type.VOID) {
                before.add(new InsnNode(Opcodes.POP));
            }
            AbstractInsnNode copy = copies.get(site);
            cutOut(w, copy, resumeAt[k], reloadEnd);
            w.instructions.insertBefore(copy, before);
            w.instructions.remove(copy);
        }
        InsnList entry = new InsnList();
        entry.add(new VarInsnNode(Opcodes.ALOAD, ctxSlot));
        entry.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FRAME, "state", "()I", false));
        entry.add(new TableSwitchInsnNode(0, sites.size(), bad, resumeAt));
        entry.add(bad);
        entry.add(new TypeInsnNode(Opcodes.NEW, "java/lang/AssertionError"));
        entry.add(new InsnNode(Opcodes.DUP));
        entry.add(new LdcInsnNode("weft bug: a woven generator body resumed at an unknown state"));
        entry.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/AssertionError", "<init>", "(Ljava/lang/Object;)V", false));
        entry.add(new InsnNode(Opcodes.ATHROW));
        entry.add(start);
        w.instructions.insert(entry);
        w.maxLocals = nextTemp;
        w.maxStack = m.maxStack + 4;
        return w;
    }

    /** Whether a stack value comes from {@code new} directly or through a dup of it. */
    private boolean underConstruction(Set<AbstractInsnNode> from, Frame<SourceValue>[] sources) {
        for (AbstractInsnNode src : from) {
            int op = src.getOpcode();
            if (op == Opcodes.NEW) {
                return true;
            }
            if (op >= Opcodes.DUP && op <= Opcodes.DUP2_X2) {
                Frame<SourceValue> f = sources[m.instructions.indexOf(src)];
                for (int j = 0; j < f.getStackSize(); j++) {
                    for (AbstractInsnNode s : f.getStack(j).insns) {
                        if (s.getOpcode() == Opcodes.NEW) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private Spill spill(int local, BasicValue v, int[] counts) {
        Type t = v.getType();
        boolean ref = t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
        return new Spill(local, t, ref, ref ? counts[0]++ : counts[1]++);
    }

    private static AbstractInsnNode ldcInt(int n) {
        if (n >= -1 && n <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + n);
        }
        return new LdcInsnNode(n);
    }

    /** Loads the frame's spill arrays, sized for this site, into their temporaries. */
    private void arrays(InsnList out, int[] counts, int tmpRefs, int tmpLongs) {
        if (counts[0] > 0) {
            out.add(new VarInsnNode(Opcodes.ALOAD, ctxSlot));
            out.add(ldcInt(counts[0]));
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FRAME, "refs", "(I)[Ljava/lang/Object;", false));
            out.add(new VarInsnNode(Opcodes.ASTORE, tmpRefs));
        }
        if (counts[1] > 0) {
            out.add(new VarInsnNode(Opcodes.ALOAD, ctxSlot));
            out.add(ldcInt(counts[1]));
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FRAME, "longs", "(I)[J", false));
            out.add(new VarInsnNode(Opcodes.ASTORE, tmpLongs));
        }
    }

    private void store(InsnList out, Spill s, int tmpRefs, int tmpLongs) {
        out.add(new VarInsnNode(Opcodes.ALOAD, s.ref() ? tmpRefs : tmpLongs));
        out.add(ldcInt(s.index()));
        out.add(new VarInsnNode(s.type().getOpcode(Opcodes.ILOAD), s.local()));
        switch (s.type().getSort()) {
            case Type.OBJECT, Type.ARRAY -> out.add(new InsnNode(Opcodes.AASTORE));
            case Type.LONG -> out.add(new InsnNode(Opcodes.LASTORE));
            case Type.DOUBLE -> {
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                out.add(new InsnNode(Opcodes.LASTORE));
            }
            case Type.FLOAT -> {
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
                out.add(new InsnNode(Opcodes.I2L));
                out.add(new InsnNode(Opcodes.LASTORE));
            }
            default -> {
                out.add(new InsnNode(Opcodes.I2L));
                out.add(new InsnNode(Opcodes.LASTORE));
            }
        }
    }

    private void load(InsnList out, Spill s, int tmpRefs, int tmpLongs) {
        Type t = s.type();
        if (s.ref() && t.getInternalName().equals("null")) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            return;
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, s.ref() ? tmpRefs : tmpLongs));
        out.add(ldcInt(s.index()));
        switch (t.getSort()) {
            case Type.OBJECT, Type.ARRAY -> {
                out.add(new InsnNode(Opcodes.AALOAD));
                if (!t.getInternalName().equals(OBJECT)) {
                    out.add(new TypeInsnNode(Opcodes.CHECKCAST, t.getInternalName()));
                }
            }
            case Type.LONG -> out.add(new InsnNode(Opcodes.LALOAD));
            case Type.DOUBLE -> {
                out.add(new InsnNode(Opcodes.LALOAD));
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
            }
            case Type.FLOAT -> {
                out.add(new InsnNode(Opcodes.LALOAD));
                out.add(new InsnNode(Opcodes.L2I));
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
            }
            default -> {
                out.add(new InsnNode(Opcodes.LALOAD));
                out.add(new InsnNode(Opcodes.L2I));
            }
        }
    }

    /**
     * Removes [from, to) from every try range that covers {@code site}: a handler must never see
     * the reload code, whose locals are not yet set.
     */
    private static void cutOut(MethodNode w, AbstractInsnNode site, LabelNode from, LabelNode to) {
        InsnList insns = w.instructions;
        int at = insns.indexOf(site);
        List<TryCatchBlockNode> out = new ArrayList<>();
        for (TryCatchBlockNode t : w.tryCatchBlocks) {
            if (insns.indexOf(t.start) < at && at < insns.indexOf(t.end)) {
                out.add(new TryCatchBlockNode(t.start, from, t.handler, t.type));
                out.add(new TryCatchBlockNode(to, t.end, t.handler, t.type));
            } else {
                out.add(t);
            }
        }
        w.tryCatchBlocks = out;
    }
}
