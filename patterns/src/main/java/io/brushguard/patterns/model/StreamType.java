package io.brushguard.patterns.model;

/** The four input streams, with their default topic and data-set file names. */
public enum StreamType {
    ORDERS("orders"),
    PAYMENTS("payments"),
    LOGISTICS("logistics"),
    REVIEWS("reviews");

    private final String defaultName;

    StreamType(String defaultName) {
        this.defaultName = defaultName;
    }

    /** Default Kafka topic name, and the data-set file stem ({@code orders.jsonl}). */
    public String defaultName() {
        return defaultName;
    }
}
