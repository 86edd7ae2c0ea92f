package dev.weft.pipe;

import dev.weft.gen.StopIteration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;

/**
 * XML parsing events as items pushed into a coroutine {@link Sink}: each start tag, run of text
 * and end tag becomes an {@link Event} sent down a pipeline, where coroutines filter and assemble
 * them.
 *
 * <p>Python: an {@code xml.sax.ContentHandler} whose {@code startElement}, {@code characters} and
 * {@code endElement} call {@code target.send((event, value))}, as in the recipes' bus example.
 * weft sends a sealed {@link Event} instead of a tuple, and {@link #parse} uses the JDK's own SAX
 * parser configured for untrusted input, which Python's {@code xml.sax} is not by default.
 *
 * {@snippet :
 * List<String> names = new ArrayList<>();
 * Sink<SaxEvents.Event> starts = Sink.coroutine("starts", ctx -> {
 *     while (true) {
 *         if (ctx.yield(null) instanceof SaxEvents.StartElement(String name, var attributes)) {
 *             names.add(name);
 *         }
 *     }
 * });
 * SaxEvents.parse(new InputSource(new StringReader("<a><b x='1'/></a>")), starts); // names: [a, b]
 * }
 *
 * <p>Safety: {@link #parse} refuses, with an {@link XmlRefusedException} that says what and why,
 * any document that refers to an external general or parameter entity (XXE: reading local files,
 * fetching URLs), and any whose entity expansion passes {@value #ENTITY_EXPANSION_LIMIT}
 * expansions or the JDK's limits on entity sizes ("billion laughs"). External DTDs are never loaded. Internal DTD subsets with
 * ordinary entities are accepted.
 */
public final class SaxEvents {

    /** The most entity expansions {@link #parse} allows in one document. */
    public static final int ENTITY_EXPANSION_LIMIT = 64_000;

    private SaxEvents() {
    }

    /** One parsing event. Python: the recipes' {@code ('start', ...)}, {@code ('text', ...)}, {@code ('end', ...)} tuples. */
    public sealed interface Event permits StartElement, Text, EndElement {
    }

    /**
     * A start tag, with its attributes in document order. Python: {@code ('start', (name, attrs))}.
     *
     * @param name the element's qualified name, as written
     * @param attributes its attributes, name to value, unmodifiable
     */
    public record StartElement(String name, Map<String, String> attributes) implements Event {
        /** Creates the event; {@code attributes} is copied. */
        public StartElement {
            Objects.requireNonNull(name, "name");
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }
    }

    /**
     * A run of character data. The parser may split one text node into several runs. Python:
     * {@code ('text', text)}.
     *
     * @param text the characters
     */
    public record Text(String text) implements Event {
    }

    /**
     * An end tag (also sent for an empty element {@code <x/>}, after its start). Python:
     * {@code ('end', name)}.
     *
     * @param name the element's qualified name
     */
    public record EndElement(String name) implements Event {
    }

