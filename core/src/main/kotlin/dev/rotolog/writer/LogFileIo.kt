package dev.rotolog.writer

import java.nio.channels.FileChannel
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * How the writer opens the active log file: the one seam where tests put a channel that fails or records
 * which thread touched it. Production code uses [Default].
 */
internal fun interface LogFileIo {
    fun open(path: Path): FileChannel

    companion object {
        val Default: LogFileIo =
            LogFileIo { path ->
                // NOFOLLOW_LINKS: a symlink planted at our name must not redirect records into another file.
                FileChannel.open(
                    path,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS,
                )
            }
    }
}
