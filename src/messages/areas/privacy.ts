import { defineTexts, text } from "../text.ts";

/** What stands in place of patient data cut out of a remote text. */
export const privacyTexts = defineTexts("privacy", {
  nameHidden: text("[ФИО скрыто]", "[name hidden]"),
  dateHidden: text("[дата скрыта]", "[date hidden]"),
  addressHidden: text("[адрес скрыт]", "[address hidden]"),
});
