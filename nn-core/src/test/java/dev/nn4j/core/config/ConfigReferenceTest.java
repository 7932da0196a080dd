package dev.nn4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nn4j.api.ConfigException;
import dev.nn4j.core.PluginRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} true: every key its YAML reference names is accepted by the
 * config reader, and every key the reader accepts is in the reference. The reader's keys are
 * learnt from the reader itself: a probe key put into each section of a valid config makes it
 * answer "valid keys here: ...", so a key added to the reader and not to the doc fails this test.
 * The values of plugin specs ({@code loss}, {@code optimizer}, {@code schedule}, {@code
 * initializer}, {@code activation}) are plugin parameters, listed in {@code docs/plugins.md} and by
 * {@code nn4j plugins}, and are not checked here.
 */
class ConfigReferenceTest {

  private static final Path DOC = Path.of("../docs/configuration.md");
  private static final ConfigReader READER = new ConfigReader(PluginRegistry.discover());
  private static final String PROBE = "zz_probe";
  private static final Set<String> PLUGIN_SPECS =
      Set.of("loss", "optimizer", "schedule", "initializer", "activation");
  private static final Pattern KEY =
      Pattern.compile("^( *)(- +)?([A-Za-z_][A-Za-z0-9_]*):(?:\\s|$)");
  private static final Pattern VALID_KEYS = Pattern.compile("valid keys here: ([^;\\n]*)");

  /** A config the reader accepts; each probe adds one unknown key to one section of it. */
  private static final String BASE = """
      name: probe
      network:
        inputs: 2
        layers:
      %s
      training:
        epochs: 1
        earlyStopping:
          monitor: loss
        checkpoint:
          file: probe.ckpt
        distributed:
          partitions: 2
      data:
        features: [[0, 0], [0, 1], [1, 0], [1, 1]]
        targets: [[0], [1], [1], [0]]
      """;
  private static final String LAYERS = "    - units: 2\n      activation: tanh\n"
      + "    - units: 1\n      activation: sigmoid";

  /** The keys of each section of the doc's reference, by path ("" is the root). */
  private static final Map<String, Set<String>> DOC_SECTIONS = new LinkedHashMap<>();
  /** The keys of each layer item of the doc's reference, with the item's type. */
  private static final List<Map<String, String>> DOC_LAYERS = new ArrayList<>();

