/**
 * The check digits of the two numbers that identify a patient in Russian
 * health data: the SNILS (pension insurance number) and the unified OMS
 * policy number (ЕНП). Used to make realistic demo data and to refuse a
 * mistyped number before it leaves the clinic.
 */

/** The SNILS's two check digits from its first nine. */
export function snilsCheck(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (9 - i);
  const check = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
  return String(check).padStart(2, "0");
}

/** The SNILS's 11 digits, whatever the spelling (`123-456-789 01`, `12345678901`); undefined if it has not 11 digits. */
export function snilsDigits(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, "");
  return /^\d{11}$/.test(digits) ? digits : undefined;
}

/**
 * Whether a SNILS is well formed and its check digits agree. Numbers up to
 * 001-001-998 were issued before check digits existed: any check passes.
 */
export function validSnils(text: string): boolean {
  const digits = snilsDigits(text);
  if (!digits) return false;
  if (Number(digits.slice(0, 9)) <= 1_001_998) return true;
  return snilsCheck(digits.slice(0, 9)) === digits.slice(9);
}

/** `12345678901` → `123-456-789 01`, the spelling of the SNILS card. */
export function formatSnils(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9, 11)}`;
}

/**
 * The check digit of the unified policy number (ЕНП): the FFOMS rule (the
 * digits at odd places from the right doubled, digit sums added, the rest
 * to the next ten) is the Luhn check digit.
 */
export function luhnDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether a unified policy number (16 digits) is well formed and its check digit agrees. */
export function validEnp(text: string): boolean {
  return /^\d{16}$/.test(text) && luhnDigit(text.slice(0, 15)) === text[15];
}
