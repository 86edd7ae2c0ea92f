package dev.weft.inspect;

import dev.weft.aio.LoopInspection;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Starts the {@link Inspector} for {@code -Dweft.inspect=VALUE}, when the first event loop is
 * created: {@code on} (or {@code true}, or empty) uses the default directory, any other value is
 * the directory for the inspector's file. Found by {@link java.util.ServiceLoader}; not for direct use.
 *
 * <p>Python: none (Python's tools need no switch in the program).
 */
public final class InspectorAgent implements LoopInspection.Agent {
    private static final Set<String> DEFAULT = Set.of("", "on", "true", "1", "yes");

    /** Creates the agent (ServiceLoader does). */
    public InspectorAgent() {
    }

    /** Starts the inspector; a failure is logged with its reason, and the program goes on without it. */
    @Override
    public void start(String setting) {
        try {
            Inspector i = DEFAULT.contains(setting.strip().toLowerCase(Locale.ROOT)) ? Inspector.start()
                    : Inspector.start(Path.of(setting));
            System.getLogger("dev.weft.inspect").log(System.Logger.Level.INFO,
                    "weft: inspector on http://127.0.0.1:" + i.port() + "/ (token in " + i.file() + "); ./weft top "
                            + ProcessHandle.current().pid() + " attaches");
        } catch (RuntimeException e) {
            System.getLogger("dev.weft.inspect").log(System.Logger.Level.ERROR,
                    "weft: -D" + LoopInspection.PROPERTY + "=" + setting + " asked for the inspector, but it did not start: "
                            + e.getMessage(), e);
        }
    }
}
