package dev.kindling.platform;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches beans to the process's {@code kindling.role}. */
abstract class RoleCondition implements Condition {

	static KindlingProperties.Role role(ConditionContext context) {
		return Binder.get(context.getEnvironment())
			.bind("kindling.role", KindlingProperties.Role.class)
			.orElse(KindlingProperties.Role.LOCAL);
	}

	static final class Driver extends RoleCondition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return role(context) != KindlingProperties.Role.EXECUTOR;
		}

	}

	static final class Executor extends RoleCondition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return role(context) != KindlingProperties.Role.DRIVER;
		}

	}

}
