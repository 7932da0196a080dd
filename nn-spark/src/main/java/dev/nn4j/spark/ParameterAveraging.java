package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.core.Backpropagation;
import dev.nn4j.core.GradientClipping;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.TrainingOptions;
import dev.nn4j.core.Updater;
import dev.nn4j.core.config.ConfigWriter;
import dev.nn4j.core.config.DistributedSpec;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Parameter averaging (local SGD) over the cached partitions of a DataFrame, the {@code
 * training.distributed.algorithm: average} of the estimators. Each partition trains on its own
 * rows only: a round broadcasts the weights and the optimizer's state, each partition rebuilds the
 * network, takes {@code localSteps} steps with nn4j's own {@link Backpropagation} and {@link
 * Updater} (regularisation, clipping, the configured optimizer and schedule) on mini-batches of
 * {@code batchSize} of its rows, and returns its weights, state buffers and optimizer state; the
 * driver averages them weighted by the partitions' rows, summing in partition order, so the same
 * inputs give the same bits on every run and a task that Spark retries gives the same result.
 * {@code warmupSteps} synchronous steps come first: each partition computes the gradient of its
 * next mini-batch, the driver averages the gradients weighted by the batches' rows and steps.
 *
 * <p>A partition visits its rows in a seeded order drawn again for each pass (when the options
 * shuffle), from its own step count, so no state is kept on executors between rounds. One epoch
 * is {@code ceil(rows / (partitions × batchSize))} steps of every partition. A partition without
 * rows is an error that names it. The training data never goes through the driver.
 */
final class ParameterAveraging {

  private final JavaSparkContext spark;
  private final PluginRegistry registry;
  private final PluginSpec loss;
  private final PluginSpec optimizer;
  private final PluginSpec schedule;
  private final TrainingOptions options;
  private final DistributedSpec distributed;
  private final ExecutorRegistry executors;
  private final TaskHook hook;

  /** What the training did, for provenance and tests. */
  record Summary(int partitions, int[] rows, long steps, int rounds, long rowsTrained,
      int retriedTasks, double lastLoss) {}

  /**
   * The end of a round, as the driver sees it once the network holds the averaged weights.
   *
   * @param from the steps every partition had taken before the round, from the run's start
   * @param done the steps every partition has taken after it
   * @param perEpoch the steps of an epoch
   * @param lossSum the round's loss summed over the rows it trained on
   * @param rows the rows the round trained on
   * @param optimizer the driver's optimizer state (the averaged one after local steps)
   */
  record RoundEnd(long from, long done, long perEpoch, double lossSum, long rows,
      OptimizerState optimizer) {}

  /** Told of each round's end, on the driver (checkpoints, progress); may throw to stop. */
  interface Rounds {
    /** Tells nobody. */
    Rounds NONE = end -> {};

    /** Called after each round. @param end what the round did */
    void ended(RoundEnd end);
  }

  ParameterAveraging(JavaSparkContext spark, PluginRegistry registry, PluginSpec loss,
      PluginSpec optimizer, PluginSpec schedule, TrainingOptions options,
      DistributedSpec distributed, ExecutorRegistry executors, TaskHook hook) {
    this.spark = spark;
    this.registry = registry;
    this.loss = loss;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.options = options;
    this.distributed = distributed;
    this.executors = executors;
    this.hook = hook;
  }

  /**
   * Trains the network in place on the blocks, one per partition.
   *
   * @param network the network, with its initial weights
   * @param blocks the partitions' rows, persisted
   * @return what was done
   */
  Summary train(Network network, JavaRDD<Frames.Block> blocks) {
    return train(network, blocks, 0, OptimizerState.EMPTY, Rounds.NONE);
  }

