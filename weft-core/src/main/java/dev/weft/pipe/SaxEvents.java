package dev.weft.pipe;

import dev.weft.gen.StopIteration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * fetching URLs), and any that passes one of the JDK parser's {@linkplain Limit limits}: element
 * depth, attributes per element, name length, entity expansions (at most
 * {@value #ENTITY_EXPANSION_LIMIT} here), entity sizes and entity nodes ("billion laughs"). The
 * refusal names the limit, its value and the JDK property behind it, and
 * {@link #parse(InputSource, Sink, Limits)} raises any of them for a trusted document. External
 * DTDs are never loaded. Internal DTD subsets with ordinary entities are accepted.
 *
 * {@snippet :
 * // A trusted, deeply nested document: allow 1,000 levels instead of the JDK's 100.
 * SaxEvents.parse(file, sink, SaxEvents.Limits.defaults().with(SaxEvents.Limit.ELEMENT_DEPTH, 1000));
 * }
 */
public final class SaxEvents {

    /** The most entity expansions {@link #parse} allows in one document. */
    public static final int ENTITY_EXPANSION_LIMIT = 64_000;

    private SaxEvents() {
    }

    /**
     * The JDK parser's limits that {@link #parse} enforces, each with the JDK property that sets
     * it. The defaults are the JDK's ({@code jdk.xml.*} system properties and
     * {@code jaxp.properties} change them JVM-wide), except {@link #ENTITY_EXPANSIONS}, which weft
     * sets to {@value SaxEvents#ENTITY_EXPANSION_LIMIT}. JDK 25's defaults are in the comments.
     */
    public enum Limit {
        /** Elements nested inside each other (JDK 25: 100). */
        ELEMENT_DEPTH("jdk.xml.maxElementDepth", "element depth", "JAXP00010006"),
        /** Attributes on one element (JDK 25: 200). */
        ATTRIBUTES("jdk.xml.elementAttributeLimit", "attributes per element", "JAXP00010002"),
        /** Characters in one element, attribute or entity name (JDK 25: 1,000). */
        NAME_LENGTH("jdk.xml.maxXMLNameLimit", "name length", "JAXP00010005"),
        /** Entity references expanded in one document (weft: {@value SaxEvents#ENTITY_EXPANSION_LIMIT}; JDK 25: 2,500). */
        ENTITY_EXPANSIONS("jdk.xml.entityExpansionLimit", "entity expansions", "JAXP00010001"),
        /** Characters of one general entity's replacement text (JDK 25: 100,000). */
        GENERAL_ENTITY_SIZE("jdk.xml.maxGeneralEntitySizeLimit", "general entity size", "JAXP00010003"),
        /** Characters of one parameter entity's replacement text (JDK 25: 15,000). */
        PARAMETER_ENTITY_SIZE("jdk.xml.maxParameterEntitySizeLimit", "parameter entity size", "JAXP00010003"),
        /** Characters of all entity expansions of a document together (JDK 25: 100,000). */
        TOTAL_ENTITY_SIZE("jdk.xml.totalEntitySizeLimit", "total entity size", "JAXP00010004"),
        /** XML nodes produced by all entity references together (JDK 25: 100,000). */
        ENTITY_NODES("jdk.xml.entityReplacementLimit", "entity replacement nodes", "JAXP00010007");

        private final String property;
        private final String description;
        private final String code;

        Limit(String property, String description, String code) {
            this.property = property;
            this.description = description;
            this.code = code;
        }

        /** The JDK property that sets this limit ({@code -D} on the command line, or {@code jaxp.properties}). */
        public String property() {
            return property;
        }

        /** What is limited, in a few words. */
        public String description() {
            return description;
        }
    }

    /**
     * An immutable set of {@link Limit} values for {@link #parse(InputSource, Sink, Limits)}: the
     * defaults, with some raised (or lowered) for a document of known origin. A value of 0 means
     * no limit; give that only to documents you trust.
     */
    public static final class Limits {
        private static final Limits DEFAULTS = new Limits(new EnumMap<>(Map.of(Limit.ENTITY_EXPANSIONS,
                ENTITY_EXPANSION_LIMIT)));
        private final EnumMap<Limit, Integer> set;

        private Limits(EnumMap<Limit, Integer> set) {
            this.set = set;
        }

        /** weft's defaults: the JDK's limits, with at most {@value SaxEvents#ENTITY_EXPANSION_LIMIT} entity expansions. */
        public static Limits defaults() {
            return DEFAULTS;
        }

        /**
         * These limits with {@code limit} set to {@code value} (0: no limit).
         *
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Limits with(Limit limit, int value) {
            Objects.requireNonNull(limit, "limit");
            if (value < 0) {
                throw new IllegalArgumentException(limit + " must be 0 (no limit) or positive, not " + value);
            }
            EnumMap<Limit, Integer> copy = new EnumMap<>(set);
            copy.put(limit, value);
            return new Limits(copy);
        }

        /** The value this set gives {@code limit}, or empty if it leaves the JDK's in force. */
        public java.util.OptionalInt get(Limit limit) {
            Integer v = set.get(Objects.requireNonNull(limit, "limit"));
            return v == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(v);
        }

        @Override
        public String toString() {
            return "Limits" + set + " (others: the JDK's)";
        }
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
     * {@code sink}; see {@link #parse(InputSource, Sink)}. The sink is closed in every case,
     * including a file that cannot be opened.
     *
     * @return the number of events sent
     * @throws java.nio.file.NoSuchFileException if there is no such file (the sink is closed)
     * @throws XmlRefusedException as {@link #parse(InputSource, Sink)}
     * @throws SAXException if the document is not well-formed XML
     * @throws IOException if the file cannot be read
     */
    public static long parse(Path file, Sink<? super Event> sink) throws IOException, SAXException {
        return parse(file, sink, Limits.defaults());
    }

    /**
     * Parses {@code file} as {@link #parse(Path, Sink)} does, under {@code limits}.
     *
     * @return the number of events sent
     * @throws XmlRefusedException as {@link #parse(InputSource, Sink)}
     * @throws SAXException if the document is not well-formed XML
     * @throws IOException if the file cannot be opened or read (the sink is closed)
     */
    public static long parse(Path file, Sink<? super Event> sink, Limits limits) throws IOException, SAXException {
        Objects.requireNonNull(sink, "sink");
        InputStream in;
        try {
            in = Files.newInputStream(Objects.requireNonNull(file, "file"));
        } catch (Throwable t) {
            Sink.closeAfter(t, sink);
            throw t;
        }
        try (in) {
            InputSource src = new InputSource(in);
            src.setSystemId(file.toUri().toString());
            return parse(src, sink, limits);
        }
    }

    /**
     * Parses {@code source}, sending each event to {@code sink}, and closes the sink when the
     * document ends, the sink ends (the rest of the document is not read), or parsing fails. An
     * exception from the sink closes it and propagates unchanged.
     *
     * @return the number of events sent (the last may be the one the sink ended on)
     * @throws XmlRefusedException if the document refers to an external entity or passes one of
     *     the parser's {@linkplain Limit limits} ({@link XmlRefusedException#limit()} says which)
     * @throws SAXException if the document is not well-formed XML (a {@link SAXParseException}
     *     with line and column)
     * @throws IOException if the source cannot be read
     */
    public static long parse(InputSource source, Sink<? super Event> sink) throws IOException, SAXException {
        return parse(source, sink, Limits.defaults());
    }

    /**
     * Parses {@code source} as {@link #parse(InputSource, Sink)} does, under {@code limits}: for a
     * trusted document that needs, say, more depth than the JDK's 100 levels.
     *
     * @return the number of events sent
     * @throws XmlRefusedException if the document refers to an external entity or passes one of
     *     {@code limits}
     * @throws SAXException if the document is not well-formed XML
     * @throws IOException if the source cannot be read
     */
    public static long parse(InputSource source, Sink<? super Event> sink, Limits limits)
            throws IOException, SAXException {
        Objects.requireNonNull(sink, "sink");
        Handler h = new Handler(sink);
        Throwable failure = null;
        SAXParser parser = null;
        try {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(limits, "limits");
            parser = newSafeParser(limits);
            XMLReader reader = parser.getXMLReader();
            reader.setContentHandler(h);
            reader.setErrorHandler(h);
            reader.setEntityResolver(h);
            reader.setProperty("http://xml.org/sax/properties/declaration-handler", h);
            reader.parse(source);
        } catch (SinkEnded stop) {
            // the sink wants no more events
        } catch (SAXParseException e) {
            XmlRefusedException refused = refusal(e, parser);
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
    static SAXParser newSafeParser(Limits limits) {
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
            for (Map.Entry<Limit, Integer> e : limits.set.entrySet()) {
                p.setProperty(e.getKey().property(), String.valueOf(e.getValue()));
            }
            return p;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser rejected weft's safe configuration: " + e
                    + "; this JDK's built-in XML parser does not support a feature weft relies on (a bug in "
                    + "weft if it happens on a standard JDK 25)", e);
        }
    }

    /** The JDK's message codes and quoted figures: {@code JAXP00010006: ... "101" ... "100" ...}. */
    private static final Pattern JAXP_CODE = Pattern.compile("JAXP0001000\\d");
    private static final Pattern ENTITY_NAME = Pattern.compile("entity \"(%?)[^\"]*\"");

    /** The parser's limit errors (JAXP0001000n) as a refusal naming the limit; null for other parse errors. */
    static XmlRefusedException refusal(SAXParseException e, SAXParser parser) {
        String msg = String.valueOf(e.getMessage());
        Matcher code = JAXP_CODE.matcher(msg);
        if (!code.find()) {
            return null;
        }
        Limit limit = null;
        for (Limit l : Limit.values()) {
            if (l.code.equals(code.group())) {
                limit = l;
                break;
            }
        }
        if (limit == Limit.GENERAL_ENTITY_SIZE) {
            Matcher name = ENTITY_NAME.matcher(msg);
            if (name.find() && name.group(1).equals("%")) {
                limit = Limit.PARAMETER_ENTITY_SIZE;
            }
        }
        String where = "line " + e.getLineNumber() + ", column " + e.getColumnNumber();
        if (limit == null) {
            return new XmlRefusedException("XML refused (" + where + "): the JDK's parser reports a processing limit "
                    + "weft does not know: " + msg + " If the document is trusted, parse it with your own SAXParser "
                    + "and SaxEvents.handler(sink).", e, null);
        }
        String value = currentValue(parser, limit);
        String why = switch (limit) {
            case ELEMENT_DEPTH, ATTRIBUTES, NAME_LENGTH -> "The JDK caps these so that a hostile document cannot "
                    + "exhaust the reader's stack or memory.";
            default -> "Entities that expand into entities are how a few hundred bytes become gigabytes (the "
                    + "\"billion laughs\" attack).";
        };
        return new XmlRefusedException("XML refused (" + where + "): the document passes the " + limit.description()
                + " limit of " + value + " (" + limit.property() + "). The parser said: " + msg + " " + why
                + " If the document is trusted, raise the limit: SaxEvents.parse(source, sink, "
                + "SaxEvents.Limits.defaults().with(SaxEvents.Limit." + limit.name() + ", n)), where 0 means no "
                + "limit" + (limit == Limit.ENTITY_EXPANSIONS ? "" : ", or -D" + limit.property() + "=n for the whole JVM")
                + ".", e, limit);
    }

    /** The limit's value as the parser has it, or "its default" if the parser will not say. */
    private static String currentValue(SAXParser parser, Limit limit) {
        try {
            return parser == null ? "its default" : String.valueOf(parser.getProperty(limit.property()));
        } catch (SAXException notSupported) {
            return "its default (this JDK's parser does not report it: " + notSupported.getMessage() + ")";
        }
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
     * Limits: the JDK reports each one as a SAXParseException whose message starts with a code
     * (JAXP00010001..7); refusal() maps the code to a Limit, reads the value in force back from
     * the parser, and says how to raise it. The JDK's own text is kept in the message, but is not
     * relied on for the figures: for the name and node limits it blames "jaxp.properties".
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
