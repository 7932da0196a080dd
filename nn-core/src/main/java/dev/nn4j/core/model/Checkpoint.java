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
    try (ModelArchive entries = ModelArchive.open(file)) {
      Model model = ModelFile.read(entries, registry, where, backend);
      Map<?, ?> trainer = ModelFile.jsonObject(entries, "trainer.json", where);
      int epoch = (int) count(trainer, "epoch", Integer.MAX_VALUE, where);
      int batch = (int) count(trainer, "batch", Integer.MAX_VALUE, where);
      long step = count(trainer, "step", Long.MAX_VALUE, where);
      long optimizerStep = count(trainer, "optimizerStep", Long.MAX_VALUE, where);
      if (batch > 0 && epoch < 1) {
        throw new ModelFileException(where, "trainer.json: 'batch' is " + batch + " within "
            + "epoch " + epoch + "; batches are counted within an epoch from 1", null);
      }
      if (!(trainer.get("buffers") instanceof List<?> names)) {
        throw new ModelFileException(where, "trainer.json: 'buffers' must be a list of the "
            + "optimizer's buffer names, but is " + describe(trainer.get("buffers")), null);
      }
      Map<String, Integer> sizes = new LinkedHashMap<>();
      for (var p : model.network().parameters()) {
        sizes.put(p.name(), p.size());
      }
      Map<String, float[]> buffers = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        String entry = "optimizer/" + i + ".f32";
        if (!(names.get(i) instanceof String name) || name.isEmpty()) {
          throw new ModelFileException(where, "trainer.json: buffers[" + i + "] must be a "
              + "buffer name, but is " + describe(names.get(i)), null);
        }
        if (buffers.containsKey(name)) {
          throw new ModelFileException(where, "trainer.json: the buffer '" + name
              + "' is listed twice", null);
        }
        float[] values = new float[bufferLength(name, entry, sizes, entries, where)];
        entries.floats(entry, values, "the buffer '" + name + "' needs");
        buffers.put(name, values);
      }
      entries.requireAllRead(entry -> false);
      return new Checkpoint(model, new TrainerState(epoch, batch, step,
          new OptimizerState(optimizerStep, buffers)));
    }
  }

  /**
   * The length of an optimizer buffer: that of the parameter it belongs to ({@code
   * <parameter>/<slot>}, or the parameter's own name), or, for a buffer of the optimizer as a
   * whole (a name without '/' or '['), what the entry declares, up to the network's size.
   */
  private static int bufferLength(String name, String entry, Map<String, Integer> sizes,
      ModelArchive entries, String where) {
    int slash = name.lastIndexOf('/');
    String parameter = sizes.containsKey(name) ? name : slash > 0 ? name.substring(0, slash)
        : null;
    if (parameter != null && sizes.containsKey(parameter)) {
      return sizes.get(parameter);
    }
    if (slash >= 0 || name.contains("[")) {
      throw new ModelFileException(where, "trainer.json: the optimizer buffer '" + name + "' ("
          + entry + ") belongs to no parameter of the network; its parameters are "
          + sizes.keySet(), null);
    }
    long total = sizes.values().stream().mapToLong(Integer::longValue).sum();
    long declared = entries.declaredSize(entry);
    if (declared < 0 || declared % Float.BYTES != 0 || declared / Float.BYTES > total) {
      throw new ModelFileException(where, "'" + entry + "' (the optimizer buffer '" + name
          + "') declares " + declared + " bytes; a buffer of the whole optimizer holds at most "
          + "as many floats as the network's " + total + " parameters", null);
    }
    return (int) (declared / Float.BYTES);
  }

  /** A whole number from 0 to max that trainer.json must hold under a key. */
  private static long count(Map<?, ?> trainer, String key, long max, String where) {
    Object value = trainer.get(key);
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
        || ((Number) value).longValue() > max) {
      throw new ModelFileException(where, "trainer.json: '" + key + "' must be a whole number "
          + "from 0 to " + max + ", but is " + describe(value), null);
    }
    return ((Number) value).longValue();
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null or missing";
    }
    String text = value instanceof String ? "the text \"" + value + "\"" : value.toString();
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
