import type { ExchangeQueries } from "../../task-queries.ts";

/** Analyses other МО accept (request of data for analysis exchange), SQLite: REG_EXCHANGE_ANALYSIS. */
export const exchangeQueries: ExchangeQueries = {
  clear: "DELETE FROM REG_EXCHANGE_ANALYSIS WHERE LPU_ID = ?",
  insert: "INSERT INTO REG_EXCHANGE_ANALYSIS (LPU_ID, ANALYSIS_CODE, ANALYSIS_NAME, BIOMATERIAL, UPDATED_AT) VALUES (?, ?, ?, ?, ?)",
  list: "SELECT ANALYSIS_CODE, ANALYSIS_NAME, BIOMATERIAL FROM REG_EXCHANGE_ANALYSIS WHERE LPU_ID = ? ORDER BY ANALYSIS_CODE",
  executors: "SELECT LPU_ID, LPU_CODE, IS_ACTIVE FROM REG_LPU_FOR_RECEIVE_NAPR_ANAL ORDER BY LPU_ID",
  registered: "SELECT DISTINCT LPU_ID FROM REG_EXCHANGE_ANALYSIS ORDER BY LPU_ID",
};
