package dev.weft.examples;

import dev.weft.pipe.SaxEvents;
import dev.weft.pipe.SaxEvents.EndElement;
import dev.weft.pipe.SaxEvents.Event;
import dev.weft.pipe.SaxEvents.StartElement;
import dev.weft.pipe.SaxEvents.Text;
import dev.weft.pipe.Sink;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.xml.sax.InputSource;

/**
 * The seed's event-handling example: XML parsing events sent into coroutines that assemble
 * each {@code <bus>} into a map, keep the buses of one route, and print their positions.
 *
 * <p>Python: {@code xml.sax.parse("allroutes.xml", EventHandler(buses_to_dicts(
 * filter_on_field("route", "22", bus_locations()))))}. weft's {@link SaxEvents} is the event
 * handler, and parses {@code bus-locations.xml} (shipped with the examples) with a parser safe for
 * untrusted input.
 *
 * <p>Run: {@code ./weft example BusEvents}. Output: one line per route-22 bus,
 * {@code route,id,"direction",latitude,longitude}.
 */
public final class BusEvents {
    private BusEvents() {
    }

    /** Parses the shipped bus feed and prints the route-22 buses to {@code out}. */
    public static void run(PrintStream out) throws Exception {
        try (InputStream in = Objects.requireNonNull(BusEvents.class.getResourceAsStream("/bus-locations.xml"),
                "bus-locations.xml is missing from the examples' resources")) {
            SaxEvents.parse(new InputSource(in), busesToMaps(filterOnField("route", "22", busLocations(out))));
        }
    }

    /**
     * Assembles the events of each {@code <bus>} element into a map of its child elements' text.
     * Python: {@code buses_to_dicts(target)}, with the nested {@code while True: ... (yield)}.
     */
    static Sink<Event> busesToMaps(Sink<Map<String, String>> target) {
        return Sink.coroutine("buses_to_maps", ctx -> {
            try {
                while (true) {
                    Event event = ctx.yield(null);
                    if (!(event instanceof StartElement start && start.name().equals("bus"))) {
                        continue;
                    }
                    Map<String, String> bus = new LinkedHashMap<>();
                    StringBuilder text = new StringBuilder();
                    inBus:
                    while (true) {
                        switch (ctx.yield(null)) {
                            case StartElement s -> text.setLength(0);
                            case Text t -> text.append(t.text());
                            case EndElement end when end.name().equals("bus") -> {
                                target.send(bus);
                                break inBus;
                            }
                            case EndElement end -> bus.put(end.name(), text.toString());
                        }
                    }
                }
            } finally {
                target.close();
            }
        });
    }

    /** Passes on the maps whose {@code field} equals {@code value}. Python: {@code filter_on_field}. */
    static Sink<Map<String, String>> filterOnField(String field, String value, Sink<Map<String, String>> target) {
        return Sink.coroutine("filter_on_field", ctx -> {
            try {
                while (true) {
                    Map<String, String> bus = ctx.yield(null);
                    if (value.equals(bus.get(field))) {
                        target.send(bus);
                    }
                }
            } finally {
                target.close();
            }
        });
    }

    /** Prints each bus's position. Python: {@code bus_locations()}. */
    static Sink<Map<String, String>> busLocations(PrintStream out) {
        return Sink.coroutine("bus_locations", ctx -> {
            while (true) {
                Map<String, String> bus = ctx.yield(null);
                out.printf("%s,%s,\"%s\",%s,%s%n", bus.get("route"), bus.get("id"), bus.get("direction"),
                        bus.get("latitude"), bus.get("longitude"));
            }
        });
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
