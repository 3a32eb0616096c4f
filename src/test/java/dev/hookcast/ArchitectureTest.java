package dev.hookcast;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages' arrows point one way (docs/ARCHITECTURE.md, "Packages"): {@code platform} is the
 * ground floor and imports nothing of Hookcast, {@code operations} is the roof and nothing imports
 * it, and no two packages of {@code dev.hookcast} depend on each other, however indirectly. Read
 * from the compiled main classes, so every reference counts, not only imports.
 */
@AnalyzeClasses(packages = "dev.hookcast",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule platformImportsNothingOfHookcast = noClasses()
            .that().resideInAPackage("dev.hookcast.platform..")
            .should().dependOnClassesThat(resideInAPackage("dev.hookcast..")
                    .and(not(resideInAPackage("dev.hookcast.platform.."))))
            .because("platform is the ground floor every feature stands on");

    @ArchTest
    static final ArchRule nothingImportsOperations = noClasses()
            .that().resideOutsideOfPackage("dev.hookcast.operations..")
            .should().dependOnClassesThat().resideInAPackage("dev.hookcast.operations..")
            .because("operations (health, metrics) is the roof: it names the features, none of them names it");

    @ArchTest
    static final ArchRule noPackageCycles = slices()
            .matching("dev.hookcast.(*)..")
            .should().beFreeOfCycles();
}
