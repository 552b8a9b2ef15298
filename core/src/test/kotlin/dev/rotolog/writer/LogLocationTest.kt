package dev.rotolog.writer

import dev.rotolog.Rotolog
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class LogLocationTest :
    FunSpec({
        test("a symlink at the lock file's name stops the start with a message that names the lock file") {
            val file = tempLogFile("rotolog-location-link")
            val elsewhere = Files.createTempFile("rotolog-target", ".txt")
            Files.createSymbolicLink(file.resolveSibling("app.log.lock"), elsewhere)
            val failure = shouldThrow<IllegalStateException> { Rotolog.start(messageOnlyConfig(file)) }
            failure.message.shouldNotBeNull() shouldContain "app.log.lock is a symbolic link"
            failure.message.shouldNotBeNull() shouldContain "cannot log to $file"
        }

        test("a symlink at the active file's name stops the start; nothing is written through it") {
            val file = tempLogFile("rotolog-location-active-link")
            val elsewhere = Files.createTempFile("rotolog-target", ".txt")
            Files.createSymbolicLink(file, elsewhere)
            shouldThrow<IllegalStateException> { Rotolog.start(messageOnlyConfig(file)) }
                .message
                .shouldNotBeNull() shouldContain "$file is a symbolic link"
            Files.size(elsewhere) shouldBe 0L
        }

        test("a plain file where the log directory should be stops the start with a message naming it") {
            val dir = Files.createTempDirectory("rotolog-location-file")
            val notADirectory = Files.writeString(dir.resolve("logs"), "x")
            val failure =
                shouldThrow<IllegalStateException> {
                    Rotolog.start(messageOnlyConfig(notADirectory.resolve("app.log")))
                }
            failure.message.shouldNotBeNull() shouldContain "$notADirectory"
        }

        test("an existing directory this user may not write stops the start with a message naming it and the right") {
            if (System.getProperty("user.name") == "root") {
                // root passes every permission check; the fault suite runs this case as an unprivileged user.
                println(
                    "LogLocationTest: skipped the unwritable-directory case: running as root, which may write anywhere"
                )
                return@test
            }
            val dir = Files.createTempDirectory("rotolog-location-ro")
            dir.toFile().setWritable(false)
            try {
                shouldThrow<IllegalStateException> { Rotolog.start(messageOnlyConfig(dir.resolve("app.log"))) }
                    .message
                    .shouldNotBeNull() shouldContain "the directory $dir is not writable"
            } finally {
                dir.toFile().setWritable(true)
            }
        }
    })
