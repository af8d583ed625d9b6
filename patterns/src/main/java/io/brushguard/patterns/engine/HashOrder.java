package io.brushguard.patterns.engine;

import java.util.Arrays;

/**
 * Sorts the engine's drain order: longs whose high 32 bits are a key's hash and whose low 32 bits
 * are the event's position among a watermark's events, by their signed value, as {@link
 * Arrays#sort(long[], int, int)} would. A watermark releases up to hundreds of thousands of events;
 * a radix sort of their hashes (four passes of a byte each, stable, so the positions stay in their
 * order within a hash) takes a few sequential passes where a comparison sort took a sixth of the
 * drain's time.
 */
final class HashOrder {

    /** Below this, a comparison sort is as fast and needs no scratch array. */
    static final int RADIX_FROM = 2_048;

    private static final int BYTES = 4;

    private HashOrder() {}

    /**
     * Sorts {@code a[0, n)}, whose positions (low 32 bits) are ascending as given, using {@code
     * scratch} (at least {@code n} long) for the passes; the result is in {@code a}.
     */
    static void sort(long[] a, int n, long[] scratch) {
        if (n < RADIX_FROM) {
            Arrays.sort(a, 0, n);
            return;
        }
        int[][] counts = new int[BYTES][257];
        for (int i = 0; i < n; i++) {
            long v = a[i];
            for (int b = 0; b < BYTES; b++) {
                counts[b][digit(v, b) + 1]++;
            }
        }
        long[] from = a;
        long[] to = scratch;
        for (int b = 0; b < BYTES; b++) {
            int[] start = counts[b];
            if (allIn(start, n)) {
                // Every value has the same byte here: nothing moves.
                continue;
            }
            for (int d = 0; d < 256; d++) {
                start[d + 1] += start[d];
            }
            for (int i = 0; i < n; i++) {
                long v = from[i];
                to[start[digit(v, b)]++] = v;
            }
            long[] t = from;
            from = to;
            to = t;
        }
        if (from != a) {
            System.arraycopy(from, 0, a, 0, n);
        }
    }

    /**
     * Byte {@code b} of the hash (0 the lowest), the highest with its sign bit flipped, so that
     * unsigned byte order is the signed order of the whole.
     */
    private static int digit(long v, int b) {
        int d = (int) (v >>> (32 + 8 * b)) & 0xff;
        return b == BYTES - 1 ? d ^ 0x80 : d;
    }

    /** Whether one digit holds all {@code n} values (counts shifted by one: count[d + 1]). */
    private static boolean allIn(int[] counts, int n) {
        for (int d = 1; d <= 256; d++) {
            if (counts[d] == n) {
                return true;
            }
            if (counts[d] != 0) {
                return false;
            }
        }
        return false;
    }
}
