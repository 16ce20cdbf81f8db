package dev.kindling.platform;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.kindling.engine.spec.JobSpec;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedValueSerializerTest {

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	private static final JsonMapper ONCE = JsonMapper.builder()
		.addModule(RepeatedValueSerializer.jobSpecsOnce())
		.build();

	private static JobSpec spec(String path) {
		return PLAIN.readValue("""
				{"name":"j","source":{"format":"csv","path":"%s","header":true,"schema":"v INT, s STRING"},
				 "pipeline":[{"op":"filter","condition":"v > 1 AND s <> 'a\\"b'"}],
				 "action":{"type":"collect"},"session":{"timeZone":"UTC","ansiEnabled":true,
				 "currentTimestamp":"2026-11-30T21:52:12.518611805Z"}}""".formatted(path), JobSpec.class);
	}

	@Test
	void writesASpecAsTheOrdinarySerializerDoesEveryTimeItIsSent() {
		JobSpec spec = spec("people.csv");
		Object descriptor = Map.of("spec", spec, "others", List.of(spec, spec));
		String expected = PLAIN.writeValueAsString(descriptor);
		assertThat(ONCE.writeValueAsString(descriptor)).isEqualTo(expected);
		assertThat(ONCE.writeValueAsString(descriptor)).isEqualTo(expected);
		assertThat(ONCE.readValue(ONCE.writeValueAsString(spec), JobSpec.class)).isEqualTo(spec);
	}

	@Test
	void anotherSpecIsWrittenAsItselfNeverAsAnEarlierOne() {
		for (int i = 0; i < 500; i++) {
			JobSpec spec = spec("file-" + i + ".csv");
			assertThat(ONCE.writeValueAsString(spec)).isEqualTo(PLAIN.writeValueAsString(spec))
				.contains("file-" + i + ".csv");
		}
	}

}
