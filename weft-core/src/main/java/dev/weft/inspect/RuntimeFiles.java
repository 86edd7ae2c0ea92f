package dev.weft.inspect;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a running inspector announces itself: one file per process, {@code <pid>.json}, holding
 * its port and token, readable by its user only (mode 600), in a directory only that user may
 * enter (mode 700): {@code $XDG_RUNTIME_DIR/weft-inspect}, else {@code ~/.weft/inspect}.
 */
final class RuntimeFiles {
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private RuntimeFiles() {
    }

    /** The default directory: under the user's runtime directory if there is one, else under home. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))) {
            return Path.of(xdg, "weft-inspect");
        }
        return Path.of(System.getProperty("user.home"), ".weft", "inspect");
    }

    /**
     * Creates {@code dir} with mode 700 if it is missing, and checks that no other user can read
     * it if it exists.
     *
     * @throws IOException if it cannot be created, or is open to other users
     */
    static Path secureDir(Path dir) throws IOException {
        requirePosix(dir);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            } catch (FileAlreadyExistsException raced) {
                // made by another process of ours meanwhile: checked below
            }
            Files.setPosixFilePermissions(dir, DIR_MODE); // the umask may have narrowed or widened it
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir);
        Set<PosixFilePermission> others = EnumSet.copyOf(p);
        others.removeAll(DIR_MODE);
        if (!others.isEmpty()) {
            throw new IOException("weft inspector: the directory " + dir + " is open to other users ("
                    + PosixFilePermissions.toString(p) + "), so they could read the inspector's token; run chmod 700 "
                    + dir + ", or choose another directory with -Dweft.inspect=DIR");
        }
        return dir;
    }

    /** Writes {@code <pid>.json} in {@code dir}, mode 600 from the start (no moment of wider access). */
    static Path write(Path dir, long pid, Map<String, Object> info) throws IOException {
        secureDir(dir);
        Path tmp = Files.createTempFile(dir, "." + pid + "-", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            Files.writeString(tmp, Json.write(info));
            Path file = dir.resolve(pid + ".json");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void requirePosix(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            throw new IOException("weft inspector: " + dir.getFileSystem() + " has no POSIX permissions, so the "
                    + "token file could not be kept private; the inspector runs only on POSIX systems (Linux, macOS)");
        }
    }
}
