/**
 * Hotkeys work in the Russian layout too: administrators switch layouts all
 * day, and `й` is where `q` is. This is the one table (ЙЦУКЕН → QWERTY, the
 * same physical key), applied to every key before the keymaps are asked.
 * On the Russian layout the key of `/` types `.` and, shifted, `,`: they stand
 * for `/` and `?`.
 */
const LOWER = "йцукенгшщзхъфывапролджэячсмитьбюё.";
const LOWER_LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`/";
const UPPER = "ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ,";
const UPPER_LATIN = "QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>~?";

export const RUSSIAN_TO_LATIN: ReadonlyMap<string, string> = new Map([
  ...[...LOWER].map((c, i) => [c, LOWER_LATIN[i]!] as const),
  ...[...UPPER].map((c, i) => [c, UPPER_LATIN[i]!] as const),
]);

/** The key as the keymaps name it: a Russian-layout letter becomes the Latin letter on the same key. */
export function latinKey(key: string): string {
  return RUSSIAN_TO_LATIN.get(key) ?? key;
}
