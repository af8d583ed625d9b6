package io.brushguard.patterns.engine;

import io.brushguard.patterns.serde.ImmutableValueSerializer;
import io.brushguard.patterns.serde.SerializerTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Every definition deployed to the running job so far, one per id (the latest), numbered: what the
 * control operator broadcasts to the operators that run definitions after each accepted change.
 * Each keeps the latest it received in its state, and runs the job's start definitions with these
 * laid over them ({@code LiveCatalog}).
 */
public record CatalogUpdate(long revision, List<DeployedDefinition> deployed)
        implements Serializable {

    public CatalogUpdate {
        deployed = List.copyOf(deployed);
    }

    public static final CatalogUpdate EMPTY = new CatalogUpdate(0, List.of());

    public static TypeInformation<CatalogUpdate> typeInfo() {
        return new SerializerTypeInfo<>(CatalogUpdate.class, Serializer.INSTANCE);
    }

    /** Plain fields and UTF-8 texts; format version 1. */
    public static final class Serializer extends ImmutableValueSerializer<CatalogUpdate> {

        private static final long serialVersionUID = 1L;

        public static final Serializer INSTANCE = new Serializer();

        @Override
        public CatalogUpdate createInstance() {
            return EMPTY;
        }

        @Override
        public void serialize(CatalogUpdate u, DataOutputView out) throws IOException {
            out.writeLong(u.revision());
            out.writeInt(u.deployed().size());
            for (DeployedDefinition d : u.deployed()) {
                out.writeUTF(d.id());
                out.writeInt(d.version());
                byte[] yaml = d.yaml().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(yaml.length);
                out.write(yaml);
                out.writeBoolean(d.builtIn());
                out.writeBoolean(d.removed());
                out.writeBoolean(d.enabled());
                out.writeBoolean(d.shadow());
                out.writeUTF(d.by());
                out.writeLong(d.at());
            }
        }

        @Override
        public CatalogUpdate deserialize(DataInputView in) throws IOException {
            long revision = in.readLong();
            int n = in.readInt();
            List<DeployedDefinition> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                int version = in.readInt();
                byte[] yaml = new byte[in.readInt()];
                in.readFully(yaml);
                list.add(
                        new DeployedDefinition(
                                id,
                                version,
                                new String(yaml, java.nio.charset.StandardCharsets.UTF_8),
                                in.readBoolean(),
                                in.readBoolean(),
                                in.readBoolean(),
                                in.readBoolean(),
                                in.readUTF(),
                                in.readLong()));
            }
            return new CatalogUpdate(revision, list);
        }

        @Override
        public TypeSerializerSnapshot<CatalogUpdate> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Format version 1. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<CatalogUpdate> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
