package io.brushguard.patterns.definition;

import java.util.List;

/** Pattern definitions that cannot be used; the message lists every error, one per line. */
public final class DefinitionException extends IllegalArgumentException {

    private final List<DefinitionError> errors;

    public DefinitionException(List<DefinitionError> errors) {
        super(
                "invalid pattern definitions:\n"
                        + String.join(
                                "\n", errors.stream().map(DefinitionError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }
}
