// Entry point: argv → a command → an exit code. Everything else is imported
// on demand, so `agent --version` answers as fast as a bare Bun program.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V") && !process.env.AGENT_LANGUAGE) {
  const { versionLine } = await import("./cli/version.ts");
  console.log(versionLine());
} else {
  const { main } = await import("./cli/process-main.ts");
  await main(argv);
}
export {};
