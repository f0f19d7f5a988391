/**
 * Builds the single-file binaries (`bun run build`):
 *   dist/agent               linux-x64 (CPUs with AVX2)
 *   dist/agent-baseline      linux-x64 for older CPUs
 *   dist/agent.exe           windows-x64
 *   dist/agent-baseline.exe  windows-x64 for older CPUs
 * `bun run build:native` builds only dist/agent (what the tests run).
 * Everything the agent reads — migrations, texts, terminfo — is imported
 * into the bundle, so a binary copied alone into an empty folder works.
 */
import type { BunPlugin } from "bun";
import { BLESSED_EXTERNALS, blessedPlugin } from "./blessed-plugin.ts";

interface Target {
  target: Bun.Build.CompileTarget;
  outfile: string;
}

const ALL: readonly Target[] = [
  { target: "bun-linux-x64", outfile: "dist/agent" },
  { target: "bun-linux-x64-baseline", outfile: "dist/agent-baseline" },
  { target: "bun-windows-x64", outfile: "dist/agent.exe" },
  { target: "bun-windows-x64-baseline", outfile: "dist/agent-baseline.exe" },
];

/** Build-time plugins: blessed's widget table made static (bun-notes.md). */
export const buildPlugins: BunPlugin[] = [blessedPlugin];

export async function compile(targets: readonly Target[]): Promise<void> {
  const builtAt = new Date().toISOString();
  for (const t of targets) {
    const started = performance.now();
    const result = await Bun.build({
      entrypoints: ["src/main.ts"],
      compile: {
        target: t.target,
        outfile: t.outfile,
        // A clinic's folder may hold a .env or bunfig.toml of something else: never read them.
        autoloadDotenv: false,
        autoloadBunfig: false,
      },
      minify: { syntax: true, whitespace: true, identifiers: false },
      // Start-up: bytecode skips parsing; splitting keeps each command's code in its own
      // chunk, so `agent --version` loads none of the service, `agent jobs` none of the UI.
      bytecode: true,
      splitting: true,
      format: "esm",
      sourcemap: "none",
      define: {
        AGENT_BUILD_TARGET: JSON.stringify(t.target.replace(/^bun-/, "")),
        AGENT_BUILD_TIME: JSON.stringify(builtAt),
      },
      plugins: buildPlugins,
      external: BLESSED_EXTERNALS,
    });
    if (!result.success) {
      for (const log of result.logs) console.error(log);
      throw new Error(`build for ${t.target} failed`);
    }
    console.log(`${t.outfile}  (${t.target}, ${Math.round(performance.now() - started)} ms)`);
  }
}

if (import.meta.main) {
  const nativeOnly = process.argv.includes("--native");
  await compile(nativeOnly ? ALL.slice(0, 1) : ALL);
}
