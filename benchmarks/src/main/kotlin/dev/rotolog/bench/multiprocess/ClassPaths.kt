package dev.rotolog.bench.multiprocess

import dev.rotolog.bench.backend.Backend
import java.io.File
import java.nio.file.Files
import java.nio.file.Path

/**
 * The class path of each backend's child JVMs: this module's classes plus the libraries the build listed for that
 * backend in `target/classpath/<backend>.txt` (maven-dependency-plugin `build-classpath`), so a logback child has no
 * log4j2 on its class path, and so on.
 *
 * The directories come from the system properties `rotolog.bench.classpathDir` and `rotolog.bench.classesDir` (set by
 * the Maven profile and by surefire); without them they are found next to where this class was loaded from
 * (`benchmarks/target/classes` or `benchmarks/target/benchmarks.jar`).
 */
class ClassPaths(private val listDir: Path, private val classesDir: Path) {
    fun of(backend: Backend): String {
        val list = listDir.resolve("${backend.classPath}.txt")
        require(Files.isRegularFile(list)) {
            "no class path for ${backend.id}: $list is missing; build the benchmarks module first"
        }
        return classesDir.toString() + File.pathSeparator + Files.readString(list).trim()
    }

    companion object {
        fun locate(): ClassPaths {
            val target: Path? =
                ClassPaths::class.java.protectionDomain?.codeSource?.location?.toURI()?.let { Path.of(it).parent }
            val listDir =
                System.getProperty("rotolog.bench.classpathDir")?.let { Path.of(it) } ?: target?.resolve("classpath")
            val classesDir =
                System.getProperty("rotolog.bench.classesDir")?.let { Path.of(it) } ?: target?.resolve("classes")
            requireNotNull(listDir) { "set -Drotolog.bench.classpathDir=benchmarks/target/classpath" }
            requireNotNull(classesDir) { "set -Drotolog.bench.classesDir=benchmarks/target/classes" }
            return ClassPaths(listDir.toAbsolutePath(), classesDir.toAbsolutePath())
        }
    }
}
