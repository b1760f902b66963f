package dev.faultline.logging;

import dev.faultline.internal.Preconditions;
import dev.faultline.logging.JsonLinesAuditSink.ChainHead;
import java.util.Objects;

/**
 * The outcome of {@link AuditVerifier#verify}: whether the whole file is an intact chain and, if not,
 * the first line that is not, and why. Lines after the first bad one are not examined.
 *
 * @param valid whether every line is a valid record, the chain is unbroken, the file ends with a
 *     newline, and (when an anchor was given) the file reaches the anchored head and agrees with it
 * @param records how many records, from the start of the file, are good (all of them when valid)
 * @param firstBadLine the 1-based number of the first bad line; 0 when valid. When the file ends before
 *     an anchored head, the number the first missing line would have
 * @param problem a sentence for a human, starting with {@code "line N: "}; empty when valid
 * @param head the seq and hash of the last good record; {@link ChainHead#GENESIS} when there is none
 */
public record AuditVerification(boolean valid, long records, long firstBadLine, String problem, ChainHead head) {

    /**
     * Checks that the components agree with one another.
     *
     * @throws IllegalArgumentException if the components contradict one another (a valid result with a
     *     bad line or a problem, an invalid one without)
     */
    public AuditVerification {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(head, "head");
        if (records < 0) {
            throw Preconditions.invalid("records", "must not be negative: " + records);
        }
        if (valid != (firstBadLine == 0) || valid != problem.isEmpty()) {
            throw Preconditions.invalid("AuditVerification", "must have no bad line and no problem when valid, and both when invalid");
        }
    }
}
