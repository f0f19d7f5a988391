import type { Row } from "../port.ts";
import { instantAt, wallClockAt } from "../../kernel/zoned-time.ts";
import { SeededRandom } from "./random.ts";
import { formatSnils, luhnDigit, snilsCheck } from "../../kernel/person-ids.ts";
import * as V from "./vocabulary.ts";

/**
 * Demo data for the reference schema, deterministic from a seed: the same
 * seed, size, day and starting ids give the same rows on every engine.
 * Rows come out parents first, so they can be written in that order.
 */
export interface DemoOptions {
  referrals: number;
  seed: number;
  /** The instant the demo history ends at (its referrals reach back about 60 days). */
  now: number;
  /** The clinic's zone: wall-clock times are chosen in it. */
  zone: string;
  /** The next free id of each table with a single-column key (default 1). */
  firstIds?: Readonly<Record<string, number>>;
  /** Also write the reference data (when the reference tables are empty). */
  withReference: boolean;
}

export interface DemoRow {
  table: string;
  row: Row;
}

/** This МО in the demo. */
export const OWN_LPU_ID = 4601000;

/** The tables in an order that puts every parent before its children. */
export const DEMO_TABLE_ORDER = [
  "REF_LAB_TYPE", "REF_WAY_RUN_LABANALYSIS", "REF_ANALYSIS_TYPE", "REF_TYPES_BIOMATERIAL", "REF_ANALISES_ED", "REF_ANALYSIS",
  "REF_ANALYSIS_PAR", "REG_ANALYSIS_SOSTAV", "REF_NORMS_QUESTIONS", "REF_FLRD", "REG_FLRD_ANALYSIS_PAR", "REF_LAB_OGRANIZM",
  "REF_LAB_ANTIBIOTIK", "REF_LAB_ANTIBIOTIK_CHUST", "REG_LPU_FOR_RECEIVE_NAPR_ANAL", "REG_EXCHANGE_ANALYSIS", "REG_ODLI_CODE_MAP",
  "REF_DOCTOR", "PATIENT", "DOC_NAPR_ANALYSIS", "DOCTAB_NAPR_ANALYSIS", "DOCTAB_NAPR_ANALYSIS_PAR", "DOCTAB_NAPR_ANALYSIS_USLUGI",
  "DOCTAB_NAPR_NEONAT_SCREEN", "REG_NAPR_MARKS", "REG_NAPR_SHTRIH", "REG_NAPR_ANALYSIS_QUESTIONS_ANS", "REG_BIOMATERIAL",
  "REG_BIOMATERIAL_NAPRS", "DOC_ANALYSIS", "DOCTAB_ANALYSIS_NOM", "DOCTAB_ANALYSIS_PARAMS", "DOCTAB_ANALYSIS_CYTOLOG_BIOMAT",
  "DOCTAB_ANALYSIS_DIAGNOSIS", "DOCTAB_ANALYSIS_GISTOLOG_BIOMAT", "DOCTAB_ANALYSIS_GISTOL_BLOCK", "DOCTAB_ANALYSIS_PAR_SNAPSHOTE",
  "DOCTAB_ANALYSIS_USLUGI", "DOC_ANALYSIS_BAK", "DOCTAB_ANALYSIS_BAK_ORG", "DOCTAB_ANALYSIS_BAK_AN", "REG_MAILING",
  "REG_ANALYSIS_PDF", "REG_ANALYSIS_PDF_SIGN", "REG_ODLI_NAPR_SEND",
] as const;

/** Named sizes of `agent db demo --size`, in referrals (about 25 rows each). */
export const DEMO_SIZES: Record<string, number> = { small: 50, medium: 2_000, large: 50_000 };

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** The ОДЛИ dictionaries the demo's code map fills (the agent's profile names the same OIDs). */
export const DEMO_ODLI_DICTIONARIES = {
  services: "1.2.643.2.69.1.1.1.31",
  tests: "1.2.643.5.1.13.13.11.1080",
  units: "1.2.643.5.1.13.13.11.1358",
  specimens: "1.2.643.5.1.13.13.11.1081",
} as const;

