import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { loadConfig, type ConfigSources } from "../../src/config/load.ts";
import { renderExampleConfig } from "../../src/config/example-file.ts";
import { effectiveSettings } from "../../src/config/effective-config.ts";
import { planReload } from "../../src/config/reload.ts";
import { settingEntries } from "../../src/config/schema.ts";
import { AgentError } from "../../src/kernel/agent-error.ts";
import { setLanguage } from "../../src/messages/text.ts";

function sources(file: string | undefined, extra: Partial<ConfigSources> = {}): ConfigSources {
  return {
    home: "/opt/agent",
    machineTimeZone: "Asia/Yekaterinburg",
    env: {},
    overrides: [],
    readFile: () => file,
    ...extra,
  };
}

function failure(fn: () => unknown): AgentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AgentError);
    return error as AgentError;
  }
  throw new Error("expected an AgentError");
}

describe("loadConfig", () => {
  setLanguage("ru");

  test("without a file every setting has its default, and says so", () => {
    const loaded = loadConfig(sources(undefined));
    expect(loaded.config.instance).toBe("main");
    expect(loaded.config.data_dir).toBe("/opt/agent/data");
    expect(loaded.config.timezone).toBe("Asia/Yekaterinburg");
    expect(loaded.config.maindb.engine).toBe("sqlite");
    expect(loaded.file).toEqual({ path: "/opt/agent/agent.toml", exists: false, explicit: false });
    expect(loaded.origins.get("cod.url")).toEqual({ kind: "default" });
  });

  test("defaults < file < environment < arguments, each origin recorded", () => {
    const file = `timezone = "Europe/Moscow"\n[cod]\nurl = "http://10.0.0.5:30102"\ntimeout_seconds = 10\n[log]\nlevel = "warn"\n`;
    const loaded = loadConfig(
      sources(file, {
        env: { AGENT_COD_URL: "http://10.0.0.6:30102", AGENT_COD_TOKEN: "s3cret-token", AGENT_LOG_LEVEL: "debug" },
        overrides: [{ path: "log.level", value: "error", arg: "--set log.level=error" }],
      }),
    );
    expect(loaded.config.timezone).toBe("Europe/Moscow");
    expect(loaded.origins.get("timezone")).toEqual({ kind: "file", file: "/opt/agent/agent.toml" });
    expect(loaded.config.cod.timeout_seconds).toBe(10);
    expect(loaded.config.cod.url).toBe("http://10.0.0.6:30102");
    expect(loaded.origins.get("cod.url")).toEqual({ kind: "env", name: "AGENT_COD_URL" });
    expect(loaded.config.cod.token).toBe("s3cret-token");
    expect(loaded.config.log.level).toBe("error");
    expect(loaded.origins.get("log.level")).toEqual({ kind: "arg", arg: "--set log.level=error" });
  });

  test("the config is frozen", () => {
    const { config } = loadConfig(sources(undefined));
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.cod)).toBe(true);
  });

  test("every problem is reported at once, each naming its setting", () => {
    const file = `[cod]\nurll = "x"\ntimeout_seconds = "ten"\nurl = "ftp://x"\n[log]\nlevel = "loud"\n`;
    const e = failure(() => loadConfig(sources(file)));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("cod.urll: неизвестная настройка; возможно, имелось в виду cod.url");
    expect(e.message).toContain("cod.timeout_seconds: ожидается целое число");
    expect(e.message).toContain("cod.url: \"ftp://x\" — не адрес http://");
    expect(e.message).toContain("log.level: \"loud\" — недопустимое значение; допустимы: debug, info, warn, error");
    expect(e.message).toContain("agent config check");
  });

  test("a setting out of range names the range", () => {
    const e = failure(() => loadConfig(sources(`[maindb]\nport = 70000\n`)));
    expect(e.message).toContain("maindb.port: 70000 вне допустимого диапазона 1–65535");
  });

  test("malformed TOML names the file, the line and the column", () => {
    const e = failure(() => loadConfig(sources(`[cod]\nurl = "http://x\n`)));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("/opt/agent/agent.toml");
    expect(e.message).toMatch(/2:\d+/);
  });

  test("an explicit --config that does not exist is an error; the default file may be absent", () => {
    const e = failure(() => loadConfig(sources(undefined, { configPath: "/etc/agent/x.toml" })));
    expect(e.message).toContain("/etc/agent/x.toml не найден");
    expect(loadConfig(sources(undefined)).file.exists).toBe(false);
  });

  test("an environment value of the wrong type names the variable", () => {
    const e = failure(() => loadConfig(sources(undefined, { env: { AGENT_COD_TIMEOUT_SECONDS: "soon" } })));
    expect(e.message).toContain("cod.timeout_seconds (AGENT_COD_TIMEOUT_SECONDS)");
  });

  test("an unknown AGENT_ variable is a warning with a suggestion, not an error", () => {
    const loaded = loadConfig(sources(undefined, { env: { AGENT_COD_ULR: "http://x" } }));
    expect(loaded.warnings.join("\n")).toContain("AGENT_COD_ULR");
    expect(loaded.warnings.join("\n")).toContain("AGENT_COD_URL");
  });

  test("an unknown --set path is an error naming the argument", () => {
    const e = failure(() => loadConfig(sources(undefined, { overrides: [{ path: "cod.ur", value: "x", arg: "--set cod.ur=x" }] })));
    expect(e.message).toContain("cod.ur (--set cod.ur=x)");
  });

  test("firebird needs a database", () => {
    const e = failure(() => loadConfig(sources(`[maindb]\nengine = "firebird"\n`)));
    expect(e.message).toContain("maindb.database");
    expect(e.message).toContain("maindb.engine = \"firebird\"");
  });

  test("a named instance reads agent.<name>.toml beside the binary", () => {
    const read: string[] = [];
    loadConfig(sources(undefined, { overrides: [{ path: "instance", value: "clinic2", arg: "--instance clinic2" }], readFile: (p) => (read.push(p), undefined) }));
    expect(read).toEqual(["/opt/agent/agent.clinic2.toml"]);
  });

  test("a secret in a file others can read is warned about", () => {
    const loaded = loadConfig(sources(`[cod]\ntoken = "abcdef123"\n`, { fileMode: () => 0o644 }));
    expect(loaded.warnings.join("\n")).toContain("cod.token");
    expect(loadConfig(sources(`[cod]\ntoken = "abcdef123"\n`, { fileMode: () => 0o600 })).warnings).toEqual([]);
  });

  test("effective settings never contain a secret's value", () => {
    const loaded = loadConfig(sources(undefined, { env: { AGENT_COD_TOKEN: "top-secret-123", AGENT_MAINDB_PASSWORD: "masterkey" } }));
    const shown = JSON.stringify(effectiveSettings(loaded));
    expect(shown).not.toContain("top-secret-123");
    expect(shown).not.toContain("masterkey");
    expect(effectiveSettings(loaded).find((s) => s.path === "cod.token")?.value).toBe("задан (скрыт)");
  });
});

