import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import type { DerError } from "./der.ts";

/** A DerError for a person: the structure, what is wrong, the byte. */
export const describeDerError = (e: DerError): string => say(S.derProblem, { what: e.what, problem: e.problem, offset: e.offset });

/** An instant as the verdict's and errors' texts show it: `2026-11-27 17:10:47 UTC`. */
export const showTime = (d: Date): string => `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
