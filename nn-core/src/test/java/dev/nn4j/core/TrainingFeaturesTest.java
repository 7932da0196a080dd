package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.optimizers.SgdProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Initializers, regularisation, clipping, the divergence guard and early stopping. */
class TrainingFeaturesTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final Loss LOSS = REGISTRY.newLoss(PluginSpec.of("squared_error"));

  private static Dataset data(int n, int inputs, int outputs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Matrix x = Matrix.zeros(n, inputs);
    Matrix y = Matrix.zeros(n, outputs);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = (float) random.nextDouble(-1, 1);
    }
    for (int i = 0; i < n; i++) {
      y.data()[i * outputs + (x.data()[i * inputs] > 0 ? 0 : outputs - 1)] = 1;
    }
    return new Dataset(x, y);
  }

  // ---- initializers ----

  @Test
  void initializersDrawFromTheirDistributions() {
    SplittableRandom random = new SplittableRandom(1);
    assertThat(draw("zeros", random, 3, 2)).containsOnly(0f);
    assertThat(draw(PluginSpec.of("constant", new Initializers.Scale(0.25)), random, 3, 2))
        .containsOnly(0.25f);
    float limit = (float) Math.sqrt(6.0 / 100);
    float[] he = draw("he_uniform", random, 100, 50);
    assertThat(max(he)).isLessThanOrEqualTo(limit).isGreaterThan(limit * 0.95f);
    float[] normal = draw("he_normal", random, 200, 100);
    assertThat(std(normal)).isCloseTo(Math.sqrt(2.0 / 200), within(0.003));
    assertThat(std(draw("glorot_normal", random, 200, 100)))
        .isCloseTo(Math.sqrt(2.0 / 300), within(0.003));
    assertThat(std(draw("lecun_normal", random, 200, 100)))
        .isCloseTo(Math.sqrt(1.0 / 200), within(0.003));
    assertThat(std(draw(PluginSpec.of("normal", new Initializers.Scale(0.5)), random, 200, 100)))
        .isCloseTo(0.5, within(0.01));
    assertThatThrownBy(() -> draw("kaiming", random, 1, 1)).hasMessageContaining(
        "kaiming").hasMessageContaining("kaiming_normal");
  }

  private static float[] draw(String name, SplittableRandom random, int in, int out) {
    return draw(PluginSpec.of(name), random, in, out);
  }

  private static float[] draw(PluginSpec spec, SplittableRandom random, int in, int out) {
    float[] w = new float[in * out];
    ((dev.nn4j.api.spi.Initializer) REGISTRY.create(dev.nn4j.api.PluginKind.INITIALIZER, spec))
        .draw(w, in, out, random);
    return w;
  }

  @Test
  void theDefaultInitializerFollowsTheActivation() {
    assertThat(REGISTRY.newActivation(PluginSpec.of("relu")).initializer())
        .isEqualTo("he_uniform");
    assertThat(REGISTRY.newActivation(PluginSpec.of("leaky_relu")).initializer())
        .isEqualTo("he_uniform");
    assertThat(REGISTRY.newActivation(PluginSpec.of("tanh")).initializer())
        .isEqualTo("glorot_uniform");
    assertThat(REGISTRY.newActivation(PluginSpec.of("selu")).initializer())
        .isEqualTo("lecun_normal");
    Network relu = Network.builder(REGISTRY).inputs(6).seed(3).dense(4, "relu").build();
    float[] expected = draw("he_uniform", new SplittableRandom(3), 6, 4);
    assertThat(relu.layers().get(0).parameter("weights")).containsExactly(expected);
  }

  // ---- regularisation ----

  @Test
  void l1AndL2AddTheirTermsToTheWeightGradientsOnly() {
    Dataset d = data(5, 3, 2, 1);
    Network plain = Network.builder(REGISTRY).inputs(3).seed(2).dense(2, "sigmoid").build();
    Network penalized = Network.builder(REGISTRY).inputs(3).seed(2).dense(2, "sigmoid")
        .regularization(new Regularization(0.1, 0.5, 0)).build();
    Backpropagation a = new Backpropagation(plain, LOSS, 5);
    Backpropagation b = new Backpropagation(penalized, LOSS, 5);
    a.pass(d.features(), d.targets());
    b.pass(d.features(), d.targets());
    new Updater(penalized, b.parameters(), new Recorder(), (base, step, epoch) -> base,
        GradientClipping.NONE).apply(0, 1);
    new Updater(plain, a.parameters(), new Recorder(), (base, step, epoch) -> base,
        GradientClipping.NONE).apply(0, 1);
    float[] w = plain.layers().get(0).parameter("weights");
    float[] g = a.parameters().get(0).gradient();
    float[] gp = b.parameters().get(0).gradient();
    for (int i = 0; i < w.length; i++) {
      assertThat(gp[i]).isCloseTo(g[i] + 0.5f * w[i] + 0.1f * Math.signum(w[i]), within(1e-6f));
    }
    assertThat(b.parameters().get(1).gradient()).containsExactly(a.parameters().get(1).gradient());
  }

  @Test
  void dropoutIsOffAtInferenceAndSeededWhileTraining() {
    Network network = Network.builder(REGISTRY).inputs(4).seed(5)
        .dense(32, "relu").regularization(new Regularization(0, 0, 0.5))
        .dense(2, "sigmoid").build();
    Matrix x = data(6, 4, 2, 2).features();
    assertThat(network.predict(x)).isEqualTo(network.predict(x));
    Network noDropout = Network.builder(REGISTRY).inputs(4).seed(5).dense(32, "relu")
        .dense(2, "sigmoid").build();
    assertThat(network.predict(x)).isEqualTo(noDropout.predict(x));

    Dataset d = data(6, 4, 2, 2);
    Backpropagation backprop = new Backpropagation(network, LOSS, 6, 99);
    double step0 = backprop.pass(d.features(), d.targets(), 0);
    double again = backprop.pass(d.features(), d.targets(), 0);
    double step1 = backprop.pass(d.features(), d.targets(), 1);
    assertThat(again).isEqualTo(step0);
    assertThat(step1).isNotEqualTo(step0);
    Backpropagation reference = new Backpropagation(noDropout, LOSS, 6, 99);
    assertThat(reference.pass(d.features(), d.targets(), 0)).isNotEqualTo(step0);
  }

  @Test
  void gradientsWithDropoutMatchCentralDifferencesUnderTheSameMask() {
    Network network = Network.builder(REGISTRY).inputs(3).seed(8)
        .dense(6, "tanh").regularization(new Regularization(0, 0, 0.3))
        .dense(2, "sigmoid").build();
    Dataset d = data(4, 3, 2, 3);
    Backpropagation backprop = new Backpropagation(network, LOSS, 4, 7);
    backprop.pass(d.features(), d.targets(), 5);
    Backpropagation probe = new Backpropagation(network, LOSS, 4, 7);
    // the gradient buffers are the layers' own, which the probe's passes overwrite
    float[][] gradients = backprop.parameters().stream().map(p -> p.gradient().clone())
        .toArray(float[][]::new);
    for (Parameter p : backprop.parameters()) {
      float[] analytic = gradients[backprop.parameters().indexOf(p)];
      for (int i = 0; i < p.size(); i++) {
        float original = p.value()[i];
        p.value()[i] = original + 1e-2f;
        double plus = probe.pass(d.features(), d.targets(), 5);
        p.value()[i] = original - 1e-2f;
        double minus = probe.pass(d.features(), d.targets(), 5);
        p.value()[i] = original;
        assertThat((double) analytic[i]).as("%s[%d]", p.name(), i)
            .isCloseTo((plus - minus) / 2e-2, within(2e-5));
      }
    }
  }

  // ---- clipping and divergence ----

  /** An optimizer that records the global norm and the largest component it is handed. */
  private static final class Recorder implements Optimizer {
    final List<Double> norms = new ArrayList<>();
    final List<Float> largest = new ArrayList<>();

    @Override
    public double learningRate() {
      return 0.1;
    }

    @Override
    public void step(List<Parameter> parameters, double learningRate) {
      double sum = 0;
      float max = 0;
      for (Parameter p : parameters) {
        for (float g : p.gradient()) {
          sum += (double) g * g;
          max = Math.max(max, Math.abs(g));
        }
      }
      norms.add(Math.sqrt(sum));
      largest.add(max);
    }

    @Override
    public OptimizerState exportState() {
      return OptimizerState.EMPTY;
    }

    @Override
    public void importState(OptimizerState state) {}
  }

  @Test
  void clippingBoundsTheGlobalNormAndEachComponent() {
    Network network = Network.builder(REGISTRY).inputs(3).seed(1).dense(8, "relu")
        .dense(2, "identity").build();
    Dataset d = data(16, 3, 2, 4);
    for (int i = 0; i < d.targets().size(); i++) {
      d.targets().data()[i] *= 50;
    }
    Recorder free = new Recorder();
    new Trainer(LOSS, free, new TrainingOptions(2, 4, true, 1)).fit(network.copy(), d);
    assertThat(free.norms).anyMatch(n -> n > 1);
    Recorder byNorm = new Recorder();
    new Trainer(LOSS, byNorm, new TrainingOptions(2, 4, true, 1, new GradientClipping(1, 0),
        null, Metrics.DEFAULT)).fit(network.copy(), d);
    assertThat(byNorm.norms).allMatch(n -> n <= 1 + 1e-6);
    Recorder byValue = new Recorder();
    new Trainer(LOSS, byValue, new TrainingOptions(2, 4, true, 1, new GradientClipping(0, 0.05),
        null, Metrics.DEFAULT)).fit(network.copy(), d);
    assertThat(byValue.largest).allMatch(g -> g <= 0.05f);
  }

  @Test
  void aDivergingRunStopsAtTheStepNamingEpochStepAndLayer() {
    Network network = Network.builder(REGISTRY).inputs(3).seed(1).dense(8, "relu")
        .dense(2, "identity").build();
    Dataset d = data(16, 3, 2, 4);
    Trainer trainer = Trainer.builder(REGISTRY).loss("mse")
        .optimizer(PluginSpec.of("sgd", new SgdProvider.Parameters(1e6))).epochs(50)
        .batchSize(4).build();
    assertThatThrownBy(() -> trainer.fit(network, d))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageMatching("training diverged at epoch \\d+, step \\d+: (the loss \\(.*\\)|the "
            + "gradient of layers\\[\\d\\]\\.(weights|bias)) is NaN or infinite; .*");
  }

  // ---- early stopping ----

  @Test
  void earlyStoppingRestoresTheBestEpochsWeights() {
    Network network = Network.builder(REGISTRY).inputs(3).seed(1).dense(4, "tanh")
        .dense(2, "sigmoid").build();
    List<float[]> weightsAfter = new ArrayList<>();
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        weightsAfter.add(network.layers().get(0).parameter("weights"));
      }
    };
    Trainer trainer = Trainer.builder(REGISTRY)
        .optimizer(PluginSpec.of("sgd", new SgdProvider.Parameters(2.0)))
        .epochs(40).batchSize(4).earlyStopping(EarlyStopping.on("val_loss", 3, 0)).build();
    TrainingHistory history = trainer.fit(network, data(32, 3, 2, 5), data(16, 3, 2, 6),
        List.of(recorder));
    int best = history.bestEpoch();
    double bestLoss = history.epochs().stream().mapToDouble(e -> e.metrics().get("val_loss"))
        .min().orElseThrow();
    assertThat(history.epochs().get(best - 1).metrics().get("val_loss")).isEqualTo(bestLoss);
    assertThat(network.layers().get(0).parameter("weights")).containsExactly(weightsAfter.get(best - 1));
    if (history.stoppedEarly()) {
      assertThat(history.epochs()).hasSize(best + 3);
    }
  }

  @Test
  void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
    Network network = Network.builder(REGISTRY).inputs(3).seed(1).dense(2, "sigmoid").build();
    List<float[]> weightsAfter = new ArrayList<>();
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        weightsAfter.add(network.layers().get(0).parameter("weights"));
      }
    };
    // no change is ever large enough to count: the first epoch stays the best
    TrainingHistory history = Trainer.builder(REGISTRY).epochs(20).batchSize(4)
        .earlyStopping(new EarlyStopping("loss", 2, 1e9, false)).build()
        .fit(network, data(16, 3, 2, 7), null, List.of(recorder));
    assertThat(history.epochs()).hasSize(3);
    assertThat(history.stoppedEarly()).isTrue();
    assertThat(history.bestEpoch()).isEqualTo(1);
    assertThat(network.layers().get(0).parameter("weights")).containsExactly(weightsAfter.get(0));
    assertThatThrownBy(() -> Trainer.builder(REGISTRY).earlyStopping(EarlyStopping.on("val_f1",
        2, 0)).build().fit(network, data(8, 3, 2, 1)))
        .hasMessageContaining("early stopping monitors 'val_f1' but the epochs report [loss] "
            + "(there is no validation data)");
  }

  // ---- metrics ----

  @Test
  void classificationAndRegressionMetrics() {
    Matrix predictions = Matrix.of(new float[] {0.9f, 0.1f}, new float[] {0.2f, 0.8f},
        new float[] {0.6f, 0.4f}, new float[] {0.3f, 0.7f});
    Matrix targets = Matrix.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {0, 1},
        new float[] {0, 1});
    ConfusionMatrix c = ConfusionMatrix.of(predictions, targets);
    assertThat(c.count(1, 0)).isEqualTo(1);
    assertThat(c.accuracy()).isEqualTo(0.75);
    assertThat(c.precision(0)).isEqualTo(0.5);
    assertThat(c.recall(1)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(c.f1(1)).isCloseTo(0.8, within(1e-12));
    assertThat(c.macroF1()).isCloseTo((2.0 / 3 + 0.8) / 2, within(1e-12));
    assertThat(c.toTable(List.of("cat", "dog"))).isEqualTo(
        "actual \\ predicted      cat      dog precision  recall      f1\n"
            + "cat                       1        0    0.5000  1.0000  0.6667\n"
            + "dog                       1        2    1.0000  0.6667  0.8000\n");
    var m = Metrics.compute(REGISTRY, List.of("accuracy", "macro_f1", "recall", "mae", "rmse", "r2"),
        LOSS, predictions, targets);
    assertThat(m).containsKeys("accuracy", "macro_f1", "recall_0", "recall_1", "mae", "rmse",
        "r2");
    assertThat(m.get("mae")).isCloseTo((0.1 + 0.1 + 0.2 + 0.2 + 0.6 + 0.6 + 0.3 + 0.3) / 8,
        within(1e-6));
    Matrix y = Matrix.of(new float[] {1}, new float[] {2}, new float[] {3});
    var r = Metrics.compute(REGISTRY, List.of("rmse", "r2"), LOSS,
        Matrix.of(new float[] {1}, new float[] {2}, new float[] {4}), y);
    assertThat(r.get("rmse")).isCloseTo(Math.sqrt(1.0 / 3), within(1e-9));
    assertThat(r.get("r2")).isCloseTo(0.5, within(1e-9));
  }

  private static float max(float[] values) {
    float m = 0;
    for (float v : values) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static double std(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum / values.length);
  }
}
