package io.brushguard.patterns.parcel;

/** Decayed parcel counts of one category. A Flink POJO. */
public class CategoryWeights {
    public double parcels;
    public double light;
    public long lastAt;

    public CategoryWeights() {}
}
