package dev.nn4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lockstep protocol: warm-up, READY, then one timed epoch per line until the input ends. */
class LockstepEpochsTest {

  @Test
  void warmsUpThenTrainsOneTimedEpochPerLine() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Integer> printedBefore = new ArrayList<>();
    AtomicLong clock = new AtomicLong();
    Runnable epoch = () -> {
      printedBefore.add(bytes.size());
      clock.addAndGet(1_500_000); // each epoch takes 1.5 ms on this clock
    };
    LockstepEpochs.serve(epoch, new BufferedReader(new StringReader("go\ngo\n")),
        new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get);
    assertThat(printedBefore).hasSize(LockstepEpochs.WARM_UP + 2);
    assertThat(printedBefore.subList(0, LockstepEpochs.WARM_UP)).as("warm-up before READY")
        .containsOnly(0);
    assertThat(bytes.toString(StandardCharsets.UTF_8).split("\\R"))
        .containsExactly("READY", "EPOCH 1.5", "EPOCH 1.5");
  }
}
