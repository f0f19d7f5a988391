import { readFileSync } from "node:fs";
import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import type { Config } from "../config/schema.ts";
import { signBuiltin } from "./builtin-signer.ts";
import { parseSignedData, signatureBytes } from "./cms.ts";
import { type CommandTemplate, expandTemplate, parseTemplate, type Placeholder } from "./command-template.ts";
import { DerError } from "./der.ts";
import { describeDerError } from "./describe.ts";
import { assertCurrent, type KeyMaterial, loadKeyMaterial, readCertificateFile } from "./key-material.ts";
import { runTool, type ToolRun } from "./run-tool.ts";
import { SignError } from "./sign-error.ts";
import { loadTrust, type ReadFile, type Trust } from "./trust.ts";
import type { Verdict, VerdictReason } from "./verdict.ts";
import { builtinContentCheck, type ContentCheck, verifyDetached } from "./verify-detached.ts";
import { withWorkFolder } from "./work-files.ts";
import { basename } from "node:path";

export type SignConfig = Config["sign"];

/** Options of one operation: the document's id (named in messages) and the task's signal. */
export interface SignOptions {
  documentId: string;
  signal?: AbortSignal;
}

/**
 * The port the TSyncPDFThread task calls. Build one per run from the current
 * config (`signatureService(config.sign)`): keys, roots and the CRL file are
 * read at first use and kept for that run.
 *
 * - `sign` answers a detached CMS signature (DER or BER as the signer wrote
 *   it) or throws a SignError whose `scope` says whether to park the document,
 *   stop the run or retry later;
 * - `verify` answers a Verdict — an invalid signature is a verdict with reasons,
 *   never an exception; it throws a SignError only when the check itself could
 *   not be done (setup, a hung verifier), so the document is checked again later.
 */
export interface SignatureService {
  readonly engine: SignConfig["engine"];
  sign(pdf: Uint8Array, o: SignOptions): Promise<Uint8Array>;
  verify(pdf: Uint8Array, signature: Uint8Array, o: SignOptions): Promise<Verdict>;
}

export interface SignDeps {
  readFile?: ReadFile;
  now?: () => Date;
  /** Where the external programs' private work folders are made (default: the system's temp folder). */
  workRoot?: string;
}

export function signatureService(c: SignConfig, deps: SignDeps = {}): SignatureService {
  return new ConfiguredSignatureService(c, { readFile: deps.readFile ?? ((p) => readFileSync(p)), now: deps.now ?? (() => new Date()), workRoot: deps.workRoot });
}

class ConfiguredSignatureService implements SignatureService {
  private trust: Trust | undefined;
  private keys: KeyMaterial | undefined;
  private signTemplate: CommandTemplate | undefined;
  private verifyTemplate: CommandTemplate | undefined;

  constructor(
    private readonly c: SignConfig,
    private readonly deps: Required<Omit<SignDeps, "workRoot">> & { workRoot?: string },
  ) {}

  get engine(): SignConfig["engine"] {
    return this.c.engine;
  }

  async sign(pdf: Uint8Array, o: SignOptions): Promise<Uint8Array> {
    this.checkSize(pdf, say(S.whatOutgoing, { id: o.documentId }));
    if (this.c.engine === "builtin") {
      this.require(["key_file"]);
      this.keys ??= loadKeyMaterial({ keyFile: this.c.key_file, certFile: this.c.cert_file, password: this.c.key_password }, this.deps.readFile);
      return signBuiltin(pdf, this.keys, this.deps.now());
    }
    this.require(["sign_command"]);
    this.signTemplate ??= parseTemplate("sign.sign_command", this.c.sign_command, ["input", "signature"]);
    // Where the certificate is a file, its dates are checked before the program runs; with CryptoPro
    // the certificate usually lives in its store (cert_file empty), and cryptcp checks it itself.
    if (this.c.cert_file !== "") assertCurrent(readCertificateFile(this.deps.readFile, "sign.cert_file", this.c.cert_file)[0]!, this.deps.now());
    const template = this.signTemplate;
    return withWorkFolder(this.deps.workRoot, async (dir, write) => {
      const input = write("document.pdf", pdf);
      const output = `${dir}/document.pdf.sig`;
      const argv = expandTemplate(template, this.values({ input, signature: output }));
      const r = await runTool(this.toolRun(template, argv, dir, o));
      const program = basename(argv[0]!);
      if (r.exitCode !== 0) throw new SignError("tool_failed", say(S.toolFailed, { setting: template.setting, program, code: r.exitCode, stderr: r.said }));
      let written: Uint8Array;
      try {
        written = new Uint8Array(readFileSync(output));
      } catch (error) {
        throw new SignError("tool_failed", say(S.toolNoSignature, { program, detail: (error as NodeJS.ErrnoException).code ?? String(error) }), { cause: error });
      }
      const der = signatureBytes(written);
      try {
        if (!parseSignedData(der).detached) throw new SignError("tool_failed", say(S.toolNoSignature, { program, detail: say(S.notDetached) }));
      } catch (error) {
        if (error instanceof DerError) throw new SignError("tool_failed", say(S.toolNoSignature, { program, detail: describeDerError(error) }), { cause: error });
        throw error;
      }
      return der;
    });
  }

