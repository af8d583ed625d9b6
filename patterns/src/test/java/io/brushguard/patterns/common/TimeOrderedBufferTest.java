package io.brushguard.patterns.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The buffer hands out what a watermark passed exactly as a stable sort by time of everything
 * buffered would, however events arrive (in order, late within the slice, across slices, at slice
 * edges, at equal times) and however the watermarks fall; what stays, {@link
 * TimeOrderedBuffer#toList} shows in the same order.
 */
class TimeOrderedBufferTest {

    /** An event: its time and the position it was added at (to check stability). */
    record Ev(long time, int seq) {}

    private static TimeOrderedBuffer<Ev> buffer() {
        return new TimeOrderedBuffer<>(Ev::time);
    }

    @Test
    void handsOutWhatTheMarkPassedInTimeOrderKeepingTheOrderOfEqualTimes() {
        TimeOrderedBuffer<Ev> b = buffer();
        long s = TimeOrderedBuffer.SLICE_MS;
        List<Ev> added =
                List.of(
                        new Ev(s + 5, 0),
                        new Ev(3, 1),
                        new Ev(s + 5, 2),
                        new Ev(s - 1, 3),
                        new Ev(2 * s, 4),
                        new Ev(3, 5),
                        new Ev(s, 6));
        added.forEach(b::add);
        assertThat(b.size()).isEqualTo(7);

        List<Ev> out = new ArrayList<>();
        assertThat(b.pollUpTo(s, out)).isEqualTo(4);
        assertThat(out).extracting(Ev::seq).containsExactly(1, 5, 3, 6);
        assertThat(b.toList()).extracting(Ev::seq).containsExactly(0, 2, 4);

        out.clear();
        assertThat(b.pollUpTo(s + 4, out)).isZero();
        assertThat(out).isEmpty();
        // Late within the slice that the mark is in, still after the mark.
        b.add(new Ev(s + 4, 7));
        assertThat(b.pollUpTo(2 * s - 1, out)).isEqualTo(3);
        assertThat(out).extracting(Ev::seq).containsExactly(7, 0, 2);
        assertThat(b.size()).isEqualTo(1);

        out.clear();
        assertThat(b.pollUpTo(Long.MAX_VALUE, out)).isEqualTo(1);
        assertThat(out).extracting(Ev::seq).containsExactly(4);
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.toList()).isEmpty();
    }

    @Test
    void negativeTimesAndTheExtremesOfTheTimeRange() {
        TimeOrderedBuffer<Ev> b = buffer();
        b.add(new Ev(Long.MAX_VALUE, 0));
        b.add(new Ev(-1, 1));
        b.add(new Ev(Long.MIN_VALUE, 2));
        b.add(new Ev(0, 3));
        List<Ev> out = new ArrayList<>();
        b.pollUpTo(-1, out);
        assertThat(out).extracting(Ev::seq).containsExactly(2, 1);
        out.clear();
        b.pollUpTo(Long.MAX_VALUE, out);
        assertThat(out).extracting(Ev::seq).containsExactly(3, 0);
    }

    @Test
    void agreesWithAStableSortOfEverythingBufferedOnRandomArrivalsAndMarks() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            TimeOrderedBuffer<Ev> b = buffer();
            List<Ev> reference = new ArrayList<>();
            long mark = random.nextInt(1_000) - 500;
            // Deep buffers (many slices) in some rounds, a slice or two in others.
            int spread = random.nextBoolean() ? 200 : (int) (TimeOrderedBuffer.SLICE_MS * 30);
            int seq = 0;
            for (int step = 0; step < 60; step++) {
                int n = random.nextInt(200);
                for (int i = 0; i < n; i++) {
                    // Never at or before the last mark: the operators hand those over at once.
                    long t = mark + 1 + random.nextInt(spread);
                    if (random.nextInt(10) == 0 && !reference.isEmpty()) {
                        t = reference.get(random.nextInt(reference.size())).time(); // a tie
                    }
                    Ev e = new Ev(t, seq++);
                    b.add(e);
                    reference.add(e);
                }
                mark += random.nextInt(spread / 4 + 1);
                List<Ev> expected = new ArrayList<>();
                List<Ev> left = new ArrayList<>();
                for (Ev e : reference) {
                    (e.time() <= mark ? expected : left).add(e);
                }
                expected.sort(Comparator.comparingLong(Ev::time)); // stable
                reference = left;

                List<Ev> out = new ArrayList<>();
                assertThat(b.pollUpTo(mark, out)).isEqualTo(expected.size());
                assertThat(out).containsExactlyElementsOf(expected);
                assertThat(b.size()).isEqualTo(reference.size());
                if (step % 10 == 0) {
                    List<Ev> waiting = new ArrayList<>(reference);
                    waiting.sort(Comparator.comparingLong(Ev::time));
                    assertThat(b.toList()).containsExactlyElementsOf(waiting);
                }
            }
        }
    }

    @Test
    void aSliceTakenBitByBitIsCompactedAndKeepsItsOrder() {
        TimeOrderedBuffer<Ev> b = buffer();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            // All in one slice, in reverse order of time.
            b.add(new Ev(n - 1 - i, i));
        }
        List<Ev> out = new ArrayList<>();
        for (long mark = 0; mark < n; mark += 7) {
            b.pollUpTo(mark, out);
        }
        b.pollUpTo(Long.MAX_VALUE, out);
        assertThat(out).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(out.get(i).time()).isEqualTo(i);
        }
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void clearEmptiesIt() {
        TimeOrderedBuffer<Ev> b = buffer();
        b.add(new Ev(1, 0));
        b.add(new Ev(TimeOrderedBuffer.SLICE_MS * 5, 1));
        b.clear();
        assertThat(b.size()).isZero();
        assertThat(b.toList()).isEmpty();
        b.add(new Ev(2, 2));
        List<Ev> out = new ArrayList<>();
        b.pollUpTo(2, out);
        assertThat(out).extracting(Ev::seq).containsExactly(2);
    }
}
