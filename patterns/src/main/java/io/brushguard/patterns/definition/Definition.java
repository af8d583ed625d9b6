package io.brushguard.patterns.definition;

import io.brushguard.patterns.common.RuleMeta;

/**
 * One definition file, read and checked: its id, where it is ({@code file}, the {@code line} of its
 * id), the rule record it defines (a detector's rule, or the settings of the correlation, the gate
 * or the list candidates) and, for a detector, the rule's {@code meta} (null for the settings).
 */
public record Definition(String id, String file, int line, RuleMeta meta, Object rule) {}
