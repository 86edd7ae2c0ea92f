package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreenletSwitchTest {

    @Test
    void printsTheSeedsLinesInSwitchOrder() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            GreenletSwitch.run(out);
        }
        assertEquals(List.of("12", "56", "34", "78"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
