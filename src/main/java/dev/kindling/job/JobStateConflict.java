package dev.kindling.job;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.kindling.state.JobStatus;

/**
 * 409 for an operation the job's state does not allow (cancel a finished job, read a
 * missing result).
 */
public class JobStateConflict extends ErrorResponseException {

	private JobStateConflict(ProblemDetail detail) {
		super(HttpStatus.CONFLICT, detail, null);
	}

	public static JobStateConflict of(String jobId, JobStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
		problem.setTitle("Job is " + status);
		problem.setType(URI.create("https://kindling.dev/problems/job-state"));
		problem.setProperty("jobId", jobId);
		problem.setProperty("status", status);
		return new JobStateConflict(problem);
	}

}
