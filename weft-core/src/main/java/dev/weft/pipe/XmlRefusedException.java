package dev.weft.pipe;

/**
 * Thrown when {@link SaxEvents} refuses an XML document that could harm the reader: one that
 * refers to an external entity or DTD (which would read a local file or fetch a URL), or whose
 * entities expand past the parser's limits (the "billion laughs" attack).
 *
 * <p>Python: no direct counterpart; Python's {@code xml.sax} leaves these defences to the
 * third-party {@code defusedxml} package, whose {@code EntitiesForbidden} and
 * {@code ExternalReferenceForbidden} play this role. Usually the input is untrusted or hostile;
 * if the document is trusted, parse it with a parser configured for it and
 * {@link SaxEvents#handler(Sink)}.
 */
public final class XmlRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its full message and the parser's own exception, if any. */
    public XmlRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
