package dev.kindling.engine.physical;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * An open-addressing hash table that numbers distinct key tuples 0, 1, 2, ... in order of
 * first appearance: the group ids of an aggregation and the build side of a join. Keys
 * compare with SQL GROUP BY semantics: a null equals a null, NaN equals NaN, {@code -0.0}
 * equals {@code 0.0}, and decimals by value (a key column has one decimal type, so one
 * scale: {@code 1.0} and {@code 1.00} read into it are both 100 at scale 2).
 * <p>
 * A single long-backed, double or compact decimal key is kept in a {@code long[]}; a
 * single string key is hashed and compared on the vector's own UTF-8 bytes and kept as
 * they are in an arena; any other key tuple is encoded into normalized bytes held in the
 * arena. Either way nothing is boxed and no {@code String} is made per row.
 */
final class KeyTable {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private final boolean singleLong;

	/**
	 * One string (or binary) key: its bytes are hashed and compared where the vector
	 * holds them and kept in the arena as they are, with no copy into an encoded tuple.
	 */
	private final boolean singleString;

	/**
	 * Slots hold a key's hash in the high half and its group id + 1 in the low half (0 is
	 * empty), so a probe reads one array until the hashes match.
	 */
	private long[] slots = new long[256];

	private int mask = 255;

	private int size;

	// single long key
	private long[] longKeys;

	private int nullGroup = -1;

	// byte keys
	private byte[] arena;

	private int[] starts;

	private byte[] scratch = new byte[64];

	/**
	 * Whether keys of these types use the {@code long} layout rather than encoded bytes.
	 */
	static boolean usesLongs(DataType[] types) {
		return types.length == 1 && (types[0].isLongBacked() || types[0] == DataType.DOUBLE
				|| (types[0] instanceof DecimalType d && d.isCompact()));
	}

	KeyTable(DataType[] keyTypes) {
		this.singleLong = usesLongs(keyTypes);
		this.singleString = keyTypes.length == 1 && (keyTypes[0] == DataType.STRING || keyTypes[0] == DataType.BINARY);
		if (this.singleLong) {
			this.longKeys = new long[64];
		}
		else {
			this.arena = new byte[1024];
			this.starts = new int[65];
		}
	}

	/** The number of distinct keys seen. */
	int size() {
		return this.size;
	}

	/**
	 * The group id of each of the first {@code n} rows, inserting keys not seen before
	 * (new ids in row order).
	 */
	void findOrInsert(ColumnVector[] keys, int n, int[] out) {
		lookup(keys, n, out, true);
	}

	/**
	 * The group id of each of the first {@code n} rows, or -1 for keys not in the table.
	 */
	void find(ColumnVector[] keys, int n, int[] out) {
		lookup(keys, n, out, false);
	}

	private void lookup(ColumnVector[] keys, int n, int[] out, boolean insert) {
		if (this.singleLong) {
			ColumnVector key = keys[0];
			for (int i = 0; i < n; i++) {
				if (key.isNull(i)) {
					if (this.nullGroup < 0 && insert) {
						this.nullGroup = this.size++;
					}
					out[i] = this.nullGroup;
				}
				else {
					out[i] = lookupLong(longKey(key, i), insert);
				}
			}
			return;
		}
		if (this.singleString) {
			StringVector key = (StringVector) keys[0];
			byte[] data = key.data();
			for (int i = 0; i < n; i++) {
				if (key.isNull(i)) {
					if (this.nullGroup < 0 && insert) {
						this.nullGroup = this.size++;
						// the null group holds an empty entry, so ids and arena entries
						// align
						appendEntry(data, 0, 0);
					}
					out[i] = this.nullGroup;
				}
				else {
					out[i] = lookupBytes(data, key.start(i), key.length(i), insert);
				}
			}
			return;
		}
		for (int i = 0; i < n; i++) {
			int length = encode(keys, i);
			out[i] = lookupBytes(this.scratch, 0, length, insert);
		}
	}

	private static long longKey(ColumnVector key, int row) {
		if (key instanceof LongVector l) {
			return l.get(row);
		}
		if (key instanceof DecimalVector d) {
			// a compact type's unscaled value: every key of the column has one scale
			return d.unscaled(row);
		}
		return normalizedBits(((DoubleVector) key).get(row));
	}

	static long normalizedBits(double d) {
		return d == 0.0 ? 0L : Double.doubleToLongBits(d);
	}

	private int lookupLong(long key, boolean insert) {
		int h = (int) mix(key);
		int slot = h & this.mask;
		while (true) {
			long e = this.slots[slot];
			if (e == 0) {
				if (!insert) {
					return -1;
				}
				int id = this.size++;
				if (id >= this.longKeys.length) {
					this.longKeys = Arrays.copyOf(this.longKeys, Math.max(id + 1, this.longKeys.length * 2));
				}
				this.longKeys[id] = key;
				this.slots[slot] = entry(h, id);
				maybeGrow();
				return id;
			}
			int id = (int) e - 1;
			if ((int) (e >>> 32) == h && this.longKeys[id] == key) {
				return id;
			}
			slot = (slot + 1) & this.mask;
		}
	}

