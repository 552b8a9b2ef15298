package dev.rotolog.layout

/**
 * The text of values that come from the caller's objects, whose `toString()` or `getMessage()` may throw: a layout
 * writes a placeholder naming the exception's class instead of failing the whole record. Only the class name of the
 * failure is used, since its own message may throw again.
 */
internal object FieldText {
    /** [value]'s `toString()`, "null" for null. */
    fun of(value: Any?): String =
        try {
            value.toString()
        } catch (failure: Throwable) {
            "<toString() failed: ${failure.javaClass.name}>"
        }

    /** [throwable]'s message, or null when it has none. */
    fun message(throwable: Throwable): String? =
        try {
            throwable.message
        } catch (failure: Throwable) {
            "<getMessage() failed: ${failure.javaClass.name}>"
        }

    /** [throwable]'s stack trace with causes and suppressed exceptions, as `printStackTrace` writes it. */
    fun stackTrace(throwable: Throwable): String =
        try {
            throwable.stackTraceToString()
        } catch (failure: Throwable) {
            "${throwable.javaClass.name} <stack trace failed: ${failure.javaClass.name}>"
        }
}
