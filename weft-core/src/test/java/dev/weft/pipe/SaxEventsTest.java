package dev.weft.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.pipe.SaxEvents.EndElement;
import dev.weft.pipe.SaxEvents.Event;
import dev.weft.pipe.SaxEvents.StartElement;
import dev.weft.pipe.SaxEvents.Text;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

class SaxEventsTest {

    final List<Event> events = new ArrayList<>();
    boolean closed;

    Sink<Event> collector() {
        return Sink.coroutine("collect", ctx -> {
            try {
                while (true) {
                    events.add(ctx.yield(null));
                }
            } finally {
                closed = true;
            }
        });
    }

    static InputSource xml(String text) {
        return new InputSource(new StringReader(text));
    }

    @Nested
    class Events {
        @Test
        void startTextAndEndArriveInDocumentOrderWithAttributes() throws Exception {
            long n = SaxEvents.parse(xml("<bus id='7' route=\"22\"><dir>North</dir><x/></bus>"), collector());
            assertEquals(List.of(
                    new StartElement("bus", Map.of("id", "7", "route", "22")),
                    new StartElement("dir", Map.of()),
                    new Text("North"),
                    new EndElement("dir"),
                    new StartElement("x", Map.of()),
                    new EndElement("x"),
                    new EndElement("bus")), events);
            assertEquals(7, n);
            assertTrue(closed, "the sink was not closed at the end of the document");
            assertEquals(List.of("id", "route"),
                    List.copyOf(((StartElement) events.get(0)).attributes().keySet()), "attribute order");
        }

        @Test
        void internalEntitiesAndCdataAreAccepted() throws Exception {
            SaxEvents.parse(xml("<!DOCTYPE r [<!ENTITY who \"world\">]><r>hello &who; <![CDATA[<&>]]></r>"),
                    collector());
            StringBuilder text = new StringBuilder();
            events.stream().filter(e -> e instanceof Text).forEach(e -> text.append(((Text) e).text()));
            assertEquals("hello world <&>", text.toString());
        }

        @Test
        void parsingStopsWhenTheSinkEnds() throws Exception {
            Sink<Event> firstTwo = Sink.coroutine("two", ctx -> {
                events.add(ctx.yield(null));
                events.add(ctx.yield(null));
                return null;
            });
            // The document is broken after the first elements: parsing must stop before it.
            long n = SaxEvents.parse(xml("<a><b/><c><unclosed></a>"), firstTwo);
            assertEquals(2, n);
            assertEquals(List.of(new StartElement("a", Map.of()), new StartElement("b", Map.of())), events);
        }

        @Test
        void aSinkExceptionReachesTheCallerUnchanged() {
            IllegalStateException boom = new IllegalStateException("boom");
            Sink<Event> failing = Sink.coroutine("failing", ctx -> {
                ctx.yield(null);
                throw boom;
            });
            var e = assertThrows(IllegalStateException.class, () -> SaxEvents.parse(xml("<a/>"), failing));
            assertSame(boom, e);
        }

        @Test
        void malformedXmlIsAParseErrorWithItsPositionAndClosesTheSink() {
            var e = assertThrows(SAXParseException.class, () -> SaxEvents.parse(xml("<a>\n<b></a>"), collector()));
            assertEquals(2, e.getLineNumber());
            assertTrue(closed);
        }

        @Test
        void theHandlerWorksWithAParserOfYourOwnAndLeavesTheSinkOpen() throws Exception {
            Sink<Event> sink = collector();
            var reader = javax.xml.parsers.SAXParserFactory.newDefaultInstance().newSAXParser().getXMLReader();
            reader.setContentHandler(SaxEvents.handler(sink));
            reader.parse(xml("<a>t</a>"));
            assertEquals(List.of(new StartElement("a", Map.of()), new Text("t"), new EndElement("a")), events);
            assertFalse(closed, "handler() must not close the sink: the caller owns it");
            sink.close();
        }

        @Test
        void parsesAFile(@TempDir Path dir) throws Exception {
            Path f = dir.resolve("doc.xml");
            Files.writeString(f, "<?xml version='1.0' encoding='UTF-8'?><r>é</r>");
            SaxEvents.parse(f, collector());
            assertEquals(new Text("é"), events.get(1));
        }
    }

