/**
 * Signs a built binary for the self-update job (the release engineer's tool,
 * not part of the agent):
 *
 *   bun src/build/sign-update.ts --key release-key.pem --binary dist/agent \
 *       --version 0.2.0 --platform linux-x64 --cpu avx2 [--url agent-0.2.0]
 *
 * prints one manifest entry (README, "Updates"): version, platform, cpu,
 * size, sha256, signature and url. The same fields, without url, go to the
 * ЦОД's publishing. The key is the Ed25519 private key (PEM, PKCS#8) whose
 * public half was built into the agents that are to accept the update.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { signOffer, VERSION_PATTERN } from "../deploy/update-offer.ts";

/** The fields of a manifest entry for a binary file. */
export async function signBinary(o: { keyPem: string; binary: string; version: string; platform: string; cpu: "avx2" | "baseline"; url?: string }) {
  if (!VERSION_PATTERN.test(o.version)) throw new Error(`--version ${o.version}: expected X.Y.Z`);
  const bytes = await Bun.file(o.binary).arrayBuffer();
  const fields = { version: o.version, platform: o.platform, cpu: o.cpu, size: bytes.byteLength, sha256: new Bun.CryptoHasher("sha256").update(bytes).digest("hex") };
  return { ...fields, signature: signOffer(fields, o.keyPem), url: o.url ?? basename(o.binary) };
}

function option(name: string): string {
  const i = process.argv.indexOf(name);
  const value = i < 0 ? undefined : process.argv[i + 1];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
}

if (import.meta.main) {
  const cpu = option("--cpu");
  if (cpu !== "avx2" && cpu !== "baseline") throw new Error("--cpu avx2 | baseline");
  const i = process.argv.indexOf("--url");
  const entry = await signBinary({
    keyPem: readFileSync(option("--key"), "utf8"),
    binary: option("--binary"),
    version: option("--version"),
    platform: option("--platform"),
    cpu,
    url: i < 0 ? undefined : process.argv[i + 1],
  });
  console.log(JSON.stringify(entry, null, 2));
}
