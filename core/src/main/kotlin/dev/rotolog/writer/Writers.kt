package dev.rotolog.writer

import dev.rotolog.FileTargetConfig
import dev.rotolog.lock.RealPaths
import dev.rotolog.status.StatusReporter
import java.nio.file.Path
import java.time.Clock
import kotlin.time.Duration

/**
 * The JVM-wide registry of writers, keyed by the real path of the log file: two owners (or two targets) that
 * name the same file share one writer, so they never race each other for the process-wide file lock.
 */
internal object Writers {
    private class Entry(val writer: TargetWriter, var users: Int)

    private val entries = HashMap<Path, Entry>()

    @Synchronized
    fun acquire(config: FileTargetConfig, clock: Clock, status: StatusReporter): TargetWriter {
        val key = RealPaths.of(config.path)
        val entry = entries.getOrPut(key) { Entry(TargetWriter(key, config, clock, status), 0) }
        entry.users++
        return entry.writer
    }

    /** Drains this user's records; the last user also shuts the writer down. */
    fun release(writer: TargetWriter, timeout: Duration) {
        val last =
            synchronized(this) {
                val entry = entries[writer.path] ?: return
                entry.users--
                if (entry.users == 0) entries.remove(writer.path)
                entry.users == 0
            }
        if (last) writer.shutdown(timeout) else writer.flush(timeout)
    }
}
