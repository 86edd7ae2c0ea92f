package dev.weft.weave;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which locals are live after each instruction (read on some path before being written),
 * counting exception edges: an instruction inside a try range may continue at its handler. A
 * yield site spills only the locals live after it, so a loop variable overwritten by the yield's
 * result ({@code got = ctx.yield(got)}) costs no spill.
 */
final class Liveness {
    private Liveness() {
    }

    /** live-out sets, by instruction index. */
    static BitSet[] liveOut(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        List<List<Integer>> succ = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            succ.add(new ArrayList<>(2));
        }
        for (int i = 0; i < n; i++) {
            AbstractInsnNode insn = insns.get(i);
            int op = insn.getOpcode();
            List<Integer> next = succ.get(i);
            if (insn instanceof JumpInsnNode j) {
                next.add(insns.indexOf(j.label));
            } else if (insn instanceof TableSwitchInsnNode t) {
                next.add(insns.indexOf(t.dflt));
                t.labels.forEach(l -> next.add(insns.indexOf(l)));
            } else if (insn instanceof LookupSwitchInsnNode t) {
                next.add(insns.indexOf(t.dflt));
                t.labels.forEach(l -> next.add(insns.indexOf(l)));
            }
            boolean ends = op == Opcodes.GOTO || op == Opcodes.ATHROW || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                    || insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode;
            if (!ends && i + 1 < n) {
                succ.get(i).add(i + 1);
            }
        }
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            int h = insns.indexOf(t.handler);
            for (int i = insns.indexOf(t.start); i < insns.indexOf(t.end); i++) {
                succ.get(i).add(h);
            }
        }
        BitSet[] in = new BitSet[n];
        BitSet[] out = new BitSet[n];
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
            out[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet o = new BitSet();
                for (int s : succ.get(i)) {
                    o.or(in[s]);
                }
                AbstractInsnNode insn = insns.get(i);
                BitSet newIn = (BitSet) o.clone();
                if (insn instanceof VarInsnNode v) {
                    if (v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                        newIn.clear(v.var); // a store cannot throw, so no handler edge of its own needs v
                    } else {
                        newIn.set(v.var);
                    }
                } else if (insn instanceof IincInsnNode inc) {
                    newIn.set(inc.var);
                }
                if (!o.equals(out[i]) || !newIn.equals(in[i])) {
                    out[i] = o;
                    in[i] = newIn;
                    changed = true;
                }
            }
        }
        return out;
    }
}
