import type { ExchangeQueries } from "../../task-queries.ts";

/** Analyses other МО accept (request of data for analysis exchange), Firebird: REG_EXCHANGE_ANALYSIS. */
export const exchangeQueries: ExchangeQueries = {
  clear: "DELETE FROM REG_EXCHANGE_ANALYSIS WHERE LPU_ID = ?",
  insert: `INSERT INTO REG_EXCHANGE_ANALYSIS (ID, LPU_ID, ANALYSIS_CODE, ANALYSIS_NAME, BIOMATERIAL, UPDATED_AT)
    VALUES (NEXT VALUE FOR GEN_REG_EXCHANGE_ANALYSIS_ID, ?, ?, ?, ?, CAST(? AS VARCHAR(24)))`,
  list: "SELECT ANALYSIS_CODE, ANALYSIS_NAME, BIOMATERIAL FROM REG_EXCHANGE_ANALYSIS WHERE LPU_ID = ? ORDER BY ANALYSIS_CODE",
};
