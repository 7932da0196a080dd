package dev.nn4j.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph being built: its nodes in the order they run, its initializers (the constant
 * tensors) and unique value names, written out as a {@code ModelProto} by {@link #toModel}. Every
 * value in it is a float tensor unless an operator makes another type.
 *
 * <p>Field numbers are those of {@code onnx.proto}.
 *
 * <p>Thread-safety: one graph is built by one thread.
 */
final class OnnxGraph {

  /** TensorProto.DataType FLOAT. */
  private static final int FLOAT = 1;
  /** TensorProto.DataType INT64. */
  static final int INT64 = 7;

  /** One attribute of a node, written as an AttributeProto. */
  record Attribute(String name, Proto proto) {

    /** A float attribute (AttributeType FLOAT = 1). */
    static Attribute of(String name, float value) {
      return new Attribute(name, new Proto().string(1, name).integer(20, 1).float32(2, value));
    }

    /** An integer attribute (AttributeType INT = 2). */
    static Attribute of(String name, long value) {
      return new Attribute(name, new Proto().string(1, name).integer(20, 2).integer(3, value));
    }

    /** A list-of-integers attribute (AttributeType INTS = 7). */
    static Attribute ints(String name, long... values) {
      return new Attribute(name, new Proto().string(1, name).integer(20, 7).integers(8, values));
    }
  }

  private final List<Proto> nodes = new ArrayList<>();
  private final List<Proto> initializers = new ArrayList<>();
  private final Map<String, Integer> used = new HashMap<>();

  /**
   * Returns a value name not used before, made from a hint: the hint itself the first time,
   * then with {@code _2}, {@code _3}...
   */
  String fresh(String hint) {
    String base = hint.replaceAll("[^A-Za-z0-9_.\\[\\]]", "_");
    int n = used.merge(base, 1, Integer::sum);
    return n == 1 ? base : base + "_" + n;
  }

  /**
   * Adds a float initializer.
   *
   * @return its name
   */
  String constant(String hint, float[] values, long... dims) {
    String name = fresh(hint);
    Proto t = new Proto().integers(1, dims).integer(2, FLOAT).string(8, name)
        .bytes(9, Proto.littleEndian(values));
    initializers.add(t);
    return name;
  }

  /** Adds a float scalar initializer (no dimensions). */
  String scalar(String hint, float value) {
    return constant(hint, new float[] {value});
  }

  /**
   * Adds an int64 initializer.
   *
   * @return its name
   */
  String constant(String hint, long[] values, long... dims) {
    String name = fresh(hint);
    initializers.add(new Proto().integers(1, dims).integer(2, INT64).string(8, name)
        .bytes(9, Proto.littleEndian(values)));
    return name;
  }

  /**
   * Adds a node with one output.
   *
   * @param op the operator, in the default domain
   * @param output the hint for the output's name
   * @param inputs the input value names; an empty string is an omitted optional input
   * @param attributes its attributes
   * @return the output's name
   */
  String node(String op, String output, List<String> inputs, Attribute... attributes) {
    String out = fresh(output);
    Proto node = new Proto();
    for (String in : inputs) {
      node.string(1, in);
    }
    node.string(2, out).string(3, out).string(4, op);
    for (Attribute a : attributes) {
      node.message(5, a.proto());
    }
    nodes.add(node);
    return out;
  }

  /**
   * Writes the graph as a model: one float input of shape [N, inputs], one float output of
   * shape [N, outputs], N a symbolic batch size.
   */
  byte[] toModel(String graphName, String input, long inputs, String output, long outputs,
      int irVersion, int opset, String producerVersion, String doc) {
    Proto graph = new Proto();
    for (Proto n : nodes) {
      graph.message(1, n);
    }
    graph.string(2, graphName);
    for (Proto t : initializers) {
      graph.message(5, t);
    }
    graph.message(11, valueInfo(input, inputs));
    graph.message(12, valueInfo(output, outputs));
    return new Proto().integer(1, irVersion).string(2, "nn4j").string(3, producerVersion)
        .string(6, doc).message(7, graph)
        .message(8, new Proto().string(1, "").integer(2, opset)).toBytes();
  }

  /** A ValueInfoProto of a float matrix [N, columns]. */
  private static Proto valueInfo(String name, long columns) {
    Proto shape = new Proto().message(1, new Proto().string(2, "N"))
        .message(1, new Proto().integer(1, columns));
    Proto tensor = new Proto().integer(1, FLOAT).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
  }
}
