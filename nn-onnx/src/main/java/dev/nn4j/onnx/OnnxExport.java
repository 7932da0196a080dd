package dev.nn4j.onnx;

import dev.nn4j.api.PluginKind;
import dev.nn4j.api.Shape;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.core.LayerNode;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.data.Scaler;
import dev.nn4j.core.model.AtomicWrite;
import dev.nn4j.core.model.Model;
import dev.nn4j.onnx.OnnxGraph.Attribute;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link Model} as an ONNX model (IR version {@value #IR_VERSION}, default domain
 * opset {@value #OPSET}) that computes what {@link Model#predict} computes.
 *
 * <p>The graph has one input {@code input}, float [N, features] of raw samples, and one output
 * {@code output}, float [N, outputs], N any batch size. It first applies the model's input
 * scaling ({@code Sub} and {@code Div} by the saved offset and scale; nothing for scaling
 * {@code none}), then the layers in the order the network runs them. Between layers every value
 * is a matrix [N, size] laid out as nn4j lays out a sample: an image C×H×W row-major, which is
 * ONNX's NCHW flattened; the image layers {@code Reshape} their input to [N, C, H, W] and
 * {@code Flatten} their output back.
 *
 * <p>The layers and operators: {@code dense} → {@code Gemm} (transB = 1), then its activation;
 * {@code activation} → its activation; {@code dropout} and {@code flatten} → {@code Identity};
 * {@code add} → {@code Add}; {@code concat} → {@code Concat} (axis 1); {@code conv2d} →
 * {@code Conv}; {@code max_pool2d} → {@code MaxPool}; {@code avg_pool2d} → {@code AveragePool}
 * (count_include_pad = 1); {@code global_avg_pool2d} → {@code GlobalAveragePool};
 * {@code batch_norm} → {@code BatchNormalization} with the running statistics;
 * {@code layer_norm} → {@code LayerNormalization} (axis −1); {@code embedding} → {@code Cast} to
 * int64 and {@code Gather}. The activations: relu, sigmoid, tanh, softmax (axis −1), identity,
 * leaky_relu, elu, selu, softplus, softsign, hard_sigmoid as the ONNX operators of those names
 * with nn4j's constants; gelu (exact, from {@code Erf}, or its tanh form) and silu
 * (x·sigmoid(x)) from elementary operators. Only the plugins nn4j ships are mapped: a layer or
 * activation from elsewhere, even under one of these names, is an {@link OnnxExportException}.
 *
 * <p>Thread-safety: stateless; the model must not be trained while it is exported.
 */
public final class OnnxExport {

  /** The ONNX IR version written. */
  public static final int IR_VERSION = 8;

  /** The version of the default operator set the graph imports. */
  public static final int OPSET = 17;

  /** The layer types that have an ONNX mapping. */
  public static final List<String> LAYERS = List.of("dense", "activation", "dropout", "add",
      "concat", "flatten", "conv2d", "max_pool2d", "avg_pool2d", "global_avg_pool2d",
      "batch_norm", "layer_norm", "embedding");

  /** The activations that have an ONNX mapping. */
  public static final List<String> ACTIVATIONS = List.of("identity", "relu", "sigmoid", "tanh",
      "softmax", "leaky_relu", "elu", "selu", "softplus", "softsign", "gelu", "silu",
      "hard_sigmoid");

  /** The most float values one file holds: protobuf's 2 GB, less room for the graph. */
  private static final long MAX_VALUES = (Integer.MAX_VALUE - (64L << 20)) / Float.BYTES;

  /** nn4j's SELU constants (λ and α, as PyTorch's). */
  private static final float SELU_LAMBDA = 1.0507009873554805f;
  private static final float SELU_ALPHA = 1.6732632423543772f;

  private OnnxExport() {}

  /**
   * Writes the model as an ONNX file, atomically: the file is complete or untouched.
   *
   * @param model the model
   * @param registry the registry the model was loaded with (it resolves the plugins'
   *     parameters)
   * @param file the file to write
   * @throws OnnxExportException naming the first layer or activation that has no ONNX operator,
   *     or when the file cannot be written
   */
  public static void write(Model model, PluginRegistry registry, Path file) {
    byte[] bytes = toBytes(model, registry);
    try {
      AtomicWrite.write(file, out -> out.write(bytes));
    } catch (IOException e) {
      throw new OnnxExportException(AtomicWrite.reason(e), e);
    }
  }

  /**
   * Writes the model as an ONNX file with the plugins {@link PluginRegistry#discover()} finds.
   *
   * @param model the model
   * @param file the file to write
   * @throws OnnxExportException as {@link #write(Model, PluginRegistry, Path)}
   */
  public static void write(Model model, Path file) {
    write(model, PluginRegistry.discover(), file);
  }

  /**
   * Returns the model as the bytes of an ONNX file, with the plugins
   * {@link PluginRegistry#discover()} finds.
   *
   * @param model the model
   * @return the serialized {@code ModelProto}
   * @throws OnnxExportException as {@link #toBytes(Model, PluginRegistry)}
   */
  public static byte[] toBytes(Model model) {
    return toBytes(model, PluginRegistry.discover());
  }

  /**
   * Returns the model as the bytes of an ONNX file.
   *
   * @param model the model
   * @param registry the registry the model was loaded with
   * @return the serialized {@code ModelProto}
   * @throws OnnxExportException naming the first layer or activation that has no ONNX operator
   */
  public static byte[] toBytes(Model model, PluginRegistry registry) {
    List<LayerNode> nodes = model.network().layers();
    long values = 0;
    for (LayerNode node : nodes) {
      requireMapped(node, registry);
      values += node.parameterCount();
      values += node.buffers().stream().mapToLong(b -> b.values().length).sum();
    }
    if (values > MAX_VALUES) {
      throw new OnnxExportException("the model has " + values + " parameters and buffer values;"
          + " an ONNX file holds at most " + MAX_VALUES + " (2 GB of floats), and this exporter"
          + " writes no external data files");
    }
    OnnxGraph g = new OnnxGraph();
    String input = g.fresh("input");
    String x = scaling(g, model.scaler(), input);
    int[][] inputs = inputs(nodes);
    String last = emit(nodes.size() - 1, g, nodes, inputs, x, new String[nodes.size()],
        registry);
    String output = g.node("Identity", "output", List.of(last));
    String version = OnnxExport.class.getPackage().getImplementationVersion();
    return g.toModel(model.name(), input, model.network().inputs(), output,
        model.network().outputs(), IR_VERSION, OPSET, version == null ? "dev" : version,
        "nn4j model '" + model.name() + "'; input: raw features, scaling "
            + model.scaler().kind() + " applied in the graph");
  }

  /** Throws if the layer, or its activation, is not one nn4j ships with a mapping. */
  private static void requireMapped(LayerNode node, PluginRegistry registry) {
    String type = node.type();
    String provider = registry.provider(PluginKind.LAYER, type).getClass().getName();
    if (!LAYERS.contains(type) || !(provider.startsWith("dev.nn4j.core.layer.")
        || provider.startsWith("dev.nn4j.layers."))) {
      throw new OnnxExportException("layer '" + node.name() + "' (type " + type + ", "
          + provider + ") has no ONNX operator; nn4j exports the layers " + LAYERS
          + " and the activations " + ACTIVATIONS);
    }
    PluginSpec activation = node.spec().activation();
    if (activation != null && (type.equals("dense") || type.equals("activation"))) {
      String name = activation.name();
      String p = registry.provider(PluginKind.ACTIVATION, name).getClass().getName();
      if (!ACTIVATIONS.contains(name) || !p.startsWith("dev.nn4j.activations.")) {
        throw new OnnxExportException("layer '" + node.name() + "': the activation " + name
            + " (" + p + ") has no ONNX operator; nn4j exports the activations " + ACTIVATIONS);
      }
    }
  }

  /** x′ = (x − offset) / scale, or x itself for scaling none. */
  private static String scaling(OnnxGraph g, Scaler scaler, String x) {
    if (scaler.kind().equals("none")) {
      return x;
    }
    int n = scaler.offset().length;
    String offset = g.constant("scaling.offset", scaler.offset(), n);
    String scale = g.constant("scaling.scale", scaler.scale(), n);
    String centred = g.node("Sub", "scaling.centred", List.of(x, offset));
    return g.node("Div", "scaled", List.of(centred, scale));
  }

  /** Each node's input indices (−1 the network's input), as the network resolves them. */
  private static int[][] inputs(List<LayerNode> nodes) {
    Map<String, Integer> names = new HashMap<>();
    for (LayerNode node : nodes) {
      if (node.spec().name() != null) {
        names.put(node.spec().name(), node.index());
      }
    }
    int[][] inputs = new int[nodes.size()][];
    for (LayerNode node : nodes) {
      List<String> from = node.spec().inputs();
      int i = node.index();
      if (from.isEmpty()) {
        inputs[i] = new int[] {i - 1};
      } else {
        inputs[i] = from.stream().mapToInt(n -> n.equals("input") ? -1 : names.get(n)).toArray();
      }
    }
    return inputs;
  }

  /**
   * Adds the operators of layer i after those of the layers it reads (depth first, so each
   * node follows its inputs, as ONNX requires); returns its output's name.
   */
  private static String emit(int i, OnnxGraph g, List<LayerNode> nodes, int[][] inputs,
      String x, String[] values, PluginRegistry registry) {
    if (values[i] == null) {
      List<String> in = new ArrayList<>();
      for (int from : inputs[i]) {
        in.add(from < 0 ? x : emit(from, g, nodes, inputs, x, values, registry));
      }
      values[i] = layer(g, nodes.get(i), in, registry);
    }
    return values[i];
  }

  /** Adds one layer's operators; returns its output's name. */
  private static String layer(OnnxGraph g, LayerNode node, List<String> in,
      PluginRegistry registry) {
    String name = node.name();
    String x = in.get(0);
    Shape shape = node.inputShapes().get(0);
    Record p = registry.resolve(PluginKind.LAYER, node.spec().type()).parameters();
    switch (node.type()) {
      case "dense": {
        int units = node.shape().size();
        List<String> gemm = new ArrayList<>(List.of(x,
            g.constant(name + ".weights", node.parameter("weights"), units, shape.size())));
        if (node.parameters().stream().anyMatch(q -> q.name().equals("biases"))) {
          gemm.add(g.constant(name + ".biases", node.parameter("biases"), units));
        }
        String z = g.node("Gemm", name + ".z", gemm, Attribute.of("transB", 1L));
        return activation(g, node.spec().activation(), z, name, registry);
      }
      case "activation":
        return activation(g, node.spec().activation(), x, name, registry);
      case "dropout":
      case "flatten":
        return g.node("Identity", name, in);
      case "add": {
        String sum = x;
        for (int k = 1; k < in.size(); k++) {
          sum = g.node("Add", k == in.size() - 1 ? name : name + ".partial", List.of(sum,
              in.get(k)));
        }
        return sum;
      }
      case "concat":
        return g.node("Concat", name, in, Attribute.of("axis", 1L));
      case "conv2d": {
        int out = (int) number(p, "outChannels");
        int k = (int) number(p, "kernel");
        int groups = (int) number(p, "groups");
        long pad = number(p, "padding");
        List<String> conv = new ArrayList<>(List.of(image(g, name, x, shape),
            g.constant(name + ".weights", node.parameter("weights"), out,
                shape.channels() / groups, k, k)));
        if ((Boolean) component(p, "bias")) {
          conv.add(g.constant(name + ".biases", node.parameter("biases"), out));
        }
        String y = g.node("Conv", name + ".image", conv, Attribute.ints("kernel_shape", k, k),
            Attribute.ints("pads", pad, pad, pad, pad),
            Attribute.ints("strides", number(p, "stride"), number(p, "stride")),
            Attribute.ints("dilations", number(p, "dilation"), number(p, "dilation")),
            Attribute.of("group", (long) groups));
        return flatten(g, name, y);
      }
      case "max_pool2d":
      case "avg_pool2d": {
        long k = number(p, "kernel");
        long stride = number(p, "stride") == 0 ? k : number(p, "stride");
        long pad = number(p, "padding");
        List<Attribute> attributes = new ArrayList<>(List.of(Attribute.ints("kernel_shape", k, k),
            Attribute.ints("pads", pad, pad, pad, pad), Attribute.ints("strides", stride, stride)));
        boolean max = node.type().equals("max_pool2d");
        if (!max) {
          attributes.add(Attribute.of("count_include_pad", 1L));
        }
        String y = g.node(max ? "MaxPool" : "AveragePool", name + ".image",
            List.of(image(g, name, x, shape)), attributes.toArray(Attribute[]::new));
        return flatten(g, name, y);
      }
      case "global_avg_pool2d":
        return flatten(g, name, g.node("GlobalAveragePool", name + ".image",
            List.of(image(g, name, x, shape))));
      case "batch_norm": {
        int c = shape.channels();
        String y = g.node("BatchNormalization", name + ".image", List.of(
            shape.isImage() ? image(g, name, x, shape) : x,
            g.constant(name + ".gamma", node.parameter("gamma"), c),
            g.constant(name + ".beta", node.parameter("beta"), c),
            g.constant(name + ".running_mean", buffer(node, "running_mean"), c),
            g.constant(name + ".running_var", buffer(node, "running_var"), c)),
            Attribute.of("epsilon", (float) decimal(p, "epsilon")));
        return shape.isImage() ? flatten(g, name, y) : y;
      }
      case "layer_norm": {
        int f = shape.size();
        return g.node("LayerNormalization", name, List.of(x,
            g.constant(name + ".gamma", node.parameter("gamma"), f),
            g.constant(name + ".beta", node.parameter("beta"), f)),
            Attribute.of("axis", -1L), Attribute.of("epsilon", (float) decimal(p, "epsilon")));
      }
      case "embedding": {
        String ids = g.node("Cast", name + ".ids", List.of(x),
            Attribute.of("to", (long) OnnxGraph.INT64));
        String table = g.constant(name + ".weights", node.parameter("weights"),
            number(p, "numEmbeddings"), number(p, "embeddingDim"));
        String y = g.node("Gather", name + ".rows", List.of(table, ids), Attribute.of("axis", 0L));
        return flatten(g, name, y);
      }
      default:
        throw new IllegalStateException("unmapped layer type " + node.type());
    }
  }

  /** Reshapes [N, C·H·W] to [N, C, H, W]. */
  private static String image(OnnxGraph g, String name, String x, Shape shape) {
    String dims = g.constant(name + ".image_shape", new long[] {-1, shape.channels(),
        shape.height(), shape.width()}, 4);
    return g.node("Reshape", name + ".input", List.of(x, dims));
  }

  /** Flattens [N, ...] back to [N, size]. */
  private static String flatten(OnnxGraph g, String name, String y) {
    return g.node("Flatten", name, List.of(y), Attribute.of("axis", 1L));
  }

  /** Adds an activation's operators on z; returns its output's name. */
  private static String activation(OnnxGraph g, PluginSpec spec, String z, String name,
      PluginRegistry registry) {
    String a = spec == null ? "identity" : spec.name();
    Record p = spec == null ? null : registry.resolve(PluginKind.ACTIVATION, spec).parameters();
    List<String> in = List.of(z);
    switch (a) {
      case "identity":
        return g.node("Identity", name, in);
      case "relu":
        return g.node("Relu", name, in);
      case "sigmoid":
        return g.node("Sigmoid", name, in);
      case "tanh":
        return g.node("Tanh", name, in);
      case "softmax":
        return g.node("Softmax", name, in, Attribute.of("axis", -1L));
      case "softplus":
        return g.node("Softplus", name, in);
      case "softsign":
        return g.node("Softsign", name, in);
      case "leaky_relu":
        return g.node("LeakyRelu", name, in, Attribute.of("alpha", (float) decimal(p, "alpha")));
      case "elu":
        return g.node("Elu", name, in, Attribute.of("alpha", (float) decimal(p, "alpha")));
      case "selu":
        return g.node("Selu", name, in, Attribute.of("alpha", SELU_ALPHA),
            Attribute.of("gamma", SELU_LAMBDA));
      case "hard_sigmoid":
        // nn4j: min(1, max(0, z/6 + 1/2))
        return g.node("HardSigmoid", name, in, Attribute.of("alpha", 1f / 6f),
            Attribute.of("beta", 0.5f));
      case "silu":
        return g.node("Mul", name, List.of(z, g.node("Sigmoid", name + ".sigmoid", in)));
      case "gelu":
        return "tanh".equals(component(p, "approximate")) ? geluTanh(g, z, name)
            : geluExact(g, z, name);
      default:
        throw new IllegalStateException("unmapped activation " + a);
    }
  }

  /** z·½(1 + erf(z/√2)). */
  private static String geluExact(OnnxGraph g, String z, String name) {
    String scaled = g.node("Div", name + ".scaled", List.of(z,
        g.scalar(name + ".sqrt2", (float) Math.sqrt(2))));
    String erf = g.node("Erf", name + ".erf", List.of(scaled));
    String cdf = g.node("Add", name + ".cdf2", List.of(erf, g.scalar(name + ".one", 1f)));
    String half = g.node("Mul", name + ".halfz", List.of(z, g.scalar(name + ".half", 0.5f)));
    return g.node("Mul", name, List.of(half, cdf));
  }

  /** ½z(1 + tanh(√(2/π)(z + 0.044715z³))). */
  private static String geluTanh(OnnxGraph g, String z, String name) {
    String square = g.node("Mul", name + ".square", List.of(z, z));
    String cube = g.node("Mul", name + ".cube", List.of(square, z));
    String inner = g.node("Add", name + ".inner", List.of(z, g.node("Mul", name + ".kcube",
        List.of(cube, g.scalar(name + ".k", 0.044715f)))));
    String t = g.node("Tanh", name + ".tanh", List.of(g.node("Mul", name + ".arg",
        List.of(inner, g.scalar(name + ".c", (float) Math.sqrt(2 / Math.PI))))));
    String half = g.node("Mul", name + ".halfz", List.of(z, g.scalar(name + ".half", 0.5f)));
    return g.node("Mul", name, List.of(half, g.node("Add", name + ".onet",
        List.of(t, g.scalar(name + ".one", 1f)))));
  }

  private static float[] buffer(LayerNode node, String name) {
    for (StateBuffer b : node.buffers()) {
      if (b.name().equals(name)) {
        return b.values();
      }
    }
    throw new IllegalStateException(node.name() + " has no buffer " + name);
  }

  /** A record component by name, from a plugin's bound parameters. */
  private static Object component(Record parameters, String name) {
    for (RecordComponent c : parameters.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        try {
          return c.getAccessor().invoke(parameters);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + name + " of " + parameters, e);
        }
      }
    }
    throw new IllegalStateException(parameters + " has no parameter " + name);
  }

  private static long number(Record parameters, String name) {
    return ((Number) component(parameters, name)).longValue();
  }

  private static double decimal(Record parameters, String name) {
    return ((Number) component(parameters, name)).doubleValue();
  }
}
