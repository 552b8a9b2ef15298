package dev.rotolog.internal

import dev.rotolog.info
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotolog
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermission
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import kotlin.system.exitProcess

/**
 * Child JVM of [FilePermissionsTest], started under a chosen umask. Arguments: a fresh directory and a mode
 * (`rw-r-----`). Prints `MODE <what> <mode>` lines and `WIDER <count>` / `SAMPLES <count>` for the watcher, then
 * exits 0.
 */
object PermissionsChild {
    @JvmStatic
    fun main(args: Array<String>) {
        val dir = Paths.get(args[0])
        val mode = args[1]
        val permissions = FilePermissions.parse(mode)!!

        // The creation step alone: the mode the file is born with (configured bits minus the umask's).
        val step = dir.resolve("step.bin")
        FilePermissions.createWithMode(
                step,
                permissions,
                setOf(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            )
            .close()
        println("MODE step-born ${FilePermissions.format(FilePermissions.of(step))}")
        FilePermissions.setExactly(step, permissions)
        println("MODE step-exact ${FilePermissions.format(FilePermissions.of(step))}")
        // The same for a directory: the mode it is born with, before anything sets it exactly.
        val bornDir = dir.resolve("born-dir")
        FilePermissions.createDirectoryWithMode(bornDir, FilePermissions.directoryMode(permissions))
        println("MODE dir-born ${FilePermissions.format(FilePermissions.of(bornDir))}")

        // A real owner, watched from the first moment by a thread that samples the modes in a tight loop.
        val log = dir.resolve("app.log")
        val lock = dir.resolve("app.log.lock")
        val stop = AtomicBoolean(false)
        val wider = AtomicLong()
        val samples = AtomicLong()
        val watcher = Thread {
            while (!stop.get()) {
                for (file in listOf(log, lock)) {
                    val seen = modeOrNull(file) ?: continue
                    samples.incrementAndGet()
                    if (!permissions.containsAll(seen)) {
                        wider.incrementAndGet()
                        println("SEEN-WIDER ${file.fileName} ${FilePermissions.format(seen)}")
                    }
                }
            }
        }
        watcher.start()
        val logging = rotolog {
            shutdownHook = false
            file(log) {
                layout = PatternLayout("%msg%n")
                this.permissions = mode
            }
        }
        repeat(100) { logging.logger("p").info { "record $it" } }
        logging.flush()
        logging.close()
        stop.set(true)
        watcher.join()
        // A target two missing directory levels down: both made by rotolog.
        val deep = dir.resolve("sub").resolve("deeper").resolve("app.log")
        rotolog {
                shutdownHook = false
                file(deep) { this.permissions = mode }
            }
            .close()
        println("MODE dir-sub ${FilePermissions.format(FilePermissions.of(deep.parent.parent))}")
        println("MODE dir-deeper ${FilePermissions.format(FilePermissions.of(deep.parent))}")
        println("MODE log ${FilePermissions.format(FilePermissions.of(log))}")
        println("MODE lock ${FilePermissions.format(FilePermissions.of(lock))}")
        println("LINES ${Files.readAllLines(log).size}")
        println("WIDER ${wider.get()}")
        println("SAMPLES ${samples.get()}")
        exitProcess(0)
    }

    private fun modeOrNull(file: Path): Set<PosixFilePermission>? =
        try {
            Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
        } catch (_: NoSuchFileException) {
            null
        }
}
