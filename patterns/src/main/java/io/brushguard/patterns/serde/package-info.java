/**
 * Hand-written Flink serializers for the types that flow through every shuffle and sit in most
 * keyed state: {@link io.brushguard.patterns.model.PlatformEvent}, {@link
 * io.brushguard.patterns.correlation.OrderContext} and {@link
 * io.brushguard.patterns.correlation.EnrichedEvent}.
 *
 * <p><b>Why.</b> With Flink's POJO and Avro serializers, serialisation was most of the job's CPU
 * time: every record creation went through reflection ({@code Constructor.newInstance}, {@code
 * Field.set}, Avro's {@code SpecificData.newRecord}), and each event is shuffled to about twenty
 * detectors and buffered in their state. These serializers write the fields directly, build objects
 * with {@code new} and setters, and are registered with {@code @TypeInfo} on the classes, so every
 * {@code TypeInformation.of(X.class)} (streams, {@code ListTypeInfo} buffers, {@code ValueState},
 * fields of other POJOs) uses them.
 *
 * <p><b>The format.</b> Strings by {@code StringValue} (any length, null-aware), instants as epoch
 * milliseconds, enums as one byte (ordinal + 1, 0 for null), nullable numbers behind a flag. Fields
 * are written in schema (or declaration) order with no field names, so the layout is fixed by code.
 *
 * <p><b>Changing a schema or a class.</b> Adding a field to an {@code .avsc}, to {@code
 * OrderContext} or to {@code PlatformEvent}, or adding, removing or reordering an enum symbol,
 * changes the layout:
 *
 * <ol>
 *   <li>The serializer tests fail until the serializer writes the new field (they fill every field
 *       of every schema and class with a random value and round-trip it).
 *   <li>Then they fail until you bump the serializer's {@code VERSION} and pin the new layout
 *       fingerprint in the test.
 *   <li>Decide about existing savepoints. Either keep them: teach the serializer to read the old
 *       version and let the snapshot answer {@code compatibleAfterMigration} for it. Or break them:
 *       say so in the release notes; a restore then fails as incompatible (or, where Flink asks the
 *       snapshot for its serializer first, with a message that names both versions), it never reads
 *       old bytes with the new layout.
 * </ol>
 *
 * Enums are written by ordinal because it is one byte against a string per event; the layout
 * fingerprint in every snapshot covers the symbols in order, so even a reorder without a version
 * bump stops a restore instead of silently changing values.
 */
package io.brushguard.patterns.serde;