    @Nested
    class Safety {
        @Test
        void anExternalEntityIsRefusedSayingWhatAndWhy(@TempDir Path dir) throws Exception {
            Path secret = dir.resolve("secret.txt");
            Files.writeString(secret, "TOP SECRET");
            String doc = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                    + "<r>&xxe;</r>";
            var e = assertThrows(XmlRefusedException.class, () -> SaxEvents.parse(xml(doc), collector()));
            assertTrue(e.getMessage().startsWith("XML refused: the document refers to the external entity 'xxe'"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("XXE"), e.getMessage());
            assertTrue(e.getMessage().contains("SaxEvents.handler(sink)"), "names the way out: " + e.getMessage());
            assertFalse(events.toString().contains("TOP SECRET"), "the file was read: " + events);
            assertTrue(closed);
        }

        @Test
        void anExternalParameterEntityIsRefused(@TempDir Path dir) throws Exception {
            Path dtd = dir.resolve("evil.dtd");
            Files.writeString(dtd, "<!ENTITY leak 'x'>");
            String doc = "<!DOCTYPE r [<!ENTITY % ext SYSTEM \"" + dtd.toUri() + "\"> %ext;]><r>&leak;</r>";
            var e = assertThrows(XmlRefusedException.class, () -> SaxEvents.parse(xml(doc), collector()));
            assertTrue(e.getMessage().contains("external parameter entity '%ext'"), e.getMessage());
        }

        @Test
        void anExternalDtdIsNeverFetched() throws Exception {
            // An unreachable URL: fetching it would fail or hang; not fetching it parses the body.
            String doc = "<!DOCTYPE r SYSTEM \"http://192.0.2.1/never.dtd\"><r>ok</r>";
            SaxEvents.parse(xml(doc), collector());
            assertEquals(new Text("ok"), events.get(1));
        }

        @Test
        @Timeout(20)
        void aBillionLaughsExpansionIsRefusedSayingWhatAndWhy() {
            StringBuilder doc = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
            for (int i = 1; i <= 9; i++) {
                doc.append("<!ENTITY lol").append(i).append(" \"");
                doc.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
            }
            doc.append("]><lolz>&lol9;</lolz>");
            var e = assertThrows(XmlRefusedException.class, () -> SaxEvents.parse(xml(doc.toString()), collector()));
            assertTrue(e.getMessage().startsWith("XML refused (line 1, column "), e.getMessage());
            assertTrue(e.getMessage().contains("billion laughs"), e.getMessage());
            assertTrue(closed);
        }
    }

    /** Issue 11 §4: each JDK limit is reported as itself, with its value and how to raise it. */
    @Nested
    class Limits {
        /** A document that passes {@code limit} (and no other limit once {@link #base} is applied). */
        static String over(SaxEvents.Limit limit) {
            return switch (limit) {
                case ELEMENT_DEPTH -> "<a>".repeat(150) + "</a>".repeat(150);
                case ATTRIBUTES -> {
                    StringBuilder b = new StringBuilder("<a");
                    for (int i = 0; i < 300; i++) {
                        b.append(" x").append(i).append("='1'");
                    }
                    yield b.append("/>").toString();
                }
                case NAME_LENGTH -> "<" + "n".repeat(1200) + "/>";
                case ENTITY_EXPANSIONS -> "<!DOCTYPE r [<!ENTITY e 'x'>]><r>" + "&e;".repeat(70_000) + "</r>";
                case GENERAL_ENTITY_SIZE -> "<!DOCTYPE r [<!ENTITY b '" + "x".repeat(100_001) + "'>]><r>&b;</r>";
                case PARAMETER_ENTITY_SIZE -> "<!DOCTYPE r [<!ENTITY % p '" + "<!ENTITY a \"x\">".repeat(1100)
                        + "'> %p;]><r/>";
                case TOTAL_ENTITY_SIZE -> "<!DOCTYPE r [<!ENTITY b '" + "x".repeat(60_000) + "'>]><r>&b;&b;</r>";
                case ENTITY_NODES -> "<!DOCTYPE r [<!ENTITY e '" + "<b/>".repeat(100) + "'>]><r>" + "&e;".repeat(1100)
                        + "</r>";
            };
        }

        /** Other limits lifted so that only {@code limit} stands in the way. */
        static SaxEvents.Limits base(SaxEvents.Limit limit) {
            return switch (limit) {
                case GENERAL_ENTITY_SIZE -> SaxEvents.Limits.defaults().with(SaxEvents.Limit.TOTAL_ENTITY_SIZE, 0);
                case ENTITY_NODES -> SaxEvents.Limits.defaults().with(SaxEvents.Limit.TOTAL_ENTITY_SIZE, 0)
                        .with(SaxEvents.Limit.ENTITY_EXPANSIONS, 0);
                default -> SaxEvents.Limits.defaults();
            };
        }

