package io.brushguard.patterns.serde;

import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.parcel.ParcelMark;
import io.brushguard.patterns.review.ReviewMark;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way the job asks Flink for a type finds the hand-written serializers. */
class SerializerRegistrationTest {

    @Test
    void shouldUseTheSerializersForTheClasses() {
        assertThat(serializerOf(TypeInformation.of(PlatformEvent.class)))
                .isEqualTo(PlatformEventSerializer.INSTANCE);
        assertThat(serializerOf(TypeInformation.of(OrderContext.class)))
                .isEqualTo(OrderContextSerializer.INSTANCE);
        assertThat(serializerOf(TypeInformation.of(EnrichedEvent.class)))
                .isEqualTo(EnrichedEventSerializer.INSTANCE);
    }

    @Test
    void shouldUseThemForListElementsInState() {
        TypeInformation<List<EnrichedEvent>> buffer =
                new ListTypeInfo<>(TypeInformation.of(EnrichedEvent.class));

        assertThat(
                        ((ListTypeInfo<EnrichedEvent>) buffer)
                                .getElementTypeInfo()
                                .createSerializer(new SerializerConfigImpl()))
                .isEqualTo(EnrichedEventSerializer.INSTANCE);
    }

    @Test
    void shouldUseThemForFieldsOfOtherPojos() {
        for (Class<?> pojo : List.of(ReviewMark.class, ParcelMark.class)) {
            TypeInformation<?> info = TypeInformation.of(pojo);

            assertThat(info).isInstanceOf(PojoTypeInfo.class);
            PojoTypeInfo<?> pojoInfo = (PojoTypeInfo<?>) info;
            assertThat(pojoInfo.getTypeAt(pojoInfo.getFieldIndex("context")))
                    .isInstanceOf(SerializerTypeInfo.class);
            assertThat(serializerOf(info)).isInstanceOf(PojoSerializer.class);
        }
    }

    private static <T> TypeSerializer<T> serializerOf(TypeInformation<T> info) {
        return info.createSerializer(new SerializerConfigImpl());
    }
}
