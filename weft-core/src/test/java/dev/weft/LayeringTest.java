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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each layer of weft-core uses only the layers below it (docs/ARCHITECTURE.md, "Layers"), and only
 * gen, green and aio reach the internal strand package: a change that makes a lower layer depend on
 * a higher one fails here, naming the file and the import.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/weft");

    /** For each package, the weft packages its main sources may refer to. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "internal.strand", Set.of(),
            "testing", Set.of(),
            "gen", Set.of("internal.strand"),
            "aio", Set.of("gen", "internal.strand"),
            "aio.net", Set.of("aio"),
            "green", Set.of("gen", "aio", "internal.strand"),
            "pipe", Set.of("gen", "green", "aio"));

    private static final Pattern WEFT_REF = Pattern.compile("\\bdev\\.weft\\.([a-z]+(?:\\.strand)?)\\b");

    @Test
    void everyPackageOfTheLibraryIsPlacedInALayer() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            List<String> packages = dirs.filter(d -> Files.isRegularFile(d.resolve("package-info.java")))
                    .map(d -> MAIN.relativize(d).toString().replace('/', '.'))
                    .sorted().toList();
            assertEquals(ALLOWED.keySet().stream().sorted().toList(), packages,
                    "a new package needs a place in LayeringTest.ALLOWED and in docs/ARCHITECTURE.md");
        }
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var entry : ALLOWED.entrySet()) {
            String pkg = entry.getKey();
            Path dir = MAIN.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    Matcher m = WEFT_REF.matcher(read(f));
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(pkg) && !entry.getValue().contains(used)) {
                            violations.add(MAIN.relativize(f) + " refers to dev.weft." + used
                                    + ", which is not below " + pkg);
                        }
                    }
                });
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
