package dev.rotolog.testkit

import java.lang.reflect.Constructor
import java.lang.reflect.Executable
import java.lang.reflect.Member
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.extension
import kotlin.io.path.invariantSeparatorsPathString
import kotlin.io.path.readText
import kotlin.io.path.relativeTo
import kotlin.io.path.writeText
import kotlin.metadata.KmClass
import kotlin.metadata.KmConstructor
import kotlin.metadata.KmDeclarationContainer
import kotlin.metadata.Visibility
import kotlin.metadata.jvm.KotlinClassMetadata
import kotlin.metadata.jvm.fieldSignature
import kotlin.metadata.jvm.getterSignature
import kotlin.metadata.jvm.setterSignature
import kotlin.metadata.jvm.signature
import kotlin.metadata.visibility

/**
 * The public API of a module's compiled classes as text, one class header and its members per block, and the check of
 * that text against the checked-in `api/<artifactId>.api` file.
 *
 * Kotlin's `internal` compiles to public bytecode, so the bytecode alone would list internals: the Kotlin metadata of
 * each class says which declarations are public or protected in Kotlin, and only those are listed. Members the metadata
 * does not describe (enum `values`, a companion's static field) are listed as the bytecode shows them; synthetic
 * members and bridges are not. Types are the erased JVM types: what a caller links against.
 */
object ApiDump {
    /** How to regenerate the dump; printed on a mismatch and documented in docs/building.md. */
    const val UPDATE_COMMAND: String =
        "./mvnw -B -pl core,slf4j-bridge -am test -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false " +
            "-Drotolog.api.update=true"

    /**
     * Compares the dump of the classes under system property `rotolog.api.classes` with the file named by
     * `rotolog.api.dump` and throws an [AssertionError] with a diff if they differ; with `rotolog.api.update=true` it
     * rewrites the file instead. Surefire sets all three (parent pom).
     */
    fun checkAgainstFile() {
        val classes = Path.of(requiredProperty("rotolog.api.classes"))
        val file = Path.of(requiredProperty("rotolog.api.dump"))
        val actual = dump(classes)
        if (System.getProperty("rotolog.api.update") == "true") {
            Files.createDirectories(file.parent)
            file.writeText(actual)
            println("Wrote the public API dump of $classes to $file (${actual.lines().size - 1} lines).")
            return
        }
        if (!Files.exists(file)) {
            throw AssertionError("No public API dump at $file. Create it with:\n  $UPDATE_COMMAND")
        }
        val expected = file.readText()
        if (expected != actual) {
            throw AssertionError(
                "The public API differs from $file\n" +
                    "(- only in the checked-in dump, + only in the compiled classes):\n\n" +
                    diff(expected.lines(), actual.lines()) +
                    "\nIf the change is intended, regenerate the dump and commit it:\n  $UPDATE_COMMAND"
            )
        }
    }

    private fun requiredProperty(name: String): String =
        System.getProperty(name)
            ?: throw IllegalStateException(
                "System property $name is not set; run the test through Maven (surefire sets it)"
            )

    /** The dump of every class file under [classesDir], loaded (not initialized) by this class's loader. */
    fun dump(classesDir: Path): String {
        val loader = ApiDump::class.java.classLoader
        val names =
            Files.walk(classesDir).use { paths ->
                paths
                    .filter { it.extension == "class" }
                    .map {
                        it.relativeTo(classesDir).invariantSeparatorsPathString.removeSuffix(".class").replace('/', '.')
                    }
                    .filter { !it.endsWith("module-info") && !it.endsWith("package-info") }
                    .toList()
            }
        return names
            .sorted()
            .map { Class.forName(it, false, loader) }
            .filter { isEffectivelyPublic(it) }
            .mapNotNull { describe(it) }
            .joinToString("") { "$it\n" }
    }

    private fun kotlinMetadata(c: Class<*>): KotlinClassMetadata? =
        c.getAnnotation(Metadata::class.java)?.let { KotlinClassMetadata.readLenient(it) }

    private fun isPublicInKotlin(v: Visibility) = v == Visibility.PUBLIC || v == Visibility.PROTECTED

    /** Public or protected in the bytecode and in Kotlin, and so is every class it is nested in. */
    private fun isEffectivelyPublic(c: Class<*>): Boolean {
        if (c.isAnonymousClass || c.isLocalClass || c.isSynthetic) return false
        if (!Modifier.isPublic(c.modifiers) && !Modifier.isProtected(c.modifiers)) return false
        when (val metadata = kotlinMetadata(c)) {
            is KotlinClassMetadata.Class -> if (!isPublicInKotlin(metadata.kmClass.visibility)) return false
            is KotlinClassMetadata.SyntheticClass -> return false
            else -> {}
        }
        return c.declaringClass?.let { isEffectivelyPublic(it) } ?: true
    }

    /** JVM signatures (name + descriptor) of the members Kotlin declares non-public in [c]. */
    private fun hiddenSignatures(c: Class<*>): Set<String> {
        val hidden = HashSet<String>()
        fun container(members: KmDeclarationContainer) {
            for (f in members.functions) {
                if (!isPublicInKotlin(f.visibility)) f.signature?.let { hidden += it.toString() }
            }
            for (p in members.properties) {
                if (!isPublicInKotlin(p.visibility)) {
                    listOfNotNull(p.getterSignature, p.setterSignature, p.fieldSignature).forEach {
                        hidden += it.toString()
                    }
                } else {
                    val setter = p.setter
                    if (setter != null && !isPublicInKotlin(setter.visibility)) {
                        p.setterSignature?.let { hidden += it.toString() }
                    }
                }
            }
        }
        when (val metadata = kotlinMetadata(c)) {
            is KotlinClassMetadata.Class -> {
                val kmClass: KmClass = metadata.kmClass
                container(kmClass)
                for (k: KmConstructor in kmClass.constructors) {
                    if (!isPublicInKotlin(k.visibility)) k.signature?.let { hidden += it.toString() }
                }
            }
            is KotlinClassMetadata.FileFacade -> container(metadata.kmPackage)
            is KotlinClassMetadata.MultiFileClassPart -> container(metadata.kmPackage)
            else -> {}
        }
        return hidden
    }

