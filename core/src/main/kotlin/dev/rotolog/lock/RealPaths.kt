package dev.rotolog.lock

import dev.rotolog.internal.FilePermissions
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission

/** Canonical keys for files that may not exist yet: the real path of the directory plus the file name. */
internal object RealPaths {
    /**
     * The key of [path]. Creates its missing directories on the way, with the mode [FilePermissions.createDirectories]
     * derives from [permissions] (the file target's; null: the JDK's defaults).
     */
    fun of(path: Path, permissions: Set<PosixFilePermission>? = null): Path {
        val absolute = path.toAbsolutePath().normalize()
        val parent = absolute.parent ?: return absolute
        FilePermissions.createDirectories(parent, permissions)
        return parent.toRealPath().resolve(absolute.fileName)
    }
}