describe("the example file", () => {
  test("lists every setting with its environment variable", () => {
    const text = renderExampleConfig({ home: "/opt/agent", machineTimeZone: "Europe/Moscow" });
    for (const e of settingEntries) {
      expect(text).toContain(e.envName);
      expect(text).toContain(`# ${e.key} = `);
    }
  });

  test("uncommented, it is valid and equals the defaults", () => {
    const text = renderExampleConfig({ home: "/opt/agent", machineTimeZone: "Europe/Moscow" });
    const uncommented = text
      .split("\n")
      .map((l) => (/^# [a-z_]+ = /.test(l) ? l.slice(2) : l))
      .join("\n");
    const fromExample = loadConfig(sources(uncommented, { machineTimeZone: "Europe/Moscow" }));
    const defaults = loadConfig(sources(undefined, { machineTimeZone: "Europe/Moscow" }));
    expect(fromExample.config).toEqual(defaults.config);
  });
});

describe("planReload", () => {
  test("applies live settings and keeps restart-only ones until a restart", () => {
    const before = loadConfig(sources(`[log]\nlevel = "info"\n[maindb]\npath = "/a.db"\n`));
    const after = loadConfig(sources(`[log]\nlevel = "debug"\n[maindb]\npath = "/b.db"\n`));
    const plan = planReload(before, after);
    expect(plan.applied).toEqual(["log.level"]);
    expect(plan.needsRestart).toEqual(["maindb.path"]);
    expect(plan.next.config.log.level).toBe("debug");
    expect(plan.next.config.maindb.path).toBe("/a.db");
  });
});

describe("the connection settings of a remote ([cod])", () => {
  beforeEach(() => setLanguage("en"));
  afterEach(() => setLanguage("ru"));

  test("TLS, proxy and retries are read from the file and the environment", () => {
    const loaded = loadConfig(
      sources(`[cod]\nurl = "https://cod.region.local:30443"\ntls_ca_file = "/etc/agent/russian_trusted_root_ca.pem"\nretries = 5\nproxy = "http://10.0.0.1:3128"\nproxy_user = "clinic"\n`, {
        env: { AGENT_COD_PROXY_PASSWORD: "proxy-secret", AGENT_COD_TLS_VERIFY: "true" },
      }),
    );
    expect(loaded.config.cod).toMatchObject({ tls_ca_file: "/etc/agent/russian_trusted_root_ca.pem", retries: 5, proxy: "http://10.0.0.1:3128", proxy_user: "clinic", proxy_password: "proxy-secret", tls_verify: true });
    expect(settingEntries.find((e) => e.path === "cod.proxy_password")!.setting.secret).toBe(true);
    expect(settingEntries.find((e) => e.path === "cod.tls_key_password")!.setting.secret).toBe(true);
    expect(loaded.warnings).toEqual([]);
  });

  test("a key without its certificate, or a proxy user without a proxy, is refused naming the setting", () => {
    const e = failure(() => loadConfig(sources(`[cod]\ntls_key_file = "/k.pem"\nproxy_user = "u"\n`)));
    expect(e.message).toContain("cod.tls_cert_file: cod.tls_key_file is set but cod.tls_cert_file is not");
    expect(e.message).toContain("cod.proxy: cod.proxy_user is set but cod.proxy is not");
  });

  test("switching certificate checks off is warned about (at every start: the service logs the loader's warnings)", () => {
    const loaded = loadConfig(sources(`[cod]\nurl = "https://cod.region.local"\ntls_verify = false\n`));
    expect(loaded.warnings).toEqual([expect.stringContaining("cod.tls_verify = false: the server's certificate is not checked")]);
  });
});
