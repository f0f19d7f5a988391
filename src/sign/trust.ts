import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import { type Certificate, parseCertificates } from "./certificate.ts";
import { type Crl, parseCrls } from "./crl.ts";
import { DerError } from "./der.ts";
import { SignError } from "./sign-error.ts";
import { describeDerError } from "./describe.ts";

/** What a received signature is checked against: the configured roots and revocation lists. */
export interface Trust {
  roots: Certificate[];
  crls: Crl[];
  /** Whether sign.crl_file is set (no CRL configured is said in the verdict). */
  crlConfigured: boolean;
  crlPath: string;
}

export type ReadFile = (path: string) => Uint8Array;

function read(readFile: ReadFile, setting: string, path: string): Uint8Array {
  try {
    return readFile(path);
  } catch (error) {
    throw new SignError("trust_config", say(S.fileUnreadable, { setting, path, detail: (error as NodeJS.ErrnoException).code ?? String(error) }), { cause: error });
  }
}

/** Reads the trusted roots (PEM bundle or DER) and the CRL file; a file that cannot be read is a setup error. */
export function loadTrust(o: { rootsFile: string; crlFile: string }, readFile: ReadFile): Trust {
  const rootsBytes = read(readFile, "sign.trusted_roots_file", o.rootsFile);
  let roots: Certificate[];
  try {
    roots = parseCertificates(rootsBytes);
  } catch (error) {
    const detail = error instanceof DerError ? describeDerError(error) : String(error);
    throw new SignError("trust_config", say(S.badCertificateFile, { setting: "sign.trusted_roots_file", path: o.rootsFile, detail }), { cause: error });
  }
  if (roots.length === 0) throw new SignError("trust_config", say(S.noCertificateInFile, { setting: "sign.trusted_roots_file", path: o.rootsFile }));
  let crls: Crl[] = [];
  if (o.crlFile !== "") {
    const crlBytes = read(readFile, "sign.crl_file", o.crlFile);
    try {
      crls = parseCrls(crlBytes);
    } catch (error) {
      const detail = error instanceof DerError ? describeDerError(error) : String(error);
      throw new SignError("trust_config", say(S.badCrlFile, { path: o.crlFile, detail }), { cause: error });
    }
    if (crls.length === 0) throw new SignError("trust_config", say(S.badCrlFile, { path: o.crlFile, detail: say(S.noCrlBlock) }));
  }
  return { roots, crls, crlConfigured: o.crlFile !== "", crlPath: o.crlFile };
}
