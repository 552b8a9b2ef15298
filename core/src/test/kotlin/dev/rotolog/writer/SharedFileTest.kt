package dev.rotolog.writer

import dev.rotolog.Rotolog
import dev.rotolog.info
import dev.rotolog.status.StatusReporter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.util.Collections

class SharedFileTest :
    FunSpec({
        test(
            "two owners on one file in one JVM share a writer: no OverlappingFileLockException, no interleaved lines"
        ) {
            val file = tempLogFile("rotolog-two-owners")
            val reports = Collections.synchronizedList(ArrayList<String>())
            val previousSink = StatusReporter.global.sink
            StatusReporter.global.sink = { reports += it }
            try {
                val owners = listOf(Rotolog.start(messageOnlyConfig(file)), Rotolog.start(messageOnlyConfig(file)))
                val threads =
                    owners.flatMapIndexed { o, owner ->
                        (1..3).map { t ->
                            Thread {
                                val log = owner.logger("owner$o")
                                repeat(5_000) { log.info { testLine("O${o}T$t", it, 10 + it % 300) } }
                            }
                        }
                    }
                threads.forEach(Thread::start)
                threads.forEach(Thread::join)
                owners[0].close() // the other owner keeps the writer alive
                owners[1].logger("late").info { testLine("late", 0) }
                owners[1].close()

                val parsed = Files.readAllLines(file).map { parseTestLine(it) }
                parsed.filter { it == null }.shouldBeEmpty()
                val byTag = parsed.groupBy({ it!!.first }, { it!!.second })
                for (o in 0..1) for (t in 1..3) byTag.getValue("O${o}T$t") shouldBe (0 until 5_000).toList()
                byTag.getValue("late") shouldBe listOf(0)
                owners.flatMap { it.stats() }.sumOf { it.errors } shouldBe 0
                reports.shouldBeEmpty()
            } finally {
                StatusReporter.global.sink = previousSink
            }
        }
    })
