package io.brushguard.jobs.credit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A person's decision on a blacklist or red-list candidate, and the review status it sets. */
public enum Decision {
    CONFIRM("CONFIRMED"),
    DISMISS("DISMISSED");

    private final String status;

    Decision(String status) {
        this.status = status;
    }

    /** The {@code list_candidate.review_status} this decision sets. */
    public String status() {
        return status;
    }

    /**
     * The decision named by {@code word}, in any case ({@code confirm}, {@code DISMISS}).
     *
     * @throws IllegalArgumentException naming the choices when there is no such decision
     */
    public static Decision parse(String word) {
        try {
            return valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the decision must be "
                            + Arrays.stream(values())
                                    .map(d -> d.name().toLowerCase(Locale.ROOT))
                                    .collect(Collectors.joining(" or "))
                            + ", got '"
                            + word
                            + "'");
        }
    }
}
