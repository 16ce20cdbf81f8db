package dev.kindling.engine.physical;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.StringVector;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTableTest {

	private static StringVector strings(String... values) {
		StringVector v = new StringVector(values.length);
		for (String s : values) {
			v.append(s);
		}
		return v;
	}

	@Test
	void numbersOneStringKeyByFirstAppearanceWithNullAndEmptyAsTwoGroups() {
		KeyTable table = new KeyTable(new DataType[] { DataType.STRING });
		StringVector keys = strings("Paris", null, "", "Paris", "Zürich", null, "", "Zürich");
		int[] ids = new int[keys.size()];

		table.findOrInsert(new ColumnVector[] { keys }, keys.size(), ids);

		assertThat(ids).containsExactly(0, 1, 2, 0, 3, 1, 2, 3);
		assertThat(table.size()).isEqualTo(4);
	}

	@Test
	void findsOnlyStringKeysItHoldsAndFindsThemAgainAfterGrowing() {
		KeyTable table = new KeyTable(new DataType[] { DataType.STRING });
		String[] many = new String[5000];
		for (int i = 0; i < many.length; i++) {
			many[i] = "city-" + i + "-with-a-name-longer-than-eight-bytes".substring(0, i % 30);
		}
		StringVector keys = strings(many);
		int[] ids = new int[many.length];
		table.findOrInsert(new ColumnVector[] { keys }, many.length, ids);

		StringVector probe = strings(many[4999], "nowhere", many[0], null);
		int[] found = new int[4];
		table.find(new ColumnVector[] { probe }, 4, found);

		assertThat(found).containsExactly(ids[4999], -1, ids[0], -1);
		assertThat(table.size()).isEqualTo(5000);
	}

}
