package dev.faultline.spring.boot;

import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.ValidationException;
import dev.faultline.http.HttpReply;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.validation.BindingResult;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What Faultline should know of an exception Spring MVC handles: the exceptions Spring answers with a
 * client error become {@link FaultlineException}s that carry the status, a detail safe to show and the
 * field errors, with Spring's exception as their cause (so logs keep it); anything else is what the
 * application threw, out of the servlet container's wrappers, classified by Faultline as on any other server.
 */
final class SpringFailures {

    private static final boolean BEAN_VALIDATION = ClassUtils.isPresent("jakarta.validation.ConstraintViolationException",
            SpringFailures.class.getClassLoader());

    private SpringFailures() {
    }

    /**
     * The failure to give Faultline for {@code ex}.
     *
     * @param ex what Spring MVC caught
     * @return a {@link FaultlineException} for Spring's own client and status errors, else the exception out of its servlet wrappers
     */
    static Throwable translate(Throwable ex) {
        if (ex instanceof FaultlineException) {
            return ex;
        }
        if (ex instanceof MethodArgumentNotValidException invalid) {
            return validation("The request is not valid.", fieldErrors(invalid.getBindingResult()), ex);
        }
        if (ex instanceof HandlerMethodValidationException invalid) {
            List<FieldError> errors = new ArrayList<>();
            for (ParameterValidationResult result : invalid.getParameterValidationResults()) {
                String name = result.getMethodParameter().getParameterName();
                if (result instanceof ParameterErrors errs) {
                    for (org.springframework.validation.FieldError f : errs.getFieldErrors()) {
                        errors.add(new FieldError(f.getField(), message(f)));
                    }
                    for (org.springframework.validation.ObjectError o : errs.getGlobalErrors()) {
                        errors.add(new FieldError(name != null ? name : o.getObjectName(), message(o)));
                    }
                } else {
                    for (MessageSourceResolvable r : result.getResolvableErrors()) {
                        errors.add(new FieldError(name != null ? name : "argument", message(r)));
                    }
                }
            }
            return validation("The request is not valid.", errors, ex);
        }
        if (BEAN_VALIDATION && ex instanceof jakarta.validation.ConstraintViolationException invalid) {
            return BeanValidation.translate(invalid);
        }
        if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
            String type = mismatch.getRequiredType() != null ? mismatch.getRequiredType().getSimpleName() : "another type";
            return validation("Parameter '" + mismatch.getName() + "' has a value of the wrong type.",
                    List.of(new FieldError(mismatch.getName(), "must be of type " + type)), ex);
        }
        if (ex instanceof TypeMismatchException mismatch) {
            String name = mismatch.getPropertyName() != null ? mismatch.getPropertyName() : "value";
            String type = mismatch.getRequiredType() != null ? mismatch.getRequiredType().getSimpleName() : "another type";
            return validation("A value has the wrong type.", List.of(new FieldError(name, "must be of type " + type)), ex);
        }
        if (ex instanceof MissingServletRequestParameterException missing) {
            return validation("Required parameter '" + missing.getParameterName() + "' is missing.",
                    List.of(new FieldError(missing.getParameterName(), "is required")), ex);
        }
        if (ex instanceof HttpMessageNotReadableException) {
            // the cause (Jackson's) names internals: the client gets a plain sentence, the log the cause
            return validation("The request body could not be read.", List.of(), ex);
        }
        if (ex instanceof MissingRequestValueException && ex instanceof ErrorResponse response
                && response.getStatusCode().is4xxClientError()) {
            return validation(detail(response), List.of(), ex);
        }
        if (ex instanceof ErrorResponse response) {
            // ResponseStatusException, ErrorResponseException, 405, 415, 406, NoResourceFound, ...
            int status = response.getStatusCode().value();
            if (HttpReply.isProblemStatus(status)) {
                return new FaultlineException(ErrorType.forStatus(status), status >= 500 ? null : detail(response),
                        ex.getMessage(), ex).withStatus(status);
            }
        }
        return unwrap(ex);
    }

    private static FaultlineException validation(@Nullable String detail, List<FieldError> errors, Throwable cause) {
        return new SpringValidationException(detail, errors, cause);
    }

    private static @Nullable String detail(ErrorResponse response) {
        String detail = response.getBody().getDetail();
        return detail == null || detail.isBlank() ? null : detail;
    }

    private static List<FieldError> fieldErrors(BindingResult binding) {
        List<FieldError> errors = new ArrayList<>();
        for (org.springframework.validation.FieldError f : binding.getFieldErrors()) {
            errors.add(new FieldError(f.getField(), message(f)));
        }
        for (org.springframework.validation.ObjectError o : binding.getGlobalErrors()) {
            errors.add(new FieldError(o.getObjectName(), message(o)));
        }
        return errors;
    }

    private static String message(MessageSourceResolvable r) {
        String m = r.getDefaultMessage();
        return m != null ? m : "is not valid";
    }

    /**
     * {@code t} without the servlet container's and Spring's wrappers around it ({@code ServletException},
     * as {@code FrameworkServlet} wraps what a handler threw): the exception the application threw, with
     * its own causes, which Faultline's classifier walks itself. Not the innermost cause: that throws
     * away what the application said (a JDK {@code ConnectException} whose cause is a
     * {@code ClosedChannelException} is an upstream that refused, 502, not an internal error).
     *
     * @param t a throwable
     * @return the first throwable in its chain that is not a wrapper, or {@code t} itself
     */
    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        int depth = 0;
        while (e instanceof jakarta.servlet.ServletException && e.getCause() != null && e.getCause() != e
                && depth++ < 32) {
            e = e.getCause();
        }
        return e;
    }

    /** Bean Validation, only touched when {@code jakarta.validation} is on the class path. */
    private static final class BeanValidation {

        private BeanValidation() {
        }

        static FaultlineException translate(jakarta.validation.ConstraintViolationException invalid) {
            List<FieldError> errors = new ArrayList<>();
            for (jakarta.validation.ConstraintViolation<?> v : invalid.getConstraintViolations()) {
                String path = String.valueOf(v.getPropertyPath());
                // "create.arg0.name" / "create.video.name": drop the method name
                int dot = path.indexOf('.');
                errors.add(new FieldError(dot > 0 ? path.substring(dot + 1) : path, v.getMessage()));
            }
            return validation("The request is not valid.", errors, invalid);
        }
    }

    /**
     * A {@link ValidationException} (so that problem bodies carry its field errors) whose cause is
     * Spring's exception, for stack traces in logs. {@code ValidationException} takes no cause, and
     * {@code initCause} cannot set one once a constructor passed none: {@link #getCause()} answers it.
     */
    static final class SpringValidationException extends ValidationException {

        private static final long serialVersionUID = 1L;

        private final Throwable springCause;

        SpringValidationException(@Nullable String detail, List<FieldError> fieldErrors, Throwable cause) {
            super(detail, fieldErrors);
            this.springCause = cause;
        }

        @Override
        public synchronized Throwable getCause() {
            return springCause;
        }
    }
}
