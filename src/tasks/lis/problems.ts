import { odliTexts as T } from "../../messages/areas/odli.ts";
import { say } from "../../messages/text.ts";
import type { OdliCodeKind } from "../../clinic/port.ts";
import type { MappingProblem } from "../../odli/mapping.ts";

const KIND = { services: T.kindServices, tests: T.kindTests, units: T.kindUnits, specimens: T.kindSpecimens } as const satisfies Record<OdliCodeKind, unknown>;
const FIELD = { lastName: T.fieldLastName, firstName: T.fieldFirstName, middleName: T.fieldMiddleName } as const;

/** One problem as a phrase of the log line: what is wrong and what to do. Ids and codes only, no patient data. */
export function problemText(p: MappingProblem): string {
  const whose = (w: "patient" | "doctor") => say(w === "patient" ? T.whosePatient : T.whoseDoctor);
  switch (p.kind) {
    case "noPatientIdentity":
      return say(T.problemNoPatientIdentity);
    case "policyRequired":
      return say(T.problemPolicyRequired, { finance: p.financeCode });
    case "badSnils":
      return say(T.problemBadSnils, { whose: whose(p.whose) });
    case "badPolicy":
      return say(T.problemBadPolicy, { kind: p.policyKind === null ? say(T.policyKindUnknown) : String(p.policyKind) });
    case "noName":
      return say(T.problemNoName, { whose: whose(p.whose) });
    case "latinName":
      return say(T.problemLatinName, { whose: whose(p.whose) });
    case "mixedScript":
      return say(T.problemMixedScript, { whose: whose(p.whose), field: say(FIELD[p.field]) });
    case "noBirthDate":
      return say(T.problemNoBirthDate);
    case "noLab":
      return say(T.problemNoLab);
    case "noAnalyses":
      return say(T.problemNoAnalyses);
    case "noSpecimen":
      return say(T.problemNoSpecimen, { code: p.analysisCode });
    case "unmapped":
      return say(T.problemUnmapped, { kind: say(KIND[p.codeKind]), code: p.localCode, dictionary: p.dictionary });
    case "noVersion":
      return say(T.problemNoVersion, { dictionary: p.dictionary });
    case "unmappedResult":
      return say(T.problemUnmappedResult, { kind: say(KIND[p.codeKind]), code: p.odliCode, dictionary: p.dictionary });
    case "unknownLocalCode":
      return say(T.problemUnknownLocalCode, { kind: say(KIND[p.codeKind]), code: p.localCode });
  }
}

/** Every problem of a referral or a result, in one sentence. */
export function problemsText(problems: readonly MappingProblem[]): string {
  return problems.map(problemText).join("; ");
}
