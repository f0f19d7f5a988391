import { gostEngineAvailable } from "./test-ca.ts";

/**
 * The GOST tests need OpenSSL with Debian's `libengine-gost-openssl` (.ci/run
 * installs it). Under CI=true its absence is a failure; elsewhere the suite
 * is skipped with the reason printed (a developer without the package).
 */
export function gostAvailable(): boolean {
  if (gostEngineAvailable()) return true;
  const reason = "OpenSSL has no GOST engine: apt-get install openssl libengine-gost-openssl";
  if (process.env.CI === "true") throw new Error(reason);
  console.warn(`SKIPPED (GOST signature tests): ${reason}`);
  return false;
}
