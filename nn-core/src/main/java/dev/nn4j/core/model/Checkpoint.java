package dev.nn4j.core.model;

import dev.nn4j.api.OptimizerState;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.TrainerState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model file plus where training stood: {@code trainer.json} (epoch, batch, step, the
 * optimizer's step and the names of its buffers) and each optimizer buffer as
 * {@code optimizer/N.f32}. Shuffling and dropout are functions of the seed and these counters,
 * and the configuration travels in {@code config.yaml}, so nothing else is needed to continue
 * bit for bit. Written atomically like model files; loadable as a model file too.
 *
 * @param model the network, scaling and configuration
 * @param state the trainer's counters and the optimizer's state
 */
public record Checkpoint(Model model, TrainerState state) {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * Writes the checkpoint atomically.
   *
   * @param file the target, replaced if it exists
   * @throws ModelFileException if it cannot be written (the old file is left intact)
   */
  public void save(Path file) {
    Map<String, byte[]> extra = new LinkedHashMap<>();
    Map<String, Object> trainer = new LinkedHashMap<>();
    trainer.put("epoch", state.epoch());
    trainer.put("batch", state.batch());
    trainer.put("step", state.step());
    trainer.put("optimizerStep", state.optimizer().step());
    List<String> buffers = new ArrayList<>(state.optimizer().buffers().keySet());
    trainer.put("buffers", buffers);
    extra.put("trainer.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(trainer)
        .getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < buffers.size(); i++) {
      extra.put("optimizer/" + i + ".f32",
          ModelFile.floats(state.optimizer().buffers().get(buffers.get(i))));
    }
    ModelFile.save(model, file, extra);
  }

  /**
   * Reads a checkpoint.
   *
   * @param file the checkpoint
   * @param registry the installed plugins
   * @return the model and the trainer state
   * @throws ModelFileException if it is not a readable checkpoint
   */
  public static Checkpoint load(Path file, PluginRegistry registry) {
    return load(file, registry, null);
  }

  /**
   * Reads a checkpoint whose network computes on the given backend.
   *
   * @param file the checkpoint
   * @param registry the installed plugins
   * @param backend the backend its network runs on, or null for the preferred one
   * @return the model and the trainer state
   * @throws ModelFileException if it is not a readable checkpoint
   */
  public static Checkpoint load(Path file, PluginRegistry registry,
      dev.nn4j.api.spi.Backend backend) {
    String where = file.toString();
    Map<String, byte[]> entries = ModelFile.readEntries(file);
    Model model = ModelFile.read(entries, registry, where, backend);
    Map<?, ?> trainer;
    try {
      trainer = JSON.readValue(ModelFile.text(entries, "trainer.json", where), Map.class);
    } catch (JacksonException e) {
      throw new ModelFileException(where, "trainer.json is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
    if (!(trainer.get("epoch") instanceof Integer epoch)
        || !(trainer.get("batch") instanceof Integer batch)
        || !(trainer.get("step") instanceof Number step)
        || !(trainer.get("optimizerStep") instanceof Number optimizerStep)
        || !(trainer.get("buffers") instanceof List<?> names)) {
      throw new ModelFileException(where, "trainer.json lacks epoch, batch, step, optimizerStep "
          + "or buffers: " + trainer, null);
    }
    Map<String, float[]> buffers = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String entry = "optimizer/" + i + ".f32";
      byte[] bytes = entries.get(entry);
      if (bytes == null) {
        throw new ModelFileException(where, "the entry '" + entry + "' is missing", null);
      }
      buffers.put(String.valueOf(names.get(i)),
          ModelFile.floats(entries, entry, bytes.length / Float.BYTES, where));
    }
    return new Checkpoint(model, new TrainerState(epoch, batch, step.longValue(),
        new OptimizerState(optimizerStep.longValue(), buffers)));
  }
}
