package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.ParallelLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link Network} in place by mini-batch gradient descent. The trainer is the loop
 * (epochs, batches, listeners, validation, stopping); each step's gradients come from its {@link
 * GradientStrategy} (by default {@link Backpropagation} on this machine) and are applied by an
 * {@link Updater} (regularisation, clipping, the {@link Optimizer}; for {@code sgd}: w ← w −
 * ε·∂C/∂w). Early stopping is a listener the loop consults after each epoch.
 *
 * <p>The trainer owns its optimizer and counts its steps, so the optimizer's state (momentum,
 * moments) and the schedule's position carry over from one {@link #fit} call to the next, as it
 * would in one longer run.
 *
 * <p>Thread-safety: not thread-safe. {@code fit} writes the network's weights: no other thread
 * may use the same network (not even to predict) while it runs.
 */
public final class Trainer {

  private final Loss loss;
  private final Optimizer optimizer;
  private final TrainingOptions options;
  private final LearningRateSchedule schedule;
  private final PluginRegistry metrics;
  private final GradientStrategy.Factory strategy;
  private final List<TrainingListener> listeners;
  private long steps;
  private int epochsDone;
  private int batchesDone;
  private volatile boolean stopRequested;
  private boolean resumed;

  /**
   * Creates a trainer from its parts; {@link #builder(PluginRegistry)} resolves them by name.
   * Validation metrics are those nn-core provides.
   *
   * @param loss the cost C
   * @param optimizer the update rule; the trainer becomes its only user
   * @param options epochs, batch size, shuffling
   */
  public Trainer(Loss loss, Optimizer optimizer, TrainingOptions options) {
    this(loss, optimizer, options, (base, step, epoch) -> base);
  }

  /**
   * Creates a trainer whose learning rate follows a schedule.
   *
   * @param loss the cost C
   * @param optimizer the update rule; the trainer becomes its only user
   * @param options epochs, batch size, shuffling
   * @param schedule the rate of each step, from the optimizer's configured rate
   */
  public Trainer(Loss loss, Optimizer optimizer, TrainingOptions options,
      LearningRateSchedule schedule) {
    this(loss, optimizer, options, schedule, null, Backpropagation::new);
  }

  /**
   * Creates a trainer with every part given.
   *
   * @param loss the cost C
   * @param optimizer the update rule; the trainer becomes its only user
   * @param options epochs, batch size, shuffling
   * @param schedule the rate of each step, from the optimizer's configured rate
   * @param registry resolves the options' metric names, or null for the metrics nn-core provides
   * @param strategy makes each run's gradient strategy, e.g. {@code Backpropagation::new}
   */
  public Trainer(Loss loss, Optimizer optimizer, TrainingOptions options,
      LearningRateSchedule schedule, PluginRegistry registry, GradientStrategy.Factory strategy) {
    this.loss = loss;
    this.optimizer = optimizer;
    this.options = options;
    this.schedule = schedule;
    this.metrics = registry != null ? registry : PluginRegistry.builtIns();
    this.strategy = strategy;
    this.listeners = List.of();
  }

