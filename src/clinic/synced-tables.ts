/**
 * The 37 MIS tables whose changes TSynchronizeAnalysisThread pushes to the
 * ЦОД, in the manual's order (docs: domain.md). Change capture installs a
 * trigger on each of these that the database has; their columns are
 * discovered from the catalog, never assumed.
 */
export const SYNCED_TABLES = [
  // referrals
  "DOC_NAPR_ANALYSIS",
  "DOCTAB_NAPR_ANALYSIS",
  "DOCTAB_NAPR_ANALYSIS_PAR",
  "DOCTAB_NAPR_ANALYSIS_USLUGI",
  "DOCTAB_NAPR_NEONAT_SCREEN",
  "REG_NAPR_MARKS",
  "REG_NAPR_SHTRIH",
  "REG_NAPR_ANALYSIS_QUESTIONS_ANS",
  // results
  "DOC_ANALYSIS",
  "DOCTAB_ANALYSIS_NOM",
  "DOCTAB_ANALYSIS_PARAMS",
  "DOCTAB_ANALYSIS_CYTOLOG_BIOMAT",
  "DOCTAB_ANALYSIS_DIAGNOSIS",
  "DOCTAB_ANALYSIS_GISTOLOG_BIOMAT",
  "DOCTAB_ANALYSIS_GISTOL_BLOCK",
  "DOCTAB_ANALYSIS_PAR_SNAPSHOTE",
  "DOCTAB_ANALYSIS_USLUGI",
  // specimens
  "REG_BIOMATERIAL",
  "REG_BIOMATERIAL_NAPRS",
  // bacteriology
  "DOC_ANALYSIS_BAK",
  "DOCTAB_ANALYSIS_BAK_AN",
  "DOCTAB_ANALYSIS_BAK_ORG",
  // reference data
  "REG_LPU_FOR_RECEIVE_NAPR_ANAL",
  "REF_WAY_RUN_LABANALYSIS",
  "REF_LAB_TYPE",
  "REF_LAB_OGRANIZM",
  "REF_LAB_ANTIBIOTIK",
  "REF_LAB_ANTIBIOTIK_CHUST",
  "REF_ANALYSIS",
  "REG_ANALYSIS_SOSTAV",
  "REF_NORMS_QUESTIONS",
  "REF_ANALYSIS_PAR",
  "REF_ANALYSIS_TYPE",
  "REG_FLRD_ANALYSIS_PAR",
  "REF_FLRD",
  "REF_ANALISES_ED",
  "REF_TYPES_BIOMATERIAL",
] as const;

export type SyncedTable = (typeof SYNCED_TABLES)[number];

export const isSyncedTable = (name: string): name is SyncedTable => (SYNCED_TABLES as readonly string[]).includes(name);
