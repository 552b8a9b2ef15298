package dev.rotolog.rotation

import dev.rotolog.PeriodUnit

/**
 * Tells the active files of rotolog logs apart from archives by their lock sidecars, from names alone.
 *
 * Every active file rotolog writes has a sidecar `<name>.lock`, created (under that lock) before the file itself and
 * never deleted by rotolog; an archive never has one, because a rename moves the file but not the sidecar. A path
 * template can give a live file a name of archive shape (`app.{key}.log` with key `7` is `app.7.log`, a size-only
 * archive name of `app.log`; key `2026-11-21` gives a daily one), and so can a literal path. So a name whose sidecar
 * exists is some log's active file, never one of this log's archives, whatever it looks like.
 *
 * Another log's *archives* can have this log's archive shape too: `app.2026-11-21.log` rotated by size makes
 * `app.2026-11-21.1.log`, which is also daily `app.log`'s second file of 2026-11-21. [couldBeArchiveOf] finds the live
 * log such a name may belong to, so that neither log's archiver takes it for its own.
 */
internal object LiveLogNames {
    const val LOCK_SUFFIX: String = ".lock"

    /** The archiver's sidecar (`app.log.archiver.lock`); it names no log. */
    private const val ARCHIVER_LOCK_SUFFIX: String = ".archiver.lock"

    /** The name of [fileName]'s lock sidecar. */
    fun lockOf(fileName: String): String = fileName + LOCK_SUFFIX

    /** Whether [fileName] is a live log's active file according to the directory listing [names]. */
    fun isLive(fileName: String, names: Set<String>): Boolean = lockOf(fileName) in names

    /** The names of the logs whose lock sidecars are in [names] (whether or not the log file exists right now). */
    fun liveLogs(names: Iterable<String>): Set<String> {
        val logs = HashSet<String>()
        for (name in names) {
            if (
                name.endsWith(LOCK_SUFFIX) && !name.endsWith(ARCHIVER_LOCK_SUFFIX) && name.length > LOCK_SUFFIX.length
            ) {
                logs += name.dropLast(LOCK_SUFFIX.length)
            }
        }
        return logs
    }

    /**
     * A log among [liveLogs], other than [self], of which [rawName] (an archive name without `.gz`) could be an archive
     * under any rotation settings; null when there is none. Only logs whose name is `<prefix><ext>` or `<prefix>`,
     * where `<prefix>.` starts [rawName] and `<ext>` is [rawName]'s extension, can be one, so this costs a few set
     * lookups per name and a parse only for such a log. [namings] caches the namings per log.
     */
    fun couldBeArchiveOf(
        rawName: String,
        self: String,
        liveLogs: Set<String>,
        namings: MutableMap<String, List<ArchiveNaming>> = HashMap(),
    ): String? {
        if (liveLogs.isEmpty()) return null
        val lastDot = rawName.lastIndexOf('.')
        val extension = if (lastDot > 0) rawName.substring(lastDot) else ""
        var dot = rawName.indexOf('.', 1)
        while (dot in 1 until rawName.length) {
            val prefix = rawName.substring(0, dot)
            for (log in if (dot < lastDot) listOf(prefix + extension, prefix) else listOf(prefix)) {
                if (log == self || log !in liveLogs) continue
                val forLog = namings.getOrPut(log) { UNITS.map { ArchiveNaming(log, it) } }
                if (forLog.any { it.parse(rawName) != null }) return log
            }
            dot = rawName.indexOf('.', dot + 1)
        }
        return null
    }

    private val UNITS: List<PeriodUnit?> = listOf(null) + PeriodUnit.entries
}
