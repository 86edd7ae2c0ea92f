package dev.weft.pipe;

/**
 * Thrown when {@link SaxEvents} refuses an XML document that could harm the reader: one that
 * refers to an external entity or DTD (which would read a local file or fetch a URL), or one that
 * passes one of the JDK parser's {@linkplain SaxEvents.Limit limits}: element depth, attributes,
 * name length, or entity expansion and sizes (the "billion laughs" attack). The message names the
 * limit, its value and how to raise it; {@link #limit()} says which one it was.
 *
 * <p>Python: no direct counterpart; Python's {@code xml.sax} leaves these defences to the
 * third-party {@code defusedxml} package, whose {@code EntitiesForbidden} and
 * {@code ExternalReferenceForbidden} play this role. Usually the input is untrusted or hostile;
 * if the document is trusted, raise the limit with {@link SaxEvents.Limits}, or parse it with a
 * parser configured for it and {@link SaxEvents#handler(Sink)}.
 */
public final class XmlRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The limit the document passed; null for an external entity or DTD. */
    private final SaxEvents.Limit limit;

    /** Creates the exception with its full message and the parser's own exception, if any. */
    public XmlRefusedException(String message, Throwable cause) {
        this(message, cause, null);
    }

    XmlRefusedException(String message, Throwable cause, SaxEvents.Limit limit) {
        super(message, cause);
        this.limit = limit;
    }

    /**
     * The parser limit the document passed ({@link SaxEvents.Limits} raises it for trusted
     * documents), or null if the refusal is of an external entity or DTD.
     */
    public SaxEvents.Limit limit() {
        return limit;
    }
}
