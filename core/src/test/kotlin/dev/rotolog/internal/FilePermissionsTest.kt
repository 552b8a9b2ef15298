package dev.rotolog.internal

import dev.rotolog.info
import dev.rotolog.kilobytes
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotolog
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.IOException
import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.util.concurrent.TimeUnit

class FilePermissionsTest :
    FunSpec({
        /** Runs [PermissionsChild] in a JVM started by `sh` after `umask [umask]`; returns its `KEY value` lines. */
        fun childUnder(umask: String, dir: Path, mode: String): Map<String, String> {
            val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
            val command =
                listOf(
                    "sh",
                    "-c",
                    "umask $umask; exec \"$@\"",
                    "sh",
                    java,
                    "-Xmx128m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    PermissionsChild::class.java.name,
                    dir.toString(),
                    mode,
                )
            val process = ProcessBuilder(command).redirectErrorStream(true).start()
            val output = process.inputStream.bufferedReader().readLines()
            if (!process.waitFor(2, TimeUnit.MINUTES)) process.destroyForcibly()
            withClue(output.joinToString("\n")) { process.exitValue() shouldBe 0 }
            return output
                .filter { ' ' in it }
                .associate { line ->
                    val words = line.split(' ')
                    if (words[0] == "MODE") "${words[0]} ${words[1]}" to words[2]
                    else words[0] to words.drop(1).joinToString(" ")
                }
        }

        test("under umask 000 files are born with 0640, never wider, and stay exactly 0640") {
            val dir = Files.createTempDirectory("rotolog-perm000")
            val seen = childUnder("000", dir, "rw-r-----")
            withClue(seen) {
                // Born with the configured mode: without the creation attribute, umask 000 would give rw-rw-rw-.
                seen["MODE step-born"] shouldBe "rw-r-----"
                seen["MODE step-exact"] shouldBe "rw-r-----"
                // Directories: born with the file mode plus x where r is (umask 000 would give rwxrwxrwx).
                seen["MODE dir-born"] shouldBe "rwxr-x---"
                seen["MODE dir-sub"] shouldBe "rwxr-x---"
                seen["MODE dir-deeper"] shouldBe "rwxr-x---"
                seen["MODE log"] shouldBe "rw-r-----"
                seen["MODE lock"] shouldBe "rw-r-----"
                seen["LINES"] shouldBe "100"
                seen["WIDER"] shouldBe "0"
                seen.getValue("SAMPLES").toLong() shouldBeGreaterThan 0L
            }
        }

        test("under umask 077 the umask narrows the new file, and rotolog sets exactly the configured 0660 after") {
            val dir = Files.createTempDirectory("rotolog-perm077")
            val seen = childUnder("077", dir, "rw-rw----")
            withClue(seen) {
                seen["MODE step-born"] shouldBe "rw-------"
                seen["MODE step-exact"] shouldBe "rw-rw----"
                seen["MODE dir-born"] shouldBe "rwx------"
                seen["MODE dir-sub"] shouldBe "rwxrwx---"
                seen["MODE dir-deeper"] shouldBe "rwxrwx---"
                seen["MODE log"] shouldBe "rw-rw----"
                seen["MODE lock"] shouldBe "rw-rw----"
                seen["WIDER"] shouldBe "0"
            }
        }

        test(
            "files a rotating target creates, the new active file after each rotation included, get the configured mode"
        ) {
            val dir = Files.createTempDirectory("rotolog-perm-rotation")
            val logging = rotolog {
                shutdownHook = false
                file(dir.resolve("app.log")) {
                    layout = PatternLayout("%msg%n")
                    permissions = "rw-r-----"
                    rotate { maxSize = 1.kilobytes }
                }
            }
            repeat(40) { logging.logger("r").info { "record $it " + "x".repeat(100) } }
            logging.close()
            val files = Files.list(dir).use { it.toList() }
            (files.size > 3) shouldBe true // the active file, the lock file and several archives
            for (file in files) {
                withClue(file) { FilePermissions.format(FilePermissions.of(file)) shouldBe "rw-r-----" }
            }
        }

        test(
            "missing directories get the file mode with x where r is, exactly; existing ones keep theirs; null leaves the JDK's default"
        ) {
            val root = Files.createTempDirectory("rotolog-perm-dirs")
            Files.setPosixFilePermissions(root, FilePermissions.parse("rwx------")!!)
            FilePermissions.createDirectories(root.resolve("a/b/c"), FilePermissions.parse("rw-rw-r--")!!)
            for (d in listOf("a", "a/b", "a/b/c")) {
                withClue(d) { FilePermissions.format(FilePermissions.of(root.resolve(d))) shouldBe "rwxrwxr-x" }
            }
            FilePermissions.format(FilePermissions.of(root)) shouldBe "rwx------"
            // Again on what exists now: nothing changes, and a file in the way is an error (ENOTDIR).
            FilePermissions.createDirectories(root.resolve("a/b/c"), FilePermissions.parse("rw-------")!!)
            FilePermissions.format(FilePermissions.of(root.resolve("a/b/c"))) shouldBe "rwxrwxr-x"
            Files.createFile(root.resolve("a/file"))
            shouldThrow<IOException> {
                FilePermissions.createDirectories(root.resolve("a/file/d"), FilePermissions.parse("rw-------")!!)
            }
            FilePermissions.createDirectories(root.resolve("plain"), null)
            Files.isDirectory(root.resolve("plain")) shouldBe true
        }

        test(
            "a file target in missing directories creates them with its mode (rw-rw---- gives rwxrwx---, whatever the umask)"
        ) {
            val root = Files.createTempDirectory("rotolog-perm-target-dirs")
            val log = root.resolve("x").resolve("y").resolve("app.log")
            val logging = rotolog {
                shutdownHook = false
                file(log) {
                    permissions = "rw-rw----"
                    rotate { maxSize = 1.kilobytes }
                    compress = true
                }
            }
            logging.logger("d").info { "one record" }
            logging.close()
            for (d in listOf(log.parent.parent, log.parent)) {
                withClue(d) { FilePermissions.format(FilePermissions.of(d)) shouldBe "rwxrwx---" }
            }
            FilePermissions.format(FilePermissions.of(log)) shouldBe "rw-rw----"
        }

        test("an existing file keeps its mode; a symlink at the name is not followed") {
            val dir = Files.createTempDirectory("rotolog-perm-existing")
            val mode = FilePermissions.parse("rw-r-----")!!
            val existing = dir.resolve("old.log")
            Files.createFile(existing)
            Files.setPosixFilePermissions(existing, FilePermissions.parse("rw-------")!!)
            FilePermissions.openOrCreate(existing, mode, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).close()
            FilePermissions.format(FilePermissions.of(existing)) shouldBe "rw-------"

            val target = dir.resolve("elsewhere")
            Files.createFile(target)
            val link = Files.createSymbolicLink(dir.resolve("link.log"), target)
            shouldThrow<FileAlreadyExistsException> { FilePermissions.createNew(link, mode, StandardOpenOption.WRITE) }
            shouldThrow<IOException> {
                    FilePermissions.openOrCreate(link, mode, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                }
                .message shouldContain "symbolic link"
            Files.size(target) shouldBe 0L
        }

        withTests(
            nameFn = { "parse ${it.first}" },
            "rw-r-----" to "rw-r-----",
            "640" to "rw-r-----",
            "0640" to "rw-r-----",
            "0777" to "rwxrwxrwx",
            "000" to "---------",
            "600" to "rw-------",
            "rwx" to null,
            "0800" to null,
            "06400" to null,
            "rw-r--r-x-" to null,
            "rw-r-----x" to null,
            "xw-r-----" to null,
            "" to null,
        ) { (text, expected) ->
            FilePermissions.parse(text)?.let { FilePermissions.format(it) } shouldBe expected
        }
    })
