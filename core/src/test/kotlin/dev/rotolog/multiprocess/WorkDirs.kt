package dev.rotolog.multiprocess

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Working directories of the multi-process tests, under `target/` so a failed run's files (the shared log and every
 * child's stderr) stay there to be read; a passing test deletes its directory.
 */
object WorkDirs {
    private val root: Path = Paths.get(System.getProperty("rotolog.work.dir", "target/multiprocess"))

    fun fresh(name: String): Path {
        val dir = root.resolve(name).toAbsolutePath()
        delete(dir)
        return Files.createDirectories(dir)
    }

    fun delete(dir: Path) {
        if (!Files.exists(dir)) return
        Files.walk(dir).use { paths -> paths.sorted(Comparator.reverseOrder()).forEach(Files::delete) }
    }
}

/** The stress scale from `-Drotolog.stress.scale` (default 1): record counts are multiplied by it. */
val stressScale: Double = System.getProperty("rotolog.stress.scale")?.toDoubleOrNull()?.takeIf { it > 0 } ?: 1.0

fun scaled(records: Int): Int = (records * stressScale).toLong().coerceIn(1, Int.MAX_VALUE / 2L).toInt()
