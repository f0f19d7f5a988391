import { settingTexts as D } from "../../messages/areas/settings.ts";
import { stringSetting } from "../setting.ts";

/**
 * [mailing]: what the texts to patients say about the clinic, the same for
 * e-mail and SMS. The texts say that a result is ready and how to get it,
 * never values or diagnoses.
 */
export const mailingSettings = {
  clinic_name: stringSetting("", { doc: D.mailingClinicName }),
  results_url: stringSetting("", { doc: D.mailingResultsUrl }),
  clinic_phone: stringSetting("", { doc: D.mailingClinicPhone }),
};
