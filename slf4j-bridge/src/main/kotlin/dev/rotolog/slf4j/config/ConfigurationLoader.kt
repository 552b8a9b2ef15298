package dev.rotolog.slf4j.config

import dev.rotolog.RotologConfig
import java.io.IOException
import java.nio.file.Files
import java.nio.file.InvalidPathException
import java.nio.file.Paths

/** A configuration and where it came from, for messages. */
internal class LoadedConfiguration(val config: RotologConfig, val origin: String)

/**
 * Finds the configuration of an SLF4J application, in this order:
 * 1. the properties file named by the system property [FILE_PROPERTY] (it must exist);
 * 2. [RESOURCE] on the class path (the first one, with a notice when there are several);
 * 3. the default: INFO and above to [PropertiesConfig.DEFAULT_PATH] under the working directory, with a notice on
 *    stderr that says so and how to configure. rotolog has no console target; a file that several processes can share
 *    is what it is for, and the notice makes the choice visible.
 */
internal object ConfigurationLoader {
    const val FILE_PROPERTY: String = "rotolog.configurationFile"
    const val RESOURCE: String = "rotolog.properties"

    /**
     * @param fileProperty the value of [FILE_PROPERTY]
     * @param notice where notices go (stderr)
     * @throws IllegalArgumentException when the configuration is wrong or cannot be read, saying where and why.
     */
    fun load(
        classLoader: ClassLoader?,
        fileProperty: String? = System.getProperty(FILE_PROPERTY),
        notice: (String) -> Unit = { System.err.println(it) },
    ): LoadedConfiguration {
        if (!fileProperty.isNullOrBlank()) {
            val path =
                try {
                    Paths.get(fileProperty).toAbsolutePath()
                } catch (e: InvalidPathException) {
                    throw IllegalArgumentException(
                        "rotolog: the system property $FILE_PROPERTY = \"$fileProperty\" is not a valid path: ${e.message}"
                    )
                }
            require(Files.isRegularFile(path)) {
                "rotolog: the system property $FILE_PROPERTY names $path, which " +
                    (if (Files.exists(path)) "is not a regular file" else "does not exist") +
                    "; point it at a properties file, or remove it to use $RESOURCE from the class path"
            }
            val origin = "$path (system property $FILE_PROPERTY)"
            return LoadedConfiguration(PropertiesConfig.read(path, origin), origin)
        }
        val loader = classLoader ?: ClassLoader.getSystemClassLoader()
        val resources =
            try {
                loader.getResources(RESOURCE).toList()
            } catch (e: IOException) {
                throw IllegalArgumentException("rotolog: cannot search the class path for $RESOURCE: $e", e)
            }
        if (resources.isNotEmpty()) {
            val url = resources.first()
            if (resources.size > 1) {
                notice(
                    "rotolog: $RESOURCE is on the class path ${resources.size} times; using $url and ignoring " +
                        resources.drop(1).joinToString(", ")
                )
            }
            val origin = "$url (class path)"
            val properties =
                try {
                    url.openStream().use { PropertiesConfig.load(it) }
                } catch (e: IOException) {
                    throw IllegalArgumentException("rotolog: cannot read the configuration $origin: $e", e)
                } catch (e: IllegalArgumentException) {
                    throw IllegalArgumentException("rotolog: cannot read the configuration $origin: ${e.message}", e)
                }
            return LoadedConfiguration(PropertiesConfig.parse(PropertiesConfig.entries(properties), origin), origin)
        }
        val config = PropertiesConfig.parse(emptyMap(), "the default configuration")
        val file = config.files.single().path.toAbsolutePath()
        notice(
            "rotolog: no configuration found (system property $FILE_PROPERTY is not set and there is no $RESOURCE on " +
                "the class path); logging ${config.rootLevel} and above to $file"
        )
        return LoadedConfiguration(config, "the default configuration")
    }
}
