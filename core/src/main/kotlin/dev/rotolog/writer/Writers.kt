package dev.rotolog.writer

import dev.rotolog.FileTargetConfig
import dev.rotolog.internal.Environment
import dev.rotolog.lock.RealPaths
import dev.rotolog.status.StatusReporter
import java.nio.file.Path
import java.time.Clock
import kotlin.time.Duration

/**
 * The JVM-wide registry of writers, keyed by the real path of the log file.
 *
 * Two owners (or two targets) that name the same file with the same settings share one writer. An owner that names a
 * file already open with *other* settings (a second configuration, `RotologServiceProvider.configure` replacing the
 * running one) gets a writer of its own, so its layout, rotation, retention, permissions and durability take effect:
 * the writers of one file in one JVM then coordinate through the lock file exactly as writers in different processes do
 * (they share the one lock channel this JVM may have on it, see `LockFiles`).
 */
internal object Writers {
    private class Entry(
        val config: FileTargetConfig,
        val environment: Environment,
        val writer: TargetWriter,
        var users: Int,
    )

    private val entries = HashMap<Path, MutableList<Entry>>()

    @Synchronized
    fun acquire(
        config: FileTargetConfig,
        clock: Clock,
        status: StatusReporter,
        environment: Environment,
    ): TargetWriter {
        val key = RealPaths.of(config.path, config.permissions)
        val open = entries.getOrPut(key) { ArrayList(1) }
        val entry =
            open.firstOrNull { it.environment === environment && it.config.writesLike(config) }
                ?: Entry(config, environment, TargetWriter(key, config, clock, status, environment = environment), 0)
                    .also { open += it }
        entry.users++
        return entry.writer
    }

    /** Drains this user's records; the last user also shuts the writer down. */
    fun release(writer: TargetWriter, timeout: Duration) {
        val last =
            synchronized(this) {
                val open = entries[writer.path] ?: return
                val entry = open.firstOrNull { it.writer === writer } ?: return
                entry.users--
                if (entry.users == 0) {
                    open.remove(entry)
                    if (open.isEmpty()) entries.remove(writer.path)
                }
                entry.users == 0
            }
        if (last) writer.shutdown(timeout) else writer.flush(timeout)
    }

    /** True when a writer started for this configuration writes [other]'s records exactly as [other] asks. */
    private fun FileTargetConfig.writesLike(other: FileTargetConfig): Boolean =
        this === other ||
            (layout == other.layout &&
                queueCapacity == other.queueCapacity &&
                durability == other.durability &&
                maxBatchRecords == other.maxBatchRecords &&
                rotation == other.rotation &&
                permissions == other.permissions &&
                archiving == other.archiving)
}
