package dev.weft.green;

/**
 * Thrown inside a greenlet, at the {@code switchTo} where it is paused, to end it quietly: a
 * {@code GreenletExit} that escapes a greenlet's body does not propagate to its parent as an
 * exception; the exception object itself is handed to the parent as an ordinary switched value.
 *
 * <p>Python: {@code greenlet.GreenletExit}. As in Python it is not an {@link Exception} (it
 * extends {@link Error}), so a body's {@code catch (Exception e)} does not swallow a
 * {@link Greenlet#kill()}. Subclasses count too, as in Python. It carries no stack trace.
 */
public class GreenletExit extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates a {@code GreenletExit}, as {@link Greenlet#kill()} does. */
    public GreenletExit() {
        this("greenlet killed");
    }

    /** Creates a {@code GreenletExit} with a message, for bodies that tell apart why they were ended. */
    public GreenletExit(String message) {
        super(message, null, false, false);
    }
}
