package io.brushguard.patterns.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HashOrderTest {

    /**
     * The drain order is the one a comparison sort gives, for every mix of hashes: negative and
     * positive, few keys repeated many times, all one hash, sizes around the radix threshold.
     */
    @Test
    void shouldOrderAsAComparisonSortDoes() {
        Random random = new Random(25);
        int[] sizes = {
            0, 1, 2, 100, HashOrder.RADIX_FROM - 1, HashOrder.RADIX_FROM, 5_000, 200_000
        };
        for (int n : sizes) {
            for (int keys : new int[] {1, 3, 1_000, Integer.MAX_VALUE}) {
                int[] hashes = new int[Math.min(keys, 10_000)];
                for (int k = 0; k < hashes.length; k++) {
                    hashes[k] = keys == Integer.MAX_VALUE ? 0 : random.nextInt();
                }
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    int hash =
                            keys == Integer.MAX_VALUE
                                    ? random.nextInt()
                                    : hashes[random.nextInt(hashes.length)];
                    a[i] = ((long) hash << 32) | i;
                }
                long[] expected = a.clone();
                Arrays.sort(expected);
                HashOrder.sort(a, n, new long[n]);
                assertThat(a).as("%d events over %d keys", n, keys).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldSortOnlyTheGivenPrefix() {
        long[] a = new long[HashOrder.RADIX_FROM * 2];
        Random random = new Random(7);
        int n = HashOrder.RADIX_FROM + 10;
        for (int i = 0; i < a.length; i++) {
            a[i] = ((long) random.nextInt() << 32) | i;
        }
        long[] expected = a.clone();
        Arrays.sort(expected, 0, n);
        HashOrder.sort(a, n, new long[a.length]);
        assertThat(a).isEqualTo(expected);
    }

    @Test
    void shouldHandleTheExtremeHashes() {
        int n = HashOrder.RADIX_FROM;
        long[] a = new long[n];
        int[] extremes = {
            Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 0x80, -0x80, 0x8000_0000 >>> 1
        };
        for (int i = 0; i < n; i++) {
            a[i] = ((long) extremes[i % extremes.length] << 32) | i;
        }
        long[] expected = a.clone();
        Arrays.sort(expected);
        HashOrder.sort(a, n, new long[n]);
        assertThat(a).isEqualTo(expected);
    }
}
