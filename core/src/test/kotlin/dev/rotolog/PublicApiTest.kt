package dev.rotolog

import dev.rotolog.testkit.ApiDump
import io.kotest.core.spec.style.FunSpec

/** The compiled public API of rotolog-core matches the checked-in core/api/rotolog-core.api (docs/building.md). */
class PublicApiTest :
    FunSpec({ test("the public API is the one in api/rotolog-core.api") { ApiDump.checkAgainstFile() } })
