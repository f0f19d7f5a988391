import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A throwaway certification authority run by the real `openssl ca`: RSA,
 * ECDSA or GOST R 34.10-2012 (OpenSSL with Debian's libengine-gost-openssl).
 * It issues certificates with any validity period (expired ones too),
 * revokes them and writes CRLs, so the verifier is tested against what real
 * OpenSSL makes.
 */
export type KeyKind = "gost" | "rsa" | "ec";

export interface Issued {
  cert: string;
  key: string;
  subject: string;
}

export function openssl(cwd: string, args: string[], stdin?: Uint8Array): Uint8Array {
  const r = Bun.spawnSync(["openssl", ...args], { cwd, stderr: "pipe", stdout: "pipe", stdin: stdin ?? "ignore" });
  if (r.exitCode !== 0) throw new Error(`openssl ${args.join(" ")} failed (${r.exitCode}): ${r.stderr.toString()}`);
  return r.stdout;
}

/** Whether this OpenSSL has the GOST engine (Debian: libengine-gost-openssl). */
export function gostEngineAvailable(): boolean {
  const r = Bun.spawnSync(["openssl", "engine", "gost"], { stderr: "pipe", stdout: "pipe" });
  return r.exitCode === 0;
}

/** Openssl flags to load the engine and pick the digest of a key kind. */
export const engineArgs = (kind: KeyKind): string[] => (kind === "gost" ? ["-engine", "gost"] : []);
const mdOf = (kind: KeyKind) => (kind === "gost" ? "md_gost12_256" : "sha256");

export class TestCa {
  readonly root: Issued;
  private n = 0;

  constructor(
    readonly dir: string,
    readonly kind: KeyKind,
    readonly name: string,
  ) {
    mkdirSync(join(dir, "newcerts"), { recursive: true });
    writeFileSync(join(dir, "index.txt"), "");
    writeFileSync(join(dir, "serial"), "1000\n");
    writeFileSync(join(dir, "crlnumber"), "01\n");
    writeFileSync(
      join(dir, "ca.cnf"),
      `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = $dir/root.pem
private_key = $dir/root.key
default_md = ${mdOf(kind)}
policy = policy_any
default_days = 2
default_crl_days = 2
unique_subject = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ leaf_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ plain_leaf_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = none
authorityKeyIdentifier = none
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ req ]
distinguished_name = dn
[ dn ]
`,
    );
    this.newKey("root.key");
    const subject = `/CN=${name}/O=Test`;
    openssl(dir, ["req", ...engineArgs(kind), "-config", "ca.cnf", "-x509", "-new", "-key", "root.key", "-out", "root.pem", "-days", "3", "-subj", subject, `-${mdOf(kind)}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-addext", "subjectKeyIdentifier=hash"]);
    this.root = { cert: join(dir, "root.pem"), key: join(dir, "root.key"), subject };
  }

  private newKey(file: string): void {
    if (this.kind === "gost") openssl(this.dir, ["genpkey", "-engine", "gost", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", file]);
    else if (this.kind === "ec") openssl(this.dir, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file]);
    else openssl(this.dir, ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file]);
  }

  /** A certificate for `cn`, valid `start` … `end` (default now … +2 days); `withoutKeyIds`: no key identifiers, found by name alone. */
  issue(cn: string, o: { start?: Date; end?: Date; ca?: boolean; withoutKeyIds?: boolean } = {}): Issued {
    const base = `c${++this.n}`;
    this.newKey(`${base}.key`);
    const subject = `/CN=${cn}/O=Test`;
    openssl(this.dir, ["req", ...engineArgs(this.kind), "-config", "ca.cnf", "-new", "-key", `${base}.key`, "-out", `${base}.csr`, "-subj", subject]);
    const dates = [...(o.start ? ["-startdate", stamp(o.start)] : []), ...(o.end ? ["-enddate", stamp(o.end)] : [])];
    openssl(this.dir, ["ca", ...engineArgs(this.kind), "-batch", "-config", "ca.cnf", "-notext", "-in", `${base}.csr`, "-out", `${base}.pem`, "-extensions", o.ca ? "ca_ext" : o.withoutKeyIds ? "plain_leaf_ext" : "leaf_ext", ...dates]);
    return { cert: join(this.dir, `${base}.pem`), key: join(this.dir, `${base}.key`), subject };
  }

  revoke(cert: string): void {
    openssl(this.dir, ["ca", ...engineArgs(this.kind), "-config", "ca.cnf", "-revoke", cert]);
  }

  /** A CRL of this CA, PEM. */
  crl(file = "crl.pem"): string {
    openssl(this.dir, ["ca", ...engineArgs(this.kind), "-config", "ca.cnf", "-gencrl", "-out", file]);
    return join(this.dir, file);
  }

  read(file: string): Uint8Array {
    return new Uint8Array(readFileSync(file));
  }
}

/** YYYYMMDDHHMMSSZ. */
const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";

/** A self-signed end certificate (made for signing, issued by no CA). */
export function selfSigned(dir: string, kind: KeyKind, cn: string): Issued {
  const ca = new TestCa(dir, kind, `${cn} (unused CA)`);
  const subject = `/CN=${cn}/O=Test`;
  openssl(dir, ["req", ...engineArgs(kind), "-config", "ca.cnf", "-x509", "-new", "-key", "root.key", "-out", "self.pem", "-days", "2", "-subj", subject, `-${mdOf(kind)}`,
    "-addext", "basicConstraints=CA:FALSE", "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"]);
  return { cert: join(dir, "self.pem"), key: ca.root.key, subject };
}

/** Signs a file with `openssl cms -sign` (detached, DER); extra args such as -noattr. */
export function opensslSign(dir: string, kind: KeyKind, input: string, who: Issued, out: string, extra: string[] = []): Uint8Array {
  openssl(dir, ["cms", ...engineArgs(kind), "-sign", "-binary", "-in", input, "-signer", who.cert, "-inkey", who.key, "-outform", "DER", "-out", out, ...extra]);
  return new Uint8Array(readFileSync(out));
}

/** Whether real `openssl cms -verify` accepts a detached signature; answers its exit code and stderr. */
export function opensslVerify(dir: string, kind: KeyKind, input: string, signature: string, roots: string, extra: string[] = []): { code: number; stderr: string } {
  const r = Bun.spawnSync(["openssl", "cms", ...engineArgs(kind), "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", input, "-CAfile", roots, "-purpose", "any", "-out", "/dev/null", ...extra], { cwd: dir, stderr: "pipe", stdout: "pipe" });
  return { code: r.exitCode ?? -1, stderr: r.stderr.toString() };
}
