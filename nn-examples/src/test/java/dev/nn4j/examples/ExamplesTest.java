package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  @Test
  void hmkcodeReproducesTheArticle() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    HmkcodeExample.Result result =
        HmkcodeExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(result.prediction()).isCloseTo(0.191f, within(1e-6f));
    assertThat(result.error()).isCloseTo(0.327, within(5e-4));
    assertThat(result.weights()).containsExactly(new float[] {0.121326f, 0.226989f, 0.132135f,
        0.0982025f, 0.1743825f, 0.169416f}, within(1e-6f));
    assertThat(result.newPrediction()).isCloseTo(0.2557458f, within(1e-6f));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("prediction 0.1910", "= 0.3272", "w1=0.1213260", "w6=0.1694160",
            "prediction 0.2557458");
  }

  @Test
  void xorIsLearnedToALossBelowOneHundredth() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    XorExample.Result result = XorExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(result.history().finalLoss()).isLessThan(0.01);
    for (int i = 0; i < 4; i++) {
      float target = XorExample.DATA.targets().data()[i];
      assertThat(result.network().predict(XorExample.DATA.features().row(i))[0])
          .isCloseTo(target, within(0.2f));
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("epoch 2000", "1 xor 1 -> 0.");
  }
}
