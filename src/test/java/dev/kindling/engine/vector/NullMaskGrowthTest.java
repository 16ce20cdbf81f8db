package dev.kindling.engine.vector;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.types.DataType;

import static org.assertj.core.api.Assertions.assertThat;

class NullMaskGrowthTest {

	@Test
	void theNullMaskGrowsWithValuesAppendedAfterTheFirstNull() {
		for (DataType type : DataType.simpleTypes()) {
			if (type == DataType.NULL) {
				continue;
			}
			ColumnVector v = ColumnVector.allocate(type, 2);
			v.appendNull();
			Object value = switch (type.kind()) {
				case STRING -> "x";
				case BOOLEAN -> true;
				case DOUBLE -> 1.5;
				case DECIMAL -> BigDecimal.ONE;
				default -> 1L;
			};
			for (int i = 0; i < 100; i++) {
				v.appendObject(value);
			}
			assertThat(v.isNull(0)).as(type.sqlName()).isTrue();
			assertThat(v.isNull(100)).as(type.sqlName()).isFalse();
			assertThat(v.nulls().length).as(type.sqlName()).isGreaterThanOrEqualTo(v.size());
			assertThat(v.select(new int[] { 100, 0 }, 2).isNull(1)).as(type.sqlName()).isTrue();
		}
	}

	@Test
	void aWrappedOrSelectedVectorCanStillBeAppendedTo() {
		LongVector v = new LongVector(DataType.BIGINT, new long[] { 1, 2 }, new boolean[] { false, true }, 2);
		v.append(3);
		assertThat(v.isNull(2)).isFalse();
		LongVector empty = v.select(new int[0], 0);
		empty.append(4);
		assertThat(empty.isNull(0)).isFalse();
	}

}
