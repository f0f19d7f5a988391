import { smsTexts as T } from "../messages/areas/sms.ts";
import { say } from "../messages/text.ts";
import { maskPhone } from "../privacy/redact.ts";

/** A checked phone number: `+79161234512`, or why it cannot take a text (the reason masks the number). */
export type PhoneCheck = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * Normalises a patient's phone number as the MIS holds it (`8 (916)
 * 123-45-12`, `+7 916 1234512`, `9161234512`) to `+79161234512`, and refuses
 * what cannot take a text: letters or an extension, a wrong number of
 * digits, a landline (Russian mobile numbers are +7 9XX), a foreign number.
 */
export function normalizeMobilePhone(input: string): PhoneCheck {
  const raw = input.trim();
  if (raw === "") return { ok: false, reason: say(T.phoneEmpty) };
  if (!/^\+?[\d\s().-]+$/.test(raw) || raw.lastIndexOf("+") > 0) return { ok: false, reason: say(T.phoneBadCharacters) };
  const digits = raw.replace(/\D/g, "");
  let national: string;
  if (raw.startsWith("+")) {
    if (!digits.startsWith("7")) return { ok: false, reason: say(T.phoneNotRussian, { phone: `+${digits.slice(0, 2)}…${digits.slice(-2)}` }) };
    national = digits.slice(1);
  } else if (digits.length === 11 && (digits[0] === "8" || digits[0] === "7")) {
    national = digits.slice(1);
  } else if (digits.length === 10) {
    national = digits;
  } else {
    return { ok: false, reason: say(T.phoneBadLength, { digits: digits.length }) };
  }
  if (national.length !== 10) return { ok: false, reason: say(T.phoneBadLength, { digits: national.length + 1 }) };
  if (national[0] !== "9") return { ok: false, reason: say(T.phoneNotMobile, { phone: maskPhone(`7${national}`) }) };
  return { ok: true, e164: `+7${national}` };
}
