/**
 * How a text travels as SMS (3GPP TS 23.038 / 23.040): in the GSM 7-bit
 * alphabet when every character is in it (160 septets in one message, 153
 * in each part of a longer one; the extension characters ^{}\[~]|€ take two),
 * otherwise in UCS-2 (70 UTF-16 units in one message, 67 in each part) —
 * which is the case for every Cyrillic text. A part never ends in the middle
 * of a surrogate pair or of an extension escape.
 */
export interface SmsPlan {
  encoding: "gsm7" | "ucs2";
  /** Septets (GSM) or UTF-16 units (UCS-2) of the whole text. */
  units: number;
  /** The text cut into the parts the phone receives and the provider bills. */
  parts: string[];
}

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "^{}\\[~]|€\f";
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

const LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

/** Plans a text: its encoding and its parts. */
export function planSms(text: string): SmsPlan {
  const gsm = [...text].every((c) => BASIC.has(c) || EXTENSION.has(c));
  const encoding = gsm ? "gsm7" : "ucs2";
  // Each unit the phone counts: a GSM character (1 or 2 septets) or a UTF-16 code unit, kept whole.
  const pieces: { text: string; size: number }[] = gsm
    ? [...text].map((c) => ({ text: c, size: EXTENSION.has(c) ? 2 : 1 }))
    : [...text].map((c) => ({ text: c, size: c.length }));
  const units = pieces.reduce((n, p) => n + p.size, 0);
  const limit = LIMITS[encoding];
  if (units <= limit.single) return { encoding, units, parts: text === "" ? [] : [text] };
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const p of pieces) {
    if (size + p.size > limit.part) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += p.text;
    size += p.size;
  }
  if (current) parts.push(current);
  return { encoding, units, parts };
}
