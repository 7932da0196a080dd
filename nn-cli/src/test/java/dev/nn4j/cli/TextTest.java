package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text from files cannot drive the terminal. */
class TextTest {

  @Test
  void controlCharactersAndBidiOverridesAreEscaped() {
    assertThat(Text.escape("a\u001b[2Jb\u0007\r\n\u0000\u009b\u202ex"))
        .isEqualTo("a\\x1b[2Jb\\x07\\x0d\\x0a\\x00\\x9b\\u202ex");
  }

  @Test
  void messagesKeepTheirLineBreaksOnly() {
    assertThat(Text.escapeMessage("line 1\nline\u001b2\r")).isEqualTo("line 1\nline\\x1b2\\x0d");
  }

  @Test
  void plainTextIsUnchanged() {
    String plain = "setosa, versicolor — virginica (ü, 日本)";
    assertThat(Text.escape(plain)).isSameAs(plain);
    assertThat(Text.escape(null)).isEqualTo("null");
  }
}
