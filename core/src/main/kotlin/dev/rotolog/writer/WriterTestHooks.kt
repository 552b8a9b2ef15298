package dev.rotolog.writer

import dev.rotolog.rotation.RotationStep
import java.nio.file.Path

/**
 * Pause points and a journal for crash and rotate-once tests in child JVMs. Null in production; a test's child
 * main sets them. Both run on the writer thread while the cross-process lock is held.
 */
internal object WriterTestHooks {
    /** Called right after the active file was renamed to its archive, before the new state and file exist. */
    @Volatile var afterRename: ((archive: Path) -> Unit)? = null

    /** Called for every rotation this JVM carries out, under the lock: a journal of who rotated what. */
    @Volatile var rotationJournal: ((RotationStep.Rotate) -> Unit)? = null
}
