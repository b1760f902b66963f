package dev.faultline.error;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The request's input is invalid. Classified as {@link ErrorType#VALIDATION}: 400 for syntactic
 * problems, 422 when {@link #semantic(String, List) semantic} (well-formed input that breaks a
 * business rule). The field errors are rendered in the problem body's {@code errors} array.
 */
public class ValidationException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    private final List<FieldError> fieldErrors;
    private final boolean semantic;

    /** A 400 with no field errors. */
    public ValidationException(@Nullable String publicDetail) {
        this(publicDetail, List.of());
    }

    /** A 400 with field errors. */
    public ValidationException(@Nullable String publicDetail, List<FieldError> fieldErrors) {
        this(publicDetail, fieldErrors, false);
    }

    private ValidationException(@Nullable String publicDetail, List<FieldError> fieldErrors, boolean semantic) {
        super(ErrorType.VALIDATION, publicDetail);
        this.fieldErrors = List.copyOf(Objects.requireNonNull(fieldErrors, "fieldErrors"));
        this.semantic = semantic;
    }

    /** A 422: the input is well formed but breaks a rule. */
    public static ValidationException semantic(@Nullable String publicDetail, List<FieldError> fieldErrors) {
        return new ValidationException(publicDetail, fieldErrors, true);
    }

    /** The invalid fields, possibly empty. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** Whether this is semantic (422) rather than syntactic (400) validation. */
    public boolean isSemantic() {
        return semantic;
    }

    @Override
    public int status() {
        int explicit = super.status();
        return explicit != ErrorType.VALIDATION.status() ? explicit : semantic ? 422 : 400;
    }
}
