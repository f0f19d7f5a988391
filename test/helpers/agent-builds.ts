import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "./temp-dir.ts";

/** A change to a copy of the sources before it is built: the text must be found, or the build would silently be the unchanged agent. */
export interface SourcePatch {
  file: string;
  find: string;
  replace: string;
}

/**
 * Builds a real agent binary with another version (the compile script's
 * `--version`), optionally from a patched copy of the sources (a new version
 * with a migration and a defect), into a folder of its own.
 */
export async function buildAgent(o: { version: string; patches?: SourcePatch[]; newFiles?: Record<string, string>; updateKeyFile?: string }): Promise<string> {
  const out = tempDir(`agent-build-${o.version}-`);
  const binary = join(out, "agent");
  let cwd = resolve(".");
  if (o.patches || o.newFiles) {
    cwd = join(out, "src-copy");
    mkdirSync(cwd);
    for (const part of ["src", "migrations", "package.json", "tsconfig.json"]) cpSync(part, join(cwd, part), { recursive: true });
    symlinkSync(resolve("node_modules"), join(cwd, "node_modules"));
    for (const [file, text] of Object.entries(o.newFiles ?? {})) writeFileSync(join(cwd, file), text);
    for (const p of o.patches ?? []) {
      const path = join(cwd, p.file);
      const text = readFileSync(path, "utf8");
      if (!text.includes(p.find)) throw new Error(`patch for ${p.file}: ${JSON.stringify(p.find)} not found; update the test to the current source`);
      writeFileSync(path, text.replace(p.find, p.replace));
    }
  }
  const key = o.updateKeyFile ? ["--update-key", resolve(o.updateKeyFile)] : [];
  const p = Bun.spawn([process.execPath, "src/build/compile.ts", "--native", "--version", o.version, "--outfile", binary, ...key], { cwd, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`build of ${o.version} failed (${code}):\n${stdout}\n${stderr}`);
  return binary;
}

export function sha256Of(path: string): string {
  return new Bun.CryptoHasher("sha256").update(readFileSync(path)).digest("hex");
}
