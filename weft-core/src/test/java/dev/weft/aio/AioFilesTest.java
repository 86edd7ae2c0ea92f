package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The file helpers: Files calls run on toThread, awaited by the task. */
@Timeout(30)
class AioFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackTextBytesAndLines() throws IOException {
        Path text = dir.resolve("a.txt");
        Path bin = dir.resolve("b.bin");
        List<Object> got = EventLoop.runVirtual(() -> {
            assertSame(text, Aio.writeString(text, "héllo\nworld\n"));
            Aio.writeString(text, "again\n", StandardOpenOption.APPEND);
            Aio.write(bin, new byte[] {1, 2, 3});
            return List.<Object>of(Aio.readString(text), Aio.readAllLines(text), Aio.readAllBytes(bin),
                    Aio.readString(text, StandardCharsets.ISO_8859_1));
        });
        assertEquals("héllo\nworld\nagain\n", got.get(0));
        assertEquals(List.of("héllo", "world", "again"), got.get(1));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) got.get(2));
        assertEquals(new String("héllo\nworld\nagain\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                got.get(3));
        assertEquals("héllo\nworld\nagain\n", Files.readString(text));
    }

    @Test
    void theTaskSuspendsWhileTheFileCallRunsSoOtherTasksRun() {
        Path p = dir.resolve("c.txt");
        List<String> order = new ArrayList<>();
        EventLoop.runVirtual(() -> {
            EventLoop.current().createTask(() -> order.add("other task"));
            Aio.writeString(p, "x"); // a blocking call here would run before the other task
            order.add("write done");
            return null;
        });
        assertEquals(List.of("other task", "write done"), order);
    }

    @Test
    void theFilesExceptionComesBackAndIsCatchableAsIOException() {
        Path missing = dir.resolve("missing");
        String caught = EventLoop.runVirtual(() -> {
            try {
                Aio.readString(missing);
                return "read";
            } catch (IOException e) { // compiles: the helpers declare IOException
                assertTrue(e instanceof NoSuchFileException, e.toString());
                return e.getMessage();
            }
        });
        assertEquals(missing.toString(), caught);
    }

    @Test
    void aBufferChangedAfterTheCallDoesNotChangeWhatIsWritten() {
        Path p = dir.resolve("d.bin");
        byte[] buf = {7, 7};
        byte[] read = EventLoop.runVirtual(() -> {
            Aio.write(p, buf);
            buf[0] = 0;
            return Aio.readAllBytes(p);
        });
        assertArrayEquals(new byte[] {7, 7}, read);
    }

    @Test
    void cancellingAbandonsTheCallWhichFinishesOnThePoolThread() throws Exception {
        Path fifo = dir.resolve("fifo");
        boolean made;
        try {
            Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
            made = mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "needs mkfifo: a read that blocks until the test writes");
        boolean[] cancelled = new boolean[1];
        EventLoop.runVirtual(() -> {
            Task<byte[]> reader = EventLoop.current().createTask(() -> Aio.readAllBytes(fifo));
            Aio.sleep(0); // the reader starts and blocks on the pool thread: open() of a FIFO with no writer
            assertFalse(reader.done());
            reader.cancel();
            try {
                reader.await();
            } catch (CancelledError e) {
                cancelled[0] = true;
            }
            return null;
        });
        assertTrue(cancelled[0], "the task ends at once, while the pool thread still waits in the read");
        Files.writeString(fifo, "late"); // a writer: the abandoned read finishes, and its result is dropped
    }
}
