package io.brushguard.patterns.parcel;

import java.util.ArrayList;
import java.util.List;

/** What is known about one waybill of an order, as the detector keeps it. A Flink POJO. */
public class ParcelTrack {
    public String waybillId;
    public String carrierId;
    public String courierId;
    public int transitScans;
    public Integer weightGrams;
    public boolean alerted;

    /** Readable scan history, "epochMs|what", oldest first. */
    public List<String> scans = new ArrayList<>();

    public ParcelTrack() {}
}
