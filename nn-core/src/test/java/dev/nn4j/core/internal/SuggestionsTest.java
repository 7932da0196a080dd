package dev.nn4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  private static final List<String> NAMES = List.of("elu", "gelu", "relu", "selu", "sigmoid",
      "softmax", "softplus", "tanh");

  @Test
  void swappedLettersCountAsOneEditAndTheSameLengthWinsTies() {
    assertThat(Suggestions.distance("rleu", "relu")).isEqualTo(1);
    assertThat(Suggestions.closest("rleu", NAMES)).isEqualTo("relu");
    assertThat(Suggestions.closest("Sigmod", NAMES)).isEqualTo("sigmoid");
    assertThat(Suggestions.closest("softmx", NAMES)).isEqualTo("softmax");
  }

  @Test
  void nothingFarFetchedIsSuggested() {
    assertThat(Suggestions.closest("convolution", NAMES)).isNull();
    assertThat(Suggestions.closest("x", List.of())).isNull();
  }
}
