package io.brushguard.patterns.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointWindowTest {

    @Test
    void closedUntilTwoCheckpointsPredictTheNext() {
        CheckpointWindow w = new CheckpointWindow(500, 0);
        assertThat(w.open(0)).isFalse();
        w.checkpointed(1_000);
        assertThat(w.open(10_000)).isFalse();
        assertThat(w.open(100_000)).isFalse();
        w.checkpointed(11_000);
        assertThat(w.open(18_999)).isFalse();
        assertThat(w.open(19_000)).isTrue();
    }

    @Test
    void theConfiguredIntervalPredictsTheSecondCheckpoint() {
        CheckpointWindow w = new CheckpointWindow(500, 10_000);
        assertThat(w.open(9_000)).isFalse();
        // Flink draws the first checkpoint's time at random.
        w.checkpointed(3_700);
        assertThat(w.open(13_700 - CheckpointWindow.PASSES * 500 - 1)).isFalse();
        assertThat(w.open(13_700 - CheckpointWindow.PASSES * 500)).isTrue();
        // Then the checkpoints seen: here they come every 12 s.
        w.checkpointed(15_700);
        assertThat(w.open(27_700 - CheckpointWindow.PASSES * 500 - 1)).isFalse();
        assertThat(w.open(27_700 - CheckpointWindow.PASSES * 500)).isTrue();
    }

    @Test
    void opensPassesIntervalsBeforeThePredictedCheckpointAndStaysOpenWhenItIsLate() {
        CheckpointWindow w = new CheckpointWindow(500, 0);
        w.checkpointed(0);
        w.checkpointed(10_000);
        long opens = 20_000 - CheckpointWindow.PASSES * 500;
        assertThat(w.open(opens - 1)).isFalse();
        assertThat(w.open(opens)).isTrue();
        assertThat(w.open(20_000)).isTrue();
        assertThat(w.open(35_000)).isTrue();
        // The next checkpoint came late: the interval predicted now is the longer one.
        w.checkpointed(35_000);
        assertThat(w.open(35_000 + 25_000 - CheckpointWindow.PASSES * 500 - 1)).isFalse();
        assertThat(w.open(35_000 + 25_000 - CheckpointWindow.PASSES * 500)).isTrue();
    }

    @Test
    void atMostTheSecondHalfOfAShortInterval() {
        CheckpointWindow w = new CheckpointWindow(500, 0);
        w.checkpointed(0);
        w.checkpointed(1_000);
        assertThat(w.open(1_499)).isFalse();
        assertThat(w.open(1_500)).isTrue();
    }

    @Test
    void aSecondSnapshotAtTheSameTimeKeepsThePrediction() {
        CheckpointWindow w = new CheckpointWindow(500, 0);
        w.checkpointed(0);
        w.checkpointed(10_000);
        w.checkpointed(10_000);
        assertThat(w.open(18_000)).isTrue();
        assertThat(w.open(17_999)).isFalse();
    }

    @Test
    void refusesAnIntervalOfZero() {
        assertThatThrownBy(() -> new CheckpointWindow(0, 10_000)).hasMessageContaining("> 0");
    }
}
