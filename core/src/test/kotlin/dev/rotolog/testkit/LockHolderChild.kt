package dev.rotolog.testkit

import java.nio.channels.FileChannel
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * A foreign process that takes the cross-process lock on a file (`args[0]`) as rotolog does (a POSIX record lock
 * through `FileChannel.lock`), prints LOCKED, and holds it until its stdin says RELEASE or it is killed: the stand-in
 * for a hung process, or an operator's tool, sitting on `app.log.lock`.
 */
object LockHolderChild {
    const val LOCKED: String = "LOCKED"
    const val RELEASE: String = "RELEASE"

    @JvmStatic
    fun main(args: Array<String>) {
        FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE).use { channel ->
            channel.lock().use {
                println(LOCKED)
                System.out.flush()
                while (true) {
                    val line = readlnOrNull() ?: break
                    if (line == RELEASE) break
                }
            }
        }
    }

    fun start(lockFile: Path, logDir: Path): ChildJvm =
        ChildJvm.start("lock-holder", LockHolderChild::class.java.name, listOf(lockFile.toString()), logDir).also {
            it.awaitLineStartingWith(LOCKED)
        }
}
