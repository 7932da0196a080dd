package dev.nn4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lockstep protocol: warm-up, READY, then one timed epoch per line until the input ends. */
class LockstepEpochsTest {

  @Test
  void warmsUpThenTrainsOneTimedEpochPerLine() throws IOException {
    AtomicInteger epochs = new AtomicInteger();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LockstepEpochs.serve(epochs::incrementAndGet, new BufferedReader(new StringReader("go\ngo\n")),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(epochs).hasValue(LockstepEpochs.WARM_UP + 2);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("READY");
    assertThat(lines[1]).matches("EPOCH \\d+\\.\\d");
    assertThat(lines[2]).matches("EPOCH \\d+\\.\\d");
  }
}
