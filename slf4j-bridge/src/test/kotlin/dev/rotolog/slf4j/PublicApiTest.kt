package dev.rotolog.slf4j

import dev.rotolog.testkit.ApiDump
import io.kotest.core.spec.style.FunSpec

/**
 * The compiled public API of rotolog-slf4j matches the checked-in slf4j-bridge/api/rotolog-slf4j.api
 * (docs/building.md).
 */
class PublicApiTest :
    FunSpec({ test("the public API is the one in api/rotolog-slf4j.api") { ApiDump.checkAgainstFile() } })
