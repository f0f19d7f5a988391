import { settingTexts as D } from "../../messages/areas/settings.ts";
import { enumSetting, intSetting, stringSetting } from "../setting.ts";

/**
 * [sign]: signatures of PDF results (src/sign/, README «Подписи»). Every
 * setting is live: the PDF task builds its signer and verifier from the
 * current config at each run.
 */
export const signSettings = {
  engine: enumSetting(["external", "builtin"], "external", { doc: D.signEngine }),
  sign_command: stringSetting("", { doc: D.signSignCommand }),
  verify_command: stringSetting("", { doc: D.signVerifyCommand }),
  cert_file: stringSetting("", { doc: D.signCertFile }),
  key_file: stringSetting("", { doc: D.signKeyFile }),
  key_password: stringSetting("", { doc: D.signKeyPassword, secret: true }),
  trusted_roots_file: stringSetting("", { doc: D.signTrustedRootsFile }),
  crl_file: stringSetting("", { doc: D.signCrlFile }),
  timeout_seconds: intSetting(60, 1, 3600, { doc: D.signTimeoutSeconds }),
  max_pdf_mb: intSetting(20, 1, 2048, { doc: D.signMaxPdfMb }),
};
