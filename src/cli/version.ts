import { platform, arch } from "node:os";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { BUILD } from "../platform/build-info.ts";

export function versionLine(): string {
  return say(C.version, { version: BUILD.version, target: BUILD.target, bun: BUILD.bunVersion, platform: `${platform()}-${arch()}` });
}

/** Which key this binary trusts for updates (`agent version` only: `--version` stays as fast as it is). */
export async function updateKeyLine(): Promise<string> {
  const { UPDATE_PUBLIC_KEY, isDevelopmentKey, keyFingerprint } = await import("../platform/update-key.ts");
  return say(C.updateKey, { fingerprint: keyFingerprint(UPDATE_PUBLIC_KEY), development: isDevelopmentKey(UPDATE_PUBLIC_KEY) });
}
