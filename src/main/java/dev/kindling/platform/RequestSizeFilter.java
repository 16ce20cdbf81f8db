package dev.kindling.platform;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the body of public API requests by {@code kindling.limits.max-request-size}: a
 * declared length over the limit is answered 413 before the body is read; an undeclared
 * (chunked) body is counted while it is read and reading fails past the limit, which
 * {@link ProblemHandler} turns into the same 413. Dataset uploads have their own limit
 * ({@code max-upload-size}); {@code /internal/**} carries task results bounded by
 * {@code kindling.driver.max-result-size}.
 */
@Component
class RequestSizeFilter extends OncePerRequestFilter {

	static final String PROPERTY = "kindling.limits.max-request-size";

	private final long max;

	RequestSizeFilter(KindlingProperties properties) {
		this.max = properties.limits().maxRequestSize().toBytes();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith("/api/")) {
			return true;
		}
		return "PUT".equals(request.getMethod()) && path.startsWith("/api/v1/datasets/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.max) {
			Problems.write(request, response, 413, "payload-too-large", "Request body too large",
					"the request body is larger than " + PROPERTY + " (" + this.max + " bytes)");
			return;
		}
		chain.doFilter(new Bounded(request, this.max), response);
	}

	/**
	 * Thrown from a read past the limit; {@link ProblemHandler} finds it in the cause
	 * chain.
	 */
	static final class TooLargeException extends IOException {

		TooLargeException() {
			super("request body over the limit");
		}

	}

	private static final class Bounded extends HttpServletRequestWrapper {

		private final long max;

		private ServletInputStream stream;

		Bounded(HttpServletRequest request, long max) {
			super(request);
			this.max = max;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				ServletInputStream in = super.getInputStream();
				this.stream = new ServletInputStream() {

					private long read;

					@Override
					public int read() throws IOException {
						int b = in.read();
						if (b >= 0) {
							count(1);
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = in.read(buffer, offset, length);
						if (n > 0) {
							count(n);
						}
						return n;
					}

					private void count(int n) throws IOException {
						this.read += n;
						if (this.read > Bounded.this.max) {
							throw new TooLargeException();
						}
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}

				};
			}
			return this.stream;
		}

	}

}