interface Patient {
  id: number;
  fio: string;
  birthDate: string;
  sex: "М" | "Ж";
  email: string | null;
  phone: string | null;
}

export function* demoRows(o: DemoOptions): Generator<DemoRow> {
  const r = new SeededRandom(o.seed);
  const next = new Map<string, number>();
  const id = (table: string): number => {
    const n = next.get(table) ?? o.firstIds?.[table] ?? 1;
    next.set(table, n + 1);
    return n;
  };
  const wallDate = (instant: number) => {
    const w = wallClockAt(instant, o.zone);
    return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
  };

  if (o.withReference) {
    yield* referenceRows();
    yield* registerRows(o.now, id);
  }

  const patients: Patient[] = [];
  const doctorNames = Array.from({ length: 12 }, () => personName(r));
  const doctors = doctorNames.map((d) => d.fio);
  const doctorIds = new Map<string, number>();
  for (const d of doctorNames) {
    const doctorId = id("REF_DOCTOR");
    doctorIds.set(d.fio, doctorId);
    yield {
      table: "REF_DOCTOR",
      row: { ID: doctorId, LAST_NAME: d.last, FIRST_NAME: d.first, MIDDLE_NAME: d.middle, SNILS: snils(r), POST_CODE: r.pick(V.DOCTOR_POSTS), SPECIALITY_CODE: r.pick(V.DOCTOR_SPECIALITIES) },
    };
  }
  const nurses = Array.from({ length: 6 }, () => personName(r, "Ж").fio);
  const today = wallClockAt(o.now, o.zone);

  for (let i = 0; i < o.referrals; i++) {
    // Spread over the last 60 days, oldest first, in working hours on the clinic's clock.
    const daysBack = Math.floor(((o.referrals - i) / o.referrals) * 60);
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day) - daysBack * DAY);
    const created = instantAt(
      { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: r.int(8, 16), minute: r.int(0, 59), second: r.int(0, 59) },
      o.zone,
    );
    if (created > o.now) continue;

    let patient: Patient;
    if (patients.length === 0 || r.chance(0.6)) {
      // A few foreigners whose card holds only the Latin spelling of the name.
      const latin = r.chance(0.01) ? r.pick(V.LATIN_NAMES) : undefined;
      const p = latin ? { last: latin[0], first: latin[1], middle: null, sex: "М" as const, fio: `${latin[0]} ${latin[1]}` } : personName(r);
      const born = Date.UTC(r.int(1940, 2023), r.int(0, 11), r.int(1, 28));
      patient = {
        id: id("PATIENT"),
        fio: p.fio,
        birthDate: new Date(born).toISOString().slice(0, 10),
        sex: p.sex,
        email: r.chance(0.5) ? `patient${r.digits(6)}@example.ru` : null,
        phone: r.chance(0.7) ? `+79${r.digits(9)}` : null,
      };
      patients.push(patient);
      // Cards as a MIS has them: nearly all complete, a few without SNILS, without a policy, or without either.
      const gap = r.next();
      const hasSnils = !(gap < 0.03 || (gap >= 0.05 && gap < 0.06));
      const hasPolicy = !(gap >= 0.03 && gap < 0.06);
      yield {
        table: "PATIENT",
        row: {
          ID: patient.id, LAST_NAME: p.last, FIRST_NAME: p.first, MIDDLE_NAME: p.middle, BIRTH_DATE: patient.birthDate, SEX: patient.sex,
          SNILS: hasSnils ? snils(r) : null, POLICY_NUM: hasPolicy ? enp(r) : null, EMAIL: patient.email, PHONE: patient.phone,
          POLICY_SERIES: null, POLICY_KIND: hasPolicy ? 3 : null, POLICY_FROM: hasPolicy ? `${r.int(2012, 2024)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}` : null,
          INSURER_CODE: hasPolicy ? r.pick(V.INSURERS) : null,
          MAILING_CONSENT: consentOf(patient.id),
        },
      };
    } else {
      patient = r.pick(patients);
    }

    const panels = choosePanels(r);
    const naprId = id("DOC_NAPR_ANALYSIS");
    const cito = r.chance(0.1) ? 1 : 0;
    const toOther = r.chance(0.2);
    // The last two days' referrals are still in the lab: no result yet.
    const done = r.chance(0.9) && daysBack >= 2;
    const diagnosis = r.pick(V.DIAGNOSES);
    const doctor = r.pick(doctors);
    const lpuTo = toOther ? r.pick(V.OTHER_MO)[1] : OWN_LPU_ID;
    yield {
      table: "DOC_NAPR_ANALYSIS",
      row: {
        ID: naprId, NUM: `Н-${day.getUTCFullYear()}-${pad(naprId, 6)}`, DOC_DATE: wallDate(created), CREATED_AT: new Date(created),
        PATIENT_ID: patient.id, PATIENT_FIO: patient.fio, BIRTH_DATE: patient.birthDate, SEX: patient.sex, DOCTOR_FIO: doctor,
        DEPARTMENT: r.pick(V.DEPARTMENTS), LPU_FROM_ID: OWN_LPU_ID, LPU_TO_ID: lpuTo,
        WAY_RUN_ID: toOther ? 2 : 1, CITO: cito, STATUS: done ? 2 : 1, DIAGNOSIS_MKB: diagnosis[0],
        COMMENT_TEXT: r.chance(0.2) ? r.pick(["Повторное исследование", "Контроль после лечения", "Профилактический осмотр", "Со слов пациента: принимает метформин"]) : null,
        DOCTOR_ID: doctorIds.get(doctor) ?? null, CASE_NUM: `ТАП-${day.getUTCFullYear()}-${pad(naprId, 6)}`, CASE_TYPE: 2,
        FINANCE_CODE: r.chance(0.85) ? 1 : 3, PREGNANCY_WEEKS: patient.sex === "Ж" && r.chance(0.05) ? r.int(6, 38) : null,
      },
    };
    for (const panel of panels) {
      const tabId = id("DOCTAB_NAPR_ANALYSIS");
      yield { table: "DOCTAB_NAPR_ANALYSIS", row: { ID: tabId, NAPR_ID: naprId, ANALYSIS_ID: panel.id, BIOMATERIAL_TYPE_ID: panel.biomaterial, STATUS: done ? 2 : 1 } };
      if (panel.id === 102) {
        for (const p of panel.parameters) if (r.chance(0.6)) yield { table: "DOCTAB_NAPR_ANALYSIS_PAR", row: { ID: id("DOCTAB_NAPR_ANALYSIS_PAR"), NAPR_TAB_ID: tabId, PAR_ID: p.id } };
      }
      yield {
        table: "DOCTAB_NAPR_ANALYSIS_USLUGI",
        row: { ID: id("DOCTAB_NAPR_ANALYSIS_USLUGI"), NAPR_ID: naprId, USLUGA_CODE: panel.usluga, USLUGA_NAME: panel.name, QUANTITY: 1, PRICE: panel.price },
      };
      if (panel.neonatal) {
        yield {
          table: "DOCTAB_NAPR_NEONAT_SCREEN",
          row: { ID: id("DOCTAB_NAPR_NEONAT_SCREEN"), NAPR_ID: naprId, BIRTH_WEIGHT_G: r.int(2400, 4300), GESTATION_WEEKS: r.int(36, 41), FEEDING: r.pick(["грудное", "смешанное", "искусственное"]), SAMPLE_TAKEN_AT: new Date(created + 3 * DAY) },
        };
      }
      if (panel.id === 102) {
        yield { table: "REG_NAPR_ANALYSIS_QUESTIONS_ANS", row: { ID: id("REG_NAPR_ANALYSIS_QUESTIONS_ANS"), NAPR_ID: naprId, QUESTION_ID: 1, ANSWER: r.chance(0.85) ? "ДА" : "НЕТ" } };
      }
    }
    if (cito) yield { table: "REG_NAPR_MARKS", row: { ID: id("REG_NAPR_MARKS"), NAPR_ID: naprId, MARK_CODE: "CITO", MARK_TEXT: V.MARKS[0][1], MARKED_AT: new Date(created), AUTHOR_FIO: doctor } };
    if (r.chance(0.03)) {
      const mark = r.pick(V.MARKS.slice(1));
      yield { table: "REG_NAPR_MARKS", row: { ID: id("REG_NAPR_MARKS"), NAPR_ID: naprId, MARK_CODE: mark[0], MARK_TEXT: mark[1], MARKED_AT: new Date(created + 2 * 3600_000), AUTHOR_FIO: r.pick(nurses) } };
    }

    // One specimen (tube) per kind of biomaterial, each with its barcode.
    const specimens = new Map<number, { id: number; barcode: string }>();
    for (const panel of panels) {
      if (specimens.has(panel.biomaterial)) continue;
      const bioId = id("REG_BIOMATERIAL");
      const barcode = ean13(`46${pad(bioId % 10_000_000_000, 10)}`);
      specimens.set(panel.biomaterial, { id: bioId, barcode });
      const taken = created + r.int(10, 120) * 60_000;
      yield {
        table: "REG_BIOMATERIAL",
        row: { ID: bioId, BARCODE: barcode, BIOMATERIAL_TYPE_ID: panel.biomaterial, TAKEN_AT: new Date(taken), RECEIVED_AT: new Date(taken + r.int(20, 240) * 60_000), TAKEN_BY_FIO: r.pick(nurses), STATUS: 1 },
      };
      yield { table: "REG_BIOMATERIAL_NAPRS", row: { BIOMATERIAL_ID: bioId, NAPR_ID: naprId } };
      yield { table: "REG_NAPR_SHTRIH", row: { ID: id("REG_NAPR_SHTRIH"), NAPR_ID: naprId, BARCODE: barcode } };
    }

    // Referrals to a lab reached through ОДЛИ are queued for the LIS job: done ones were sent and closed long ago.
    if (V.ODLI_LABS[lpuTo]) {
      yield {
        table: "REG_ODLI_NAPR_SEND",
        row: {
          NAPR_ID: naprId, STATUS: done ? 4 : 0, ATTEMPTS: done ? 1 : 0, QUEUED_AT: new Date(created), SENT_AT: done ? new Date(created + 600_000) : null, LAST_ERROR: null,
          ORDER_ID: done ? guid(r) : null, ORDER_STATUS: done ? "completed" : null, STATUS_AT: done ? new Date(created + 86_400_000) : null,
        },
      };
    }
    if (!done) continue;

    const resultAt = created + r.int(4, 48) * 3600_000;
    const labDoctor = r.pick(doctors);
    const plain = panels.filter((p) => !p.bacteriology);
    let docId: number | undefined;
    if (plain.length > 0) {
      docId = id("DOC_ANALYSIS");
      const abnormal: string[] = [];
      const params: DemoRow[] = [];
      for (const panel of plain) {
        yield { table: "DOCTAB_ANALYSIS_NOM", row: { ID: id("DOCTAB_ANALYSIS_NOM"), ANALYSIS_DOC_ID: docId, ANALYSIS_ID: panel.id, DONE_AT: new Date(resultAt) } };
        for (const p of panel.parameters) {
          const value = parameterValue(r, p);
          if (value.flag !== "N") abnormal.push(p.name);
          params.push({
            table: "DOCTAB_ANALYSIS_PARAMS",
            row: {
              ID: id("DOCTAB_ANALYSIS_PARAMS"), ANALYSIS_DOC_ID: docId, PAR_ID: p.id, VALUE_NUM: value.num, VALUE_TEXT: value.text, UNIT_ID: p.unit,
              NORM_LOW: p.low === null ? null : p.low.toFixed(4), NORM_HIGH: p.high === null ? null : p.high.toFixed(4),
              NORM_TEXT: p.low !== null && p.high !== null ? `${p.low}–${p.high}` : p.texts?.[0] ?? null, FLAG: value.flag,
            },
          });
        }
        yield { table: "DOCTAB_ANALYSIS_USLUGI", row: { ID: id("DOCTAB_ANALYSIS_USLUGI"), ANALYSIS_DOC_ID: docId, USLUGA_CODE: panel.usluga, QUANTITY: 1 } };
      }
      // The result document before its lines (they refer to it).
      yield {
        table: "DOC_ANALYSIS",
        row: {
          ID: docId, NAPR_ID: naprId, NUM: `Р-${pad(docId, 7)}`, RESULT_AT: new Date(resultAt), LAB_LPU_ID: toOther ? null : OWN_LPU_ID, DOCTOR_FIO: labDoctor,
          CONCLUSION: abnormal.length === 0 ? "Показатели в пределах референсных значений." : `Отклонения от референсных значений: ${abnormal.slice(0, 4).join(", ")}.`,
          STATUS: 2,
        },
      };
      yield* params;
      if (r.chance(0.3)) yield { table: "DOCTAB_ANALYSIS_DIAGNOSIS", row: { ID: id("DOCTAB_ANALYSIS_DIAGNOSIS"), ANALYSIS_DOC_ID: docId, MKB: diagnosis[0], NAME: diagnosis[1] } };
      if (r.chance(0.2)) {
        const panel = plain[0]!;
        const snapshot = JSON.stringify({ analysis: panel.code, parameters: panel.parameters.map((p) => ({ code: p.code, name: p.name, low: p.low, high: p.high })) });
        yield { table: "DOCTAB_ANALYSIS_PAR_SNAPSHOTE", row: { ID: id("DOCTAB_ANALYSIS_PAR_SNAPSHOTE"), ANALYSIS_DOC_ID: docId, PAR_ID: panel.parameters[0]!.id, SNAPSHOT: snapshot } };
      }
      if (plain.some((p) => p.cytology)) {
        yield {
          table: "DOCTAB_ANALYSIS_CYTOLOG_BIOMAT",
          row: { ID: id("DOCTAB_ANALYSIS_CYTOLOG_BIOMAT"), ANALYSIS_DOC_ID: docId, BIOMATERIAL: "Мазок из цервикального канала", DESCRIPTION: "Клетки плоского эпителия поверхностного и промежуточного слоёв без особенностей." },
        };
      }
      if (r.chance(0.01)) {
        const bioId = id("DOCTAB_ANALYSIS_GISTOLOG_BIOMAT");
        const pieces = r.int(1, 4);
        yield { table: "DOCTAB_ANALYSIS_GISTOLOG_BIOMAT", row: { ID: bioId, ANALYSIS_DOC_ID: docId, BIOMATERIAL: "Биоптат слизистой желудка", MARKING: `Г-${pad(bioId, 5)}`, PIECES: pieces } };
        for (let b = 1; b <= pieces; b++) {
          yield { table: "DOCTAB_ANALYSIS_GISTOL_BLOCK", row: { ID: id("DOCTAB_ANALYSIS_GISTOL_BLOCK"), BIOMAT_ID: bioId, BLOCK_NUM: `${pad(bioId, 5)}-${b}`, DESCRIPTION: "Хронический неатрофический гастрит, слабая активность." } };
        }
      }
    }

    for (const panel of panels.filter((p) => p.bacteriology)) {
      const bakId = id("DOC_ANALYSIS_BAK");
      const growth = r.chance(0.55);
      const organisms = growth ? (r.chance(0.2) ? 2 : 1) : 0;
      const chosen = Array.from({ length: organisms }, () => r.pick(V.ORGANISMS));
      yield {
        table: "DOC_ANALYSIS_BAK",
        row: {
          ID: bakId, NAPR_ID: naprId, BIOMATERIAL_ID: specimens.get(panel.biomaterial)?.id ?? null, NUM: `Б-${pad(bakId, 6)}`, RESULT_AT: new Date(resultAt + 2 * DAY),
          GROWTH: growth ? "Рост 10^5 КОЕ/мл" : "Роста микрофлоры не выявлено", DOCTOR_FIO: labDoctor, STATUS: 2,
          CONCLUSION: growth ? `Выделено: ${chosen.map((o) => o[2]).join(", ")}. Определена чувствительность к антибиотикам.` : "Бактериурия не выявлена.",
        },
      };
      for (const organism of chosen) {
        const orgId = id("DOCTAB_ANALYSIS_BAK_ORG");
        yield { table: "DOCTAB_ANALYSIS_BAK_ORG", row: { ID: orgId, BAK_ID: bakId, ORGANISM_ID: organism[0], TITER: "10^5", CFU: String(10 ** r.int(4, 6)) } };
        for (const antibiotic of V.ANTIBIOTICS) {
          if (!r.chance(0.6)) continue;
          const s = r.pick(V.SENSITIVITY);
          yield {
            table: "DOCTAB_ANALYSIS_BAK_AN",
            row: { ID: id("DOCTAB_ANALYSIS_BAK_AN"), BAK_ORG_ID: orgId, ANTIBIOTIC_ID: antibiotic[0], CHUST_ID: s[0], MIC: (2 ** r.int(-3, 5)).toFixed(3), ZONE_MM: s[1] === "R" ? r.int(6, 13) : r.int(16, 30) },
          };
        }
      }
    }

    if (docId !== undefined && (patient.email || patient.phone) && r.chance(0.4)) {
      const email = patient.email !== null && (patient.phone === null || r.chance(0.5));
      const sent = r.chance(0.7);
      yield {
        table: "REG_MAILING",
        row: {
          ID: id("REG_MAILING"), PATIENT_ID: patient.id, ANALYSIS_DOC_ID: docId, CHANNEL: email ? "email" : "sms", ADDRESS: (email ? patient.email : patient.phone)!,
          SUBJECT: email ? "Результаты лабораторных исследований" : null,
          BODY: email ? "Здравствуйте! Результаты ваших анализов готовы и приложены к письму." : "Результаты анализов готовы. Ваша поликлиника.",
          STATUS: sent ? 1 : 0, ATTEMPTS: sent ? 1 : 0, CREATED_AT: new Date(resultAt), SENT_AT: sent ? new Date(resultAt + 900_000) : null, LAST_ERROR: null,
        },
      };
    }
    if (docId !== undefined && r.chance(0.1)) {
      const pdfId = id("REG_ANALYSIS_PDF");
      const pdf = demoPdf(r, docId);
      const uploaded = r.chance(0.6);
      yield {
        table: "REG_ANALYSIS_PDF",
        row: {
          ID: pdfId, ANALYSIS_DOC_ID: docId, NAPR_ID: naprId, DIRECTION: "out", FILE_NAME: `result_${docId}.pdf`, PDF: pdf,
          PDF_SHA256: new Bun.CryptoHasher("sha256").update(pdf).digest("hex"), STATUS: uploaded ? 1 : 0, CREATED_AT: new Date(resultAt), DONE_AT: uploaded ? new Date(resultAt + 3600_000) : null,
          COD_MO: V.OTHER_MO[docId % V.OTHER_MO.length]![2],
        },
      };
      if (uploaded || r.chance(0.5)) {
        yield { table: "REG_ANALYSIS_PDF_SIGN", row: { ID: id("REG_ANALYSIS_PDF_SIGN"), PDF_ID: pdfId, SIGNER_ROLE: "doctor", SIGNER_FIO: labDoctor, SIGNATURE: bytes(r, 512), SIGNED_AT: new Date(resultAt + 1800_000) } };
      }
    }
  }
}