    /**
     * A SAX content handler that sends each event to {@code sink}; for use with a parser of your
     * own. When the sink ends, the handler stops the parse by throwing a {@link SAXException}.
     * It does not close the sink.
     */
    public static ContentHandler handler(Sink<? super Event> sink) {
        return new Handler(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Parses {@code file} with a parser configured for untrusted input, sending each event to
     * {@code sink}; see {@link #parse(InputSource, Sink)}.
     */
    public static long parse(Path file, Sink<? super Event> sink) throws IOException, SAXException {
        try (InputStream in = Files.newInputStream(file)) {
            InputSource src = new InputSource(in);
            src.setSystemId(file.toUri().toString());
            return parse(src, sink);
        }
    }

    /**
     * Parses {@code source}, sending each event to {@code sink}, and closes the sink when the
     * document ends, the sink ends (the rest of the document is not read), or parsing fails. An
     * exception from the sink closes it and propagates unchanged.
     *
     * @return the number of events sent (the last may be the one the sink ended on)
     * @throws XmlRefusedException if the document refers to an external entity or passes the entity
     *     expansion limit
     * @throws SAXException if the document is not well-formed XML (a {@link SAXParseException}
     *     with line and column)
     * @throws IOException if the source cannot be read
     */
    public static long parse(InputSource source, Sink<? super Event> sink) throws IOException, SAXException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        Handler h = new Handler(sink);
        Throwable failure = null;
        try {
            XMLReader reader = newSafeParser().getXMLReader();
            reader.setContentHandler(h);
            reader.setErrorHandler(h);
            reader.setEntityResolver(h);
            reader.setProperty("http://xml.org/sax/properties/declaration-handler", h);
            reader.parse(source);
        } catch (SinkEnded stop) {
            // the sink wants no more events
        } catch (SAXParseException e) {
            XmlRefusedException refused = refusal(e);
            failure = refused != null ? refused : e;
            if (refused != null) {
                throw refused;
            }
            throw e;
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            Sink.closeAfter(failure, sink);
        }
        return h.sent;
    }

    /** The JDK's built-in SAX parser, hardened: see the class comment. */
    static SAXParser newSafeParser() {
        try {
            SAXParserFactory f = SAXParserFactory.newDefaultInstance();
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser p = f.newSAXParser();
            // Second wall behind the entity resolver, which refuses every external entity first.
            p.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            p.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            p.setProperty("jdk.xml.entityExpansionLimit", String.valueOf(ENTITY_EXPANSION_LIMIT));
            return p;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser rejected weft's safe configuration: " + e
                    + "; this JDK's built-in XML parser does not support a feature weft relies on (a bug in "
                    + "weft if it happens on a standard JDK 25)", e);
        }
    }

    /** The parser's limit errors (JAXP0001xxxx) as a refusal; null for other parse errors. */
    private static XmlRefusedException refusal(SAXParseException e) {
        String msg = String.valueOf(e.getMessage());
        if (!msg.contains("JAXP0001")) {
            return null;
        }
        return new XmlRefusedException("XML refused: the document's entity expansion passes the parser's limits "
                + "(line " + e.getLineNumber() + ", column " + e.getColumnNumber() + "): " + msg + " Entities that "
                + "expand into entities are how a few hundred bytes become gigabytes (the \"billion laughs\" "
                + "attack), so weft parses with the JDK's entity limits on (at most " + ENTITY_EXPANSION_LIMIT
                + " expansions, and caps on entity sizes). If the document is trusted and really needs more, parse "
                + "it with your own SAXParser and SaxEvents.handler(sink).", e);
    }

    /* Implementation notes
     *
     * Defences, in the order the parser meets them: FEATURE_SECURE_PROCESSING turns on the JDK's
     * limits (entity expansions, entity sizes, nesting); load-external-dtd=false means an external
     * DTD is never fetched; the handler is the EntityResolver and refuses every external entity
     * (general or parameter) with a message naming it, rather than letting the parser skip it
     * silently; ACCESS_EXTERNAL_DTD/SCHEMA="" would refuse them again should a resolver ever be
     * bypassed. DOCTYPEs themselves stay allowed so that harmless internal entities work.
     *
     * Ending early: when the sink ends, the handler throws SinkEnded (a SAXException, the only kind
     * a parser promises to pass through unchanged) and parse() returns normally.
     */
    private static final class Handler extends DefaultHandler2 {
        private final Sink<? super Event> sink;
        /** External entities declared so far, system id to name, to name them when refusing. */
        private final Map<String, String> declared = new java.util.HashMap<>();
        long sent;

        Handler(Sink<? super Event> sink) {
            this.sink = sink;
        }

        private void send(Event e) throws SinkEnded {
            if (sink.isClosed()) {
                throw new SinkEnded();
            }
            sent++;
            try {
                sink.send(e);
            } catch (StopIteration ended) {
                throw new SinkEnded();
            }
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < atts.getLength(); i++) {
                map.put(atts.getQName(i), atts.getValue(i));
            }
            send(new StartElement(qName, map));
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            send(new Text(new String(ch, start, length)));
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            send(new EndElement(qName));
        }

        @Override
        public void externalEntityDecl(String name, String publicId, String systemId) {
            declared.put(systemId, name);
        }

        @Override
        public InputSource resolveEntity(String name, String publicId, String baseURI, String systemId) {
            if (name == null) {
                name = declared.get(systemId);
            }
            if (name == null && systemId != null) {
                for (Map.Entry<String, String> d : declared.entrySet()) {
                    if (d.getKey() != null && (d.getKey().endsWith(systemId) || systemId.endsWith(d.getKey()))) {
                        name = d.getValue();
                    }
                }
            }
            String what = name == null ? "an external entity"
                    : name.equals("[dtd]") ? "an external DTD"
                    : name.startsWith("%") ? "the external parameter entity '" + name + "'"
                    : "the external entity '" + name + "'";
            throw new XmlRefusedException("XML refused: the document refers to " + what + " (system id "
                    + systemId + (publicId != null ? ", public id " + publicId : "") + "). weft's SAX parsing never "
                    + "reads external entities, because an untrusted document could use them to read local files or "
                    + "fetch URLs (XXE). Put the content in the document itself, or, if the document is trusted, "
                    + "parse it with your own SAXParser and SaxEvents.handler(sink).", null);
        }

        @Override
        public InputSource getExternalSubset(String name, String baseURI) {
            return null;
        }
    }

    /** Stops a parse when the sink has ended. */
    private static final class SinkEnded extends SAXException {
        private static final long serialVersionUID = 1L;

        SinkEnded() {
            super("the sink ended");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
