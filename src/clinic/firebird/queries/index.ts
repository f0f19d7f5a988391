import type { TaskQueries } from "../../task-queries.ts";
import { exchangeQueries } from "./exchange.ts";
import { mailingQueries } from "./mailing.ts";
import { odliQueries } from "./odli.ts";
import { pdfQueries } from "./pdf.ts";

/** The tasks' named queries in Firebird's dialect, one module per task. */
export const firebirdTaskQueries: TaskQueries = {
  mailing: mailingQueries,
  pdf: pdfQueries,
  exchange: exchangeQueries,
  odli: odliQueries,
};
