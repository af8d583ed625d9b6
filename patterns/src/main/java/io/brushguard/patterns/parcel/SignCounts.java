package io.brushguard.patterns.parcel;

/**
 * Signed parcels and how many of them were flagged, over a time bucket or a window. A Flink POJO.
 */
public class SignCounts {
    public int signed;
    public int flagged;

    public SignCounts() {}
}