  /** The trainer a {@link Builder} makes: as the full constructor, plus its own listeners. */
  private Trainer(Loss loss, Optimizer optimizer, TrainingOptions options,
      LearningRateSchedule schedule, PluginRegistry registry, GradientStrategy.Factory strategy,
      List<TrainingListener> listeners) {
    this.loss = loss;
    this.optimizer = optimizer;
    this.options = options;
    this.schedule = schedule;
    this.metrics = registry;
    this.strategy = strategy;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Returns the listeners this trainer notifies on every {@link #fit} run, before the run's own:
   * those given to {@link Builder#listeners}, such as the ones bound with {@link
   * NnModule#listeners}.
   */
  public List<TrainingListener> listeners() {
    return listeners;
  }

  /**
   * Starts building a trainer whose loss and optimizer are resolved through {@code registry}.
   *
   * @param registry resolves plugin names
   * @return a builder with {@code squared_error}, {@code sgd} and {@link TrainingOptions#DEFAULTS}
   */
  public static Builder builder(PluginRegistry registry) {
    return new Builder(registry);
  }

  /** Returns the options this trainer iterates with. */
  public TrainingOptions options() {
    return options;
  }

  /**
   * Trains the network on the data for {@link TrainingOptions#epochs()} epochs.
   *
   * @param network the network, updated in place
   * @param data the training samples
   * @return the metrics of each epoch
   * @throws ShapeException if the data does not fit the network
   */
  public TrainingHistory fit(Network network, Dataset data) {
    return fit(network, data, null, List.of());
  }

  /**
   * Trains the network, measuring it on validation data after each epoch and reporting to
   * listeners. Runs epochs 1 to {@link TrainingOptions#epochs()}, or after {@link #resume} the
   * epochs and batches left; a later call starts at epoch 1 again with the optimizer's state and
   * step count carried over, as one longer run would. Stops early if the options say so, and
   * stops with a {@link TrainingDivergedException} naming the epoch, the step and the parameter
   * if the loss or a gradient stops being finite, or a parameter or state buffer at the end of an
   * epoch or when a stop is requested.
   *
   * @param network the network, updated in place
   * @param data the training samples
   * @param validation samples to evaluate after each epoch (the options' metrics with a {@code
   *     val_} prefix), or null for none
   * @param runListeners notified in order, after the trainer's own {@link #listeners()}; may be
   *     empty
   * @return the metrics of each epoch
   * @throws ShapeException if the data does not fit the network
   */
  public TrainingHistory fit(Network network, Dataset data, Dataset validation,
      List<? extends TrainingListener> runListeners) {
    requireFits(network, data, "training");
    if (validation != null) {
      requireFits(network, validation, "validation");
    }
    stopRequested = false;
    if (!resumed) {
      epochsDone = 0;
      batchesDone = 0;
    }
    resumed = false;
    int n = data.size();
    int batch = options.batchSize() == 0 ? n : Math.min(options.batchSize(), n);
    int batches = (n + batch - 1) / batch;
    GradientStrategy gradients = strategy.create(network, loss, batch, options.seed());
    Updater updater = new Updater(network, gradients.parameters(), optimizer, schedule,
        options.clipping());
    Batcher batcher = new Batcher(data, batch, options.shuffle(), options.seed(),
        network.backend().parallelLoop());
    EarlyStopper stopper = options.earlyStopping() == null ? null
        : new EarlyStopper(options.earlyStopping(), gradients.parameters(), validation != null);
    List<TrainingListener> all = new ArrayList<>(listeners);
    all.addAll(runListeners);
    if (stopper != null) {
      all.add(stopper);
    }
    List<EpochResult> epochs = new ArrayList<>(options.epochs());
    all.forEach(l -> l.onTrainingStart(options.epochs(), batches));
    int skip = batchesDone;
    for (int epoch = epochsDone + 1; epoch <= options.epochs(); epoch++) {
      final int e = epoch;
      all.forEach(l -> l.onEpochStart(e));
      batcher.startEpoch(epoch);
      double weighted = 0;
      int counted = 0;
      for (int b = skip; b < batches; b++) {
        if (stopRequested) {
          batchesDone = b;
          requireFinite(network, epoch, steps);
          return end(all, new TrainingHistory(epochs, stopper == null ? 0 : stopper.bestEpoch(),
              false, true));
        }
        int start = b * batch;
        int rows = Math.min(batch, n - start);
        batcher.fill(start, rows);
        double batchLoss = gradients.compute(batcher.x(rows), batcher.y(rows), steps);
        if (!Double.isFinite(batchLoss)) {
          throw new TrainingDivergedException(epoch, steps, "the loss (" + batchLoss + ")");
        }
        updater.apply(steps, epoch);
        steps++;
        weighted += batchLoss * rows;
        counted += rows;
        if (!all.isEmpty()) {
          BatchResult result = new BatchResult(epoch, b + 1, batches, batchLoss);
          all.forEach(l -> l.onBatchEnd(result));
        }
      }
      requireFinite(network, epoch, steps);
      skip = 0;
      epochsDone = epoch;
      batchesDone = 0;
      EpochResult result = new EpochResult(epoch, epochMetrics(network, weighted / counted,
          validation));
      epochs.add(result);
      all.forEach(l -> l.onEpochEnd(result));
      if (stopper != null && stopper.stop()) {
        break;
      }
    }
    boolean stoppedEarly = stopper != null && stopper.stop() && epochsDone < options.epochs();
    if (stopper != null) {
      stopper.restoreBest();
    }
    return end(all, new TrainingHistory(epochs, stopper == null ? 0 : stopper.bestEpoch(),
        stoppedEarly, false));
  }

  /**
   * Stops a run whose parameters or state buffers are no longer finite, before anything (an
   * epoch's checkpoint, the model) is written from them: a finite loss and finite gradients do not
   * guarantee it (a batch norm's running variance can overflow).
   */
  private static void requireFinite(Network network, int epoch, long steps) {
    // the layers' own lists, and a name only for the message: this runs after every epoch
    List<LayerNode> nodes = network.layers();
    for (int i = 0; i < nodes.size(); i++) {
      LayerNode node = nodes.get(i);
      List<Parameter> parameters = node.parameters();
      for (int k = 0; k < parameters.size(); k++) {
        if (!finite(parameters.get(k).value())) {
          throw new TrainingDivergedException(epoch, steps,
              node.name() + "." + parameters.get(k).name());
        }
      }
      List<StateBuffer> buffers = node.buffers();
      for (int k = 0; k < buffers.size(); k++) {
        if (!finite(buffers.get(k).values())) {
          throw new TrainingDivergedException(epoch, steps,
              node.name() + "." + buffers.get(k).name());
        }
      }
    }
  }

  private static boolean finite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static TrainingHistory end(List<TrainingListener> listeners, TrainingHistory history) {
    listeners.forEach(l -> l.onTrainingEnd(history));
    return history;
  }

  /** The epoch's training loss and, with validation data, the options' metrics on it. */
  private Map<String, Double> epochMetrics(Network network, double trainingLoss,
      Dataset validation) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", trainingLoss);
    if (validation != null) {
      Metrics.compute(this.metrics, options.metrics(), loss,
          network.predict(validation.features()), validation.targets())
          .forEach((k, v) -> metrics.put("val_" + k, v));
    }
    return metrics;
  }

  /**
   * Asks a running {@link #fit} to stop after the batch in progress, as Ctrl-C in the CLI does;
   * {@link #state()} then tells where to resume. Safe to call from any thread.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Returns where training stands: epochs and batches done, steps taken, and the optimizer's
   * state. With the same network weights, {@link #resume} continues exactly from here.
   */
  public TrainerState state() {
    return new TrainerState(batchesDone > 0 ? epochsDone + 1 : epochsDone, batchesDone, steps,
        optimizer.exportState());
  }

  /**
   * Continues from a saved state: the next {@link #fit} starts where the state says, with the
   * optimizer's state restored.
   *
   * @param state a state from {@link #state()} of a trainer with the same options
   */
  public void resume(TrainerState state) {
    epochsDone = state.batch() > 0 ? state.epoch() - 1 : state.epoch();
    batchesDone = state.batch();
    steps = state.step();
    optimizer.importState(state.optimizer());
    resumed = true;
  }

  /**
   * Early stopping as a listener: after each epoch it reads the monitored metric, keeps a copy of
   * the best weights, and tells the loop to stop when the metric has not improved for patience
   * epochs; at the end the best weights are put back.
   */
  private static final class EarlyStopper implements TrainingListener {
    private final EarlyStopping policy;
    private final List<Parameter> parameters;
    private final boolean hasValidation;
    private final float[][] best;
    private double bestValue = Double.NaN;
    private int bestEpoch;
    private int wait;
    private boolean stop;

    EarlyStopper(EarlyStopping policy, List<Parameter> parameters, boolean hasValidation) {
      this.policy = policy;
      this.parameters = parameters;
      this.hasValidation = hasValidation;
      this.best = new float[parameters.size()][];
      for (int i = 0; i < best.length; i++) {
        best[i] = new float[parameters.get(i).size()];
      }
    }

    @Override
    public void onEpochEnd(EpochResult epoch) {
      Double value = epoch.metrics().get(policy.monitor());
      if (value == null) {
        throw new NnException("early stopping monitors '" + policy.monitor()
            + "' but the epochs report " + epoch.metrics().keySet()
            + (hasValidation ? "" : " (there is no validation data)"));
      }
      if (bestEpoch == 0 || policy.improves(value, bestValue)) {
        bestValue = value;
        bestEpoch = epoch.epoch();
        wait = 0;
        for (int i = 0; i < best.length; i++) {
          System.arraycopy(parameters.get(i).value(), 0, best[i], 0, best[i].length);
        }
      } else if (++wait >= policy.patience()) {
        stop = true;
      }
    }

    boolean stop() {
      return stop;
    }

    int bestEpoch() {
      return bestEpoch;
    }

    void restoreBest() {
      if (bestEpoch > 0) {
        for (int i = 0; i < best.length; i++) {
          System.arraycopy(best[i], 0, parameters.get(i).value(), 0, best[i].length);
        }
      }
    }
  }

  private void requireFits(Network network, Dataset data, String what) {
    data.features().requireShape(what + " features", data.size(), network.inputs());
    data.targets().requireShape(what + " targets", data.size(),
        loss.targetColumns(network.outputs()));
  }

  /**
   * Copies the samples of each batch, in a seeded order, into reused buffers. When the whole
   * dataset is one unshuffled batch, it hands out the dataset itself.
   */
  private static final class Batcher {
    private final Dataset data;
    private final boolean direct;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private final ParallelLoop loop;
    private final RowCopy xs;
    private final RowCopy ys;
    private final Matrix fullX;
    private final Matrix fullY;
    private final Matrix lastX;
    private final Matrix lastY;

    Batcher(Dataset data, int batch, boolean shuffle, long seed, ParallelLoop loop) {
      this.data = data;
      this.shuffle = shuffle;
      this.direct = !shuffle && batch == data.size();
      this.seed = seed;
      this.loop = loop;
      this.order = new int[data.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      this.xs = direct ? null : new RowCopy(data.features(), batch, order);
      this.ys = direct ? null : new RowCopy(data.targets(), batch, order);
      int last = data.size() % batch == 0 ? batch : data.size() % batch;
      this.fullX = direct ? null : new Matrix(batch, data.features().cols(), xs.target);
      this.fullY = direct ? null : new Matrix(batch, data.targets().cols(), ys.target);
      this.lastX = direct ? null : new Matrix(last, data.features().cols(), xs.target);
      this.lastY = direct ? null : new Matrix(last, data.targets().cols(), ys.target);
    }

    /**
     * Draws epoch e's order: Fisher–Yates from the identity with a generator seeded by (seed, e),
     * so any epoch's order can be drawn again, as a resumed run must.
     */
    void startEpoch(int epoch) {
      if (!shuffle) {
        return;
      }
      SplittableRandom random = new SplittableRandom(seed ^ (epoch * 0x9E3779B97F4A7C15L));
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }

    /**
     * Copies the samples start..start + rows (in the epoch's order) into the buffers, on the
     * backend's loop: rows scattered over a large dataset come from main memory, and two threads
     * have twice the loads in flight (see BENCHMARKS.md, "Why the kernels look as they do").
     */
    void fill(int start, int rows) {
      if (direct) {
        return;
      }
      xs.start = start;
      ys.start = start;
      loop.run(rows * xs.cols, xs);
      loop.run(rows * ys.cols, ys);
    }

    /** Copies batch element range [from, to), row by row, from the dataset in the epoch order. */
    private static final class RowCopy implements ParallelLoop.Range {
      private final float[] source;
      private final int cols;
      private final int[] order;
      private final float[] target;
      private int start;

      RowCopy(Matrix source, int batch, int[] order) {
        this.source = source.data();
        this.cols = source.cols();
        this.order = order;
        this.target = new float[batch * cols];
      }

      @Override
      public void run(int from, int to) {
        for (int i = from; i < to; ) {
          int row = i / cols;
          int col = i - row * cols;
          int length = Math.min(cols - col, to - i);
          System.arraycopy(source, order[start + row] * cols + col, target, i, length);
          i += length;
        }
      }
    }

    /** The batch's features: a view of the buffer, made once per batch size (full and last). */
    Matrix x(int rows) {
      return direct ? data.features() : rows == fullX.rows() ? fullX : lastX;
    }

    /** The batch's targets, like {@link #x}. */
    Matrix y(int rows) {
      return direct ? data.targets() : rows == fullY.rows() ? fullY : lastY;
    }
  }

  /**
   * Builds a {@link Trainer} from plugin names. Not thread-safe.
   */
  public static final class Builder {
    private final PluginRegistry registry;
    private PluginSpec loss = PluginSpec.of("squared_error");
    private PluginSpec optimizer = PluginSpec.of("sgd");
    private PluginSpec schedule = PluginSpec.of("constant");
    private TrainingOptions options = TrainingOptions.DEFAULTS;
    private GradientStrategy.Factory strategy = Backpropagation::new;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder(PluginRegistry registry) {
      this.registry = registry;
    }

    /** Returns the registry this builder resolves names through. */
    public PluginRegistry registry() {
      return registry;
    }

    /** Returns the training options set so far. */
    public TrainingOptions trainingOptions() {
      return options;
    }

    /** Returns the loss set so far, as {@link #loss(PluginSpec)} took it. */
    public PluginSpec lossSpec() {
      return loss;
    }

    /**
     * Adds listeners the trainer notifies on every {@link Trainer#fit} run, before the run's own;
     * default none. The trainer {@link NnModule} provides has those bound with {@link
     * NnModule#listeners} already.
     *
     * @param trainingListeners notified in order
     * @return this
     */
    public Builder listeners(java.util.Collection<? extends TrainingListener> trainingListeners) {
      listeners.addAll(trainingListeners);
      return this;
    }

    /** Sets the loss by name, with its default parameters; default {@code squared_error}. */
    public Builder loss(String name) {
      return loss(PluginSpec.of(name));
    }

    /** Sets the loss and its parameters. */
    public Builder loss(PluginSpec loss) {
      this.loss = loss;
      return this;
    }

    /** Sets the optimizer by name, with its default parameters; default {@code sgd}. */
    public Builder optimizer(String name) {
      return optimizer(PluginSpec.of(name));
    }

    /**
     * Sets the optimizer and its parameters, e.g. {@code PluginSpec.of("sgd", new
     * SgdProvider.Parameters(0.05))}.
     */
    public Builder optimizer(PluginSpec optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** Sets every training option at once; default {@link TrainingOptions#DEFAULTS}. */
    public Builder options(TrainingOptions trainingOptions) {
      this.options = trainingOptions;
      return this;
    }

    /** Sets the gradient limits; default none. */
    public Builder clipping(GradientClipping clipping) {
      return options(options.withClipping(clipping));
    }

    /** Stops early by this policy; default: never. */
    public Builder earlyStopping(EarlyStopping earlyStopping) {
      return options(options.withEarlyStopping(earlyStopping));
    }

    /** Sets the metrics measured on validation data; default {@code loss, accuracy}. */
    public Builder metrics(List<String> metrics) {
      return options(options.withMetrics(metrics));
    }

    /** Sets the learning-rate schedule and its parameters; default {@code constant}. */
    public Builder schedule(PluginSpec schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Sets the number of epochs; default 1. */
    public Builder epochs(int epochs) {
      return options(options.withEpochs(epochs));
    }

    /** Sets the mini-batch size; 0 for the full batch; default 32. */
    public Builder batchSize(int batchSize) {
      return options(options.withBatchSize(batchSize));
    }

    /** Trains on the whole dataset at once (full-batch gradient descent). */
    public Builder fullBatch() {
      return batchSize(0);
    }

    /** Sets whether each epoch visits the samples in a new random order; default true. */
    public Builder shuffle(boolean shuffle) {
      return options(options.withShuffle(shuffle));
    }

    /** Sets the seed of the shuffling and of dropout; default 42. */
    public Builder seed(long seed) {
      return options(options.withSeed(seed));
    }

    /**
     * Sets how each step's gradients are computed; default {@code Backpropagation::new}, on this
     * machine.
     */
    public Builder gradientStrategy(GradientStrategy.Factory gradientStrategy) {
      this.strategy = gradientStrategy;
      return this;
    }

    /**
     * Resolves the plugins and builds the trainer.
     *
     * @return a new trainer with a new optimizer
     * @throws dev.nn4j.api.UnknownPluginException if a name (metrics included) is not installed
     */
    public Trainer build() {
      options.metrics().forEach(m -> registry.provider(dev.nn4j.api.PluginKind.METRIC, m));
      return new Trainer(registry.newLoss(loss), registry.newOptimizer(optimizer), options,
          registry.newSchedule(schedule), registry, strategy, listeners);
    }
  }
}
