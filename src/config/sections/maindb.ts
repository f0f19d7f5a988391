import { settingTexts as D } from "../../messages/areas/settings.ts";
import { enumSetting, intSetting, stringSetting } from "../setting.ts";

/** [maindb]: the clinic's main database (the MIS tables). */
export const maindbSettings = {
  engine: enumSetting(["sqlite", "firebird"], "sqlite", { doc: D.maindbEngine, restart: true }),
  path: stringSetting("", { doc: D.maindbPath, restart: true }),
  host: stringSetting("127.0.0.1", { doc: D.maindbHost, restart: true }),
  port: intSetting(3050, 1, 65535, { doc: D.maindbPort, restart: true }),
  database: stringSetting("", { doc: D.maindbDatabase, restart: true }),
  user: stringSetting("SYSDBA", { doc: D.maindbUser, restart: true }),
  password: stringSetting("", { doc: D.maindbPassword, secret: true, restart: true }),
  charset: enumSetting(["auto", "UTF8", "WIN1251", "NONE"], "auto", { doc: D.maindbCharset, restart: true }),
  codepage: enumSetting(["WIN1251", "CP866", "KOI8-R"], "WIN1251", { doc: D.maindbCodepage, restart: true }),
  pool_size: intSetting(4, 1, 32, { doc: D.maindbPoolSize, restart: true }),
  connect_timeout_seconds: intSetting(15, 1, 600, { doc: D.maindbConnectTimeout, restart: true }),
  query_timeout_seconds: intSetting(120, 1, 86400, { doc: D.maindbQueryTimeout, restart: true }),
  lock_timeout_seconds: intSetting(30, 1, 3600, { doc: D.maindbLockTimeout, restart: true }),
  lease_seconds: intSetting(90, 15, 3600, { doc: D.maindbLeaseSeconds, restart: true }),
};
