package dev.kindling;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module boundaries STYLE.md promises, checked on the compiled classes. */
class ArchitectureTest {

	static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.kindling");
	}

	@Test
	void theEngineIsPlainJavaWithoutSpringOrJpa() {
		noClasses().that()
			.resideInAPackage("dev.kindling.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..", "org.hibernate..", "tools.jackson..",
					"com.fasterxml..")
			.check(classes);
	}

	@Test
	void theEngineDependsOnNoOtherPartOfKindling() {
		noClasses().that()
			.resideInAPackage("dev.kindling.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.kindling.job..", "dev.kindling.scheduler..", "dev.kindling.cluster..",
					"dev.kindling.executor..", "dev.kindling.dataset..", "dev.kindling.platform..",
					"dev.kindling.protocol..", "dev.kindling.state..")
			.check(classes);
	}

	@Test
	void theExecutorMeetsTheDriverOnlyThroughTheProtocol() {
		noClasses().that()
			.resideInAPackage("dev.kindling.executor..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.kindling.job..", "dev.kindling.scheduler..", "dev.kindling.cluster..",
					"dev.kindling.dataset..", "dev.kindling.state..")
			.check(classes);
		noClasses().that()
			.resideInAnyPackage("dev.kindling.job..", "dev.kindling.scheduler..", "dev.kindling.cluster..",
					"dev.kindling.dataset..", "dev.kindling.state..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.kindling.executor..")
			.check(classes);
	}

	@Test
	void theProtocolIsPlainRecords() {
		noClasses().that()
			.resideInAPackage("dev.kindling.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..", "dev.kindling.job..", "dev.kindling.scheduler..",
					"dev.kindling.cluster..", "dev.kindling.executor..", "dev.kindling.platform..",
					"dev.kindling.state..")
			.check(classes);
	}

	/**
	 * No two top-level parts of Kindling depend on each other, directly or around a
	 * circle (the engine's own sub-packages have their rule beside this one).
	 */
	@Test
	void theTopLevelPackagesFormNoCycle() {
		slices().matching("dev.kindling.(*)..").should().beFreeOfCycles().check(classes);
	}

	/**
	 * The scheduling policy is plain Java that tests drive without Spring: no Spring, no
	 * servlet, JPA or Jackson, and no way back to the Spring beans that wire it.
	 */
	@Test
	void theSchedulingCoreIsPlainJava() {
		noClasses().that()
			.resideInAPackage("dev.kindling.scheduler.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..", "org.hibernate..", "tools.jackson..",
					"com.fasterxml..", "java.sql..", "javax.sql..")
			.orShould()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.kindling.scheduler", "dev.kindling.cluster..", "dev.kindling.job..",
					"dev.kindling.platform..")
			.check(classes);
	}

	/**
	 * Every engine package, sub-packages included, is its own slice ({@code expr} and
	 * {@code expr.eval} are two), so a package that leans on one of its own sub-packages
	 * and back is a cycle too.
	 */
	@Test
	void theEnginesPackagesHaveNoCycle() {
		slices().matching("dev.kindling.engine.(**)").should().beFreeOfCycles().check(classes);
	}

	/**
	 * No package at all, sub-packages included, takes part in a cycle: the two rules
	 * above say where the lines run, this one that nothing anywhere goes round in a
	 * circle ({@code scheduler} and {@code scheduler.core} are two slices).
	 */
	@Test
	void noPackageAnywhereFormsACycle() {
		slices().matching("dev.kindling.(**)").should().beFreeOfCycles().check(classes);
	}

}
