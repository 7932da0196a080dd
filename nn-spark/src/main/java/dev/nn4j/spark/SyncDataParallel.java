package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.core.Backpropagation;
import dev.nn4j.core.GradientStrategy;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.config.ConfigWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel training on Spark, as a {@link GradientStrategy.Factory} for {@link
 * dev.nn4j.core.Trainer.Builder#gradientStrategy}. Each step the driver splits the trainer's
 * global batch into {@code partitions} contiguous shares (sizes differing by at most one row),
 * broadcasts the current weights as raw float arrays, and each Spark task rebuilds the network
 * from its network section's text, computes the gradient of its share with {@link
 * Backpropagation}, and scales it by its share of the rows. The driver collects the results and
 * sums them <em>in partition order</em>, so the sum is the mean gradient of the whole batch that
 * one machine would compute (up to float rounding; bit for bit with one partition), the same
 * inputs give the same bits on every run, and the trainer's {@link dev.nn4j.core.Updater} then
 * steps as usual.
 *
 * <p>A share with no rows (a batch smaller than the partition count) adds nothing. A task that
 * fails is retried by Spark with the same inputs, which gives the same result. Networks with
 * state buffers (batch normalisation's running statistics) are refused: the executors' updates
 * of those buffers would not reach the driver. Dropout trains, but its masks are drawn per share,
 * so it does not equal single-machine training.
 *
 * <p>Each step ships the batch's rows with its tasks; the training data stays on the driver,
 * where the trainer draws the batches.
 *
 * <p>Thread-safety: the factory is immutable; each strategy it makes belongs to one training run.
 */
public final class SyncDataParallel implements GradientStrategy.Factory {

  private final JavaSparkContext spark;
  private final PluginSpec loss;
  private final int partitions;
  private final ExecutorRegistry executors;
  private final TaskHook hook;

  /**
   * A factory whose executors discover their plugins.
   *
   * @param spark the Spark context the steps run on
   * @param loss the loss the trainer uses, with its parameters (the executors rebuild it)
   * @param partitions how many shares each batch is split into, at least 1
   */
  public SyncDataParallel(JavaSparkContext spark, PluginSpec loss, int partitions) {
    this(spark, loss, partitions, ExecutorRegistry.DISCOVER);
  }

  /**
   * A factory whose executors find their plugins in a given way.
   *
   * @param spark the Spark context the steps run on
   * @param loss the loss the trainer uses, with its parameters
   * @param partitions how many shares each batch is split into, at least 1
   * @param executors where the executors find their plugins
   */
  public SyncDataParallel(JavaSparkContext spark, PluginSpec loss, int partitions,
      ExecutorRegistry executors) {
    this(spark, loss, partitions, executors, TaskHook.NONE);
  }

  /** A factory whose tasks call a hook first (tests fail a task once with it). */
  SyncDataParallel(JavaSparkContext spark, PluginSpec loss, int partitions,
      ExecutorRegistry executors, TaskHook hook) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    this.spark = spark;
    this.loss = loss;
    this.partitions = partitions;
    this.executors = executors;
    this.hook = hook;
  }

  @Override
  public GradientStrategy create(Network network, Loss lossFunction, int capacity, long seed) {
    if (!network.buffers().isEmpty()) {
      throw new Nn4jSparkException("synchronous Spark training does not support layers with"
          + " state buffers (" + network.buffers().get(0).name() + "): their updates on the"
          + " executors would not reach the driver");
    }
    return new Strategy(network, seed);
  }

  /** Splits {@code rows} into {@code parts} contiguous shares; returns the start of each, and rows. */
  static int[] starts(int rows, int parts) {
    int[] start = new int[parts + 1];
    int base = rows / parts;
    int extra = rows % parts;
    for (int p = 0; p < parts; p++) {
      start[p + 1] = start[p] + base + (p < extra ? 1 : 0);
    }
    return start;
  }

  /** The strategy of one training run. */
  private final class Strategy implements GradientStrategy {
    private final List<Parameter> parameters;
    private final String networkText;
    private final String lossText;
    private final long seed;

    Strategy(Network network, long seed) {
      this.parameters = List.copyOf(network.parameters());
      this.networkText = ConfigWriter.network(network);
      this.lossText = ConfigWriter.plugin(loss);
      this.seed = seed;
    }

    @Override
    public List<Parameter> parameters() {
      return parameters;
    }

    @Override
    public double compute(Matrix x, Matrix y, long step) {
      int rows = x.rows();
      int[] start = starts(rows, partitions);
      List<Share> shares = new ArrayList<>(partitions);
      for (int p = 0; p < partitions; p++) {
        shares.add(Share.of(x, y, start[p], start[p + 1] - start[p]));
      }
      float[][] weights = new float[parameters.size()][];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = parameters.get(i).value().clone();
      }
      Broadcast<float[][]> sent = spark.broadcast(weights);
      List<ShareResult> results;
      try {
        results = spark.parallelize(shares, partitions)
            .map(new ShareGradient(networkText, lossText, sent, executors, hook, step, seed,
                rows))
            .collect();
      } catch (Exception e) { // Spark throws its checked SparkException unchecked
        throw unwrap(e);
      } finally {
        sent.destroy();
      }
      for (Parameter p : parameters) {
        java.util.Arrays.fill(p.gradient(), 0f);
      }
      double cost = 0;
      for (ShareResult r : results) { // in partition order: the same bits on every run
        if (r.gradients == null) {
          continue;
        }
        cost += r.loss;
        for (int i = 0; i < r.gradients.length; i++) {
          float[] to = parameters.get(i).gradient();
          float[] add = r.gradients[i];
          for (int e = 0; e < to.length; e++) {
            to[e] += add[e];
          }
        }
      }
      return cost;
    }
  }

  /**
   * Turns a failed job into the {@link Nn4jSparkException} a task threw, so that its message
   * leads; any other failure is returned as it is (wrapped if checked).
   */
  static RuntimeException unwrap(Exception e) {
    String prefix = Nn4jSparkException.class.getName() + ": ";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Nn4jSparkException n) {
        return new Nn4jSparkException(n.getMessage(), e);
      }
      String text = String.valueOf(t.getMessage());
      int at = text.indexOf(prefix);
      if (at >= 0) {
        String rest = text.substring(at + prefix.length());
        int end = rest.indexOf('\n');
        return new Nn4jSparkException(end < 0 ? rest : rest.substring(0, end), e);
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** One partition's rows of a step's batch, as raw floats. */
  static final class Share implements Serializable {
    private static final long serialVersionUID = 1L;
    final int rows;
    final int inputs;
    final int outputs;
    final float[] x;
    final float[] y;

    private Share(int rows, int inputs, int outputs, float[] x, float[] y) {
      this.rows = rows;
      this.inputs = inputs;
      this.outputs = outputs;
      this.x = x;
      this.y = y;
    }

    static Share of(Matrix x, Matrix y, int from, int rows) {
      float[] xs = new float[rows * x.cols()];
      float[] ys = new float[rows * y.cols()];
      System.arraycopy(x.data(), from * x.cols(), xs, 0, xs.length);
      System.arraycopy(y.data(), from * y.cols(), ys, 0, ys.length);
      return new Share(rows, x.cols(), y.cols(), xs, ys);
    }
  }

  /** A share's gradients, already scaled by its share of the rows, and its share of the loss. */
  static final class ShareResult implements Serializable {
    private static final long serialVersionUID = 1L;
    final float[][] gradients;
    final double loss;

    ShareResult(float[][] gradients, double loss) {
      this.gradients = gradients;
      this.loss = loss;
    }
  }

  /** The task: rebuild the network, load the weights, backpropagate the share, scale. */
  private static final class ShareGradient implements Function<Share, ShareResult> {
    private static final long serialVersionUID = 1L;
    private final String networkText;
    private final String lossText;
    private final Broadcast<float[][]> weights;
    private final ExecutorRegistry executors;
    private final TaskHook hook;
    private final long step;
    private final long seed;
    private final int batchRows;

    ShareGradient(String networkText, String lossText, Broadcast<float[][]> weights,
        ExecutorRegistry executors, TaskHook hook, long step, long seed, int batchRows) {
      this.networkText = networkText;
      this.lossText = lossText;
      this.weights = weights;
      this.executors = executors;
      this.hook = hook;
      this.step = step;
      this.seed = seed;
      this.batchRows = batchRows;
    }

    @Override
    public ShareResult call(Share share) {
      hook.start(step, TaskContext.get().partitionId());
      if (share.rows == 0) {
        return new ShareResult(null, 0);
      }
      PluginRegistry registry = executors.registry();
      Network network = ExecutorSide.network(registry, networkText);
      Loss loss = ExecutorSide.loss(registry, lossText);
      List<Parameter> parameters = network.parameters();
      float[][] values = weights.value();
      if (values.length != parameters.size()) {
        throw new Nn4jSparkException("the executor's network has " + parameters.size()
            + " parameters but the driver sent " + values.length);
      }
      for (int i = 0; i < values.length; i++) {
        System.arraycopy(values[i], 0, parameters.get(i).value(), 0, values[i].length);
      }
      Backpropagation backprop = new Backpropagation(network, loss, share.rows, seed);
      double cost = backprop.pass(new Matrix(share.rows, share.inputs, share.x),
          new Matrix(share.rows, share.outputs, share.y), step);
      float fraction = (float) share.rows / batchRows;
      float[][] gradients = new float[parameters.size()][];
      for (int i = 0; i < gradients.length; i++) {
        float[] g = parameters.get(i).gradient().clone();
        if (share.rows != batchRows) {
          for (int e = 0; e < g.length; e++) {
            g[e] *= fraction;
          }
        }
        gradients[i] = g;
      }
      return new ShareResult(gradients, cost * share.rows / batchRows);
    }
  }
}
