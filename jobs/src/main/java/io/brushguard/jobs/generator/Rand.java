package io.brushguard.jobs.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's only source of randomness: a {@link SplittableRandom} (same seed, same sequence,
 * on every JVM) with the distributions a platform simulation needs.
 *
 * <p>Each phase of generation takes its own {@link #split()} in a fixed order, so a change in how
 * much randomness one phase consumes does not reshuffle the others.
 */
final class Rand {

    private final SplittableRandom random;

    Rand(long seed) {
        this(new SplittableRandom(seed));
    }

    private Rand(SplittableRandom random) {
        this.random = random;
    }

    /** An independent generator, derived deterministically from this one. */
    Rand split() {
        return new Rand(random.split());
    }

    double nextDouble() {
        return random.nextDouble();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    long nextLong() {
        return random.nextLong();
    }

    /** Uniform in {@code [lo, hi]}. */
    int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** Uniform in {@code [lo, hi]}. */
    long between(long lo, long hi) {
        return lo + random.nextLong(hi - lo + 1);
    }

    /** Uniform in {@code [lo, hi)}. */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    double gaussian() {
        return random.nextGaussian();
    }

    /** Log-normal with the given median; sigma is the spread of the logarithm. */
    double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    /** A log-normal duration in ms, clamped to {@code [min, max]}. */
    long durationMs(long medianMs, double sigma, long minMs, long maxMs) {
        long d = Math.round(logNormal(medianMs, sigma));
        return Math.max(minMs, Math.min(maxMs, d));
    }

    /** Log-uniform in {@code [lo, hi)}: as many values per decade, like prices and weights. */
    double logUniform(double lo, double hi) {
        return Math.exp(uniform(Math.log(lo), Math.log(hi)));
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** An index drawn by weight, given cumulative weights from {@link #cumulative}. */
    int pickIndex(double[] cumulative) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Index 0..n-1 drawn with the given (not necessarily normalised) probabilities. */
    int pickIndexOf(double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }

    /** {@code k} distinct elements in random order (all of them if {@code k >= size}). */
    <T> List<T> sample(List<T> list, int k) {
        List<T> copy = new ArrayList<>(list);
        int n = Math.min(k, copy.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(copy.size() - i);
            T tmp = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, tmp);
        }
        return new ArrayList<>(copy.subList(0, n));
    }

    /** {@code n} random hex digits. */
    String hex(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }

    /** {@code n} random decimal digits, the first not 0. */
    String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        b.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }
}
