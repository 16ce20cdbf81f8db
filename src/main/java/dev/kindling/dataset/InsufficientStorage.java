package dev.kindling.dataset;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 507 for an upload the data root has no room for: past the quota
 * ({@code kindling.data.max-total-size}), or past the free space of its disk.
 */
class InsufficientStorage extends ErrorResponseException {

	static final URI TYPE = URI.create("https://kindling.dev/problems/insufficient-storage");

	private InsufficientStorage(ProblemDetail detail) {
		super(HttpStatus.INSUFFICIENT_STORAGE, detail, null);
	}

	/**
	 * An upload of {@code uploadBytes} (or more, while it was being received) that does
	 * not fit in the quota next to {@code usedBytes} already stored.
	 */
	static InsufficientStorage quota(long quotaBytes, long usedBytes, long uploadBytes) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE,
				"the data root holds " + usedBytes + " bytes; " + uploadBytes + " more would pass "
						+ "kindling.data.max-total-size (" + quotaBytes
						+ " bytes). Delete datasets or raise the quota");
		detail.setTitle("Data root quota exceeded");
		detail.setType(TYPE);
		detail.setProperty("limitBytes", quotaBytes);
		detail.setProperty("usedBytes", usedBytes);
		return new InsufficientStorage(detail);
	}

	/** An upload that does not fit on the data root's disk. */
	static InsufficientStorage disk(long usableBytes) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE,
				"the data root's disk has " + usableBytes + " bytes free, not enough for this upload");
		detail.setTitle("Data root disk full");
		detail.setType(TYPE);
		return new InsufficientStorage(detail);
	}

}
