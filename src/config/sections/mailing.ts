import { settingTexts as D } from "../../messages/areas/settings.ts";
import { intSetting, stringSetting } from "../setting.ts";

/**
 * [mailing]: what the texts to patients say about the clinic, the same for
 * e-mail and SMS. The texts say that a result is ready and how to get it,
 * never values or diagnoses. The rest is how the mailing job retries, and
 * whether it queues results itself.
 */
export const mailingSettings = {
  clinic_name: stringSetting("", { doc: D.mailingClinicName }),
  results_url: stringSetting("", { doc: D.mailingResultsUrl }),
  clinic_phone: stringSetting("", { doc: D.mailingClinicPhone }),
  max_attempts: intSetting(10, 1, 100, { doc: D.mailingMaxAttempts }),
  retry_pause_minutes: intSetting(5, 1, 720, { doc: D.mailingRetryPauseMinutes }),
  enqueue_results_hours: intSetting(0, 0, 720, { doc: D.mailingEnqueueResultsHours }),
};
