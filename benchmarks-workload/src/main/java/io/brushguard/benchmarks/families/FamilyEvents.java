package io.brushguard.benchmarks.families;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three fraud families' events as the throughput workload hands them to a contender in another
 * JVM (Esper): each platform event reduced to the fields the three core patterns read, its
 * thresholds, and the file both sides agree on. No dependencies, so that the Flink benchmark writes
 * it and the Esper module reads it.
 *
 * <p>File ({@link DataOutputStream}): the magic {@code "BGFAM1"}, the {@link Thresholds}, the
 * number of events, then per event its kind (one byte), its event time (long, epoch ms) and its
 * fields (strings as {@code writeUTF}, the rating as an int), in stream order.
 */
public final class FamilyEvents {

    private static final String MAGIC = "BGFAM1";

    private FamilyEvents() {}

    /** An order: any status; the patterns read CREATED only. */
    public static final byte ORDER = 'O';

    /** A payment: no pattern reads it; it is sent so that the contender sees every event. */
    public static final byte PAYMENT = 'P';

    /** A logistics scan of an order's parcel. */
    public static final byte SCAN = 'S';

    /** A review of a shop. */
    public static final byte REVIEW = 'R';

    /** The core rules' thresholds, from brushguard's shipped definitions (DetectionRules). */
    public record Thresholds(
            long brushingWindowMs,
            int minOrders,
            double minOrdersPerBuyer,
            int maxRingBuyers,
            long retentionMs,
            long reviewWindowMs,
            int maxRating,
            int minReviews,
            int minReviewers) {}

    /**
     * One event. {@code orderId}: orders, payments, scans; {@code shop}: orders and reviews; {@code
     * actor}: an order's buyer, a review's reviewer; {@code code}: an order's status or a scan's
     * type (the Avro enum's name); {@code rating}: reviews only.
     */
    public record Event(
            byte kind,
            long ts,
            String orderId,
            String shop,
            String actor,
            String code,
            int rating) {

        public static Event order(
                String orderId, String shop, String buyer, String status, long ts) {
            return new Event(ORDER, ts, orderId, shop, buyer, status, 0);
        }

        public static Event payment(String orderId, long ts) {
            return new Event(PAYMENT, ts, orderId, null, null, null, 0);
        }

        public static Event scan(String orderId, String scan, long ts) {
            return new Event(SCAN, ts, orderId, null, null, scan, 0);
        }

        public static Event review(String shop, String reviewer, int rating, long ts) {
            return new Event(REVIEW, ts, null, shop, reviewer, null, rating);
        }
    }

    /**
     * The order of events of one timestamp, as brushguard's detectors and CepFamilies' {@code
     * TieOrder} take them: orders, payments, scans other than SIGNED, signatures, reviews. Sort a
     * stream by {@link #STREAM_ORDER} (stable) to get what CEP sees.
     */
    public static int tieRank(Event e) {
        switch (e.kind) {
            case ORDER:
                return 0;
            case PAYMENT:
                return 1;
            case SCAN:
                return "SIGNED".equals(e.code) ? 3 : 2;
            default:
                return 4;
        }
    }

    /** Event time, then {@link #tieRank}. */
    public static final Comparator<Event> STREAM_ORDER =
            Comparator.comparingLong(Event::ts).thenComparingInt(FamilyEvents::tieRank);

    /** The workload read back: thresholds and events in stream order. */
    public record Workload(Thresholds thresholds, List<Event> events) {}

    public static void write(Path file, Thresholds t, List<Event> events) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeLong(t.brushingWindowMs());
            out.writeInt(t.minOrders());
            out.writeDouble(t.minOrdersPerBuyer());
            out.writeInt(t.maxRingBuyers());
            out.writeLong(t.retentionMs());
            out.writeLong(t.reviewWindowMs());
            out.writeInt(t.maxRating());
            out.writeInt(t.minReviews());
            out.writeInt(t.minReviewers());
            out.writeInt(events.size());
            for (Event e : events) {
                out.writeByte(e.kind);
                out.writeLong(e.ts);
                switch (e.kind) {
                    case ORDER:
                        out.writeUTF(e.orderId);
                        out.writeUTF(e.shop);
                        out.writeUTF(e.actor);
                        out.writeUTF(e.code);
                        break;
                    case PAYMENT:
                        out.writeUTF(e.orderId);
                        break;
                    case SCAN:
                        out.writeUTF(e.orderId);
                        out.writeUTF(e.code);
                        break;
                    case REVIEW:
                        out.writeUTF(e.shop);
                        out.writeUTF(e.actor);
                        out.writeInt(e.rating);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown kind " + e.kind);
                }
            }
        }
    }

    /** Reads a file written by {@link #write}; equal strings come back as one instance. */
    public static Workload read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IOException(file + " is not a family events file (" + magic + ")");
            }
            Thresholds t =
                    new Thresholds(
                            in.readLong(),
                            in.readInt(),
                            in.readDouble(),
                            in.readInt(),
                            in.readLong(),
                            in.readLong(),
                            in.readInt(),
                            in.readInt(),
                            in.readInt());
            int n = in.readInt();
            List<Event> events = new ArrayList<>(n);
            Map<String, String> strings = new HashMap<>();
            for (int i = 0; i < n; i++) {
                byte kind = in.readByte();
                long ts = in.readLong();
                switch (kind) {
                    case ORDER:
                        events.add(
                                Event.order(
                                        str(in, strings),
                                        str(in, strings),
                                        str(in, strings),
                                        str(in, strings),
                                        ts));
                        break;
                    case PAYMENT:
                        events.add(Event.payment(str(in, strings), ts));
                        break;
                    case SCAN:
                        events.add(Event.scan(str(in, strings), str(in, strings), ts));
                        break;
                    case REVIEW:
                        events.add(
                                Event.review(str(in, strings), str(in, strings), in.readInt(), ts));
                        break;
                    default:
                        throw new IOException("unknown kind " + kind + " at event " + i);
                }
            }
            return new Workload(t, events);
        }
    }

    private static String str(DataInputStream in, Map<String, String> strings) throws IOException {
        String s = in.readUTF();
        String seen = strings.putIfAbsent(s, s);
        return seen == null ? s : seen;
    }
}
