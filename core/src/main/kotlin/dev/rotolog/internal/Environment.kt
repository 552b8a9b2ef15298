package dev.rotolog.internal

import dev.rotolog.archive.ArchiveStep
import dev.rotolog.rotation.RotationStep
import dev.rotolog.writer.LogFileIo
import java.nio.file.Path

/**
 * What a running owner takes from outside its configuration: how the active file is opened and renamed, and who hears
 * of each rotation and each archiver step. An owner passes it down to its writers and their archivers, as it passes the
 * clock. Production runs on [DEFAULT]; tests start an owner with their own (a file system that fails, a pause at a
 * crash point, a journal of rotations).
 */
internal class Environment(
    /** Opens and renames the active file; null: [LogFileIo.withPermissions] of the target's permissions. */
    val io: LogFileIo? = null,
    /**
     * Called on the writer thread, under the cross-process lock, right after this JVM renamed the active file to
     * [archive] and before the new state and file exist.
     */
    val onRotated: ((archive: Path, step: RotationStep.Rotate) -> Unit)? = null,
    /** Called on the archiver thread, under the archiver lock, at each point of a pass where a crash leaves work. */
    val onArchiveStep: ((step: ArchiveStep, file: Path) -> Unit)? = null,
) {
    companion object {
        val DEFAULT: Environment = Environment()
    }
}
