package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.core.backend.JavaBackend;
import dev.nn4j.testkit.SplitLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class TrainerTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final Loss LOSS = REGISTRY.newLoss(PluginSpec.of("squared_error"));

  private static Network network(long seed) {
    return Network.builder(REGISTRY).inputs(3).seed(seed)
        .dense(4, "tanh").dense(2, "sigmoid").build();
  }

  private static Dataset data(int n) {
    SplittableRandom random = new SplittableRandom(5);
    Matrix x = Matrix.zeros(n, 3);
    Matrix y = Matrix.zeros(n, 2);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        x.data()[i * 3 + k] = (float) random.nextDouble(-1, 1);
      }
      y.data()[i * 2 + (x.data()[i * 3] > 0 ? 0 : 1)] = 1;
    }
    return new Dataset(x, y);
  }

  @Test
  void handsTheOptimizerExactlyTheGradientsBackpropagationComputed() {
    Dataset data = data(8);
    Network expectedNetwork = network(1);
    Backpropagation reference = new Backpropagation(expectedNetwork, LOSS, 8);
    reference.pass(data.features(), data.targets());

    Optimizer optimizer = mock(Optimizer.class);
    List<List<float[]>> seen = new ArrayList<>();
    doAnswer(call -> {
      List<Parameter> parameters = call.getArgument(0);
      seen.add(parameters.stream().map(p -> p.gradient().clone()).toList());
      return null;
    }).when(optimizer).step(any(), anyDouble(), any());

    Network trained = network(1);
    new Trainer(LOSS, optimizer, new TrainingOptions(1, 0, false, 1)).fit(trained, data);

    verify(optimizer, times(1)).step(any(), anyDouble(), same(trained.backend().parallelLoop()));
    assertThat(seen).hasSize(1);
    List<Parameter> expected = reference.parameters();
    for (int i = 0; i < expected.size(); i++) {
      assertThat(seen.get(0).get(i)).as(expected.get(i).name())
          .containsExactly(expected.get(i).gradient());
    }
  }

  @Test
  void stepsOncePerMiniBatchAndReportsToListenersInOrder() {
    Optimizer optimizer = mock(Optimizer.class);
    TrainingListener listener = mock(TrainingListener.class);
    TrainingHistory history = new Trainer(LOSS, optimizer, new TrainingOptions(2, 3, true, 9))
        .fit(network(1), data(8), data(4), List.of(listener));

    verify(optimizer, times(6)).step(any(), anyDouble(), any());
    InOrder order = inOrder(listener);
    order.verify(listener).onTrainingStart(2, 3);
    order.verify(listener).onEpochStart(1);
    order.verify(listener, times(3)).onBatchEnd(any());
    order.verify(listener).onEpochEnd(any());
    order.verify(listener).onEpochStart(2);
    order.verify(listener).onTrainingEnd(history);
    verify(listener, times(2)).onEpochStart(anyInt());
    assertThat(history.epochs()).hasSize(2);
    assertThat(history.epochs().get(0).metrics()).containsOnlyKeys("loss", "val_loss",
        "val_accuracy");
  }

  @Test
  void theSameSeedGivesBitIdenticalWeights() {
    Network a = network(3);
    Network b = network(3);
    Trainer trainer = Trainer.builder(REGISTRY).epochs(5).batchSize(3).seed(11).build();
    Trainer twin = Trainer.builder(REGISTRY).epochs(5).batchSize(3).seed(11).build();
    trainer.fit(a, data(10));
    twin.fit(b, data(10));
    for (int l = 0; l < 2; l++) {
      assertThat(a.layers().get(l).parameter("weights")).isEqualTo(b.layers().get(l).parameter("weights"));
      assertThat(a.layers().get(l).parameter("biases")).containsExactly(b.layers().get(l).parameter("biases"));
    }
    assertThat(a.layers().get(0).parameter("weights")).isNotEqualTo(network(3).layers().get(0).parameter("weights"));
  }

  @Test
  void trainingSplitOverTheBackendsLoopGivesTheSameBits() {
    Backend java = new JavaBackend();
    Backend split = mock(Backend.class, delegatesTo(java));
    doReturn(new SplitLoop()).when(split).parallelLoop();
    SplittableRandom random = new SplittableRandom(8);
    Matrix x = Matrix.zeros(300, 200);
    Matrix y = Matrix.zeros(300, 2);
    for (int i = 0; i < 300; i++) {
      for (int k = 0; k < 200; k++) {
        x.data()[i * 200 + k] = (float) random.nextDouble(-1, 1);
      }
      y.data()[i * 2 + (x.data()[i * 200] > 0 ? 0 : 1)] = 1;
    }
    Dataset data = new Dataset(x, y);
    List<Network> trained = new ArrayList<>();
    for (Backend backend : List.of(java, split)) {
      // 200 × 100 = 20,000 weights and batches of 100 × 200 inputs: more than one grain each
      Network network = Network.builder(REGISTRY).inputs(200).seed(4).backend(backend)
          .dense(100, "tanh").dense(2, "sigmoid").build();
      Trainer.builder(REGISTRY).optimizer("adam").epochs(2).batchSize(100).seed(2)
          .clipping(new GradientClipping(0.05, 0.001)).build().fit(network, data);
      trained.add(network);
    }
    for (int l = 0; l < 2; l++) {
      assertThat(trained.get(1).layers().get(l).parameter("weights"))
          .isEqualTo(trained.get(0).layers().get(l).parameter("weights"));
      assertThat(trained.get(1).layers().get(l).parameter("biases"))
          .containsExactly(trained.get(0).layers().get(l).parameter("biases"));
    }
  }

  @Test
  void lossFallsOverEpochs() {
    TrainingHistory history = Trainer.builder(REGISTRY)
        .optimizer(PluginSpec.of("sgd", new dev.nn4j.optimizers.SgdProvider.Parameters(0.5)))
        .epochs(30).batchSize(4).build()
        .fit(network(2), data(32));
    assertThat(history.finalLoss()).isLessThan(history.losses().get(0) * 0.8);
  }

  @Test
  void rejectsDataThatDoesNotFitTheNetwork() {
    Dataset wrong = new Dataset(Matrix.zeros(2, 5), Matrix.zeros(2, 2));
    assertThatThrownBy(() -> Trainer.builder(REGISTRY).build().fit(network(1), wrong))
        .isInstanceOf(ShapeException.class)
        .hasMessage("training features must be 2×3 but is 2×5");
  }

  @Test
  void theScheduleSetsTheRateOfEveryStepAcrossFitCalls() {
    Optimizer optimizer = mock(Optimizer.class);
    when(optimizer.learningRate()).thenReturn(0.5);
    Trainer trainer = new Trainer(LOSS, optimizer, new TrainingOptions(2, 4, false, 1),
        (base, step, epoch) -> base / (step + 1) + epoch);
    trainer.fit(network(1), data(8));
    trainer.fit(network(1), data(8));
    InOrder order = inOrder(optimizer);
    order.verify(optimizer).step(any(), eq(0.5 / 1 + 1), any());
    order.verify(optimizer).step(any(), eq(0.5 / 2 + 1), any());
    order.verify(optimizer).step(any(), eq(0.5 / 3 + 2), any());
    order.verify(optimizer).step(any(), eq(0.5 / 4 + 2), any());
    order.verify(optimizer).step(any(), eq(0.5 / 5 + 1), any());
  }
}
