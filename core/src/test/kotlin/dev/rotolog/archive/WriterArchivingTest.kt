package dev.rotolog.archive

import dev.rotolog.info
import dev.rotolog.internal.Environment
import dev.rotolog.internal.FilePermissions
import dev.rotolog.kilobytes
import dev.rotolog.writer.messageOnlyConfig
import dev.rotolog.writer.parseTestLine
import dev.rotolog.writer.startWith
import dev.rotolog.writer.tempLogFile
import dev.rotolog.writer.testLine
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/** Archiving behind a real writer in this JVM, configured through the DSL. */
class WriterArchivingTest :
    FunSpec({
        fun archivesIn(dir: Path): List<String> =
            namesIn(dir).filter { it.startsWith("app.") && it != "app.log" && !it.endsWith(".lock") }

        /** The test lines of [files] in order (gzip read through), as (tag, seq). */
        fun linesOf(files: List<Path>): List<Pair<String, Int>> =
            files.flatMap { f ->
                val bytes = if (f.fileName.toString().endsWith(".gz")) gunzip(f) else Files.readAllBytes(f)
                String(bytes)
                    .lines()
                    .filter { it.isNotEmpty() }
                    .map { parseTestLine(it) ?: error("not a test line in $f: $it") }
            }

        test(
            "the writer hands each new archive over: compressed, pruned to 3, and the records kept are the newest, each once"
        ) {
            val file = tempLogFile("rotolog-archiving")
            val logging =
                startWith(
                    messageOnlyConfig(file) {
                        rotate { maxSize = 4.kilobytes }
                        compress = true
                        keep { archives = 3 }
                    }
                )
            val log = logging.logger("a")
            val total = 2_000
            for (seq in 0 until total) log.info { testLine("A", seq) }
            logging.flush().shouldBeTrue()
            eventually(30.seconds) {
                val archives = archivesIn(file.parent)
                archives.size shouldBe 3
                archives.filter { !it.endsWith(".gz") }.shouldBeEmpty()
            }
            logging.close()
            logging.stats().single().rotations shouldBeGreaterThan 10L

            val naming = dev.rotolog.rotation.ArchiveNaming("app.log", null)
            val ordered =
                archivesIn(file.parent).map { naming.parse(it)!! }.sorted().map { file.resolveSibling(it.fileName) } +
                    listOf(file)
            val seqs = linesOf(ordered).map { it.second }
            // A gapless run that ends with the last record: the oldest archives went, the rest is whole.
            seqs shouldBe (seqs.first() until total).toList()
        }

        test("with permissions set, every .gz and the archiver's lock file get exactly that mode, whatever the umask") {
            val file = tempLogFile("rotolog-archiving-mode")
            val logging =
                startWith(
                    messageOnlyConfig(file) {
                        permissions = "rw-rw----" // a umask of 022 would take the group's write bit
                        rotate { maxSize = 4.kilobytes }
                        compress = true
                    }
                )
            val log = logging.logger("m")
            for (seq in 0 until 300) log.info { testLine("M", seq) }
            logging.flush().shouldBeTrue()
            eventually(30.seconds) {
                val archives = archivesIn(file.parent)
                archives.size shouldBeGreaterThan 2
                archives.filter { !it.endsWith(".gz") }.shouldBeEmpty()
            }
            logging.close()
            for (name in archivesIn(file.parent) + "app.log.archiver.lock") {
                withClue(name) {
                    FilePermissions.format(FilePermissions.of(file.resolveSibling(name))) shouldBe "rw-rw----"
                }
            }
        }

        test("a writer goes on writing and rotating while its archiver is stuck in the middle of a compression") {
            val paused = CountDownLatch(1)
            val resume = CountDownLatch(1)
            val stopAtPart =
                Environment(
                    onArchiveStep = { step, _ ->
                        if (step == ArchiveStep.PART_CREATED) {
                            paused.countDown()
                            resume.await()
                        }
                    }
                )
            try {
                val file = tempLogFile("rotolog-archiving-stuck")
                val logging =
                    startWith(
                        messageOnlyConfig(file) {
                            rotate { maxSize = 4.kilobytes }
                            compress = true
                        },
                        stopAtPart,
                    )
                val log = logging.logger("s")
                for (seq in 0 until 200) log.info { testLine("S", seq) }
                logging.flush().shouldBeTrue()
                paused.await(30, TimeUnit.SECONDS).shouldBeTrue()
                val rawBefore = archivesIn(file.parent).count { !it.endsWith(".gz") && !it.endsWith(".part") }

                // The archiver holds its own lock, not the writers': these go on while it is stuck.
                for (seq in 200 until 2_000) log.info { testLine("S", seq) }
                logging.flush().shouldBeTrue()
                archivesIn(file.parent).count { !it.endsWith(".gz") && !it.endsWith(".part") } shouldBeGreaterThan
                    rawBefore + 5

                resume.countDown()
                eventually(30.seconds) { archivesIn(file.parent).filter { !it.endsWith(".gz") }.shouldBeEmpty() }
                logging.close()
                val naming = dev.rotolog.rotation.ArchiveNaming("app.log", null)
                val ordered =
                    archivesIn(file.parent)
                        .map { naming.parse(it)!! }
                        .sorted()
                        .map { file.resolveSibling(it.fileName) } + listOf(file)
                linesOf(ordered).map { it.second } shouldBe (0 until 2_000).toList()
            } finally {
                resume.countDown()
            }
        }
    })
