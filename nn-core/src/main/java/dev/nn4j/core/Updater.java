package dev.nn4j.core;

import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.ParallelLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one step's gradients: adds each layer's L1/L2 terms to the gradients of its regularised
 * parameters, clips by value then by global norm (stopping with a {@link
 * TrainingDivergedException} if a gradient is not finite), and runs the optimizer at the
 * schedule's rate.
 *
 * <p>Sparse rows: the optimizer is handed a parameter's {@linkplain Parameter#rows() row set}
 * only if it {@linkplain Optimizer#supportsSparseRows() supports sparse rows} and the parameter
 * has no L1/L2 penalty (which makes the gradient dense); otherwise the parameter goes to it
 * without one and is updated densely. Clipping keeps a zero gradient zero, so it keeps a row set
 * valid.
 *
 * <p>Thread-safety: not thread-safe; one instance belongs to one training run.
 */
public final class Updater {

  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final GradientClipping clipping;
  private final List<Parameter> parameters;
  /** The parameters as the optimizer gets them: with row sets where they may stay sparse. */
  private final List<Parameter> stepped;
  private final float[] l1;
  private final float[] l2;
  private final GradientPass[] passes;
  private final ParallelLoop loop;

  /**
   * Prepares the updates of a network's parameters.
   *
   * @param network the network, for each layer's regularisation
   * @param parameters the parameters the gradient strategy fills, in the network's order
   * @param optimizer the update rule
   * @param schedule the rate of each step
   * @param clipping limits on the gradients
   */
  public Updater(Network network, List<Parameter> parameters, Optimizer optimizer,
      LearningRateSchedule schedule, GradientClipping clipping) {
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.clipping = clipping;
    this.parameters = parameters;
    this.loop = network.backend().parallelLoop();
    this.l1 = new float[parameters.size()];
    this.l2 = new float[parameters.size()];
    int q = 0;
    for (LayerNode node : network.layers()) {
      for (Parameter p : node.parameters()) {
        if (node.layer().regularized().contains(p.name())) {
          l1[q] = (float) node.spec().regularization().l1();
          l2[q] = (float) node.spec().regularization().l2();
        }
        q++;
      }
    }
    List<Parameter> handed = new ArrayList<>(parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      boolean sparse = optimizer.supportsSparseRows() && l1[i] == 0 && l2[i] == 0;
      handed.add(sparse ? p : p.dense());
    }
    this.stepped = List.copyOf(handed);
    float limit = (float) clipping.value();
    passes = new GradientPass[parameters.size()];
    for (int i = 0; i < passes.length; i++) {
      passes[i] = new GradientPass(parameters.get(i).gradient(), limit);
    }
  }

  /** Returns the optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Regularises, clips and steps.
   *
   * @param step the 0-based step number
   * @param epoch the 1-based epoch
   * @throws TrainingDivergedException if a gradient is not finite
   */
  public void apply(long step, int epoch) {
    for (int q = 0; q < l1.length; q++) {
      if (l1[q] != 0 || l2[q] != 0) {
        penalize(parameters.get(q), l1[q], l2[q]);
      }
    }
    clip(step, epoch);
    optimizer.step(stepped, schedule.rate(optimizer.learningRate(), step, epoch), loop);
  }

  /** Adds λ₁·sign(w) + λ₂·w to the gradient. */
  private static void penalize(Parameter p, float l1, float l2) {
    float[] w = p.value();
    float[] g = p.gradient();
    for (int i = 0; i < g.length; i++) {
      g[i] += l2 * w[i] + l1 * Math.signum(w[i]);
    }
  }

  /**
   * Clips the gradients by value, then by global norm, and stops training if any is not finite.
   * Clipping by value and the sum of squares run on the backend's loop, split over its threads.
   */
  private void clip(long step, int epoch) {
    double squares = 0;
    for (GradientPass pass : passes) {
      loop.run(pass.g.length, pass);
      squares += pass.squares();
    }
    if (!Double.isFinite(squares)) {
      for (Parameter p : parameters) {
        for (float v : p.gradient()) {
          if (!Float.isFinite(v)) {
            throw new TrainingDivergedException(epoch, step, "the gradient of " + p.name());
          }
        }
      }
    }
    double norm = Math.sqrt(squares);
    double maxNorm = clipping.norm();
    if (maxNorm > 0 && norm > maxNorm) {
      float scale = (float) (maxNorm / norm);
      for (Parameter p : parameters) {
        float[] g = p.gradient();
        for (int i = 0; i < g.length; i++) {
          g[i] *= scale;
        }
      }
    }
  }

  /**
   * One parameter's gradient: clipped to ±limit (when limit &gt; 0) and its squares summed, one
   * partial sum per {@link ParallelLoop#GRAIN} values, added in index order by {@link #squares()},
   * so the sum has the same bits however the loop splits the work. Reused at every step.
   */
  private static final class GradientPass implements ParallelLoop.Range {
    private final float[] g;
    private final float limit;
    private final double[] partial;

    GradientPass(float[] g, float limit) {
      this.g = g;
      this.limit = limit;
      this.partial = new double[ParallelLoop.grains(g.length)];
    }

    @Override
    public void run(int from, int to) {
      for (int start = from, end; start < to; start = end) {
        end = to - start > ParallelLoop.GRAIN ? start + ParallelLoop.GRAIN : to;
        if (limit > 0) {
          for (int i = start; i < end; i++) {
            g[i] = Math.max(-limit, Math.min(limit, g[i]));
          }
        }
        partial[start / ParallelLoop.GRAIN] = sumOfSquares(g, start, end);
      }
    }

    double squares() {
      double sum = 0;
      for (double p : partial) {
        sum += p;
      }
      return sum;
    }
  }

  /**
   * Σ g² over {@code [from, to)} in double with eight independent accumulators, so the additions
   * do not wait on each other.
   */
  private static double sumOfSquares(float[] g, int from, int to) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int i = from;
    for (; i + 7 < to; i += 8) {
      s0 += (double) g[i] * g[i];
      s1 += (double) g[i + 1] * g[i + 1];
      s2 += (double) g[i + 2] * g[i + 2];
      s3 += (double) g[i + 3] * g[i + 3];
      s4 += (double) g[i + 4] * g[i + 4];
      s5 += (double) g[i + 5] * g[i + 5];
      s6 += (double) g[i + 6] * g[i + 6];
      s7 += (double) g[i + 7] * g[i + 7];
    }
    for (; i < to; i++) {
      s0 += (double) g[i] * g[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}
