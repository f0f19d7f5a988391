/** The [mailing], [mail] and [sms] settings: defaults, checks across settings, warnings. */
import { describe, expect, test } from "bun:test";
import { loadConfig } from "../../src/config/load.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { mailSenderFromConfig } from "../../src/mail/mail-sender.ts";

setLanguage("en");

const load = (file: string) =>
  loadConfig({ home: "/srv/agent", machineTimeZone: "Europe/Moscow", env: {}, overrides: [], readFile: (p) => (p === "/srv/agent/agent.toml" ? file : undefined) });

describe("[mail] and [sms] settings", () => {
  test("defaults: nothing configured, STARTTLS on 587, quiet hours 21:00-9:00", () => {
    const { config } = load("");
    expect([config.mail.host, config.mail.port, config.mail.security, config.mail.tls_verify]).toEqual(["", 587, "starttls", true]);
    expect([config.sms.url, config.sms.provider, config.sms.quiet_hours, config.sms.max_parts]).toEqual(["", "smsc", "21:00-9:00", 4]);
    expect(mailSenderFromConfig(config)).toBeUndefined();
  });

  test("every problem named by its path: no sender with a host, no SMSC.ru credentials, a bad range, a bad pattern, a bad sender", () => {
    const file = `
[mail]
host = "smtp.clinic.example"
[sms]
url = "https://smsc.ru"
quiet_hours = "21-9"
generic_success = "(unclosed"
`;
    expect(() => load(file)).toThrow(/sms\.quiet_hours: "21-9" is not a time-of-day range/);
    const without = file.replace('quiet_hours = "21-9"\n', "");
    let message = "";
    try {
      load(without);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("mail.from: mail.host is set but mail.from is not");
    expect(message).toContain("sms.login: sms.url is set with sms.provider = smsc");
    expect(message).toContain("sms.generic_success: sms.generic_success is not a regular expression");
    expect(() => load('[mail]\nfrom = "not an address"\n')).toThrow(/mail\.from: "not an address" is not an e-mail address/);
  });

  test("a quiet-hours range is kept in one spelling; unencrypted SMTP and unchecked certificates are warned about", () => {
    const { config, warnings } = load(`
[mail]
host = "127.0.0.1"
from = "Clinic <r@clinic.example>"
security = "none"
tls_verify = false
[sms]
quiet_hours = "22:00 - 07:30"
`);
    expect(config.sms.quiet_hours).toBe("22:00-7:30");
    expect(warnings.some((w) => w.startsWith("mail.security = none"))).toBe(true);
    expect(warnings.some((w) => w.startsWith("mail.tls_verify = false"))).toBe(true);
  });
});
