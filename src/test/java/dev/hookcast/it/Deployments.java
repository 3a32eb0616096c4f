package dev.hookcast.it;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build made, deployed at the root as the README runs it, with test-only classes added. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive hookcast(Class<?>... testOnly) {
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("hookcast.war")))
                .as(WebArchive.class)
                .addClasses(testOnly);
    }
}