        @ParameterizedTest
        @EnumSource(SaxEvents.Limit.class)
        @Timeout(20)
        void eachRefusalNamesItsLimitItsValueAndTheWayToRaiseIt(SaxEvents.Limit limit) throws Exception {
            var e = assertThrows(XmlRefusedException.class,
                    () -> SaxEvents.parse(xml(over(limit)), collector(), base(limit)));
            String m = e.getMessage();
            assertEquals(limit, e.limit(), m);
            assertTrue(m.contains("passes the " + limit.description() + " limit of "), m);
            assertTrue(m.contains("(" + limit.property() + ")"), m);
            assertTrue(m.contains("SaxEvents.Limit." + limit.name()), m);
            assertFalse(m.contains("limit of null"), m);
            assertTrue(closed, "a refusal closes the sink");

            closed = false;
            SaxEvents.parse(xml(over(limit)), collector(), base(limit).with(limit, 10_000_000));
            assertTrue(closed);
        }

        @Test
        void theValueInTheMessageIsTheOneInForce() {
            var e = assertThrows(XmlRefusedException.class, () -> SaxEvents.parse(xml(over(SaxEvents.Limit.ELEMENT_DEPTH)),
                    collector(), SaxEvents.Limits.defaults().with(SaxEvents.Limit.ELEMENT_DEPTH, 120)));
            assertTrue(e.getMessage().contains("element depth limit of 120 (jdk.xml.maxElementDepth)"), e.getMessage());
            var x = assertThrows(XmlRefusedException.class,
                    () -> SaxEvents.parse(xml(over(SaxEvents.Limit.ENTITY_EXPANSIONS)), collector()));
            assertTrue(x.getMessage().contains("entity expansions limit of " + SaxEvents.ENTITY_EXPANSION_LIMIT),
                    x.getMessage());
        }

        @Test
        void zeroMeansNoLimitAndANegativeValueIsRefused() throws Exception {
            SaxEvents.parse(xml(over(SaxEvents.Limit.ELEMENT_DEPTH)), collector(),
                    SaxEvents.Limits.defaults().with(SaxEvents.Limit.ELEMENT_DEPTH, 0));
            var e = assertThrows(IllegalArgumentException.class,
                    () -> SaxEvents.Limits.defaults().with(SaxEvents.Limit.ATTRIBUTES, -1));
            assertTrue(e.getMessage().contains("0 (no limit) or positive"), e.getMessage());
        }

        @Test
        void anExternalEntityRefusalHasNoLimit(@TempDir Path dir) throws Exception {
            Path f = Files.writeString(dir.resolve("x.txt"), "x");
            var e = assertThrows(XmlRefusedException.class, () -> SaxEvents.parse(
                    xml("<!DOCTYPE r [<!ENTITY x SYSTEM \"" + f.toUri() + "\">]><r>&x;</r>"), collector()));
            assertEquals(null, e.limit());
        }
    }

    /** Issue 11 §4: whatever fails, the sink is closed, so the stages' finally blocks run. */
    @Nested
    class EveryFailureClosesTheSink {
        @Test
        void aMissingFile(@TempDir Path dir) {
            Path missing = dir.resolve("missing.xml");
            var e = assertThrows(NoSuchFileException.class, () -> SaxEvents.parse(missing, collector()));
            assertTrue(e.getMessage().contains("missing.xml"), e.getMessage());
            assertTrue(closed, "the sink's finally blocks ran");
        }

        @Test
        void aDirectoryInsteadOfAFile(@TempDir Path dir) {
            assertThrows(java.io.IOException.class, () -> SaxEvents.parse(dir, collector()));
            assertTrue(closed);
        }

        @Test
        void aNullSource() {
            assertThrows(NullPointerException.class, () -> SaxEvents.parse((InputSource) null, collector()));
            assertTrue(closed);
        }

        @Test
        void aRefusedFile(@TempDir Path dir) throws Exception {
            Path f = Files.writeString(dir.resolve("deep.xml"), Limits.over(SaxEvents.Limit.ELEMENT_DEPTH));
            assertThrows(XmlRefusedException.class, () -> SaxEvents.parse(f, collector()));
            assertTrue(closed);
        }
    }
}
