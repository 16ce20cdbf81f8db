package dev.kindling.platform;

import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicReferenceArray;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.util.TokenBuffer;

import dev.kindling.engine.spec.JobSpec;

/**
 * Writes the JSON of an immutable value that is sent over and over (a job's pinned spec,
 * in every task descriptor of the job) once, and copies it raw after that: the same
 * object gives the same text as the ordinary serializer, without walking its fields again
 * (Spark ships a stage's task binary once for the same reason). Keyed by identity, in a
 * small table where a newer value simply takes an older one's place.
 */
final class RepeatedValueSerializer<T> extends ValueSerializer<T> {

	private static final int SIZE = 64;

	private static final JsonFactory TEXT = new JsonFactory();

	private record Entry(Object value, String json) {
	}

	private final ValueSerializer<Object> delegate;

	private final AtomicReferenceArray<Entry> written = new AtomicReferenceArray<>(SIZE);

	@SuppressWarnings("unchecked")
	private RepeatedValueSerializer(ValueSerializer<?> delegate) {
		this.delegate = (ValueSerializer<Object>) delegate;
	}

	/** A module that writes each job spec's JSON once. */
	static SimpleModule jobSpecsOnce() {
		SimpleModule module = new SimpleModule("kindling-repeated-values");
		module.setSerializerModifier(new ValueSerializerModifier() {

			@Override
			public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
					ValueSerializer<?> serializer) {
				return beanDesc.getBeanClass() == JobSpec.class ? new RepeatedValueSerializer<>(serializer)
						: serializer;
			}

		});
		return module;
	}

	@Override
	public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
		int slot = System.identityHashCode(value) & (SIZE - 1);
		Entry entry = this.written.get(slot);
		if (entry == null || entry.value() != value) {
			TokenBuffer tokens = ctxt.bufferForValueConversion();
			this.delegate.serialize(value, tokens, ctxt);
			StringWriter text = new StringWriter();
			try (JsonGenerator out = TEXT.createGenerator(ObjectWriteContext.empty(), text)) {
				tokens.serialize(out);
			}
			entry = new Entry(value, text.toString());
			this.written.set(slot, entry);
		}
		gen.writeRawValue(entry.json());
	}

	@Override
	public void resolve(SerializationContext ctxt) {
		this.delegate.resolve(ctxt);
	}

}
