package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Initializer;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.core.backend.Backends;
import dev.nn4j.core.config.LayerSpec;
import dev.nn4j.core.config.NetworkSpec;
import dev.nn4j.core.layer.ActivationLayer;
import dev.nn4j.core.layer.BuiltInLayers;
import dev.nn4j.core.layer.DenseLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * A network: a graph of {@link LayerNode layers} run in topological order, the last one giving
 * the output. The sequential form (each layer takes the previous one) is a chain. Used for
 * inference with {@link #predict(Matrix)} and trained in place by {@link Trainer}; one sample at a
 * time is faster through a {@link #predictor()}.
 *
 * <p>Thread-safety: {@code predict} allocates its own buffers and only reads the weights, so any
 * number of threads may predict at once. Training writes the weights in place: do not predict on
 * a network while a {@link Trainer} is fitting it; predict on a {@link #copy()} instead.
 */
public final class Network {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final NetworkSpec spec;
  private final PluginRegistry registry;
  private final Backend backend;
  private final List<LayerNode> nodes;
  private final int[] order;
  private final Clock clock;

  private Network(NetworkSpec spec, PluginRegistry registry, Backend backend,
      List<LayerNode> nodes, int[] order, Clock clock) {
    this.spec = spec;
    this.registry = registry;
    this.backend = backend;
    this.nodes = List.copyOf(nodes);
    this.order = order;
    this.clock = clock;
  }

  /** The training seed and step the layers read through their context. */
  static final class Clock {
    long seed;
    long step;
  }

  /**
   * Starts building a network whose plugins are resolved through {@code registry}.
   *
   * @param registry resolves layer, activation and initializer names
   * @return a builder
   */
  public static Builder builder(PluginRegistry registry) {
    return new Builder(registry);
  }

  /** Returns the compute backend its products run on. */
  public Backend backend() {
    return backend;
  }

  /** Returns the specification it was built from (no trained values). */
  public NetworkSpec spec() {
    return spec;
  }

  /** Returns the number of input values per sample. */
  public int inputs() {
    return spec.input().size();
  }

  /** Returns the shape of one input sample. */
  public Shape inputShape() {
    return spec.input();
  }

  /** Returns the number of outputs per sample, those of the last layer. */
  public int outputs() {
    return nodes.get(nodes.size() - 1).shape().size();
  }

  /** Returns the layers in the configuration's order. */
  public List<LayerNode> layers() {
    return nodes;
  }

  /** Indices of the layers in the order they run. */
  int[] order() {
    return order;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Returns every trainable parameter, named {@code layers[i].<name>} (or {@code <layer
   * name>.<name>} for a named layer), in the order of the layers; the arrays are the layers' own.
   * The parameters carry no {@linkplain Parameter#rows() row sets}: a caller that fills the
   * gradients itself (averaging them over machines, say) hands an optimizer dense gradients.
   */
  public List<Parameter> parameters() {
    List<Parameter> out = new ArrayList<>();
    for (Parameter p : parameters(true)) {
      out.add(p.dense());
    }
    return out;
  }

  /**
   * Returns every trainable parameter as {@link #parameters()} does, with the row sets of the
   * layers that track the rows their backward touches when {@code rows} is true: for {@link
   * Backpropagation}, whose gradients are the layers' own.
   */
  List<Parameter> parameters(boolean rows) {
    List<Parameter> out = new ArrayList<>();
    for (LayerNode node : nodes) {
      for (Parameter p : node.parameters()) {
        Parameter named = p.named(node.name() + "." + p.name());
        out.add(rows ? named : named.dense());
      }
    }
    return out;
  }

  /** Returns every state buffer, named like {@link #parameters()}. */
  public List<StateBuffer> buffers() {
    List<StateBuffer> out = new ArrayList<>();
    for (LayerNode node : nodes) {
      for (StateBuffer b : node.buffers()) {
        out.add(new StateBuffer(node.name() + "." + b.name(), b.values()));
      }
    }
    return out;
  }

  /** Returns the number of trainable scalars. */
  public int parameterCount() {
    return nodes.stream().mapToInt(LayerNode::parameterCount).sum();
  }

  /**
   * Runs the forward pass on a batch, in inference mode.
   *
   * @param x inputs, one sample per row, {@link #inputs()} columns
   * @return a new matrix of outputs, one row per sample
   * @throws ShapeException if {@code x} has the wrong number of columns
   */
  public Matrix predict(Matrix x) {
    if (x.cols() != inputs()) {
      throw new ShapeException(
          "the network takes " + inputs() + " inputs per sample but the batch is " + x.shape());
    }
    Matrix[] outputs = new Matrix[nodes.size()];
    for (int i : order) {
      LayerNode node = nodes.get(i);
      int[] from = node.inputIndices();
      Matrix[] in = new Matrix[from.length];
      for (int k = 0; k < from.length; k++) {
        in[k] = from[k] < 0 ? x : outputs[from[k]];
      }
      outputs[i] = Matrix.zeros(x.rows(), node.shape().size());
      node.layer().forward(in, outputs[i], false);
    }
    return outputs[nodes.size() - 1];
  }

  /**
   * Runs the forward pass on one sample.
   *
   * @param x the sample's {@link #inputs()} values
   * @return a new array of outputs
   * @throws ShapeException if {@code x} has the wrong length
   */
  public float[] predict(float... x) {
    return predict(new Matrix(1, x.length, x)).data();
  }

  /**
   * Returns a {@link Predictor} for this network as it is now: the fast way to predict one sample
   * at a time, allocation-free, with the bits of a row of a large batch. It is a snapshot: make a
   * new one after training or loading values.
   *
   * @return a new predictor
   */
  public Predictor predictor() {
    return new Predictor(this);
  }

  /** Returns an independent copy: same layers, its own parameter and buffer arrays. */
  public Network copy() {
    Network copy = build(spec, registry, backend);
    copy.copyValuesFrom(this);
    return copy;
  }

  /** Copies every parameter's and buffer's values from a network of the same specification. */
  void copyValuesFrom(Network other) {
    List<Parameter> to = parameters();
    List<Parameter> from = other.parameters();
    for (int i = 0; i < to.size(); i++) {
      System.arraycopy(from.get(i).value(), 0, to.get(i).value(), 0, to.get(i).size());
    }
    List<StateBuffer> bt = buffers();
    List<StateBuffer> bf = other.buffers();
    for (int i = 0; i < bt.size(); i++) {
      System.arraycopy(bf.get(i).values(), 0, bt.get(i).values(), 0, bt.get(i).values().length);
    }
  }

  @Override
  public String toString() {
    return "Network[inputs=" + spec.input() + ", layers=" + nodes + "]";
  }

  /**
   * Builds the network a specification describes: resolves the graph, orders it, and builds each
   * layer on the shapes of its inputs.
   *
   * @param spec the specification
   * @param registry resolves the plugins
   * @param backend the backend, or null for {@link Backends#preferred()}
   * @return the network
   * @throws dev.nn4j.api.ConfigException (when the spec has locations) or {@link NnException}
   *     naming the layer, for a mistake in the graph or a shape a layer cannot take
   */
  public static Network build(NetworkSpec spec, PluginRegistry registry, Backend backend) {
    List<LayerSpec> layers = spec.layers();
    if (layers.isEmpty()) {
      throw new NnException("a network needs at least one layer");
    }
    int n = layers.size();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String name = layers.get(i).name();
      if (name == null) {
        continue;
      }
      if (!NAME.matcher(name).matches() || name.equals("input")) {
        throw error(layers.get(i), i, "the name '" + name + "' is not valid: names are lower case"
            + " letters, digits and '_', starting with a letter, and 'input' is the network's"
            + " input");
      }
      Integer previous = names.putIfAbsent(name, i);
      if (previous != null) {
        throw error(layers.get(i), i, "the name '" + name + "' is already layers[" + previous
            + "]'s");
      }
    }
    int[][] inputs = new int[n][];
    for (int i = 0; i < n; i++) {
      List<String> from = layers.get(i).inputs();
      if (from.isEmpty()) {
        inputs[i] = new int[] {i - 1};
        continue;
      }
      inputs[i] = new int[from.size()];
      for (int k = 0; k < from.size(); k++) {
        String name = from.get(k);
        Integer index = name.equals("input") ? Integer.valueOf(-1) : names.get(name);
        if (index == null) {
          throw error(layers.get(i), i, "inputs names '" + name + "', but no layer has that name;"
              + " named layers: " + new java.util.TreeSet<>(names.keySet())
              + " (and 'input', the network's input)");
        }
        inputs[i][k] = index;
      }
    }
    int[] order = topologicalOrder(layers, inputs);
    requireAllLeadToOutput(layers, inputs);
    Backend chosen = backend != null ? backend : Backends.preferred();
    Clock clock = new Clock();
    SplittableRandom random = new SplittableRandom(spec.seed());
    LayerNode[] nodes = new LayerNode[n];
    for (int i : order) {
      LayerSpec ls = layers.get(i);
      List<Shape> shapes = new ArrayList<>();
      for (int from : inputs[i]) {
        shapes.add(from < 0 ? spec.input() : nodes[from].shape());
      }
      Activation activation = ls.activation() == null ? null : registry.newActivation(
          ls.activation());
      Layer layer = create(ls, i, activation, registry);
      int arity = layer.arity();
      if (arity == 0 ? shapes.size() < 2 : shapes.size() != arity) {
        throw error(ls, i, "a " + ls.type().name() + " layer takes "
            + (arity == 0 ? "two or more inputs" : arity == 1 ? "one input" : arity + " inputs")
            + " but is given " + shapes.size());
      }
      String defaultInit = activation != null ? activation.initializer() : "glorot_uniform";
      PluginSpec init = ls.initializer() != null ? ls.initializer()
          : spec.initializer() != null ? spec.initializer() : PluginSpec.of(defaultInit);
      Context context = new Context(chosen, i, clock,
          (Initializer) registry.create(PluginKind.INITIALIZER, init), random, ls);
      Shape shape;
      try {
        shape = layer.build(shapes, context);
      } catch (ShapeException | IllegalArgumentException e) {
        throw error(ls, i, e.getMessage());
      }
      if (shape == null) {
        throw error(ls, i, "the layer " + layer.getClass().getName() + " returned no shape");
      }
      context.requireAllUsed(layer);
      nodes[i] = new LayerNode(i, ls, layer, inputs[i], shapes, shape);
    }
    return new Network(spec, registry, chosen, Arrays.asList(nodes), order, clock);
  }

  private static Layer create(LayerSpec ls, int i, Activation activation,
      PluginRegistry registry) {
    if (ls.type().name().equals("dense")) {
      BuiltInLayers.Dense.Parameters p = (BuiltInLayers.Dense.Parameters) registry.resolve(
          PluginKind.LAYER, ls.type()).parameters();
      return new DenseLayer(p.units(), p.bias(), activation, ls.regularization().dropout());
    }
    if (ls.type().name().equals("activation")) {
      return new ActivationLayer(activation != null ? activation
          : registry.newActivation(PluginSpec.of("identity")));
    }
    Object layer = registry.create(PluginKind.LAYER, ls.type());
    if (!(layer instanceof Layer l)) {
      throw error(ls, i, "the layer plugin '" + ls.type().name() + "' returned "
          + (layer == null ? "null" : "a " + layer.getClass().getName()) + " from create()");
    }
    return l;
  }

  /** Kahn's algorithm, taking the lowest index ready first so a chain keeps its order. */
  private static int[] topologicalOrder(List<LayerSpec> layers, int[][] inputs) {
    int n = layers.size();
    int[] waiting = new int[n];
    List<List<Integer>> consumers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      consumers.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      for (int from : inputs[i]) {
        if (from >= 0) {
          waiting[i]++;
          consumers.get(from).add(i);
        }
      }
    }
    java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
    for (int i = 0; i < n; i++) {
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    int[] order = new int[n];
    int count = 0;
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order[count++] = i;
      for (int c : consumers.get(i)) {
        if (--waiting[c] == 0) {
          ready.add(c);
        }
      }
    }
    if (count < n) {
      for (int i = 0; i < n; i++) {
        if (waiting[i] > 0) {
          throw error(layers.get(i), i, "the layers form a cycle through this one: a layer's"
              + " inputs must not lead back to it");
        }
      }
    }
    return order;
  }

  private static void requireAllLeadToOutput(List<LayerSpec> layers, int[][] inputs) {
    int n = layers.size();
    Set<Integer> reached = new HashSet<>();
    java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(n - 1));
    while (!todo.isEmpty()) {
      int i = todo.pop();
      if (reached.add(i)) {
        for (int from : inputs[i]) {
          if (from >= 0) {
            todo.push(from);
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (!reached.contains(i)) {
        throw error(layers.get(i), i, "this layer does not lead to the output (the last layer);"
            + " name it in a later layer's inputs or remove it");
      }
    }
  }

  private static NnException error(LayerSpec ls, int i, String problem) {
    if (ls.location() != null) {
      return ls.location().error(problem);
    }
    return new ShapeException("layers[" + i + "]" + (ls.name() == null ? "" : " ('" + ls.name()
        + "')") + ": " + problem);
  }

  /** The context of one layer while it is built and run. */
  private static final class Context implements LayerContext {
    private final Backend backend;
    private final int index;
    private final Clock clock;
    private final Initializer initializer;
    private final SplittableRandom random;
    private final LayerSpec spec;
    private final Set<String> used = new HashSet<>();

    Context(Backend backend, int index, Clock clock, Initializer initializer,
        SplittableRandom random, LayerSpec spec) {
      this.backend = backend;
      this.index = index;
      this.clock = clock;
      this.initializer = initializer;
      this.random = random;
      this.spec = spec;
    }

    @Override
    public Backend backend() {
      return backend;
    }

    @Override
    public int index() {
      return index;
    }

    @Override
    public long seed() {
      return clock.seed;
    }

    @Override
    public long step() {
      return clock.step;
    }

    @Override
    public void initialize(String parameter, float[] values, int fanIn, int fanOut) {
      if (!explicit(parameter, values)) {
        initializer.draw(values, fanIn, fanOut, random);
      }
    }

    @Override
    public void fill(String parameter, float[] values, float value) {
      if (!explicit(parameter, values)) {
        Arrays.fill(values, value);
      }
    }

    private boolean explicit(String parameter, float[] values) {
      float[] given = spec.values().get(parameter);
      if (given == null) {
        return false;
      }
      used.add(parameter);
      if (given.length != values.length) {
        throw new ShapeException(parameter + " must have " + values.length + " values"
            + (spec.isDense() && parameter.equals("weights")
                ? " (units × inputs of the layer)" : "") + " but has " + given.length);
      }
      System.arraycopy(given, 0, values, 0, values.length);
      return true;
    }

    void requireAllUsed(Layer layer) {
      Map<String, float[]> values = new LinkedHashMap<>(spec.values());
      values.keySet().removeAll(used);
      if (!values.isEmpty()) {
        throw error(spec, index, "values are given for " + values.keySet() + " but the layer"
            + " has no such parameter or buffer; it has "
            + layer.parameters().stream().map(Parameter::name).toList());
      }
    }
  }

  /**
   * Builds a {@link Network} layer by layer, in code; the same as a configuration's {@code
   * network} section. Weights are either given explicitly per layer or drawn from one seeded
   * generator by the layer's initializer (by default the one its activation suggests: He for
   * ReLU-like activations, Glorot uniform otherwise); biases start at zero unless given.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final PluginRegistry registry;
    private Shape input;
    private long seed = 42;
    private PluginSpec initializer;
    private Backend backend;
    private final List<LayerSpec> layers = new ArrayList<>();

    private Builder(PluginRegistry registry) {
      this.registry = registry;
    }

    /**
     * Sets the number of input features.
     *
     * @param inputs at least 1
     * @return this builder
     */
    public Builder inputs(int inputs) {
      if (inputs < 1) {
        throw new IllegalArgumentException("inputs must be at least 1, was " + inputs);
      }
      this.input = Shape.vector(inputs);
      return this;
    }

    /**
     * Sets the shape of one input sample, for image inputs.
     *
     * @param shape the shape
     * @return this builder
     */
    public Builder input(Shape shape) {
      this.input = shape;
      return this;
    }

    /**
     * Sets the seed of the weight initializer; the same seed gives the same weights.
     *
     * @param seed any value; default 42
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the compute backend; by default {@link Backends#preferred()}.
     *
     * @param computeBackend the backend
     * @return this builder
     */
    public Builder backend(Backend computeBackend) {
      this.backend = computeBackend;
      return this;
    }

    /**
     * Sets the initializer of every layer that has no explicit weights and no initializer of its
     * own.
     *
     * @param name an installed initializer, e.g. {@code he_normal}
     * @return this builder
     */
    public Builder initializer(PluginSpec name) {
      this.initializer = name;
      return this;
    }

    /**
     * Sets the initializer of the last added layer.
     *
     * @param layerInitializer an installed initializer and its parameters
     * @return this builder
     */
    public Builder layerInitializer(PluginSpec layerInitializer) {
      replaceLast(l -> new LayerSpec(l.name(), l.type(), l.inputs(), l.activation(),
          layerInitializer, l.regularization(), l.values(), null));
      return this;
    }

    /**
     * Sets the training-time regularisation of the last added layer.
     *
     * @param regularization L1 and L2 on its weights, and dropout of a dense layer's outputs
     * @return this builder
     */
    public Builder regularization(Regularization regularization) {
      replaceLast(l -> new LayerSpec(l.name(), l.type(), l.inputs(), l.activation(),
          l.initializer(), regularization, l.values(), null));
      return this;
    }

    /**
     * Adds a dense layer with biases and the activation's default parameters.
     *
     * @param units at least 1
     * @param activation an installed activation name
     * @return this builder
     */
    public Builder dense(int units, String activation) {
      return dense(units, PluginSpec.of(activation), true);
    }

    /**
     * Adds a dense layer.
     *
     * @param units at least 1
     * @param activation the activation and its parameters
     * @param bias whether the layer adds biases
     * @return this builder
     */
    public Builder dense(int units, PluginSpec activation, boolean bias) {
      if (units < 1) {
        throw new IllegalArgumentException("units must be at least 1, was " + units);
      }
      layers.add(LayerSpec.dense(units, registry.resolve(PluginKind.ACTIVATION, activation),
          bias));
      return this;
    }

    /**
     * Adds a layer of any installed type, e.g. {@code PluginSpec.of("dropout", new
     * DropoutType.Parameters(0.2))} or a third-party layer; for an activation on its own use
     * {@link #activation(String)}.
     *
     * @param type the layer plugin and its parameters
     * @return this builder
     */
    public Builder layer(PluginSpec type) {
      layers.add(new LayerSpec(null, registry.resolve(PluginKind.LAYER, type), List.of(), null,
          null, Regularization.NONE, Map.of(), null));
      return this;
    }

    /**
     * Adds an activation as a layer of its own.
     *
     * @param activation an installed activation name
     * @return this builder
     */
    public Builder activation(String activation) {
      layers.add(new LayerSpec(null, PluginSpec.of("activation", dev.nn4j.api.NoParameters.INSTANCE),
          List.of(), registry.resolve(PluginKind.ACTIVATION, PluginSpec.of(activation)), null,
          Regularization.NONE, Map.of(), null));
      return this;
    }

    /**
     * Names the last added layer, so later layers can take it as input.
     *
     * @param name lower case letters, digits and {@code _}
     * @return this builder
     */
    public Builder name(String name) {
      replaceLast(l -> new LayerSpec(name, l.type(), l.inputs(), l.activation(),
          l.initializer(), l.regularization(), l.values(), null));
      return this;
    }

    /**
     * Sets the inputs of the last added layer (by default the previous layer).
     *
     * @param names layer names, or {@code input} for the network's input
     * @return this builder
     */
    public Builder from(String... names) {
      replaceLast(l -> new LayerSpec(l.name(), l.type(), List.of(names), l.activation(),
          l.initializer(), l.regularization(), l.values(), null));
      return this;
    }

    /**
     * Sets the initial weights of the last added dense layer, as rows {@code W[j]} per unit j.
     *
     * @param rows units rows of inputs values each
     * @return this builder
     */
    public Builder weights(float[]... rows) {
      return values("weights", Matrix.of(rows).data());
    }

    /**
     * Sets the initial biases of the last added layer.
     *
     * @param bias one value per unit
     * @return this builder
     */
    public Builder biases(float... bias) {
      return values("biases", bias.clone());
    }

    private Builder values(String parameter, float[] values) {
      replaceLast(l -> {
        Map<String, float[]> map = new LinkedHashMap<>(l.values());
        map.put(parameter, values);
        return l.withValues(map);
      });
      return this;
    }

    private void replaceLast(java.util.function.UnaryOperator<LayerSpec> change) {
      if (layers.isEmpty()) {
        throw new IllegalStateException("add a layer first");
      }
      layers.set(layers.size() - 1, change.apply(layers.get(layers.size() - 1)));
    }

    /**
     * Builds the network.
     *
     * @return a new network
     * @throws IllegalStateException if inputs or layers are missing
     * @throws ShapeException if explicit values or inputs do not fit a layer's shape
     */
    public Network build() {
      if (input == null) {
        throw new IllegalStateException("set the number of inputs with inputs(n)");
      }
      if (layers.isEmpty()) {
        throw new IllegalStateException("a network needs at least one layer");
      }
      return Network.build(new NetworkSpec(input, seed, initializer, layers), registry, backend);
    }
  }
}
