package dev.rotolog.internal

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Paths
import java.security.MessageDigest

/**
 * Expands the placeholders of a file target's path: `{pid}` (this process's id), `{host}` (the host name) and `{key}`
 * (the per-process key), e.g. `logs/app-{key}.log` for one file per process beside a shared `logs/app.log`.
 *
 * Every value is made safe with [sanitize] before it is put in, so a value can never add a directory level, climb out
 * with `..`, hide a file with a leading dot, carry a NUL, or make a name too long for the file system.
 */
internal object PathTemplate {
    const val PID: String = "pid"
    const val HOST: String = "host"
    const val KEY: String = "key"
    private val NAMES = listOf(PID, HOST, KEY)

    /** What is allowed between braces, for messages. */
    val ALLOWED: String = NAMES.joinToString(", ") { "{$it}" }

    /** The longest a value may be after sanitizing; longer ones are cut and end with a hash of the whole value. */
    const val MAX_VALUE_LENGTH: Int = 64

    /** Where the values come from; a test passes its own. */
    class Values(val pid: () -> String, val host: () -> String, val key: String?)

    val processValues: Values =
        Values(pid = { ProcessHandle.current().pid().toString() }, host = ::hostName, key = null)

    /** The placeholder names used in [template], in order; throws naming [setting] for an unknown or unclosed one. */
    fun placeholders(template: String, setting: String): List<String> {
        val names = ArrayList<String>()
        var i = 0
        while (i < template.length) {
            val open = template.indexOf('{', i)
            val close = template.indexOf('}', i)
            if (open < 0) {
                require(close < 0) { "$setting: '}' at position $close in \"$template\" has no '{'; use $ALLOWED" }
                break
            }
            require(close < 0 || close > open) {
                "$setting: '}' at position $close in \"$template\" has no '{'; use $ALLOWED"
            }
            require(close > open) { "$setting: '{' at position $open in \"$template\" is not closed; use $ALLOWED" }
            val name = template.substring(open + 1, close)
            require(name in NAMES) { "$setting: {$name} in \"$template\" is not known; use $ALLOWED" }
            names += name
            i = close + 1
        }
        return names
    }

    /** [template] with every placeholder replaced by its sanitized value. */
    fun expand(template: String, setting: String, values: Values): String {
        val names = placeholders(template, setting)
        if (names.isEmpty()) return template
        val out = StringBuilder(template.length + 32)
        var i = 0
        for (name in names) {
            val open = template.indexOf('{', i)
            out.append(template, i, open)
            val raw =
                when (name) {
                    PID -> values.pid()
                    HOST -> values.host()
                    else ->
                        requireNotNull(values.key) {
                            "$setting: \"$template\" uses {key} but no process key is set; set processKey = \"...\" in the " +
                                "configuration or start the JVM with -D$KEY_PROPERTY=..."
                        }
                }
            out.append(sanitize(raw))
            i = template.indexOf('}', open) + 1
        }
        out.append(template, i, template.length)
        return out.toString()
    }

    /** The system property that supplies the per-process key when the configuration sets none. */
    const val KEY_PROPERTY: String = "rotolog.processKey"

    /**
     * [value] made into one safe file name component. Letters, digits, `-` and `.` (except a leading one) are kept;
     * every other character, `_` included, becomes `_` and the two hex digits of each of its UTF-8 bytes, so two
     * different values never give the same name (a lone surrogate counts as U+FFFD). The empty value becomes `_`, which
     * no other value produces; a value longer than [MAX_VALUE_LENGTH] after this is cut and ends with `-` and 16 hex
     * digits of its SHA-256. The result is never empty, `.` or `..`, and contains no separator, NUL or non-ASCII
     * character.
     */
    fun sanitize(value: String): String {
        if (value.isEmpty()) return "_"
        val out = StringBuilder(value.length + 8)
        for ((index, c) in value.withIndex()) {
            val keep = c in 'a'..'z' || c in 'A'..'Z' || c in '0'..'9' || c == '-' || (c == '.' && index > 0)
            if (keep) {
                out.append(c)
            } else if (Character.isSurrogate(c)) {
                // Encoded with its pair below, or replaced when it is a lone surrogate.
                if (
                    Character.isHighSurrogate(c) &&
                        index + 1 < value.length &&
                        Character.isLowSurrogate(value[index + 1])
                ) {
                    hex(String(charArrayOf(c, value[index + 1])), out)
                } else if (!Character.isLowSurrogate(c) || index == 0 || !Character.isHighSurrogate(value[index - 1])) {
                    hex("\ufffd", out)
                }
            } else {
                hex(c.toString(), out)
            }
        }
        if (out.length <= MAX_VALUE_LENGTH) return out.toString()
        val digest = MessageDigest.getInstance("SHA-256").digest(value.toByteArray(StandardCharsets.UTF_8))
        val suffix = StringBuilder("-")
        for (i in 0 until 8) suffix
            .append(HEX[(digest[i].toInt() shr 4) and 0xF])
            .append(HEX[digest[i].toInt() and 0xF])
        return out.substring(0, MAX_VALUE_LENGTH - suffix.length) + suffix
    }

    private fun hex(text: String, out: StringBuilder) {
        for (b in text.toByteArray(StandardCharsets.UTF_8)) {
            out.append('_').append(HEX[(b.toInt() shr 4) and 0xF]).append(HEX[b.toInt() and 0xF])
        }
    }

    private val HEX = "0123456789abcdef".toCharArray()

    /**
     * The host name without a DNS lookup where possible: `$HOSTNAME`, else the kernel's name, else the JDK's (which may
     * ask DNS), else `localhost`.
     */
    private fun hostName(): String {
        System.getenv("HOSTNAME")
            ?.trim()
            ?.takeIf { it.isNotEmpty() }
            ?.let {
                return it
            }
        try {
            val kernel = Paths.get("/proc/sys/kernel/hostname")
            if (Files.isReadable(kernel))
                Files.readString(kernel)
                    .trim()
                    .takeIf { it.isNotEmpty() }
                    ?.let {
                        return it
                    }
        } catch (_: Exception) {
            // Not Linux, or not readable: fall through.
        }
        return try {
            java.net.InetAddress.getLocalHost().hostName
        } catch (_: Exception) {
            "localhost"
        }
    }
}