  /**
   * Trains the network in place on the blocks from step {@code start}, telling {@code rounds}
   * after each round. Rounds are one step each during warm-up and then {@code localSteps} (the
   * last one fewer), counted from step 0, so a run resumed from a round's end with that round's
   * weights and optimizer state takes the same rounds as one that did not stop, with the same
   * bits.
   *
   * @param network the network, with the weights of step {@code start}
   * @param blocks the partitions' rows, persisted
   * @param start the steps already taken (0 to start afresh), at a round's end
   * @param state the driver optimizer's state after step {@code start}
   * @param rounds told of each round's end
   * @return what was done
   */
  Summary train(Network network, JavaRDD<Frames.Block> blocks, long start,
      OptimizerState state, Rounds rounds) {
    List<Integer> counts;
    try { // the first job over the blocks reads the DataFrame: its rows' mistakes surface here
      counts = blocks.map(Frames.Block::rows).collect();
    } catch (Exception e) {
      throw SyncDataParallel.unwrap(e);
    }
    int[] rows = new int[counts.size()];
    long total = 0;
    for (int p = 0; p < rows.length; p++) {
      rows[p] = counts.get(p);
      if (rows[p] == 0) {
        throw new Nn4jSparkException("partition " + p + " of the DataFrame's " + rows.length
            + " has no rows; parameter averaging trains every partition on its own rows:"
            + " repartition the DataFrame or set fewer partitions");
      }
      total += rows[p];
    }
    int batch = options.batchSize();
    long perEpoch = batch == 0 ? 1
        : Math.max(1, (total + (long) rows.length * batch - 1) / ((long) rows.length * batch));
    long steps = perEpoch * options.epochs();
    if (start < 0 || start > steps) {
      throw new Nn4jSparkException("cannot start after step " + start + ": this run has "
          + steps + " steps (" + perEpoch + " an epoch); resume with the configuration and data"
          + " of the run that wrote the checkpoint");
    }
    Plan plan = new Plan(ConfigWriter.network(network), ConfigWriter.plugin(loss),
        ConfigWriter.plugin(optimizer), ConfigWriter.plugin(schedule), batch, options.shuffle(),
        options.seed(), options.clipping().norm(), options.clipping().value(), perEpoch,
        executors, hook);

    List<Parameter> parameters = network.parameters();
    List<StateBuffer> buffers = network.buffers();
    Optimizer driverOptimizer = registry.newOptimizer(optimizer);
    Updater updater = new Updater(network, parameters, driverOptimizer,
        registry.newSchedule(schedule), options.clipping());
    if (start > 0) {
      driverOptimizer.importState(state);
    }
    long done = start;
    int round = 0;
    long rowsTrained = 0;
    int retried = 0;
    double lastLoss = Double.NaN;
    while (done < steps) {
      boolean warmup = done < distributed.warmupSteps();
      int k = warmup ? 1 : (int) Math.min(distributed.localSteps(), steps - done);
      Broadcast<Sent> sent = spark.broadcast(new Sent(values(parameters, buffers),
          State.of(driverOptimizer.exportState()), done, k, round, warmup));
      List<Result> results;
      try {
        results = blocks.map(new Round(plan, sent)).collect();
      } catch (Exception e) { // Spark throws its checked SparkException unchecked
        throw SyncDataParallel.unwrap(e);
      } finally {
        sent.destroy();
      }
      double[] weights = new double[results.size()];
      double lossSum = 0;
      long lossRows = 0;
      for (int p = 0; p < weights.length; p++) {
        Result r = results.get(p);
        weights[p] = warmup ? r.rowsTrained : rows[p];
        lossSum += r.lossSum;
        lossRows += r.rowsTrained;
        rowsTrained += r.rowsTrained;
        retried += r.attempt > 0 ? 1 : 0;
      }
      lastLoss = lossSum / lossRows;
      if (!Double.isFinite(lastLoss)) {
        throw new Nn4jSparkException("training diverged in round " + round + " (steps " + done
            + " to " + (done + k) + "): the loss is " + lastLoss + "; lower the learning rate");
      }
      int np = parameters.size();
      if (warmup) {
        for (int i = 0; i < np; i++) {
          average(results, i, weights, parameters.get(i).gradient());
        }
        updater.apply(done, (int) (done / perEpoch) + 1);
      } else {
        for (int i = 0; i < np; i++) {
          average(results, i, weights, parameters.get(i).value());
        }
        driverOptimizer.importState(averageState(results, weights));
      }
      for (int i = 0; i < buffers.size(); i++) {
        average(results, np + i, weights, buffers.get(i).values());
      }
      done += k;
      round++;
      rounds.ended(new RoundEnd(done - k, done, perEpoch, lossSum, lossRows,
          driverOptimizer.exportState()));
    }
    return new Summary(rows.length, rows, steps, round, rowsTrained, retried, lastLoss);
  }

  /** The current values of the parameters, then of the state buffers, copied. */
  private static float[][] values(List<Parameter> parameters, List<StateBuffer> buffers) {
    float[][] values = new float[parameters.size() + buffers.size()][];
    for (int i = 0; i < parameters.size(); i++) {
      values[i] = parameters.get(i).value().clone();
    }
    for (int i = 0; i < buffers.size(); i++) {
      values[parameters.size() + i] = buffers.get(i).values().clone();
    }
    return values;
  }

