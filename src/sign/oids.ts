/** Object identifiers of CMS, X.509, PKCS#12 and the algorithms the agent knows. */
export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  encryptedData: "1.2.840.113549.1.7.6",
  // signed attributes (RFC 5652, RFC 5035)
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  // X.509 extensions
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  // PKCS#12
  keyBag: "1.2.840.113549.1.12.10.1.1",
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  localKeyId: "1.2.840.113549.1.9.21",
  pbeSha1TripleDes: "1.2.840.113549.1.12.1.3",
  pbeSha1Rc2_40: "1.2.840.113549.1.12.1.6",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  // keys
  rsaEncryption: "1.2.840.113549.1.1.1",
  ecPublicKey: "1.2.840.10045.2.1",
} as const;

/** Digest algorithms node:crypto computes, by OID. */
export const DIGESTS: Readonly<Record<string, string>> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};
export const DIGEST_OID: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(DIGESTS).map(([o, n]) => [n, o]));

/** HMAC PRFs of PBKDF2, by OID. */
export const HMACS: Readonly<Record<string, string>> = {
  "1.2.840.113549.2.7": "sha1",
  "1.2.840.113549.2.8": "sha224",
  "1.2.840.113549.2.9": "sha256",
  "1.2.840.113549.2.10": "sha384",
  "1.2.840.113549.2.11": "sha512",
};

/** Block ciphers of PBES2, by OID: node:crypto name and key length. */
export const CIPHERS: Readonly<Record<string, { name: string; keyLength: number }>> = {
  "2.16.840.1.101.3.4.1.2": { name: "aes-128-cbc", keyLength: 16 },
  "2.16.840.1.101.3.4.1.22": { name: "aes-192-cbc", keyLength: 24 },
  "2.16.840.1.101.3.4.1.42": { name: "aes-256-cbc", keyLength: 32 },
  "1.2.840.113549.3.7": { name: "des-ede3-cbc", keyLength: 24 },
};

/**
 * Signature algorithms node:crypto verifies: the digest it implies, or null
 * when the digest comes from the SignerInfo's digestAlgorithm (a bare
 * rsaEncryption or ecPublicKey, as OpenSSL writes them).
 */
export const SIGNATURES: Readonly<Record<string, { digest: string | null }>> = {
  [OID.rsaEncryption]: { digest: null },
  [OID.ecPublicKey]: { digest: null },
  "1.2.840.113549.1.1.5": { digest: "sha1" },
  "1.2.840.113549.1.1.14": { digest: "sha224" },
  "1.2.840.113549.1.1.11": { digest: "sha256" },
  "1.2.840.113549.1.1.12": { digest: "sha384" },
  "1.2.840.113549.1.1.13": { digest: "sha512" },
  "1.2.840.10045.4.1": { digest: "sha1" },
  "1.2.840.10045.4.3.1": { digest: "sha224" },
  "1.2.840.10045.4.3.2": { digest: "sha256" },
  "1.2.840.10045.4.3.3": { digest: "sha384" },
  "1.2.840.10045.4.3.4": { digest: "sha512" },
};

/** Names people recognise for algorithms the agent cannot compute itself (GOST): said in messages. */
export const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  "1.2.643.7.1.1.1.1": "GOST R 34.10-2012 256",
  "1.2.643.7.1.1.1.2": "GOST R 34.10-2012 512",
  "1.2.643.7.1.1.2.2": "GOST R 34.11-2012 256",
  "1.2.643.7.1.1.2.3": "GOST R 34.11-2012 512",
  "1.2.643.7.1.1.3.2": "GOST R 34.10-2012 256",
  "1.2.643.7.1.1.3.3": "GOST R 34.10-2012 512",
  "1.2.643.2.2.19": "GOST R 34.10-2001",
  "1.2.643.2.2.3": "GOST R 34.10-2001",
  "1.2.840.113549.1.1.10": "RSA-PSS",
  "1.3.101.112": "Ed25519",
};

export const algorithmName = (oid: string): string => ALGORITHM_NAMES[oid] ?? DIGESTS[oid] ?? oid;

/** Attribute types of names shown to people (never SNILS, INN or e-mail: they are personal data). */
export const NAME_ATTRIBUTES: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.12": "T",
};
