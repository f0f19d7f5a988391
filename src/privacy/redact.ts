/**
 * Patient data (152-ФЗ) must not reach the log, the UI or statistics. Texts
 * that come from outside — a remote server's error, an SMTP reply, a FHIR
 * OperationOutcome — may quote a name, an e-mail, a phone, a SNILS or an
 * address. They pass through `redactPersonalData` where they enter the agent,
 * so nothing downstream (log store, run history, parked items) ever holds them.
 */

import { privacyTexts as P } from "../messages/areas/privacy.ts";
import { say } from "../messages/text.ts";

/** `ivanov@mail.ru` → `i***@mail.ru`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** `+79161234512` → `+7*******12`: the country code and the last two digits stay. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 4) return "***";
  const national = digits.length === 11 && (digits[0] === "7" || digits[0] === "8") ? digits.slice(1) : digits;
  return `+7${"*".repeat(Math.max(0, national.length - 2))}${national.slice(-2)}`;
}

// The lookbehind makes a match start only where a local part can start: without it a long
// run of letters with no "@" costs quadratic time (every start rescans the run).
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Russian phone numbers in the usual spellings: +7 916 123-45-12, 8(916)1234512, 79161234512.
const PHONE = /(?<!\d)(?:\+7|8|7)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)/g;
// SNILS: 123-456-789 01 or 11 digits in a row.
const SNILS = /(?<!\d)\d{3}-\d{3}-\d{3}[\s-]\d{2}(?!\d)/g;
// OMS policy (16 digits), passport (4+6), and other long digit runs that identify a person.
const LONG_NUMBER = /(?<!\d)\d{4}\s?\d{6}(?!\d)|(?<!\d)\d{11,16}(?!\d)/g;
// Surname with initials: Иванов И.И., И.И. Иванов.
const INITIALS = /(?<![\p{L}])(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?|[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+)(?![\p{L}])/gu;
// Three capitalised Cyrillic words in a row: Фамилия Имя Отчество (patronymics end in -вич/-вна/-ична, -оглы, -кызы).
const FULL_NAME = /(?<![\p{L}])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|оглы|кызы)(?![\p{L}])/gu;
// After a word that introduces a person: "пациент Иванов", "ФИО: Петрова Анна".
const LABELLED_NAME = /((?:пациент(?:а|у|ом|е)?|пациентк(?:а|и|е|у|ой)|ФИО|Ф\.И\.О\.|patient|name)\s*[:=]?\s*)[А-ЯЁA-Z][\p{L}-]+(?:\s+[А-ЯЁA-Z][\p{L}-]+){0,2}/giu;
// Addresses: "ул. Ленина, д. 5, кв. 3", "г. Курск, пр-т Мира 12".
const ADDRESS = /(?:(?:г\.|город|ул\.|улица|пр-т|проспект|пер\.|переулок|ш\.|шоссе|д\.|дом|кв\.|квартира|корп\.|стр\.)\s*[\p{L}\d.-]+(?:[,\s]+)?)+/giu;
// Dates of birth when named as such.
const BIRTH_DATE = /((?:дата рождения|д\.р\.|birth(?:\s?date)?|dob)\s*[:=]?\s*)\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}/giu;

/** Removes what could identify a patient from a text that came from outside. */
export function redactPersonalData(text: string): string {
  const name = say(P.nameHidden);
  return text
    .replace(EMAIL, (m) => maskEmail(m))
    .replace(BIRTH_DATE, (_m, label: string) => `${label}${say(P.dateHidden)}`)
    .replace(SNILS, "***-***-*** **")
    .replace(PHONE, (m) => maskPhone(m))
    .replace(LONG_NUMBER, (m) => "*".repeat(m.replace(/\s/g, "").length))
    .replace(LABELLED_NAME, (_m, label: string) => `${label}${name}`)
    .replace(FULL_NAME, name)
    .replace(INITIALS, name)
    .replace(ADDRESS, `${say(P.addressHidden)} `);
}
