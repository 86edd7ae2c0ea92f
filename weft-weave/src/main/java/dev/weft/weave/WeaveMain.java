package dev.weft.weave;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build step: {@code java -jar weft-weave.jar [-v] DIR [CLASSPATH]} weaves every class file
 * under {@code DIR} in place. {@code CLASSPATH} (path-separated) lets the weaver see the classes
 * {@code DIR}'s classes extend, to type their frames; weft-core and the JDK are always visible.
 * Prints one summary line (and with {@code -v} one line per body); exits 1 if {@code DIR} cannot
 * be read or written, never because a body had to stay stackful.
 */
public final class WeaveMain {

    private WeaveMain() {
    }

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean verbose = rest.remove("-v");
        if (rest.isEmpty() || rest.size() > 2 || rest.contains("-h") || rest.contains("--help")) {
            System.err.println("usage: java -jar weft-weave.jar [-v] CLASSES_DIR [CLASSPATH]\n"
                    + "  weaves the generator bodies of every class under CLASSES_DIR in place");
            System.exit(rest.contains("-h") || rest.contains("--help") ? 0 : 2);
        }
        Path dir = Path.of(rest.get(0));
        if (!Files.isDirectory(dir)) {
            System.err.println("weft-weave: " + dir + " is not a directory of class files");
            System.exit(1);
        }
        List<URL> urls = new ArrayList<>();
        urls.add(url(dir));
        if (rest.size() == 2) {
            for (String p : rest.get(1).split(java.io.File.pathSeparator)) {
                if (!p.isEmpty()) {
                    urls.add(url(Path.of(p)));
                }
            }
        }
        int[] counts = new int[3];
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), WeaveMain.class.getClassLoader());
                Stream<Path> files = Files.walk(dir)) {
            Weaver weaver = new Weaver(loader);
            files.filter(f -> f.toString().endsWith(".class")).sorted().forEach(f -> {
                try {
                    Weaver.Result r = weaver.weave(Files.readAllBytes(f));
                    if (r.bytes() != null) {
                        Files.write(f, r.bytes());
                        counts[0]++;
                    }
                    counts[1] += r.woven().size();
                    counts[2] += r.refused().size();
                    if (verbose) {
                        r.woven().forEach(w -> System.out.println("woven: " + w));
                        r.refused().forEach(w -> System.out.println("stackful: " + w));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        System.out.println("weft-weave: " + dir + ": " + counts[1] + " generator bodies woven in " + counts[0]
                + " classes, " + counts[2] + " left stackful" + (verbose || counts[2] == 0 ? "" : " (-v says why)"));
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("weft-weave: not a path: " + p, e);
        }
    }
}
