package dev.kindling.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Readers resume after any event the journal still holds, and only then. */
class JournalTest {

	@Test
	void aReaderGetsEverythingAfterItsCursorInOrder() {
		Journal journal = new Journal(8, 1000);
		for (int i = 0; i < 5; i++) {
			journal.append("task", "j", i);
		}
		assertThat(journal.last()).isEqualTo(1004);
		Journal.Read read = journal.after(1001, 100);
		assertThat(read.gap()).isFalse();
		assertThat(read.events()).extracting(FeedEvent::id).containsExactly(1002L, 1003L, 1004L);
		assertThat(journal.after(1001, 2).events()).extracting(FeedEvent::id).containsExactly(1002L, 1003L);
		assertThat(journal.after(1004, 100).events()).isEmpty();
		assertThat(journal.after(999, 100).events()).as("from before the first event").hasSize(5);
	}

	@Test
	void aCursorWhoseNextEventIsGoneOrThatIsFromAnotherRunIsAGap() {
		Journal journal = new Journal(4, 1000);
		for (int i = 0; i < 10; i++) {
			journal.append("task", "j", i);
		}
		assertThat(journal.oldest()).isEqualTo(1006);
		assertThat(journal.after(1005, 10).events()).extracting(FeedEvent::id)
			.containsExactly(1006L, 1007L, 1008L, 1009L);
		assertThat(journal.after(1004, 10).gap()).as("1005 was overwritten").isTrue();
		assertThat(journal.after(2000, 10).gap()).as("a number this run never gave").isTrue();
		assertThat(journal.after(17, 10).gap()).as("a number of an earlier run").isTrue();
	}

}