    private fun describe(c: Class<*>): String? {
        val hidden = hiddenSignatures(c)
        fun visible(m: Member, signature: String) =
            (Modifier.isPublic(m.modifiers) || Modifier.isProtected(m.modifiers)) &&
                !m.isSynthetic &&
                signature !in hidden

        val members = ArrayList<String>()
        for (k in c.declaredConstructors) {
            if (visible(k, signature(k))) members += "${modifiers(k.modifiers)}<init>${parameters(k)}"
        }
        for (m in c.declaredMethods) {
            if (!m.isBridge && visible(m, signature(m))) {
                members += "${modifiers(m.modifiers)}${m.name}${parameters(m)}: ${m.returnType.typeName}"
            }
        }
        for (f in c.declaredFields) {
            if (visible(f, "${f.name}:${descriptor(f.type)}")) {
                members += "${modifiers(f.modifiers)}field ${f.name}: ${f.type.typeName}"
            }
        }
        val isFileFacade =
            kotlinMetadata(c).let {
                it is KotlinClassMetadata.FileFacade || it is KotlinClassMetadata.MultiFileClassPart
            }
        if (isFileFacade && members.isEmpty()) return null // only internal or private top-level declarations
        return buildString {
            append(header(c)).append(" {\n")
            members.sorted().forEach { append("    ").append(it).append('\n') }
            append("}\n")
        }
    }

    private fun header(c: Class<*>): String {
        val kind =
            when {
                c.isAnnotation -> "annotation class"
                c.isInterface -> "interface"
                c.isEnum -> "enum class"
                else -> "class"
            }
        val modifiers =
            if (c.isInterface) modifiers(c.modifiers and Modifier.ABSTRACT.inv()) else modifiers(c.modifiers)
        val supertypes = buildList {
            val superclass = c.superclass
            if (superclass != null && superclass != Any::class.java && superclass != Enum::class.java)
                add(superclass.typeName)
            c.interfaces.map { it.typeName }.sorted().forEach { add(it) }
        }
        return "$modifiers$kind ${c.typeName}" + if (supertypes.isEmpty()) "" else " : " + supertypes.joinToString()
    }

    private fun modifiers(m: Int): String = buildString {
        if (Modifier.isPublic(m)) append("public ")
        if (Modifier.isProtected(m)) append("protected ")
        if (Modifier.isStatic(m)) append("static ")
        if (Modifier.isAbstract(m)) append("abstract ")
        if (Modifier.isFinal(m)) append("final ")
    }

    private fun parameters(e: Executable) = e.parameterTypes.joinToString(", ", "(", ")") { it.typeName }

    private fun signature(e: Executable): String {
        val name = if (e is Constructor<*>) "<init>" else e.name
        val returns = if (e is Method) descriptor(e.returnType) else "V"
        return name + e.parameterTypes.joinToString("", "(", ")") { descriptor(it) } + returns
    }

    private fun descriptor(t: Class<*>): String =
        when {
            t.isArray -> "[" + descriptor(t.componentType)
            t == Void.TYPE -> "V"
            t == java.lang.Boolean.TYPE -> "Z"
            t == java.lang.Byte.TYPE -> "B"
            t == java.lang.Character.TYPE -> "C"
            t == java.lang.Short.TYPE -> "S"
            t == Integer.TYPE -> "I"
            t == java.lang.Long.TYPE -> "J"
            t == java.lang.Float.TYPE -> "F"
            t == java.lang.Double.TYPE -> "D"
            else -> "L" + t.name.replace('.', '/') + ";"
        }

    /** A line diff (longest common subsequence) of [old] and [new], changed lines with two lines of context. */
    fun diff(old: List<String>, new: List<String>): String {
        val common = Array(old.size + 1) { IntArray(new.size + 1) }
        for (i in old.indices.reversed()) for (j in new.indices.reversed()) {
            common[i][j] = if (old[i] == new[j]) common[i + 1][j + 1] + 1 else maxOf(common[i + 1][j], common[i][j + 1])
        }
        val lines = ArrayList<Pair<Char, String>>()
        var i = 0
        var j = 0
        while (i < old.size || j < new.size) {
            when {
                i < old.size && j < new.size && old[i] == new[j] -> {
                    lines += ' ' to old[i]
                    i++
                    j++
                }
                j < new.size && (i == old.size || common[i][j + 1] >= common[i + 1][j]) -> {
                    lines += '+' to new[j]
                    j++
                }
                else -> {
                    lines += '-' to old[i]
                    i++
                }
            }
        }
        val shown = BooleanArray(lines.size)
        lines.forEachIndexed { index, (mark, _) ->
            if (mark != ' ') for (k in maxOf(0, index - 2)..minOf(lines.size - 1, index + 2)) shown[k] = true
        }
        return buildString {
            lines.forEachIndexed { index, (mark, text) ->
                if (shown[index]) append(mark).append(' ').append(text).append('\n')
                else if (index > 0 && shown[index - 1]) append("  ...\n")
            }
        }
    }
}
