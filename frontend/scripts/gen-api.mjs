// The typed API client's one source of truth: the backend's OpenAPI document, turned into
// src/lib/api/schema.d.ts by openapi-typescript. `--check` fails when the committed file is stale.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const target = resolve(here, "..", "src", "lib", "api", "schema.d.ts");
const python = process.env.KBAGENT_PYTHON ?? resolve(root, "backend", ".venv", "bin", "python");
if (!existsSync(python)) {
  console.error(`no backend interpreter at ${python}: run \`make backend/.venv/.dev-installed\` first`);
  process.exit(2);
}
const dump = "import json; from kbagent.main import create_app; print(json.dumps(create_app().openapi(), sort_keys=True))";
const document = JSON.parse(
  execFileSync(python, ["-c", dump], { cwd: resolve(root, "backend"), encoding: "utf8", maxBuffer: 64 << 20 }),
);
const header = "// Generated from the backend's OpenAPI document by scripts/gen-api.mjs: do not edit.\n// Regenerate with `npm run gen:api` (make test fails when this file is stale).\n\n";
const text = header + astToString(await openapiTS(document, { alphabetize: true, defaultNonNullable: false }));

if (process.argv.includes("--check")) {
  const committed = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (committed !== text) {
    console.error("src/lib/api/schema.d.ts is stale: the backend's API changed. Run `npm run gen:api` in frontend/ and commit it.");
    process.exit(1);
  }
  console.log("generated API types are up to date");
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
