package dev.kindling.state;

import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes every H2 database that is not in memory durable for each commit, whatever URL the
 * operator gave ({@code --spring.datasource.url=jdbc:h2:file:/data/kindling}, the
 * Dockerfile's {@code SPRING_DATASOURCE_URL}): the URL gets {@code WRITE_DELAY=0} (any
 * other value is replaced) and, for an embedded database unless set,
 * {@code DB_CLOSE_ON_EXIT=FALSE}.
 *
 * <p>
 * Why: H2 2.x maps {@code WRITE_DELAY} to its MVStore's auto-commit delay (default 500
 * ms). With a delay, a committed transaction stays in memory until the background writer
 * stores it, up to that delay later, and a SIGKILL in between loses a job the driver had
 * acknowledged. With 0 there is no background writer and every commit writes its changes
 * to the file before {@code commit()} returns (to the operating system: a killed process
 * loses nothing; a power cut is the file system's business). The state writer is the only
 * session that writes, so no commit returns while another one still holds its changes.
 * {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing the database to the connection pool,
 * after the state writer's last writes on a graceful shutdown.
 */
class H2Durability implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(H2Durability.class);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
			String url = durable(hikari.getJdbcUrl());
			if (!url.equals(hikari.getJdbcUrl())) {
				log.info("H2 stores every commit before it returns: WRITE_DELAY=0 added to the datasource URL");
				hikari.setJdbcUrl(url);
			}
		}
		return bean;
	}

	/**
	 * The URL with {@code WRITE_DELAY=0} (and {@code DB_CLOSE_ON_EXIT=FALSE} unless set)
	 * when it names an H2 database that is not in memory; any other URL as it is.
	 */
	static String durable(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:")) {
			return url;
		}
		String[] parts = url.split(";", -1);
		StringBuilder out = new StringBuilder(parts[0]);
		// A server closes its databases itself; only an embedded one needs telling.
		boolean closeOnExit = lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:");
		for (int i = 1; i < parts.length; i++) {
			String part = parts[i];
			String key = part.contains("=") ? part.substring(0, part.indexOf('=')).trim().toUpperCase(Locale.ROOT)
					: part.trim().toUpperCase(Locale.ROOT);
			if (part.isBlank() || key.equals("WRITE_DELAY")) {
				continue;
			}
			closeOnExit |= key.equals("DB_CLOSE_ON_EXIT");
			out.append(';').append(part);
		}
		if (!closeOnExit) {
			out.append(";DB_CLOSE_ON_EXIT=FALSE");
		}
		return out.append(";WRITE_DELAY=0").toString();
	}

}
