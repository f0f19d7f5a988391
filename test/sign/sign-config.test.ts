/**
 * The [sign] section through the real config loader: the password from the
 * environment, masked wherever the config is shown; templates kept verbatim
 * from TOML (quotes, backslashes); a bad value named by its path.
 */
import { describe, expect, test } from "bun:test";
import { loadConfig, type ConfigSources } from "../../src/config/load.ts";
import { renderExampleConfig } from "../../src/config/example-file.ts";
import { effectiveSettings } from "../../src/config/effective-config.ts";
import { AgentError } from "../../src/kernel/agent-error.ts";
import { setLanguage } from "../../src/messages/text.ts";

setLanguage("en");

const sources = (file: string | undefined, env: Record<string, string> = {}): ConfigSources => ({
  home: "/opt/agent",
  machineTimeZone: "Europe/Moscow",
  env,
  overrides: [],
  readFile: () => file,
});

describe("[sign] settings", () => {
  test("defaults: the external engine, nothing configured, 60 s, 20 MB", () => {
    const { config } = loadConfig(sources(undefined));
    expect(config.sign).toMatchObject({ engine: "external", sign_command: "", verify_command: "", timeout_seconds: 60, max_pdf_mb: 20, crl_file: "" });
  });

  test("a Windows cryptcp template survives TOML as written; the password comes from AGENT_SIGN_KEY_PASSWORD and is masked", () => {
    const toml = `[sign]\nsign_command = '"C:\\Program Files\\Crypto Pro\\CSP\\cryptcp.exe" -sign -detached {input} {signature}'\n`;
    const loaded = loadConfig(sources(toml, { AGENT_SIGN_KEY_PASSWORD: "pin-0451-secret" }));
    expect(loaded.config.sign.sign_command).toBe('"C:\\Program Files\\Crypto Pro\\CSP\\cryptcp.exe" -sign -detached {input} {signature}');
    expect(loaded.config.sign.key_password).toBe("pin-0451-secret");
    const shown = JSON.stringify(effectiveSettings(loaded));
    expect(shown).not.toContain("pin-0451-secret");
    expect(shown).toContain("AGENT_SIGN_KEY_PASSWORD");
  });

  test("a wrong engine or limit is refused naming sign.<key>; the example file documents the section", () => {
    let error: unknown;
    try {
      loadConfig(sources(`[sign]\nengine = "cryptopro"\nmax_pdf_mb = 0\n`));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentError);
    expect((error as Error).message).toContain("sign.engine");
    expect((error as Error).message).toContain("sign.max_pdf_mb");
    const example = renderExampleConfig({ home: "/opt/agent", machineTimeZone: "UTC" });
    expect(example).toContain("[sign]");
    expect(example).toContain("AGENT_SIGN_KEY_PASSWORD");
  });
});
