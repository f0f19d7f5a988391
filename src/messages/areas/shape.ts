import { defineTexts, text } from "../text.ts";

/** Texts of the JSON shape checks (kernel/json-shape.ts): what exactly is wrong in an answer or a request. */
export const shapeTexts = defineTexts("shape", {
  mismatch: text<{ path: string; expected: string; got: string }>(
    (p) => `${p.path}: ожидается ${p.expected}, получено ${p.got}`,
    (p) => `${p.path}: expected ${p.expected}, got ${p.got}`,
  ),
  missing: text<{ path: string; expected: string }>(
    (p) => `${p.path}: нет обязательного поля (${p.expected})`,
    (p) => `${p.path}: the required field is missing (${p.expected})`,
  ),
  tooMany: text<{ path: string; max: number; got: number }>(
    (p) => `${p.path}: больше ${p.max} элементов (${p.got})`,
    (p) => `${p.path}: more than ${p.max} elements (${p.got})`,
  ),
  tooFew: text<{ path: string; min: number; got: number }>(
    (p) => `${p.path}: меньше ${p.min} элементов (${p.got})`,
    (p) => `${p.path}: fewer than ${p.min} elements (${p.got})`,
  ),
  unsafeInteger: text<{ path: string }>(
    (p) => `${p.path}: целое число больше 2^53 теряет точность в JSON — такие значения передаются строкой`,
    (p) => `${p.path}: an integer beyond 2^53 loses precision in JSON — such values are sent as strings`,
  ),
  rule: text<{ path: string; rule: string }>((p) => `${p.path}: ${p.rule}`, (p) => `${p.path}: ${p.rule}`),
});
