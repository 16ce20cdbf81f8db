package dev.kindling.platform;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling the public API: a principal's name, its roles and its default scheduling
 * pool. An API key or an OIDC token names one; where the API is open (local mode on
 * loopback, {@code kindling.security.allow-anonymous}) every caller is
 * {@link #ANONYMOUS}, who may do everything, as before there were principals.
 *
 * <p>
 * The roles ({@code docs/security.md} has the table per endpoint):
 * <ul>
 * <li>{@code viewer}: reads everything (every job, executors, datasets, pools);</li>
 * <li>{@code submitter}: submits jobs, and reads and cancels its own jobs only (other
 * principals' jobs answer 404, so their ids do not leak);</li>
 * <li>{@code admin}: everything, datasets and the cache included.</li>
 * </ul>
 *
 * @param name the principal's name, recorded as the owner of the jobs it submits
 * @param roles its roles
 * @param pool the scheduling pool its jobs go to when they name none (null: the
 * {@code default} pool)
 */
public record Caller(String name, Set<Role> roles, String pool) {

	/** The caller where the API is open to anyone: every role. */
	public static final Caller ANONYMOUS = new Caller("anonymous", EnumSet.of(Role.ADMIN), null);

	/** What a principal may do. */
	public enum Role {

		/** Reads everything. */
		VIEWER,
		/** Submits jobs; reads and cancels its own. */
		SUBMITTER,
		/** Everything. */
		ADMIN;

		/** The role as written in configuration and tokens: lower case. */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The role named by a configuration value or a token claim, or null. */
		static Role parse(String value) {
			if (value == null) {
				return null;
			}
			for (Role r : values()) {
				if (r.label().equalsIgnoreCase(value.trim())) {
					return r;
				}
			}
			return null;
		}

	}

	public Caller {
		roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
	}

	/** The caller of the request this thread serves. */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
			return caller;
		}
		return ANONYMOUS;
	}

	public boolean isAdmin() {
		return this.roles.contains(Role.ADMIN);
	}

	/** Whether it sees every principal's jobs, not only its own. */
	public boolean seesAllJobs() {
		return isAdmin() || this.roles.contains(Role.VIEWER);
	}

	/** Whether it sees this owner's job. */
	public boolean sees(String owner) {
		return seesAllJobs() || this.name.equals(owner);
	}

	/** Whether it may cancel this owner's job. */
	public boolean mayCancel(String owner) {
		return isAdmin() || (this.roles.contains(Role.SUBMITTER) && this.name.equals(owner));
	}

	/** Spring Security's authorities for these roles ({@code ROLE_ADMIN}...). */
	List<GrantedAuthority> authorities() {
		return this.roles.stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
	}

	/** Roles as people write them, e.g. {@code [submitter, viewer]}. */
	public List<String> roleLabels() {
		return this.roles.stream().map(Role::label).toList();
	}

}
