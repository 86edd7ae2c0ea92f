package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.examples.TreeWalk.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeWalkTest {

    @Test
    void helperMethodYieldsEveryNodeInPreOrder() {
        Node tree = Node.of("a", Node.of("b", Node.of("c")), Node.of("d"));
        assertEquals(List.of("a", "  b", "    c", "  d"), TreeWalk.outline(tree).stream().toList());
    }

    @Test
    void deepRecursionYieldsEveryLevel() {
        assertEquals(501, TreeWalk.outline(TreeWalk.chain(500)).stream().count());
    }

    @Test
    void printsTheOutline() throws Exception {
        assertEquals(List.of(
                "weft/",
                "  weft-core/",
                "    gen/",
                "      Generator.java",
                "      StopIteration.java",
                "    internal/",
                "      strand/",
                "        Strand.java",
                "  weft-examples/",
                "    TreeWalk.java",
                "  pom.xml",
                "first .java file: Generator.java",
                "nodes in a chain 200 deep: 201"), Capture.lines(TreeWalk::run));
    }
}
