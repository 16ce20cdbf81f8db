package dev.kindling;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * No expression, path or CSV field can reach a shell, a script engine, SpEL or a SQL
 * string built at run time: Kindling's own code depends on none of them. Expressions go
 * through the parser in {@code engine.expr}; SQL is written as constants in the
 * scheduler's state writer and as JPQL on repositories.
 */
class NoInjectionSurfaceTest {

	private static final JavaClasses KINDLING = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.kindling");

	@Test
	void startsNoProcesses() {
		noClasses().should()
			.callConstructor(ProcessBuilder.class, String[].class)
			.orShould()
			.callConstructor(ProcessBuilder.class, java.util.List.class)
			.orShould()
			.callMethod(Runtime.class, "exec", String.class)
			.orShould()
			.callMethod(Runtime.class, "exec", String[].class)
			.check(KINDLING);
	}

	@Test
	void usesNoScriptEngineSpelOrOgnl() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("javax.script..", "org.springframework.expression..", "ognl..",
					"org.apache.commons.jexl..", "groovy..", "org.mvel2..")
			.check(KINDLING);
	}

	@Test
	void buildsNoSqlOutsideTheStateWriterTheHealthProbeAndRepositories() {
		noClasses().that()
			.doNotHaveFullyQualifiedName("dev.kindling.state.BatchWriter")
			.and()
			.doNotHaveFullyQualifiedName("dev.kindling.state.StateWriter")
			.and()
			.doNotHaveFullyQualifiedName("dev.kindling.state.DatabaseHealth")
			.and()
			// a repository: one constant, parameterised read of a job's result chunks
			.doNotHaveFullyQualifiedName("dev.kindling.state.ResultChunks")
			.and()
			// reads expired job ids; its queries join in only configured integers
			.doNotHaveFullyQualifiedName("dev.kindling.state.RetentionCleaner")
			.and()
			// a repository: three constant, parameterised reads of a job document's rows
			.doNotHaveFullyQualifiedName("dev.kindling.state.JobRows")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("java.sql.Statement")
			.orShould()
			.callMethod(jakarta.persistence.EntityManager.class, "createNativeQuery", String.class)
			.orShould()
			.callMethod(jakarta.persistence.EntityManager.class, "createQuery", String.class)
			.check(KINDLING);
	}

	@Test
	void keepsTheEngineAwayFromTheDatabase() {
		noClasses().that()
			.resideInAPackage("dev.kindling.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.persistence..", "org.springframework.jdbc..")
			.check(KINDLING);
	}

}
