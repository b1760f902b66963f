package dev.faultline.logging;

import dev.faultline.internal.Preconditions;
import java.util.Locale;

/**
 * The kinds of secret the {@link Redactor} recognises by their shape, whatever the name they are
 * logged under. A value found is replaced by {@code [REDACTED:<label>]} ({@code [REDACTED:jwt]}), so
 * that an operator reading the log knows what was there.
 *
 * <p>Every kind is on by default except the personal data ({@link #EMAIL}, {@link #IBAN}), which
 * {@link Redactor.Builder#detect} turns on.
 */
public enum SecretKind {
    /** {@code Bearer <credential>} (8 or more token characters): the credential. */
    BEARER("bearer"),
    /** {@code Basic <base64>} decoding to {@code user:password}: the credentials. */
    BASIC("basic"),
    /** A JSON Web Token: three base64url segments, the first decoding to a JSON object. */
    JWT("jwt"),
    /** A PEM block {@code -----BEGIN ... PRIVATE KEY-----} up to its end line, or to the end of the text. */
    PRIVATE_KEY("private-key"),
    /** An AWS access key id: {@code AKIA}, {@code ASIA}, {@code ABIA} or {@code ACCA} and 16 of {@code [A-Z0-9]}. */
    AWS_ACCESS_KEY_ID("aws-access-key-id"),
    /** An AWS secret access key (40 base64 characters) within 256 characters after an access key id. */
    AWS_SECRET_KEY("aws-secret-key"),
    /** A GitHub token: {@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_} and 36 or more
     * letters and digits, or {@code github_pat_} and 22 or more. */
    GITHUB_TOKEN("github-token"),
    /** A GitLab personal access token: {@code glpat-} and 20 or more characters. */
    GITLAB_TOKEN("gitlab-token"),
    /** A Slack token: {@code xoxa-}, {@code xoxb-}, {@code xoxp-}, {@code xoxo-}, {@code xoxr-}, {@code xoxs-}
     * and 10 or more characters. */
    SLACK_TOKEN("slack-token"),
    /** A Stripe secret or restricted key ({@code sk_live_}, {@code sk_test_}, {@code rk_live_},
     * {@code rk_test_} and 16 or more characters) or webhook secret ({@code whsec_} and 24 or more). */
    STRIPE_KEY("stripe-key"),
    /** A Google API key: {@code AIza} and 35 characters. */
    GOOGLE_API_KEY("google-api-key"),
    /** An npm access token: {@code npm_} and 36 letters and digits. */
    NPM_TOKEN("npm-token"),
    /** An OpenAI-style key: {@code sk-} and 20 or more characters with a letter and a digit. */
    OPENAI_KEY("openai-key"),
    /** The password of a URL's user information ({@code postgres://app:hunter2@db/...}). */
    URL_PASSWORD("url-password"),
    /** A payment card number: 13 to 19 digits, single spaces or dashes allowed between digits, a
     * card-network first digit (2 to 6) and a valid Luhn check digit. */
    CARD("card"),
    /** An e-mail address (personal data; off by default). */
    EMAIL("email"),
    /** An IBAN with a valid check (personal data; off by default). */
    IBAN("iban");

    private final String label;
    private final String marker;

    SecretKind(String label) {
        this.label = label;
        this.marker = "[REDACTED:" + label + "]";
    }

    /** The name in the marker: {@code jwt}, {@code card}, ... */
    public String label() {
        return label;
    }

    /** The text that replaces a value of this kind: {@code [REDACTED:jwt]}. */
    public String marker() {
        return marker;
    }

    /** Whether the kind is detected unless switched off (all but the personal data). */
    public boolean onByDefault() {
        return this != EMAIL && this != IBAN;
    }

    /** The kind with this label or constant name (any case), for settings. */
    static SecretKind parse(String name, String setting) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SecretKind k : values()) {
            if (k.label.equals(n)) {
                return k;
            }
        }
        throw Preconditions.invalid(setting, ": unknown secret kind '" + name + "'");
    }
}
