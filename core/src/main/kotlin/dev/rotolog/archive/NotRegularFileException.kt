package dev.rotolog.archive

import java.nio.file.FileSystemException
import java.nio.file.Path

/**
 * Thrown instead of opening [path] when something other than a regular file sits there (a FIFO, whose `open` would
 * block until some other process opens its other end; a device; a directory; a symlink). It concerns one archive only:
 * the pass skips that archive and goes on with the others.
 */
internal class NotRegularFileException(path: Path) :
    FileSystemException(
        path.toString(),
        null,
        "not a regular file (a FIFO, device, directory or symlink is never opened)",
    )
