package dev.rotolog.lock

import dev.rotolog.status.StatusReporter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.string.shouldContain
import java.io.IOException
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.StandardOpenOption

class LockFileTest :
    FunSpec({
        test("when the identity check after locking fails, the lock is released, not left held by this JVM") {
            val dir = Files.createTempDirectory("rotolog-lockfile")
            val logs = Files.createDirectories(dir.resolve("logs"))
            val lockFile = LockFile(logs.resolve("app.log.lock"), null, StatusReporter(sink = {}))
            lockFile.withLock {} // opens the channel on the lock file
            // The directory moves away and a plain file takes its name: the channel still locks the old file, but the
            // check of the path then fails with "Not a directory", which is not "no such file".
            val moved = dir.resolve("moved")
            Files.move(logs, moved)
            Files.writeString(logs, "not a directory")

            val failure = shouldThrow<IOException> { lockFile.withLock {} }
            failure.message.shouldNotBeNull() shouldContain "lock file"
            // Had the lock stayed held, this JVM's lock table would refuse a second lock on the file.
            FileChannel.open(moved.resolve("app.log.lock"), StandardOpenOption.WRITE).use { channel ->
                channel.tryLock().shouldNotBeNull().release()
            }
            lockFile.close()
        }
    })
