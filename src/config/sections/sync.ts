import { settingTexts as D } from "../../messages/areas/settings.ts";
import { intSetting, tableListSetting } from "../setting.ts";

/** [sync]: what the job «Синхронизация анализов» sends and receives, and in what portions. */
export const syncSettings = {
  tables: tableListSetting({ doc: D.syncTables }),
  batch_rows: intSetting(2000, 1, 10_000, { doc: D.syncBatchRows }),
  page_items: intSetting(500, 1, 1000, { doc: D.syncPageItems }),
  reject_attempts: intSetting(3, 1, 10, { doc: D.syncRejectAttempts }),
};
