package dev.rotolog

/** How far a written batch is pushed towards the disk before the lock is released. */
public enum class Durability {
    /**
     * The batch is handed to the operating system. It survives the death of the process (even SIGKILL) but not a power
     * loss or kernel crash. The default, and what most loggers do.
     */
    PROCESS_CRASH,

    /**
     * Every batch is also forced to the storage device (`fsync` of the data) before the lock is released. Survives
     * power loss; costs one device flush per batch.
     */
    POWER_LOSS,
}
