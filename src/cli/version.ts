import { platform, arch } from "node:os";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { BUILD } from "../platform/build-info.ts";

export function versionLine(): string {
  return say(C.version, { version: BUILD.version, target: BUILD.target, bun: BUILD.bunVersion, platform: `${platform()}-${arch()}` });
}