  async verify(pdf: Uint8Array, signature: Uint8Array, o: SignOptions): Promise<Verdict> {
    this.checkSize(pdf, say(S.whatIncoming, { id: o.documentId }));
    const external = this.c.engine === "external";
    this.require(external ? ["verify_command", "trusted_roots_file"] : ["trusted_roots_file"]);
    this.trust ??= loadTrust({ rootsFile: this.c.trusted_roots_file, crlFile: this.c.crl_file }, this.deps.readFile);
    let content: ContentCheck = builtinContentCheck;
    if (external) {
      this.verifyTemplate ??= parseTemplate("sign.verify_command", this.c.verify_command, ["input", "signature"]);
      content = this.externalCheck(this.verifyTemplate, o);
    }
    return verifyDetached(pdf, signature, { trust: this.trust, now: this.deps.now(), verifier: external ? "external" : "builtin", externalCrypto: external, content });
  }

  /** The external verifier: exit code 0 accepts the signature; anything else rejects it, with what the program said. */
  private externalCheck(template: CommandTemplate, o: SignOptions): ContentCheck {
    return (pdf, signature, _parsed, signers) =>
      withWorkFolder(this.deps.workRoot, async (dir, write) => {
        const input = write("document.pdf", pdf);
        const sig = write("document.pdf.sig", signatureBytes(signature));
        const at = signers[0]?.info.signingTime ?? this.deps.now();
        const argv = expandTemplate(template, this.values({ input, signature: sig, signing_time: String(Math.floor(at.getTime() / 1000)) }));
        const r = await runTool(this.toolRun(template, argv, dir, o));
        if (r.exitCode === 0) return [];
        const reason: VerdictReason = { code: "rejected_by_verifier", message: say(S.rejectedByVerifier, { program: basename(argv[0]!), code: r.exitCode, stderr: r.said }) };
        return [reason];
      });
  }

  private values(files: Partial<Record<Placeholder, string>>): Partial<Record<Placeholder, string>> {
    return {
      cert: this.c.cert_file,
      key: this.c.key_file,
      password: this.c.key_password,
      roots: this.c.trusted_roots_file,
      crl: this.c.crl_file,
      ...files,
    };
  }

  private toolRun(t: CommandTemplate, argv: string[], cwd: string, o: SignOptions): ToolRun {
    return {
      argv,
      setting: t.setting,
      timeoutMs: this.c.timeout_seconds * 1000,
      cwd,
      // Always set (empty without a password), so a template may say `-passin env:SIGN_KEY_PASSWORD` either way.
      env: { SIGN_KEY_PASSWORD: this.c.key_password },
      secrets: [this.c.key_password],
      signal: o.signal,
    };
  }

  private checkSize(pdf: Uint8Array, what: string): void {
    const max = this.c.max_pdf_mb;
    if (pdf.length > max * 1024 * 1024) throw new SignError("too_large", say(S.tooLarge, { what, mb: (pdf.length / 1024 / 1024).toFixed(1), max }));
  }

  private require(keys: readonly (keyof SignConfig)[]): void {
    const missing = keys.filter((k) => String(this.c[k]).trim() === "").map((k) => `sign.${k}`);
    if (missing.length > 0) throw new SignError("not_configured", say(S.notConfigured, { missing: missing.join(", "), engine: this.c.engine }));
  }
}
