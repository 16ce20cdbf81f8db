package dev.kindling;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
					"dev.kindling.protocol..")
			.check(classes);
	}

	@Test
	void theExecutorMeetsTheDriverOnlyThroughTheProtocol() {
		noClasses().that()
			.resideInAPackage("dev.kindling.executor..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.kindling.job..", "dev.kindling.scheduler..", "dev.kindling.cluster..",
					"dev.kindling.dataset..")
			.check(classes);
		noClasses().that()
			.resideInAnyPackage("dev.kindling.job..", "dev.kindling.scheduler..", "dev.kindling.cluster..",
					"dev.kindling.dataset..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.kindling.executor..")
			.check(classes);
	}

	@Test
	void theCommandLineClientStartsNoSpringAndSpeaksOnlyThePublicApi() {
		noClasses().that()
			.resideInAPackage("dev.kindling.cli..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..", "org.hibernate..", "dev.kindling.engine..",
					"dev.kindling.job..", "dev.kindling.scheduler..", "dev.kindling.cluster..",
					"dev.kindling.executor..", "dev.kindling.dataset..", "dev.kindling.platform..",
					"dev.kindling.protocol..", "dev.kindling.live..")
			.check(classes);
	}

	@Test
	void theProtocolIsPlainRecords() {
		noClasses().that()
			.resideInAPackage("dev.kindling.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..", "dev.kindling.job..", "dev.kindling.scheduler..",
					"dev.kindling.cluster..", "dev.kindling.executor..", "dev.kindling.platform..")
			.check(classes);
	}

}
