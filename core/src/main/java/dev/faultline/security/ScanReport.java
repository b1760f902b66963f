package dev.faultline.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a scan found: distinct findings (one per rule and location) and the locations that were only
 * scanned in part because they were longer than the scanner's cap. Immutable and thread-safe.
 *
 * <p>Bounded: a report lists at most the scanner's {@code maxIssues} findings and as many truncated
 * locations; {@link #issuesFound()} still counts every distinct finding, so a capped report says how
 * many it left out.
 */
public final class ScanReport {

    private static final ScanReport EMPTY = new ScanReport(0, List.of(), List.of());

    private final int issuesFound;
    private final List<Finding> issues;
    private final List<String> truncated;

    private ScanReport(int issuesFound, List<Finding> issues, List<String> truncated) {
        this.issuesFound = issuesFound;
        this.issues = issues;
        this.truncated = truncated;
    }

    /** A report with nothing found. */
    public static ScanReport empty() {
        return EMPTY;
    }

    /** How many distinct findings the scan made; at least {@code issues().size()}. */
    public int issuesFound() {
        return issuesFound;
    }

    /** The findings in the order they were made: locations in scan order, rules in a fixed order. */
    public List<Finding> issues() {
        return issues;
    }

    /** True when anything was found. */
    public boolean hasIssues() {
        return issuesFound > 0;
    }

    /** True when some listed finding has this category. */
    public boolean has(AttackCategory category) {
        Objects.requireNonNull(category, "category");
        for (Finding f : issues) {
            if (f.category() == category) {
                return true;
            }
        }
        return false;
    }

    /**
     * The locations whose value was longer than the scan cap: only their first
     * {@code maxInputLength} characters were scanned, so an attack after that point goes unseen.
     */
    public List<String> truncated() {
        return truncated;
    }

    /**
     * The report as {@link #toString()} shows it: {@code {"issues_found": n, "issues": [{"rule_id",
     * "category", "location"}, ...]}}, plus {@code "issues_omitted"} when the list was capped and
     * {@code "truncated"} (a list of locations) when some value was scanned only in part.
     */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issues_found", issuesFound);
        List<Map<String, Object>> list = new ArrayList<>(issues.size());
        for (Finding f : issues) {
            list.add(f.toMap());
        }
        m.put("issues", list);
        if (issuesFound > issues.size()) {
            m.put("issues_omitted", issuesFound - issues.size());
        }
        if (!truncated.isEmpty()) {
            m.put("truncated", truncated);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScanReport r && r.issuesFound == issuesFound && r.issues.equals(issues)
                && r.truncated.equals(truncated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuesFound, issues, truncated);
    }

    @Override
    public String toString() {
        return "ScanReport" + toMap();
    }

    /**
     * Gathers findings of one scan; not thread-safe. Remembers every distinct finding so that
     * {@code issuesFound} is exact; that set is bounded by the number of rules times the number of
     * locations a scan visits (which the request scanner caps), and lives only as long as the scan.
     */
    static final class Collector {
        private int maxIssues;
        // made on the first finding or truncation: almost every request has neither
        private @Nullable Set<Finding> seen;
        private @Nullable List<Finding> issues;
        private @Nullable Set<String> truncated;

        Collector(int maxIssues) {
            this.maxIssues = maxIssues;
        }

        /** Empties this collector for another scan (one kept in a scratch is reused request after request). */
        Collector reset(int maxIssues) {
            this.maxIssues = maxIssues;
            this.seen = null;
            this.issues = null;
            this.truncated = null;
            return this;
        }

        void add(Finding f) {
            Set<Finding> s = seen;
            List<Finding> l = issues;
            if (s == null || l == null) {
                s = seen = new LinkedHashSet<>();
                l = issues = new ArrayList<>();
            }
            if (s.add(f) && l.size() < maxIssues) {
                l.add(f);
            }
        }

        void truncated(String location) {
            Set<String> t = truncated;
            if (t == null) {
                t = truncated = new LinkedHashSet<>();
            }
            if (t.size() < maxIssues) {
                t.add(location);
            }
        }

        ScanReport build() {
            Set<Finding> s = seen;
            List<Finding> l = issues;
            Set<String> t = truncated;
            if ((s == null || s.isEmpty()) && (t == null || t.isEmpty())) {
                return EMPTY;
            }
            return new ScanReport(s == null ? 0 : s.size(),
                    l == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(l)),
                    t == null ? List.of() : List.copyOf(t));
        }
    }
}