  /** Writes the weighted mean of array {@code i} of the results, summed in partition order. */
  private static void average(List<Result> results, int i, double[] weights, float[] into) {
    double[] sum = new double[into.length];
    double total = 0;
    for (int p = 0; p < weights.length; p++) {
      float[] v = results.get(p).arrays[i];
      double w = weights[p];
      total += w;
      for (int e = 0; e < sum.length; e++) {
        sum[e] += w * v[e];
      }
    }
    for (int e = 0; e < sum.length; e++) {
      into[e] = (float) (sum[e] / total);
    }
  }

  /** The optimizer states averaged buffer by buffer; every partition took the same steps. */
  private static OptimizerState averageState(List<Result> results, double[] weights) {
    State first = results.get(0).state;
    Map<String, float[]> buffers = new LinkedHashMap<>();
    for (int b = 0; b < first.names.length; b++) {
      double[] sum = new double[first.buffers[b].length];
      double total = 0;
      for (int p = 0; p < weights.length; p++) {
        float[] v = results.get(p).state.buffers[b];
        total += weights[p];
        for (int e = 0; e < sum.length; e++) {
          sum[e] += weights[p] * v[e];
        }
      }
      float[] mean = new float[sum.length];
      for (int e = 0; e < sum.length; e++) {
        mean[e] = (float) (sum[e] / total);
      }
      buffers.put(first.names[b], mean);
    }
    return new OptimizerState(first.step, buffers);
  }

  /** What every task of a run needs: the plugins' texts and the options, as plain values. */
  private record Plan(String network, String loss, String optimizer, String schedule, int batch,
      boolean shuffle, long seed, double clipNorm, double clipValue, long perEpoch,
      ExecutorRegistry executors, TaskHook hook) implements Serializable {}

  /**
   * An optimizer state as plain arrays. This, {@link Sent} and {@link Result} are plain classes,
   * not records: nn4j's records are not serializable, and Spark's Kryo serializer (a cluster's
   * {@code spark.serializer}, used for broadcasts and task results) cannot build records.
   */
  private static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    final long step;
    final String[] names;
    final float[][] buffers;

    State(long step, String[] names, float[][] buffers) {
      this.step = step;
      this.names = names;
      this.buffers = buffers;
    }

    static State of(OptimizerState state) {
      String[] names = state.buffers().keySet().toArray(new String[0]);
      float[][] buffers = new float[names.length][];
      for (int i = 0; i < names.length; i++) {
        buffers[i] = state.buffers().get(names[i]);
      }
      return new State(state.step(), names, buffers);
    }

