package dev.weft.examples;

import dev.weft.gen.Generator;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * weft only: a recursive tree walk whose helper method yields. weft's generators are stackful, so
 * any method the body calls can yield through the context it is handed, at any depth of recursion.
 * Python's generators are stackless: each level of the recursion has to be a generator of its own,
 * chained with {@code yield from}, and every value passes up through all of them.
 *
 * <pre>{@code
 * def walk(node, depth=0):                 # Python: one generator per node
 *     yield '  ' * depth + node.name
 *     for child in node.children:
 *         yield from walk(child, depth + 1)
 * }</pre>
 *
 * <p>Here {@link #walk(Generator.Context, Node, int)} is a plain recursive method: one generator
 * for the whole walk, and one switch per value however deep the tree.
 */
public final class TreeWalk {

    private TreeWalk() {
    }

    /** A tree node: a name and its children. */
    public record Node(String name, List<Node> children) {
        /** A node with the given children. */
        public static Node of(String name, Node... children) {
            return new Node(name, List.of(children));
        }
    }

    /** A small source tree to walk. */
    public static Node sampleTree() {
        return Node.of("weft/",
                Node.of("weft-core/",
                        Node.of("gen/",
                                Node.of("Generator.java"),
                                Node.of("StopIteration.java")),
                        Node.of("internal/",
                                Node.of("strand/",
                                        Node.of("Strand.java")))),
                Node.of("weft-examples/",
                        Node.of("TreeWalk.java")),
                Node.of("pom.xml"));
    }

    /** A generator of the tree's lines, indented by depth, in pre-order. */
    public static Generator<String, Void, Void> outline(Node root) {
        return Generator.of("outline", ctx -> {
            walk(ctx, root, 0);
            return null;
        });
    }

    /** Yields {@code node}'s line, then its children's, recursively: an ordinary method that yields. */
    static void walk(Generator.Context<String, Void> ctx, Node node, int depth) {
        ctx.yield("  ".repeat(depth) + node.name());
        for (Node child : node.children()) {
            walk(ctx, child, depth + 1); // no yield from: the recursion yields straight to our caller
        }
    }

    /** A chain of {@code depth} nested nodes, to walk deeply. */
    public static Node chain(int depth) {
        Node node = Node.of("leaf");
        for (int i = depth - 1; i >= 0; i--) {
            node = Node.of("n" + i, node);
        }
        return node;
    }

    /** Prints the sample tree's outline, finds the first .java file lazily, and walks a deep chain. */
    public static void run(PrintStream out) {
        for (String line : outline(sampleTree())) {
            out.println(line);
        }
        // Lazy: the walk stops at the first match; closing the stream closes the generator.
        try (Stream<String> lines = outline(sampleTree()).stream()) {
            Optional<String> first = lines.map(String::strip).filter(s -> s.endsWith(".java")).findFirst();
            out.println("first .java file: " + first.orElse("none"));
        }
        // 200 levels of recursion, one generator: Python would chain 201 generators for this.
        long count = outline(chain(200)).stream().count();
        out.println("nodes in a chain 200 deep: " + count);
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