	/** The id of the key {@code b[from .. from + length)}, inserting it when asked. */
	private int lookupBytes(byte[] b, int from, int length, boolean insert) {
		int h = hashBytes(b, from, length);
		int slot = h & this.mask;
		while (true) {
			long e = this.slots[slot];
			if (e == 0) {
				if (!insert) {
					return -1;
				}
				int id = this.size++;
				appendEntry(b, from, length);
				this.slots[slot] = entry(h, id);
				maybeGrow();
				return id;
			}
			int id = (int) e - 1;
			if ((int) (e >>> 32) == h
					&& Arrays.equals(this.arena, this.starts[id], this.starts[id + 1], b, from, from + length)) {
				return id;
			}
			slot = (slot + 1) & this.mask;
		}
	}

	/** Keeps the bytes of the entry of the id last given out. */
	private void appendEntry(byte[] b, int from, int length) {
		int id = this.size - 1;
		int at = this.starts[id];
		if (at + length > this.arena.length) {
			this.arena = Arrays.copyOf(this.arena, Math.max(at + length, this.arena.length * 2));
		}
		System.arraycopy(b, from, this.arena, at, length);
		if (id + 1 == this.starts.length) {
			this.starts = Arrays.copyOf(this.starts, this.starts.length * 2);
		}
		this.starts[id + 1] = at + length;
	}

	private static long entry(int hash, int id) {
		return ((long) hash << 32) | (id + 1);
	}

	private void maybeGrow() {
		if (this.size * 2 <= this.slots.length) {
			return;
		}
		long[] bigger = new long[this.slots.length * 2];
		int m = bigger.length - 1;
		for (long e : this.slots) {
			if (e != 0) {
				int slot = (int) (e >>> 32) & m;
				while (bigger[slot] != 0) {
					slot = (slot + 1) & m;
				}
				bigger[slot] = e;
			}
		}
		this.slots = bigger;
		this.mask = m;
	}

	/** Encodes row {@code row}'s key tuple into {@code scratch}; returns its length. */
	private int encode(ColumnVector[] keys, int row) {
		int pos = 0;
		for (ColumnVector key : keys) {
			if (key.isNull(row)) {
				pos = reserve(pos, 1);
				this.scratch[pos++] = 0;
				continue;
			}
			if (key instanceof LongVector l) {
				pos = reserve(pos, 9);
				this.scratch[pos++] = 1;
				LONGS.set(this.scratch, pos, l.get(row));
				pos += 8;
			}
			else if (key instanceof DoubleVector d) {
				pos = reserve(pos, 9);
				this.scratch[pos++] = 1;
				LONGS.set(this.scratch, pos, normalizedBits(d.get(row)));
				pos += 8;
			}
			else if (key instanceof StringVector s) {
				int length = s.length(row);
				pos = reserve(pos, 5 + length);
				this.scratch[pos++] = 1;
				INTS.set(this.scratch, pos, length);
				pos += 4;
				System.arraycopy(s.data(), s.start(row), this.scratch, pos, length);
				pos += length;
			}
			else if (key instanceof BooleanVector b) {
				pos = reserve(pos, 2);
				this.scratch[pos++] = 1;
				this.scratch[pos++] = (byte) (b.get(row) ? 1 : 0);
			}
			else {
				// one scale per key column, and one representation per value (compact
				// whenever it fits a long), so equal values encode to equal bytes
				DecimalVector d = (DecimalVector) key;
				if (d.isCompact(row)) {
					pos = reserve(pos, 9);
					this.scratch[pos++] = 1;
					LONGS.set(this.scratch, pos, d.unscaled(row));
					pos += 8;
				}
				else {
					byte[] unscaled = d.unscaledBig(row).toByteArray();
					pos = reserve(pos, 5 + unscaled.length);
					this.scratch[pos++] = 2;
					INTS.set(this.scratch, pos, unscaled.length);
					pos += 4;
					System.arraycopy(unscaled, 0, this.scratch, pos, unscaled.length);
					pos += unscaled.length;
				}
			}
		}
		return pos;
	}

	private int reserve(int pos, int more) {
		if (pos + more > this.scratch.length) {
			this.scratch = Arrays.copyOf(this.scratch, Math.max(pos + more, this.scratch.length * 2));
		}
		return pos;
	}

	static long mix(long k) {
		k ^= k >>> 33;
		k *= 0xff51afd7ed558ccdL;
		k ^= k >>> 33;
		k *= 0xc4ceb93fe53b1a85L;
		k ^= k >>> 33;
		return k;
	}

	private static int hashBytes(byte[] b, int from, int length) {
		long h = 0x9E3779B97F4A7C15L ^ length;
		int i = from;
		int end = from + length;
		for (; i + 8 <= end; i += 8) {
			h = (h ^ (long) LONGS.get(b, i)) * 0xff51afd7ed558ccdL;
			h = Long.rotateLeft(h, 29);
		}
		for (; i < end; i++) {
			h = (h ^ b[i]) * 0xc4ceb93fe53b1a85L;
		}
		return (int) mix(h);
	}

}
