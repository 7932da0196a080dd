package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.cli.MainTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with categorical columns, as a user drives it: trained from the penguins example,
 * inspected, then predicting from raw strings laid out as the training file (label included,
 * with or without the header) or as the features alone.
 */
class CategoricalCliTest {

  private static final Path EXAMPLE =
      Path.of("../nn-examples/src/main/resources/examples/penguins.yaml").toAbsolutePath();

  @TempDir
  static Path dir;
  private static Path model;

  @BeforeAll
  static void train() {
    model = dir.resolve("penguins.nn4j");
    Run run = MainTest.run("train", EXAMPLE.toString(), "--out", model.toString(),
        "--no-chart");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("samples: 233 training, 33 validation, 67 test");
  }

  @Test
  void inspectShowsTheColumnsAndTheCategoriesTheModelKnows() {
    Run run = MainTest.run("inspect", model.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("columns:    island, sex, bill_length_mm, bill_depth_mm, flipper_length_mm, "
            + "body_mass_g; label species; missing values: skip_row")
        .contains("categorical: island (ids, 3): Biscoe, Dream, Torgersen")
        .contains("categorical: sex (one_hot, 2): female, male");
    Run json = MainTest.run("inspect", "--json", model.toString());
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.out().replaceAll("\\s", "")).contains("\"columns\":{\"features\":[\"island\","
        + "\"sex\",\"bill_length_mm\",\"bill_depth_mm\",\"flipper_length_mm\",\"body_mass_g\"],"
        + "\"label\":\"species\",\"missing\":\"skip_row\",\"categorical\":[{\"column\":"
        + "\"island\",\"encoding\":\"ids\",\"categories\":[\"Biscoe\",\"Dream\","
        + "\"Torgersen\"]},{\"column\":\"sex\",\"encoding\":\"one_hot\",\"categories\":"
        + "[\"female\",\"male\"]}]}");
  }

  @Test
  void predictTakesRawStringsInTheTrainingLayoutOrTheFeaturesAlone() throws IOException {
    String rows = """
        Adelie,Torgersen,39.1,18.7,181,3750,male,2007
        Gentoo,Biscoe,46.1,13.2,211,4500,female,2007
        """;
    Path training = Files.writeString(dir.resolve("rows.csv"), rows);
    Path withHeader = Files.writeString(dir.resolve("header.csv"), "species,island,"
        + "bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n" + rows);
    Path reordered = Files.writeString(dir.resolve("named.csv"), """
        sex,body_mass_g,flipper_length_mm,bill_depth_mm,bill_length_mm,island
        male,3750,181,18.7,39.1,Torgersen
        female,4500,211,13.2,46.1,Biscoe
        """);
    Path features = Files.writeString(dir.resolve("features.csv"), """
        Torgersen,male,39.1,18.7,181,3750
        "Biscoe",female,46.1,13.2,211,4500
        """);
    for (List<String> args : List.of(List.of(training.toString()),
        List.of(withHeader.toString(), "--header"), List.of(reordered.toString(), "--header"),
        List.of(features.toString()))) {
      String[] line = new String[args.size() + 2];
      line[0] = "predict";
      line[1] = model.toString();
      for (int i = 0; i < args.size(); i++) {
        line[i + 2] = args.get(i);
      }
      Run run = MainTest.run(line);
      assertThat(run.code()).as(args + ": " + run.err()).isZero();
      String[] out = run.out().split("\\R");
      assertThat(out[0]).isEqualTo("class,p_Adelie,p_Gentoo,p_Chinstrap");
      assertThat(out[1]).as(args.toString()).startsWith("Adelie,");
      assertThat(out[2]).as(args.toString()).startsWith("Gentoo,");
    }
  }

  @Test
  void anUnknownCategoryOrAMissingValueIsAClearError() throws IOException {
    Path unknown = Files.writeString(dir.resolve("unknown.csv"),
        "Torgersen,male,39.1,18.7,181,3750\nAtlantis,male,39.1,18.7,181,3750\n");
    Run run = MainTest.run("predict", model.toString(), unknown.toString());
    assertThat(run.code()).isEqualTo(Main.USER_ERROR);
    assertThat(run.err()).contains(unknown + ":2:1: column 1 (island) holds a category the "
        + "model was not trained on; it knows 3: Biscoe, Dream, Torgersen")
        .doesNotContain("Exception");
    Path missing = Files.writeString(dir.resolve("missing.csv"),
        "Torgersen,NA,39.1,18.7,181,3750\n");
    Run incomplete = MainTest.run("predict", model.toString(), missing.toString());
    assertThat(incomplete.code()).isEqualTo(Main.USER_ERROR);
    assertThat(incomplete.err()).contains(missing + ":1:2: column 2 (sex) is NA, a missing "
        + "value; a sample to predict needs every feature");
  }
}
