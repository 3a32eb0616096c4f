package dev.hookcast;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import jakarta.servlet.AsyncContext;

/**
 * The packages' arrows point one way (docs/ARCHITECTURE.md, "Packages"): {@code platform} is the
 * ground floor and imports nothing of Hookcast, {@code operations} is the roof and nothing imports
 * it, and no two packages of {@code dev.hookcast} depend on each other, however indirectly. And one
 * container call is out of bounds. Read from the compiled main classes, so every reference counts,
 * not only imports.
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
    static final ArchRule noAsyncDispatch = noClasses()
            .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("dispatch"))
                    .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                            JavaClass.Predicates.assignableTo(AsyncContext.class)))))
            .because("Payara loses an AsyncContext.dispatch issued from another thread while the request's first"
                    + " dispatch is still returning: the request is never answered (docs/ARCHITECTURE.md)");

    @ArchTest
    static final ArchRule noPackageCycles = slices()
            .matching("dev.hookcast.(*)..")
            .should().beFreeOfCycles();
}