    OptimizerState restore() {
      Map<String, float[]> map = new LinkedHashMap<>();
      for (int i = 0; i < names.length; i++) {
        map.put(names[i], buffers[i]);
      }
      return new OptimizerState(step, map);
    }
  }

  /** A round's broadcast: weights and buffers, the optimizer's state, the steps done. */
  private static final class Sent implements Serializable {
    private static final long serialVersionUID = 1L;
    final float[][] values;
    final State state;
    final long done;
    final int steps;
    final int round;
    final boolean warmup;

    Sent(float[][] values, State state, long done, int steps, int round, boolean warmup) {
      this.values = values;
      this.state = state;
      this.done = done;
      this.steps = steps;
      this.round = round;
      this.warmup = warmup;
    }
  }

  /**
   * A partition's answer: after local steps its parameter values (after a warm-up step, the
   * gradient of its batch) then its state buffers; its optimizer state; its loss summed over the
   * rows it trained on; which attempt of the task this was.
   */
  private static final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    final float[][] arrays;
    final State state;
    final double lossSum;
    final long rowsTrained;
    final int attempt;

    Result(float[][] arrays, State state, double lossSum, long rowsTrained, int attempt) {
      this.arrays = arrays;
      this.state = state;
      this.lossSum = lossSum;
      this.rowsTrained = rowsTrained;
      this.attempt = attempt;
    }
  }

  /** The task of one round on one partition. */
  private static final class Round implements Function<Frames.Block, Result> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final Broadcast<Sent> sent;

    Round(Plan plan, Broadcast<Sent> sent) {
      this.plan = plan;
      this.sent = sent;
    }

    @Override
    public Result call(Frames.Block block) {
      TaskContext task = TaskContext.get();
      int partition = task.partitionId();
      Sent s = sent.value();
      plan.hook.start(s.round, partition);
      PluginRegistry registry = plan.executors.registry();
      Network network = ExecutorSide.network(registry, plan.network);
      Loss lossFunction = ExecutorSide.loss(registry, plan.loss);
      List<Parameter> parameters = network.parameters();
      List<StateBuffer> buffers = network.buffers();
      if (s.values.length != parameters.size() + buffers.size()) {
        throw new Nn4jSparkException("the executor's network has " + parameters.size()
            + " parameters and " + buffers.size() + " state buffers but the driver sent "
            + s.values.length + " arrays");
      }
      for (int i = 0; i < parameters.size(); i++) {
        System.arraycopy(s.values[i], 0, parameters.get(i).value(), 0, s.values[i].length);
      }
      for (int i = 0; i < buffers.size(); i++) {
        float[] v = s.values[parameters.size() + i];
        System.arraycopy(v, 0, buffers.get(i).values(), 0, v.length);
      }
      int inputs = network.inputs();
      int width = block.y().length / block.rows();
      int batch = plan.batch == 0 ? block.rows() : Math.min(plan.batch, block.rows());
      Batches batches = new Batches(block, inputs, width, batch, plan.shuffle,
          plan.seed ^ (0x9E3779B97F4A7C15L * (partition + 1)));
      Backpropagation backprop = new Backpropagation(network, lossFunction, batch,
          plan.seed + 31L * partition);
      Optimizer optimizer = null;
      Updater updater = null;
      if (!s.warmup) {
        optimizer = ExecutorSide.optimizer(registry, plan.optimizer);
        optimizer.importState(s.state.restore());
        updater = new Updater(network, backprop.parameters(), optimizer,
            ExecutorSide.schedule(registry, plan.schedule),
            new GradientClipping(plan.clipNorm, plan.clipValue));
      }
      double lossSum = 0;
      long trained = 0;
      for (int j = 0; j < s.steps; j++) {
        long step = s.done + j;
        batches.fill(step);
        double cost = backprop.compute(batches.x, batches.y, step);
        lossSum += cost * batch;
        trained += batch;
        if (updater != null) {
          updater.apply(step, (int) (step / plan.perEpoch) + 1);
        }
      }
      float[][] arrays = new float[parameters.size() + buffers.size()][];
      for (int i = 0; i < parameters.size(); i++) {
        Parameter p = backprop.parameters().get(i);
        arrays[i] = (s.warmup ? p.gradient() : p.value()).clone();
      }
      for (int i = 0; i < buffers.size(); i++) {
        arrays[parameters.size() + i] = buffers.get(i).values().clone();
      }
      State state = optimizer == null ? s.state : State.of(optimizer.exportState());
      return new Result(arrays, state, lossSum, trained, task.attemptNumber());
    }
  }

  /**
   * A partition's mini-batches: step t takes the rows at positions t·b to t·b + b − 1 of an
   * endless sequence of passes over the partition, each pass in its own seeded order.
   */
  private static final class Batches {
    private final Frames.Block block;
    private final int inputs;
    private final int width;
    private final int batch;
    private final boolean shuffle;
    private final long seed;
    private final Matrix x;
    private final Matrix y;
    private int[] order;
    private long pass = -1;

    Batches(Frames.Block block, int inputs, int width, int batch, boolean shuffle, long seed) {
      this.block = block;
      this.inputs = inputs;
      this.width = width;
      this.batch = batch;
      this.shuffle = shuffle;
      this.seed = seed;
      this.x = new Matrix(batch, inputs, new float[batch * inputs]);
      this.y = new Matrix(batch, width, new float[batch * width]);
    }

    void fill(long step) {
      int n = block.rows();
      for (int i = 0; i < batch; i++) {
        long q = step * batch + i;
        int row = order(q / n)[(int) (q % n)];
        System.arraycopy(block.x(), row * inputs, x.data(), i * inputs, inputs);
        System.arraycopy(block.y(), row * width, y.data(), i * width, width);
      }
    }

    /** The order of pass {@code p}: Fisher–Yates seeded by (seed, p), or the rows as stored. */
    private int[] order(long p) {
      if (p != pass) {
        int n = block.rows();
        order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        if (shuffle) {
          SplittableRandom random = new SplittableRandom(seed ^ (p * 0x9E3779B97F4A7C15L));
          for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
          }
        }
        pass = p;
      }
      return order;
    }
  }
}
