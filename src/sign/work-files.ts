import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import { SignError } from "./sign-error.ts";

/**
 * A private folder (0700, files 0600) for one run of an external program:
 * the PDF holds patient data, so it is readable by the agent's user only and
 * removed as soon as the run ends, whatever happened.
 */
export async function withWorkFolder<T>(root: string | undefined, work: (dir: string, write: (name: string, data: Uint8Array) => string) => Promise<T>): Promise<T> {
  let dir: string;
  try {
    dir = mkdtempSync(join(root ?? tmpdir(), "agent-sign-"));
  } catch (error) {
    throw new SignError("io", say(S.workFiles, { detail: (error as NodeJS.ErrnoException).code ?? String(error) }), { cause: error });
  }
  const write = (name: string, data: Uint8Array) => {
    const path = join(dir, name);
    try {
      writeFileSync(path, data, { mode: 0o600 });
    } catch (error) {
      throw new SignError("io", say(S.workFiles, { detail: (error as NodeJS.ErrnoException).code ?? String(error) }), { cause: error });
    }
    return path;
  };
  try {
    return await work(dir, write);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
