package io.brushguard.jobs.control;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

import java.io.Serializable;

/**
 * Makes a built-in rule's detector from its rule record (the start one, or one deployed since), so
 * that a running job can change the rule's parameters: {@code r -> new FastConfirmDetector(
 * (FastConfirmRule) r)}.
 */
@FunctionalInterface
public interface DetectorFactory<IN, OUT> extends Serializable {

    KeyedProcessFunction<String, IN, OUT> create(Object rule);
}
