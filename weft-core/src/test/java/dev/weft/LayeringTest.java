package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of weft-core depend on each other only along the edges drawn in
 * docs/ARCHITECTURE.md ("Layers"): not a ladder where each layer may use every one below it, but
 * the real graph, so that a new edge is a decision written here, not an accident. A change that
 * adds an edge fails here, naming the file and the reference.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/weft");

    /**
     * For each package, the weft packages its main sources may refer to. {@code green -> aio}:
     * gevent's API (spawn, joinAll, Timeout, Pool) runs on the event loop as the hub.
     * {@code aio.net}: TCP streams, built only on aio's exported API. {@code aio -> gen}: an
     * {@code AsyncGenerator} shares Python's {@code GeneratorExit} and the generator states. {@code testing -> aio}:
     * {@code @Seeds} hands a test an {@code EventLoopBuilder} set to its seed. {@code inspect}: the
     * inspector, built only on aio's exported snapshot API (LoopInspection).
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "internal.strand", Set.of(),
            "testing", Set.of("aio"),
            "gen", Set.of("internal.strand"),
            "aio", Set.of("internal.strand", "gen"),
            "aio.net", Set.of("aio"),
            "green", Set.of("internal.strand", "aio"),
            "pipe", Set.of("gen"),
            "inspect", Set.of("aio"));

    /** A weft package name: lower-case segments, up to the first class name. */
    private static final Pattern WEFT_REF = Pattern.compile("\\bdev\\.weft\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)");

    @Test
    void everyPackageOfTheLibraryIsPlacedInTheGraph() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            Set<String> packages = new TreeSet<>(dirs.filter(d -> Files.isRegularFile(d.resolve("package-info.java")))
                    .map(d -> MAIN.relativize(d).toString().replace('/', '.'))
                    .toList());
            assertEquals(new TreeSet<>(ALLOWED.keySet()), packages,
                    "a new package needs its edges in LayeringTest.ALLOWED and in docs/ARCHITECTURE.md");
        }
    }

    @Test
    void eachPackageUsesOnlyTheEdgesAllowedForIt() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var entry : ALLOWED.entrySet()) {
            Path dir = MAIN.resolve(entry.getKey().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .forEach(f -> violations.addAll(violations(MAIN.relativize(f).toString(), entry.getKey(), read(f))));
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void aReferenceAlongAnEdgeThatDoesNotExistIsReported() {
        // gen < aio in the old ladder; in the real graph gen knows nothing of aio, and pipe only gen.
        assertEquals(List.of("Gen.java refers to dev.weft.aio, which gen may not use (allowed: internal.strand)"),
                violations("Gen.java", "gen", "import dev.weft.aio.Task;\nimport dev.weft.gen.Generator;"));
        assertEquals(1, violations("P.java", "pipe", "dev.weft.green.Greenlet g;").size());
        assertEquals(1, violations("N.java", "aio.net", "import dev.weft.internal.strand.Strand;").size());
        assertEquals(List.of(), violations("G.java", "green", "import static dev.weft.aio.Aio.sleep;"));
        assertEquals(List.of(), violations("N.java", "aio.net", "import dev.weft.aio.EventLoop;"));
    }

    /** The references in {@code source} (a file of package {@code pkg}) that ALLOWED does not permit. */
    private static List<String> violations(String file, String pkg, String source) {
        List<String> out = new ArrayList<>();
        Matcher m = WEFT_REF.matcher(source);
        while (m.find()) {
            String used = m.group(1);
            if (!used.equals(pkg) && !ALLOWED.get(pkg).contains(used)) {
                out.add(file + " refers to dev.weft." + used + ", which " + pkg + " may not use (allowed: "
                        + String.join(", ", new TreeSet<>(ALLOWED.get(pkg))) + ")");
            }
        }
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
