import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { describeError } from "../../kernel/describe-error.ts";
import { CodClient } from "../../cod/cod-client.ts";
import { signatureService } from "../../sign/signature-service.ts";
import { DEMO_DOCTOR_CERT, DEMO_DOCTOR_KEY, DEMO_OTHER_DOCTOR_CERT, DEMO_OTHER_DOCTOR_KEY, DEMO_ROOT_CERT } from "./demo-pki.ts";
import type { DemoPart } from "./demo-part.ts";

/** The other МО whose documents wait at the ЦОД (the demo data's first executing МО). */
const OTHER_MO = "4601001";

/** A small PDF of a result of another МО's lab (made up). */
function demoPdf(text: string): Uint8Array {
  return new TextEncoder().encode(
    `%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

/**
 * «Синхронизация» (TSyncPDFThread): the built-in signer with the demo's RSA
 * test key, its CA as the trusted root, and — once per demo folder — two
 * documents from another МО waiting at the ЦОД simulator for this МО: one
 * validly signed, one changed after it was signed — and three PDFs of this
 * МО's results queued in the demo main DB for that МО. The job signs and
 * uploads those and receives the two.
 */
export function pdfSyncDemoPart(): DemoPart {
  let folder = "";
  return {
    name: "pdf-sync",
    prepare(setup) {
      folder = join(setup.dir, "demo-pki");
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const file = (name: string, pem: string) => {
        writeFileSync(join(folder, name), `${pem}\n`, { mode: 0o600 });
        return join(folder, name);
      };
      const set = (path: string, value: string) => ({ path, value, arg: "agent demo" });
      return [
        set("sign.engine", "builtin"),
        set("sign.cert_file", file("doctor.pem", DEMO_DOCTOR_CERT)),
        set("sign.key_file", file("doctor.key", DEMO_DOCTOR_KEY)),
        set("sign.trusted_roots_file", file("root.pem", DEMO_ROOT_CERT)),
      ];
    },
    async start(service, log) {
      log.info(say(D.signer, { folder }));
      const { store, config } = service.instance;
      if (store.meta("demo_pdf_documents")) return;
      // As the other МО's agent would: its doctor's key, its id at the ЦОД.
      const files: Record<string, string> = { "other.pem": DEMO_OTHER_DOCTOR_CERT, "other.key": DEMO_OTHER_DOCTOR_KEY };
      const signer = signatureService(
        { ...config.sign, engine: "builtin", cert_file: "other.pem", key_file: "other.key", key_password: "" },
        { readFile: (path) => new TextEncoder().encode(files[path] ?? "") },
      );
      const client = CodClient.fromConfig({ ...config.cod, mo_id: OTHER_MO, retries: 0 });
      try {
        const valid = demoPdf("Demo result 1 of another lab");
        await client.uploadDocument({ documentId: "demo-res-1", toMo: config.cod.mo_id, referralId: "1", fileName: "result-1.pdf", pdf: valid, signature: await signer.sign(valid, { documentId: "demo-res-1" }) });
        const signed = await signer.sign(demoPdf("Demo result 2 as signed"), { documentId: "demo-res-2" });
        await client.uploadDocument({ documentId: "demo-res-2", toMo: config.cod.mo_id, referralId: "2", fileName: "result-2.pdf", pdf: demoPdf("Demo result 2, changed"), signature: signed });
      } catch (error) {
        // The demo goes on without them; the job still shows its outgoing half.
        log.warn(say(D.documentsFailed, { detail: describeError(error) }));
        return;
      } finally {
        client.close();
      }
      store.setMeta("demo_pdf_documents", "2");
      log.info(say(D.documentsPlaced, { mo: OTHER_MO }));
      // Results of this МО's lab for the other МО, queued by "the MIS": the job signs and uploads them.
      if (config.maindb.engine === "sqlite") {
        const db = await service.mainDb.get();
        const now = new Date(service.instance.clock.now());
        await db.applyIncoming(
          [3, 4, 5].map((n) => ({
            table: "REG_ANALYSIS_PDF",
            op: "upsert" as const,
            values: { ID: 900_000 + n, NAPR_ID: n, DIRECTION: "out", FILE_NAME: `result-${n}.pdf`, PDF: demoPdf(`Demo result ${n} of this lab`), STATUS: 0, CREATED_AT: now, COD_MO: OTHER_MO },
          })),
        );
        log.info(say(D.pdfsQueued, { count: 3, mo: OTHER_MO }));
      }
    },
  };
}