function* referenceRows(): Generator<DemoRow> {
  for (const [ID, CODE, NAME] of V.LAB_TYPES) yield { table: "REF_LAB_TYPE", row: { ID, CODE, NAME } };
  for (const [ID, CODE, NAME] of V.WAYS_TO_RUN) yield { table: "REF_WAY_RUN_LABANALYSIS", row: { ID, CODE, NAME } };
  for (const [ID, CODE, NAME] of V.ANALYSIS_TYPES) yield { table: "REF_ANALYSIS_TYPE", row: { ID, CODE, NAME } };
  for (const [ID, CODE, NAME, TUBE_COLOR] of V.BIOMATERIAL_TYPES) yield { table: "REF_TYPES_BIOMATERIAL", row: { ID, CODE, NAME, TUBE_COLOR } };
  for (const [ID, CODE, NAME] of V.UNITS) yield { table: "REF_ANALISES_ED", row: { ID, CODE, NAME } };
  for (const p of V.PANELS) {
    yield {
      table: "REF_ANALYSIS",
      row: {
        ID: p.id, CODE: p.code, NAME: p.name, SHORT_NAME: p.shortName, LAB_TYPE_ID: p.labType, ANALYSIS_TYPE_ID: p.analysisType,
        BIOMATERIAL_TYPE_ID: p.biomaterial, WAY_RUN_ID: 1, PRICE: p.price, DURATION_DAYS: p.bacteriology ? 5 : 1, IS_ACTIVE: 1,
      },
    };
  }
  for (const p of V.PANELS) {
    for (const par of p.parameters) {
      yield {
        table: "REF_ANALYSIS_PAR",
        row: {
          ID: par.id, CODE: par.code, NAME: par.name, UNIT_ID: par.unit, NORM_LOW: par.low === null ? null : par.low.toFixed(4), NORM_HIGH: par.high === null ? null : par.high.toFixed(4),
          NORM_TEXT: par.texts?.[0] ?? null, LOINC: par.loinc, IS_NUMERIC: par.texts ? 0 : 1,
        },
      };
    }
  }
  for (const p of V.PANELS) for (const [i, par] of p.parameters.entries()) yield { table: "REG_ANALYSIS_SOSTAV", row: { ANALYSIS_ID: p.id, PAR_ID: par.id, SORT_ORDER: i + 1 } };
  for (const [ID, PAR_ID, QUESTION, ANSWER_TYPE] of V.NORM_QUESTIONS) yield { table: "REF_NORMS_QUESTIONS", row: { ID, PAR_ID, QUESTION, ANSWER_TYPE } };
  for (const [ID, CODE, NAME] of V.FLRD) yield { table: "REF_FLRD", row: { ID, CODE, NAME } };
  for (const [i, p] of V.PANELS.slice(0, 3).entries()) for (const par of p.parameters) yield { table: "REG_FLRD_ANALYSIS_PAR", row: { FLRD_ID: i + 1, PAR_ID: par.id } };
  for (const [ID, CODE, NAME_LAT, NAME] of V.ORGANISMS) yield { table: "REF_LAB_OGRANIZM", row: { ID, CODE, NAME_LAT, NAME } };
  for (const [ID, CODE, NAME, GROUP_NAME] of V.ANTIBIOTICS) yield { table: "REF_LAB_ANTIBIOTIK", row: { ID, CODE, NAME, GROUP_NAME } };
  for (const [ID, CODE, NAME] of V.SENSITIVITY) yield { table: "REF_LAB_ANTIBIOTIK_CHUST", row: { ID, CODE, NAME } };
  for (const [ID, LPU_ID, LPU_CODE, LPU_NAME, OGRN] of V.OTHER_MO) {
    yield { table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", row: { ID, LPU_ID, LPU_CODE, LPU_NAME, OGRN, IS_ACTIVE: 1, ODLI_GUID: V.ODLI_LABS[LPU_ID] ?? null } };
  }
}

/** The registers filled once with the reference data: what other МО accept, the ОДЛИ code map. */
function* registerRows(now: number, id: (table: string) => number): Generator<DemoRow> {
  for (const [index, mo] of V.OTHER_MO.entries()) {
    for (const p of V.PANELS.slice(0, 4 - (index % 2))) {
      yield { table: "REG_EXCHANGE_ANALYSIS", row: { ID: id("REG_EXCHANGE_ANALYSIS"), LPU_ID: mo[1], ANALYSIS_CODE: p.code, ANALYSIS_NAME: p.name, BIOMATERIAL: V.BIOMATERIAL_TYPES.find((b) => b[0] === p.biomaterial)![2], UPDATED_AT: new Date(now) } };
    }
  }
  // The ОДЛИ code map of the demo's analyses; the neonatal screening is left unmapped on purpose (agent odli map unmapped).
  const map = (dictionary: string, version: string, local: string, odli: string | null, name: string) =>
    odli === null ? [] : [{ table: "REG_ODLI_CODE_MAP", row: { ID: id("REG_ODLI_CODE_MAP"), DICTIONARY: dictionary, DICT_VERSION: version, LOCAL_CODE: local, ODLI_CODE: odli, ODLI_NAME: name } }];
  const d = DEMO_ODLI_DICTIONARIES;
  for (const p of V.PANELS) {
    yield* map(d.services, "124", p.code, p.odliService, p.name);
    for (const par of p.parameters) yield* map(d.tests, "3.37", par.code, par.fsli, par.name);
  }
  for (const [, code, name, odli] of V.UNITS) yield* map(d.units, "2.4", code, odli, name);
  for (const [, code, name, , odli] of V.BIOMATERIAL_TYPES) yield* map(d.specimens, "2.12", code, odli, name);
}

/**
 * A patient's consent to results by e-mail and SMS (PATIENT.MAILING_CONSENT):
 * half agreed to documents too, four in ten to notices only, one in ten to
 * nothing. Taken from the id, not the random stream, so the rest of the demo
 * data stays what it was before the column existed.
 */
function consentOf(patientId: number): number {
  return [2, 1, 2, 0, 1, 2, 1, 2, 2, 1][patientId % 10]!;
}

function personName(r: SeededRandom, sex: "М" | "Ж" = r.chance(0.55) ? "Ж" : "М") {
  const surname = r.pick(V.MALE_SURNAMES);
  const patronymic = r.pick(V.PATRONYMIC_ROOTS);
  const last = sex === "Ж" ? V.feminine(surname) : surname;
  const first = r.pick(sex === "Ж" ? V.FEMALE_NAMES : V.MALE_NAMES);
  const middle = sex === "Ж" ? patronymic[1] : patronymic[0];
  return { last, first, middle, sex, fio: `${last} ${first} ${middle}` };
}

function choosePanels(r: SeededRandom): V.PanelSpec[] {
  const weights = [0.6, 0.4, 0.35, 0.15, 0.04, 0.02];
  const chosen = V.PANELS.filter((_, i) => r.chance(weights[i]!));
  return chosen.length > 0 ? chosen : [V.PANELS[0]!];
}

function parameterValue(r: SeededRandom, p: V.ParameterSpec): { num: string | null; text: string | null; flag: string } {
  if (p.texts) {
    const text = r.chance(0.85) ? p.texts[0]! : r.pick(p.texts);
    return { num: null, text, flag: text === p.texts[0] ? "N" : "A" };
  }
  if (p.code === "GROWTH") return { num: null, text: null, flag: "N" };
  const low = p.low ?? 0;
  const high = p.high ?? low * 2 + 1;
  const mean = (low + high) / 2;
  const value = Math.max(0, r.normal(mean, (high - low) / 3));
  const num = value.toFixed(p.decimals);
  const flag = Number(num) < low ? "L" : Number(num) > high ? "H" : "N";
  return { num: value.toFixed(4), text: null, flag };
}

/** An EAN-13 barcode from 12 digits: the check digit appended. */
export function ean13(twelve: string): string {
  const digits = twelve.slice(0, 12).padStart(12, "0");
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

function bytes(r: SeededRandom, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = r.int(0, 255);
  return out;
}

/** A small, well-formed-looking PDF; its content is made up, its size realistic (4–12 KB). */
function demoPdf(r: SeededRandom, docId: number): Uint8Array {
  const head = new TextEncoder().encode(`%PDF-1.4\n% demo result ${docId}\n1 0 obj << /Type /Catalog >> endobj\n`);
  const body = bytes(r, r.int(4096, 12288));
  const tail = new TextEncoder().encode("\n%%EOF\n");
  const out = new Uint8Array(head.length + body.length + tail.length);
  out.set(head);
  out.set(body, head.length);
  out.set(tail, head.length + body.length);
  return out;
}

/** A SNILS with its check digits, as the card spells it. */
function snils(r: SeededRandom): string {
  const nine = String(r.int(2_000_000, 999_999_999)).padStart(9, "0");
  return formatSnils(`${nine}${snilsCheck(nine)}`);
}

/** A unified OMS policy number (ЕНП): 16 digits, the last a check digit. */
function enp(r: SeededRandom): string {
  const payload = `46${r.digits(13)}`;
  return `${payload}${luhnDigit(payload)}`;
}

/** A random GUID (an id another system gave), from the demo's generator. */
function guid(r: SeededRandom): string {
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[r.int(0, 15)]).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[r.int(0, 3)]}${hex(3)}-${hex(12)}`;
}
