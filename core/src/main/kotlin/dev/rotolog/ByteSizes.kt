package dev.rotolog

/**
 * This many kibibytes (1,024 bytes each), as a byte count.
 *
 * Use it wherever a setting takes bytes, such as `rotate { maxSize = 512.kilobytes }`. The multiples are binary, as in
 * most loggers' "64MB".
 */
public val Int.kilobytes: Long
    get() = this.toLong() * 1024

/** This many mebibytes (1,048,576 bytes each), as a byte count; see [kilobytes]. */
public val Int.megabytes: Long
    get() = this.toLong() * 1024 * 1024

/** This many gibibytes (1,073,741,824 bytes each), as a byte count; see [kilobytes]. */
public val Int.gigabytes: Long
    get() = this.toLong() * 1024 * 1024 * 1024
