package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of docs/java-api.md and of the Java sections of docs/training.md ("Training
 * from Java", "Embedding with Guice", "Embedding in an application: threads") is a run of lines of a
 * source file the build compiles (nn-examples or nn-example-service), indentation aside: a
 * snippet that no longer compiles, or that drifts from the code, fails this test.
 */
class DocSnippetsTest {

  private static final Path ROOT = Path.of("..");

  private static final List<String> TRAINING_SECTIONS = List.of("## Training from Java",
      "## Embedding with Guice", "## Embedding in an application: threads");

  @Test
  void everyJavaSnippetOfTheDocsIsCompiledCode() throws IOException {
    List<List<String>> sources = new ArrayList<>();
    for (String module : List.of("nn-examples", "nn-example-service")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.add(trimmed(f)));
      }
    }
    List<List<String>> snippets = new ArrayList<>(
        snippets(Files.readString(ROOT.resolve("docs/java-api.md"))));
    assertThat(snippets).as("docs/java-api.md's snippets").hasSizeGreaterThanOrEqualTo(8);
    String training = Files.readString(ROOT.resolve("docs/training.md"));
    for (String heading : TRAINING_SECTIONS) {
      int start = training.indexOf(heading + "\n");
      assertThat(start).as(heading).isNotNegative();
      int end = training.indexOf("\n## ", start + heading.length());
      List<List<String>> found = snippets(training.substring(start, end));
      assertThat(found).as("snippets of docs/training.md " + heading).isNotEmpty();
      snippets.addAll(found);
    }
    for (List<String> snippet : snippets) {
      assertThat(sources.stream().anyMatch(source -> contains(source, snippet)))
          .as("this snippet is a run of lines of a compiled source:%n%s",
              String.join("\n", snippet))
          .isTrue();
    }
  }

  private static List<String> trimmed(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::strip).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ```java blocks of a Markdown text, each as its stripped lines. */
  static List<List<String>> snippets(String markdown) {
    List<List<String>> out = new ArrayList<>();
    List<String> current = null;
    for (String line : markdown.split("\n", -1)) {
      String s = line.strip();
      if (current == null && s.equals("```java")) {
        current = new ArrayList<>();
      } else if (current != null && s.equals("```")) {
        out.add(current);
        current = null;
      } else if (current != null) {
        current.add(s);
      }
    }
    return out;
  }

  private static boolean contains(List<String> source, List<String> snippet) {
    for (int i = 0; i + snippet.size() <= source.size(); i++) {
      if (source.subList(i, i + snippet.size()).equals(snippet)) {
        return true;
      }
    }
    return false;
  }
}
