/**
 * Builds the single-file binaries (`bun run build`):
 *   dist/agent               linux-x64 (CPUs with AVX2)
 *   dist/agent-baseline      linux-x64 for older CPUs
 *   dist/agent.exe           windows-x64
 *   dist/agent-baseline.exe  windows-x64 for older CPUs
 * `bun run build:native` builds only dist/agent (what the tests run).
 * Everything the agent reads — migrations, texts, terminfo — is imported
 * into the bundle, so a binary copied alone into an empty folder works.
 *
 * Options:
 *   --native            only dist/agent
 *   --outfile PATH      with --native: write the binary there instead
 *   --version X.Y.Z     the version the binary reports (default: package.json's);
 *                       the update tests build a "newer" agent this way
 *   --update-key FILE   the PEM of the Ed25519 public key updates must be signed
 *                       with (or AGENT_UPDATE_KEY_FILE); without it the development
 *                       key, whose private half is in test/fixtures/, is embedded
 */
import { readFileSync } from "node:fs";
import type { BunPlugin } from "bun";
import { DEV_UPDATE_PUBLIC_KEY, isDevelopmentKey, keyFingerprint } from "../platform/update-key.ts";
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

export interface CompileOptions {
  /** Overrides package.json's version. */
  version?: string;
  /** PEM of the update signing key's public half. */
  updatePublicKey?: string;
}

export async function compile(targets: readonly Target[], o: CompileOptions = {}): Promise<void> {
  const builtAt = new Date().toISOString();
  const updateKey = o.updatePublicKey ?? DEV_UPDATE_PUBLIC_KEY;
  // Fails here, not in a clinic, if the file is not an Ed25519 public key.
  const fingerprint = keyFingerprint(updateKey);
  for (const t of targets) {
    const started = performance.now();
    const result = await Bun.build({
      // The SQLite worker (src/store/sqlite-offthread.ts) is an entry point of its own;
      // entry points are named from their common folder src/, so it is "./store/…" inside.
      entrypoints: ["src/main.ts", "src/store/sqlite-offthread-worker.ts"],
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
        AGENT_UPDATE_PUBLIC_KEY: JSON.stringify(updateKey),
        ...(o.version ? { AGENT_BUILD_VERSION: JSON.stringify(o.version) } : {}),
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
  if (isDevelopmentKey(updateKey)) {
    console.log(`update key ${fingerprint}: the DEVELOPMENT key (test/fixtures/dev-update-key.pem) — do not ship these binaries; see README, "Updates"`);
  } else {
    console.log(`update key ${fingerprint}`);
  }
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return value;
}

if (import.meta.main) {
  const nativeOnly = process.argv.includes("--native");
  const outfile = option("--outfile");
  if (outfile && !nativeOnly) throw new Error("--outfile goes with --native");
  const version = option("--version");
  if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`--version ${version}: expected X.Y.Z`);
  const keyFile = option("--update-key") ?? process.env.AGENT_UPDATE_KEY_FILE;
  const targets = nativeOnly ? [{ ...ALL[0]!, outfile: outfile ?? ALL[0]!.outfile }] : ALL;
  await compile(targets, { version, updatePublicKey: keyFile ? readFileSync(keyFile, "utf8") : undefined });
}
