package io.brushguard.benchmarks.jmh;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The output serializer of the benchmarks' test harnesses: it keeps each emitted value as it is.
 *
 * <p>Without one, a harness finds a serializer for the first value an operator emits ({@code
 * TypeExtractor.getForObject}, for an Avro alert about half a millisecond on every fresh harness)
 * and deep-copies every emitted value with it. Neither happens in the job, where an operator's
 * output is serialized by the next network edge (what {@code SerdeBenchmark} measures), so both
 * would be harness costs counted as the operator's. The harness only calls {@link #copy(Object)};
 * everything else is unsupported.
 */
final class KeptOutput<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        throw new UnsupportedOperationException();
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) {
        throw new UnsupportedOperationException(
                "the benchmarks' harness output is never serialized");
    }

    @Override
    public T deserialize(DataInputView source) {
        throw new UnsupportedOperationException();
    }

    @Override
    public T deserialize(T reuse, DataInputView source) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KeptOutput;
    }

    @Override
    public int hashCode() {
        return KeptOutput.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        throw new UnsupportedOperationException();
    }
}