  @BeforeAll
  static void readTheDoc() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    List<String> blocks = yamlBlocks(doc);
    assertThat(blocks).as("the YAML reference blocks of %s", DOC).isNotEmpty();
    parse(blocks.get(0));
    assertThat(DOC_SECTIONS).as("sections of the reference").containsKeys("", "network", "data",
        "training");
  }

  @Test
  void theBaseConfigIsValid() {
    READER.read(BASE.formatted(LAYERS), "probe.yaml", Path.of("."));
  }

  @Test
  void everyKeyTheReaderAcceptsIsInTheDoc() {
    for (String section : List.of("", "network", "training", "training.earlyStopping",
        "training.checkpoint", "training.distributed", "data")) {
      assertThat(DOC_SECTIONS.getOrDefault(section, Set.of()))
          .as("keys the reader accepts in '%s' that %s does not name", section, DOC)
          .containsAll(acceptedKeys(withProbe(section), section));
    }
    assertThat(documentedLayerKeys("dense"))
        .as("keys the reader accepts in a dense layer that %s does not name", DOC)
        .containsAll(acceptedLayerKeys("dense"));
  }

  @Test
  void everyKeyOfTheDocIsAcceptedByTheReader() {
    for (Map.Entry<String, Set<String>> section : DOC_SECTIONS.entrySet()) {
      for (String key : section.getValue()) {
        String where = section.getKey().isEmpty() ? key : section.getKey() + "." + key;
        if (section.getKey().equals("network.layers[]")) {
          continue; // checked per layer type below
        }
        Set<String> accepted = acceptedKeys(withProbe(section.getKey()), section.getKey());
        assertThat(accepted).as("%s names '%s', which the reader does not accept", DOC, where)
            .contains(key);
      }
    }
    for (Map<String, String> layer : DOC_LAYERS) {
      String type = layer.getOrDefault("type", "dense");
      Set<String> accepted = acceptedLayerKeys(type);
      assertThat(accepted)
          .as("%s names keys of a '%s' layer that the reader does not accept", DOC, type)
          .containsAll(layer.keySet());
    }
  }

  private static Set<String> documentedLayerKeys(String type) {
    Set<String> keys = new TreeSet<>();
    for (Map<String, String> layer : DOC_LAYERS) {
      if (layer.getOrDefault("type", "dense").equals(type)) {
        keys.addAll(layer.keySet());
      }
    }
    // the reference's dense layers are written without their type, as users write them
    keys.add("type");
    return keys;
  }

  private static Set<String> acceptedLayerKeys(String type) {
    String layer = type.equals("dense")
        ? LAYERS.replace("activation: sigmoid", "activation: sigmoid\n      " + PROBE + ": 1")
        : LAYERS.replace("    - units: 1", "    - type: " + type + "\n      " + PROBE
            + ": 1\n    - units: 1");
    return acceptedKeys(BASE.formatted(layer), "network.layers[] (" + type + ")");
  }

  private static String withProbe(String section) {
    String base = BASE.formatted(LAYERS);
    return switch (section) {
      case "" -> base + PROBE + ": 1\n";
      case "network" -> base.replace("  inputs: 2\n", "  inputs: 2\n  " + PROBE + ": 1\n");
      case "training" -> base.replace("  epochs: 1\n", "  epochs: 1\n  " + PROBE + ": 1\n");
      case "training.earlyStopping" -> base.replace("    monitor: loss\n",
          "    monitor: loss\n    " + PROBE + ": 1\n");
      case "training.checkpoint" -> base.replace("    file: probe.ckpt\n",
          "    file: probe.ckpt\n    " + PROBE + ": 1\n");
      case "training.distributed" -> base.replace("    partitions: 2\n",
          "    partitions: 2\n    " + PROBE + ": 1\n");
      case "data" -> base.replace("  targets:", "  " + PROBE + ": 1\n  targets:");
      default -> throw new AssertionError(DOC + " has a section '" + section
          + "' that this test does not know; add a probe for it");
    };
  }

  /** Reads a config with a probe key and returns the keys the reader says are valid there. */
  private static Set<String> acceptedKeys(String config, String section) {
    try {
      READER.read(config, "probe.yaml", Path.of("."));
    } catch (ConfigException e) {
      assertThat(e.getMessage()).as("the probe of '%s'", section)
          .contains("unknown key '" + PROBE + "'");
      Matcher m = VALID_KEYS.matcher(e.getMessage());
      if (m.find()) {
        return new LinkedHashSet<>(Arrays.asList(m.group(1).trim().split(",\\s*")));
      }
      return fail("no 'valid keys here' in: " + e.getMessage());
    }
    return fail("the reader accepted the probe key in '" + section + "'");
  }

  /** The bodies of the ```yaml fenced blocks of a Markdown document. */
  static List<String> yamlBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    for (String line : markdown.split("\n", -1)) {
      if (block == null && line.strip().equals("```yaml")) {
        block = new StringBuilder();
      } else if (block != null && line.strip().equals("```")) {
        blocks.add(block.toString());
        block = null;
      } else if (block != null) {
        block.append(line).append('\n');
      }
    }
    return blocks;
  }

  /** Collects key paths by indentation; list items under {@code layers} become layer entries. */
  private static void parse(String yaml) {
    record Level(int indent, String name) { }
    Deque<Level> stack = new ArrayDeque<>();
    Map<String, String> layer = null;
    for (String line : yaml.split("\n")) {
      Matcher m = KEY.matcher(line);
      if (line.isBlank() || line.strip().startsWith("#") || !m.find()) {
        continue;
      }
      int dash = m.group(1).length();
      int indent = dash + (m.group(2) == null ? 0 : m.group(2).length());
      String key = m.group(3);
      if (m.group(2) != null) {
        while (!stack.isEmpty() && stack.peek().indent() >= dash + 1) {
          stack.pop();
        }
        stack.push(new Level(dash + 1, "[]"));
        layer = new LinkedHashMap<>();
        DOC_LAYERS.add(layer);
      }
      while (!stack.isEmpty() && stack.peek().indent() >= indent) {
        stack.pop();
      }
      List<String> names = new ArrayList<>();
      stack.descendingIterator().forEachRemaining(l -> names.add(l.name()));
      if (names.stream().anyMatch(PLUGIN_SPECS::contains)) {
        continue; // a plugin's parameters
      }
      String path = String.join(".", names).replace(".[]", "[]");
      if (path.equals("network.layers[]") && layer != null) {
        layer.put(key, line.substring(m.end()).replaceAll("#.*", "").strip());
      }
      DOC_SECTIONS.computeIfAbsent(path, p -> new TreeSet<>()).add(key);
      stack.push(new Level(indent, key));
    }
    DOC_LAYERS.forEach(l -> {
      if (!l.containsKey("type")) {
        l.put("type", "dense");
      }
    });
  }
}
